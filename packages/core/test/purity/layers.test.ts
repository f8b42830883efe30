// The engine's strata (ARCHITECTURE.md): each layer imports only from itself and the layers below,
// so the wire format knows nothing of crypto, crypto nothing of records, records nothing of the
// client states. Computed from the sources' import statements.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const src = fileURLToPath(new URL('../../src/', import.meta.url));

/** Bottom to top. A path matches the first entry it starts with. */
const LAYERS: readonly (readonly string[])[] = [
  ['msgs/alert.ts', 'msgs/enums.ts'], // codepoints
  ['errors.ts', 'limits.ts'],
  ['codec/'], // byte helpers, reader, writer
  ['msgs/'], // handshake messages and extensions
  ['crypto/'], // provider interface, DER/SPKI, RSA, the noble provider
  ['tls13/'], // key schedule, transcript
  ['record/'], // deframing and protection
  ['client/', 'api.ts'], // handshake states, TlsClient
  ['index.ts', 'der.ts'], // entry points
];

function layerOf(path: string): number {
  const i = LAYERS.findIndex((prefixes) => prefixes.some((p) => path === p || (p.endsWith('/') && path.startsWith(p))));
  if (i < 0) throw new Error(`${path} is in no layer`);
  return i;
}

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => (statSync(join(dir, n)).isDirectory() ? files(join(dir, n)) : n.endsWith('.ts') ? [join(dir, n)] : []));
}

describe('the engine is layered', () => {
  const sources = files(src);

  it('every source file belongs to a layer', () => {
    for (const f of sources) expect(() => layerOf(relative(src, f))).not.toThrow();
  });

  it('no import runs up the layers', () => {
    const upward: string[] = [];
    let seen = 0;
    for (const file of sources) {
      const from = relative(src, file);
      for (const m of readFileSync(file, 'utf8').matchAll(/^(?:import|export)[^'"]*from\s+'(\.[^']+)'/gm)) {
        const to = relative(src, normalize(join(dirname(file), m[1]!.replace(/\.js$/, '.ts'))));
        seen++;
        if (layerOf(to) > layerOf(from)) upward.push(`${from} -> ${to}`);
      }
    }
    expect(seen).toBeGreaterThan(100); // the import scan found the imports
    expect(upward).toEqual([]);
  });
});

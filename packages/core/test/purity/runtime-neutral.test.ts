// The engine and the verifier must run in browsers and Workers: no node: imports, no Buffer, no
// timers, no global clock or randomness in their sources. Only crypto/defaults.ts may reach the
// global clock and randomness (it is what the configuration falls back to).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

function sources(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const FORBIDDEN: [RegExp, string][] = [
  [/from\s+['"]node:|require\(\s*['"]node:|import\(\s*['"]node:/, 'node: import'],
  [/\bBuffer\b/, 'Buffer'],
  [/\b(setTimeout|setInterval|setImmediate|queueMicrotask)\s*\(/, 'timer'],
  [/\bprocess\./, 'process'],
  [/\bDate\.now\s*\(|new Date\s*\(\s*\)/, 'global clock'],
  [/\bMath\.random\s*\(/, 'Math.random'],
  [/\bgetRandomValues\b|\brandomUUID\b/, 'global randomness'],
];

/** Strips comments so doc examples may mention what code may not use. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');
}

// The engine always; the verifier once its package has sources.
const DIRS = ['packages/core/src', 'packages/x509/src'].filter((d) => d === 'packages/core/src' || sources(join(repo, d)).length > 0);

describe.each(DIRS)('%s is runtime-neutral', (dir) => {
  const files = sources(join(repo, dir));

  it('has sources to scan', () => {
    expect(files.length).toBeGreaterThan(0);
  });

  it('uses no Node API, Buffer, timer, global clock or global randomness', () => {
    const hits: string[] = [];
    for (const file of files) {
      const rel = relative(repo, file);
      const allowGlobals = rel === 'packages/core/src/crypto/defaults.ts';
      for (const [re, what] of FORBIDDEN) {
        if (allowGlobals && (what === 'global clock' || what === 'global randomness')) continue;
        if (re.test(code(readFileSync(file, 'utf8')))) hits.push(`${rel}: ${what}`);
      }
    }
    expect(hits).toEqual([]);
  });

  it('keeps no module-level mutable binding (state belongs to a provider, a connection or a cache object)', () => {
    const hits = files.filter((f) => /^(export\s+)?(let|var)\s/m.test(code(readFileSync(f, 'utf8')))).map((f) => relative(repo, f));
    expect(hits).toEqual([]);
  });
});

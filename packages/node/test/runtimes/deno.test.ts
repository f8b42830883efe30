// The packed @puretls/core and @puretls/x509 under Deno (pinned by scripts/runtimes.mjs), over
// `Deno.connect`: see suite.ts for the cases and deno_client.ts for the client. Deno resolves
// `@puretls/*` from the packed project's package.json and node_modules (no --sloppy-imports, no
// remote modules, no prompt) and gets only the network access to the one server and read access to
// the one root file.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packedProject } from '../shipping/packed.js';
import { runtimeSuite } from './suite.js';

runtimeSuite('deno', ({ client, port, root, serverName }) => ({
  args: ['run', '--no-prompt', '--no-remote', `--allow-net=127.0.0.1:${port}`, `--allow-read=${root}`, client, String(port), root, serverName],
  env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
}));

/** The .js files under `dir`, recursively. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?js$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

describe('deno: no Node compatibility needed', () => {
  it('the installed engine, verifier and noble libraries import no node: module and call no require()', async () => {
    const { dir } = await packedProject();
    const roots = ['@puretls/core/dist', '@puretls/x509/dist', '@noble/hashes', '@noble/curves', '@noble/ciphers'].map((p) => join(dir, 'node_modules', p));
    const files = roots.flatMap(jsFiles);
    expect(files.length).toBeGreaterThan(20);
    const offending = files.filter((f) => /\bfrom\s*['"]node:|\bimport\s*\(\s*['"]node:|\brequire\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  }, 180_000);
});

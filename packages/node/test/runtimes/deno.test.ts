// The packed @puretls/core and @puretls/x509 under Deno (pinned by scripts/runtimes.mjs), over
// `Deno.connect`: see suite.ts for the cases and deno_client.ts for the client; and the packed
// @puretls/web's `connectOverStreams` over `Deno.connect()`'s streams (deno_streams_client.ts). Deno resolves
// `@puretls/*` from the packed project's package.json and node_modules (no --sloppy-imports, no
// remote modules, no prompt) and gets only the network access to the one server and read access to
// the one root file.
import { copyFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { startOpenSsl, type OpenSslServer } from '../helpers/openssl.js';
import { packedProject } from '../shipping/packed.js';
import { goodRoot, prepare, runClient } from './harness.js';
import { runtimeSuite } from './suite.js';

runtimeSuite('deno', ({ client, port, root, serverName, extra }) => ({
  args: ['run', '--no-prompt', '--no-remote', `--allow-net=127.0.0.1:${port}`, `--allow-read=${root}`, client, String(port), root, serverName, ...extra],
  env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' },
}));

/** The .js files under `dir`, recursively. */
function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && /\.[cm]?js$/.test(e.name))
    .map((e) => join(e.parentPath, e.name));
}

/** `entries` and every file they import by a relative path (static or dynamic), transitively. */
function reachableFiles(code: (file: string) => string, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const m of code(file).matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"](\.{1,2}\/[^'"]+)['"]/g)) visit(join(dirname(file), m[1]!));
  };
  for (const e of entries) visit(e);
  return [...seen];
}

describe('deno: no Node compatibility needed', () => {
  it('the installed engine, verifier and noble libraries import no node: module and call no require()', async () => {
    const { dir } = await packedProject();
    const roots = ['@puretls/core/dist', '@puretls/x509/dist', '@noble/hashes', '@noble/curves', '@noble/ciphers'].map((p) => join(dir, 'node_modules', p));
    // ML-KEM is core's own now: the packed install no longer pulls in @noble/post-quantum.
    expect(existsSync(join(dir, 'node_modules', '@noble/post-quantum'))).toBe(false);
    const files = roots.flatMap(jsFiles);
    expect(files.length).toBeGreaterThan(20);
    const offending = files.filter((f) => /\bfrom\s*['"]node:|\bimport\s*\(\s*['"]node:|\brequire\s*\(/.test(readFileSync(f, 'utf8')));
    expect(offending).toEqual([]);
  }, 180_000);
});

describe('deno: @puretls/web connectOverStreams over Deno.connect()', () => {
  let server: OpenSslServer | undefined;
  let dir = '';
  afterAll(async () => {
    await server?.stop();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  it('the installed @puretls/web (its entry point, not the Node-only relay) imports no node: module', async () => {
    const { dir: project, tarballs } = await packedProject();
    expect(tarballs.map((t) => t.name)).toContain('@puretls/web');
    const dist = join(project, 'node_modules/@puretls/web/dist');
    // Comments are left out: the doc examples show Node usage (`Duplex.toWeb` from 'node:stream').
    const code = (f: string) => readFileSync(f, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    // The bundles the browser entry points load: they and the chunks they import, transitively
    // (a chunk shared with the relay would be among them).
    const files = reachableFiles(code, [join(dist, 'index.js'), join(dist, 'certificate_compression.js')]);
    expect(files.map((f) => f.slice(dist.length + 1))).toEqual(expect.arrayContaining(['index.js', 'certificate_compression.js']));
    const offending = files.filter((f) => /\bfrom\s*['"]node:|\bimport\s*\(\s*['"]node:|\brequire\s*\(/.test(code(f)));
    expect(offending).toEqual([]);
  }, 180_000);

  it('completes a verified TLS 1.3 handshake with s_server and reads its answer through connectOverStreams', async () => {
    const prepared = await prepare('deno');
    dir = prepared.dir;
    const client = 'deno_streams_client.ts';
    copyFileSync(fileURLToPath(new URL(client, import.meta.url)), join(dir, client));
    server = await startOpenSsl(['-www'], 'rsa');
    const root = goodRoot('rsa');
    const args = ['run', '--no-prompt', '--no-remote', `--allow-net=127.0.0.1:${server.port}`, `--allow-read=${root}`, client, String(server.port), root, 'localhost'];
    const got = await runClient(prepared.binary, args, dir, { ...process.env, DENO_NO_UPDATE_CHECK: '1' });
    const context = `${got.stdout}\n${got.stderr}\nserver:\n${server.output()}`;
    const result = got.result as typeof got.result & { web: string; transport: string; closed: boolean };
    expect(result.error, context).toBeUndefined();
    expect(result, context).toMatchObject({ runtime: 'deno', transport: 'connectOverStreams', ok: true, protocol: 'TLSv1.3', verified: true, closed: true });
    expect(result.engine, context).toBe(`file://${prepared.project}/node_modules/@puretls/core/dist/index.js`);
    expect(result.web, context).toBe(`file://${prepared.project}/node_modules/@puretls/web/dist/index.js`);
    expect(result.cipherSuite, context).toMatch(/^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/);
    expect(result.answerStartsWith, context).toMatch(/^HTTP\/1\.0 200 ok\r\n/);
    expect(got.status, context).toBe(0);
  }, 10 * 60_000);
});

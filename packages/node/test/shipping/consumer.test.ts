// The packages as npm users get them (issue 9): the three tarballs packed by scripts/pack.mjs and
// installed with plain npm into a scratch project outside the workspace. Checks what is in each
// tarball and manifest, then (a) imports @puretls/node with plain `node` and completes a verified
// handshake against a local node:tls server, (b) type-checks consumers with strict settings
// (`exactOptionalPropertyTypes`, `erasableSyntaxOnly`, no `types: ["node"]` and no DOM for core and
// x509, `skipLibCheck` off so our .d.ts files are checked too), (c) runs the installed `puretls` bin.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixture, tlsServer, type Running } from '../helpers/node_servers.js';
import { packedProject, REPO_ROOT, type PackedProject } from './packed.js';

const T = 120_000; // packing and installing on first use; nothing here asserts a duration
const caFile = join(REPO_ROOT, 'fixtures/pki/good/p256/root.pem');
const tsc = join(REPO_ROOT, 'node_modules/typescript/bin/tsc');

let project: PackedProject;
let work: string;
beforeAll(async () => {
  project = await packedProject();
  work = mkdtempSync(join(project.dir, 'consumer-'));
  for (const t of project.tarballs) console.log(`tarball ${t.name}: ${(t.bytes / 1024).toFixed(1)} KiB (${t.file.split('/').pop()})`);
}, 10 * 60_000);

/** The files in a tarball, without the leading `package/`. */
function entries(file: string): string[] {
  return execFileSync('tar', ['tzf', file], { encoding: 'utf8' }).split('\n').filter((l) => l !== '').map((l) => l.replace(/^package\//, ''));
}

/** The packed manifest of a tarball. */
function manifest(file: string): Record<string, unknown> {
  return JSON.parse(execFileSync('tar', ['xzf', file, '-O', 'package/package.json'], { encoding: 'utf8' })) as Record<string, unknown>;
}

/** Runs `node` (or another command) in the scratch project; stdout, or the failure with its stderr. */
function run(cmd: string, args: readonly string[], cwd = work): Promise<{ status: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(cmd, [...args], { cwd, encoding: 'utf8', timeout: 60_000 }, (err, stdout, stderr) => {
      const code = err === null ? 0 : typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1;
      resolve({ status: code, stdout, stderr });
    });
  });
}

describe('the tarballs', () => {
  it('hold the compiled package, its README and LICENSE, and no tests, benches, fixtures or tsconfig', () => {
    expect(project.tarballs.map((t) => t.name)).toEqual(expect.arrayContaining(['@puretls/core', '@puretls/x509', '@puretls/node']));
    for (const t of project.tarballs) {
      const files = entries(t.file);
      expect(files, t.name).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'dist/index.js', 'dist/index.d.ts', 'dist/index.d.ts.map']));
      const stray = files.filter((f) => /^(test|tests|bench|fixtures|limbo|example|bin|demo)\//.test(f) || /tsconfig/.test(f) || /\.test\./.test(f));
      expect(stray, t.name).toEqual([]);
    }
  }, T);

  it('have manifests with real version ranges, types and default conditions, and no tsx at run time', () => {
    for (const t of project.tarballs) {
      const m = manifest(t.file);
      const text = JSON.stringify(m);
      expect(text, t.name).not.toContain('workspace:');
      expect(text, t.name).not.toContain('./src/');
      expect(m.version, t.name).toMatch(/^0\./); // pre-1.0
      expect(m.sideEffects, t.name).toBe(false);
      expect(m.engines, t.name).toHaveProperty('node');
      expect(m.repository, t.name).toHaveProperty('url');
      const exportsMap = m.exports as Record<string, unknown>;
      expect(exportsMap['.'], t.name).toEqual({ types: './dist/index.d.ts', default: './dist/index.js' });
      expect(Object.keys((m.dependencies ?? {}) as object), t.name).not.toContain('tsx');
      for (const [dep, range] of Object.entries((m.dependencies ?? {}) as Record<string, string>)) {
        if (dep.startsWith('@puretls/')) expect(range, `${t.name} → ${dep}`).toMatch(/^\^0\.\d+\.\d+$/);
      }
    }
    const node = manifest(project.tarballs.find((t) => t.name === '@puretls/node')!.file);
    expect(node.bin).toEqual({ puretls: './dist/cli/bin.js' });
    const core = manifest(project.tarballs.find((t) => t.name === '@puretls/core')!.file);
    expect(Object.keys(core.exports as object)).toEqual(['.', './der', './crypto', './package.json']);
    // The optional browser certificate decompressor ships as its own entry, with fflate as @puretls/web's dependency only.
    const web = manifest(project.tarballs.find((t) => t.name === '@puretls/web')!.file);
    expect((web.exports as Record<string, unknown>)['./certificate-compression']).toEqual({ types: './dist/certificate_compression.d.ts', default: './dist/certificate_compression.js' });
    expect((web.dependencies as Record<string, string>).fflate).toMatch(/^\d+\.\d+\.\d+$/);
    for (const name of ['@puretls/core', '@puretls/x509', '@puretls/node']) {
      expect(Object.keys((manifest(project.tarballs.find((t) => t.name === name)!.file).dependencies ?? {}) as object), name).not.toContain('fflate');
    }
  }, T);
});

describe('(a) plain node', () => {
  let server: Running;
  beforeAll(async () => {
    server = await tlsServer((s) => {
      s.once('data', (d) => s.end(`pong:${d.toString()}`));
    });
  });
  afterAll(() => server.close());

  it('imports @puretls/node and completes a verified handshake with a local server', async () => {
    writeFileSync(join(work, 'handshake.mjs'), `
import { readFileSync } from 'node:fs';
import { connect } from '@puretls/node';
const [port, caFile] = process.argv.slice(2);
const socket = await connect({ host: 'localhost', port: Number(port), ca: readFileSync(caFile, 'utf8') });
socket.end('ping');
let data = '';
for await (const chunk of socket) data += chunk;
console.log(JSON.stringify({ authorized: socket.authorized, protocol: socket.getProtocol(), cipher: socket.getCipher()?.name, data }));
`);
    const r = await run(process.execPath, ['handshake.mjs', String(server.port), caFile]);
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toMatchObject({ authorized: true, protocol: 'TLSv1.3', data: 'pong:ping' });
  }, T);

  it('refuses the chain when the trust anchor is wrong', async () => {
    const wrongCa = join(REPO_ROOT, 'fixtures/pki/good/rsa/root.pem');
    const r = await run(process.execPath, ['handshake.mjs', String(server.port), wrongCa]);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/CertificateError|certificate/i);
  }, T);

  it('loads with require() too (Node ≥ 20.19 requires ES modules)', async () => {
    const r = await run(process.execPath, ['-e', "const c = require('@puretls/core'); const x = require('@puretls/x509'); console.log(typeof c.TlsClient, typeof x.WebPkiVerifier)"]);
    expect(r.stdout.trim()).toBe('function function');
  }, T);

  it('has the Public Suffix List inside @puretls/x509 (tldts is bundled, not a dependency)', async () => {
    const r = await run(process.execPath, ['--input-type=module', '-e', "const x = await import('@puretls/x509'); console.log(['co.uk', 'example.co.uk', 'github.io', 'com'].map((n) => x.isPublicSuffix(n)).join(' '))"]);
    expect(r.stdout.trim()).toBe('true false true true');
    const manifest = JSON.parse(readFileSync(join(project.dir, 'node_modules/@puretls/x509/package.json'), 'utf8')) as { dependencies?: Record<string, string> };
    expect(Object.keys(manifest.dependencies ?? {})).not.toContain('tldts');
  }, T);
});

describe('(b) a strict consumer type-checks', () => {
  const strict = {
    target: 'ES2022', module: 'NodeNext', moduleResolution: 'NodeNext', strict: true,
    exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, erasableSyntaxOnly: true,
    verbatimModuleSyntax: true, noImplicitOverride: true, skipLibCheck: false, noEmit: true,
  };

  it('core and x509 with neither Node types nor the DOM library', async () => {
    writeFileSync(join(work, 'engine.ts'), `
import { TlsClient, TlsError, type ClientConfig, type Status } from '@puretls/core';
import { DerReader } from '@puretls/core/der';
import { nobleProvider, X25519 } from '@puretls/core/crypto';
import { TrustStore, WebPkiVerifier, X509Error } from '@puretls/x509';
declare const roots: TrustStore;
const config: ClientConfig = { serverName: 'example.com', verifier: new WebPkiVerifier({ roots }), crypto: nobleProvider, groups: [X25519.id] };
const client = new TlsClient(config);
const status: Status = client.handshake();
const out: Uint8Array = client.takeOutgoing();
export const seen = [status, out.length, DerReader.name, TlsError.name, X509Error.name];
`);
    writeFileSync(join(work, 'tsconfig.engine.json'), JSON.stringify({ compilerOptions: { ...strict, lib: ['ES2022'], types: [] }, files: ['engine.ts'] }));
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.engine.json']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, T);

  it('node with Node types', async () => {
    writeFileSync(join(work, 'driver.ts'), `
import { connect, httpsConnection, type TlsSocket } from '@puretls/node';
export async function get(host: string): Promise<string> {
  const socket: TlsSocket = await connect({ host, port: 443, ALPNProtocols: ['http/1.1'], timeout: 10_000 });
  socket.end(\`GET / HTTP/1.1\\r\\nHost: \${host}\\r\\nConnection: close\\r\\n\\r\\n\`);
  let text = '';
  for await (const chunk of socket) text += String(chunk);
  return text;
}
export const agentOption = httpsConnection();
`);
    writeFileSync(join(work, 'tsconfig.driver.json'), JSON.stringify({ compilerOptions: { ...strict, lib: ['ES2022'], types: ['node'] }, files: ['driver.ts'] }));
    const r = await run(process.execPath, [tsc, '-p', 'tsconfig.driver.json']);
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  }, T);
});

describe('a bundler', () => {
  it('bundles core and x509 from the installed packages for the browser, with no Node built-in', async () => {
    const { build } = await import('esbuild');
    writeFileSync(join(work, 'browser.mjs'), `
import { TlsClient } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
export const make = (pem) => new TlsClient({ serverName: 'example.com', verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(pem) }) });
`);
    const result = await build({ entryPoints: [join(work, 'browser.mjs')], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, absWorkingDir: work, logLevel: 'silent', metafile: true });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('node_modules/@puretls/core/dist/'))).toBe(true);
    expect(inputs.filter((i) => i.includes('/src/') && i.includes('@puretls'))).toEqual([]);
    console.log(`bundle of the installed core + x509: ${(result.outputFiles[0]!.contents.length / 1024).toFixed(1)} KiB minified`);
  }, T);

  it('bundles @puretls/web/certificate-compression (and fflate) from the installed packages for the browser', async () => {
    const { build } = await import('esbuild');
    writeFileSync(join(work, 'browser-compression.mjs'), `
import { TlsClient } from '@puretls/core';
import { fflateZlibDecompressor } from '@puretls/web/certificate-compression';
export const make = (verifier) => new TlsClient({ serverName: 'example.com', verifier, certificateDecompressors: [fflateZlibDecompressor] });
`);
    const result = await build({ entryPoints: [join(work, 'browser-compression.mjs')], bundle: true, platform: 'browser', format: 'esm', minify: true, write: false, absWorkingDir: work, logLevel: 'silent', metafile: true });
    expect(result.errors).toEqual([]);
    const inputs = Object.keys(result.metafile.inputs);
    expect(inputs.some((i) => i.includes('node_modules/@puretls/web/dist/certificate_compression.js'))).toBe(true);
    expect(inputs.some((i) => i.includes('node_modules/fflate/'))).toBe(true);
    // The main entry alone does not pull fflate in.
    writeFileSync(join(work, 'browser-web.mjs'), "export { connectOverWebSocket } from '@puretls/web';\n");
    const plain = await build({ entryPoints: [join(work, 'browser-web.mjs')], bundle: true, platform: 'browser', format: 'esm', write: false, absWorkingDir: work, logLevel: 'silent', metafile: true });
    expect(Object.keys(plain.metafile.inputs).filter((i) => i.includes('fflate'))).toEqual([]);
  }, T);
});

describe('(c) the installed puretls bin', () => {
  let https: ReturnType<typeof createServer>;
  let port = 0;
  beforeAll(async () => {
    https = createServer({ key: fixture('p256', 'leaf.key'), cert: fixture('p256', 'chain.pem'), minVersion: 'TLSv1.3' }, (req, res) => {
      res.setHeader('content-type', 'text/plain');
      res.end(`hello from ${req.method} ${req.url}\n`);
    });
    await new Promise<void>((r) => https.listen(0, '127.0.0.1', r));
    port = (https.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => https.close(() => r())));

  const bin = () => join(project.dir, 'node_modules/.bin/puretls');

  it('puretls --version', async () => {
    const version = (createRequire(import.meta.url)(join(REPO_ROOT, 'packages/node/package.json')) as { version: string }).version;
    const r = await run(bin(), ['--version']);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`puretls ${version}`);
  }, T);

  it('puretls get, verified against the given root', async () => {
    const r = await run(bin(), ['get', `https://localhost:${port}/hi`, '--ca', caFile]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello from GET /hi\n');
  }, T);

  it('runs the compiled JavaScript, not TypeScript sources', () => {
    const target = readFileSync(bin(), 'utf8');
    expect(target.startsWith('#!/usr/bin/env node')).toBe(true);
    expect(target).not.toMatch(/from 'tsx|import\('tsx|register\(/); // no TypeScript loader
  });
});

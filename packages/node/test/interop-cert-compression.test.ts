// Certificate compression (RFC 8879) against a real server that compresses: BoringSSL (Debian's
// android-libboringssl, the TLS library of Chrome's RFC 8879 implementation) behind the small
// server in helpers/boringssl_compress_server.c, built here with the system's gcc, zlib and
// brotli. (Debian's gnutls-serv 3.7.9 is built without zlib, brotli and zstd, and the OpenSSL of
// Node 26 does not compress either, so neither can be the peer.) The server listens on 127.0.0.1
// only, says its port on stdout, prints each compression it performs, and is stopped by its PID.
// Each case proves compression from both ends: the server printed a compression, our trace shows a
// CompressedCertificate (and no Certificate), `info.certificateCompressionName` names the
// algorithm, and the chain verified (`authorized`) before the page came back.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { HandshakeType, type TraceEvent } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pki } from './helpers/openssl.js';
import { closeAfterEachTest, httpGet, open, T } from './helpers/openssl_client.js';
import { run } from './runtimes/harness.js';

closeAfterEachTest();

const SOURCE = fileURLToPath(new URL('./helpers/boringssl_compress_server.c', import.meta.url));

interface Server {
  readonly proc: ChildProcess;
  readonly port: number;
  /** The "compressed ALG IN OUT" lines printed so far. */
  readonly compressions: string[];
}

const servers = new Map<string, Server>();
let buildDir = '';

/** Compiles the server against BoringSSL; fails (never skips) with what is missing. */
async function build(): Promise<string> {
  const libDir = readdirSync('/usr/lib').map((d) => `/usr/lib/${d}/android`).find((d) => { try { return readdirSync(d).includes('libssl.so'); } catch { return false; } });
  if (libDir === undefined) throw new Error('no BoringSSL: apt-get install android-libboringssl-dev (and gcc, zlib1g-dev, libbrotli-dev)');
  buildDir = mkdtempSync(join(tmpdir(), 'puretls-boringssl-'));
  const binary = join(buildDir, 'boringssl_compress_server');
  const r = await run('gcc', ['-O1', '-Wall', '-o', binary, SOURCE, '-I/usr/include/android', `-L${libDir}`, `-Wl,-rpath,${libDir}`, '-lssl', '-lcrypto', '-lz', '-lbrotlienc']);
  if (r.status !== 0) throw new Error(`building the BoringSSL server failed (needs gcc, android-libboringssl-dev, zlib1g-dev, libbrotli-dev):\n${r.stderr}`);
  return binary;
}

/** Starts the server compressing with `algorithms` (its preference order) and waits for its port line. */
function start(binary: string, algorithms: readonly string[]): Promise<Server> {
  const proc = spawn(binary, [`${pki}good/rsa/chain.pem`, `${pki}good/rsa/leaf.key`, ...algorithms], { stdio: ['ignore', 'pipe', 'pipe'] });
  const compressions: string[] = [];
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the BoringSSL server exited (${code}) before listening:\n${stderr}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m !== null) resolve({ proc, port: Number(m[1]), compressions });
      else if (line.startsWith('compressed ')) compressions.push(line);
    });
  });
}

/** Why the servers did not start: each test fails with it (vitest would mark them skipped otherwise). */
let setupError: Error | undefined;

beforeAll(async () => {
  try {
    const binary = await build();
    for (const algorithms of [['zlib'], ['brotli'], ['brotli', 'zlib']]) servers.set(algorithms.join(','), await start(binary, algorithms));
  } catch (e) {
    setupError = e as Error;
  }
}, 120_000);

/** The running server compressing with `algorithms` (comma-separated, its preference order). */
function serverFor(algorithms: string): Server {
  if (setupError !== undefined) throw setupError;
  const s = servers.get(algorithms);
  if (s === undefined) throw new Error(`no server for ${algorithms}`);
  return s;
}

afterAll(async () => {
  await Promise.all([...servers.values()].map(async ({ proc }) => {
    if (proc.exitCode !== null || proc.pid === undefined) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    process.kill(proc.pid);
    await exited;
  }));
  if (buildDir !== '') rmSync(buildDir, { recursive: true, force: true });
});

/** The handshake messages of a connection, from its trace. */
function traced(): { trace: (e: TraceEvent) => void; received: number[]; offered: () => string | undefined } {
  const received: number[] = [];
  let offered: string | undefined;
  return {
    received,
    offered: () => offered,
    trace: (e) => {
      if (e.kind !== 'handshake') return;
      if (e.direction === 'in') received.push(e.type);
      else if (e.type === HandshakeType.client_hello) offered = e.fields.compress_certificate;
    },
  };
}

/** What came of one GET against `server`: the server's new compression lines, our view of the handshake. */
async function exchange(server: Server, extra: Parameters<typeof open>[2]) {
  const before = server.compressions.length;
  const t = traced();
  const s = await open(server.port, 'rsa', { ...extra, trace: t.trace });
  const page = await httpGet(s);
  return { s, page, t, serverCompressions: server.compressions.slice(before) };
}

describe.each(['node', 'noble'] as const)('crypto %s: a BoringSSL server that compresses its Certificate', (crypto) => {
  for (const [algorithms, expected] of [['zlib', 'zlib'], ['brotli', 'brotli']] as const) {
    it(`${algorithms}: the default offer (brotli, zlib) gets a ${expected} CompressedCertificate, decompressed and verified`, async () => {
      const { s, page, t, serverCompressions } = await exchange(serverFor(algorithms), { crypto });
      expect(t.offered()).toBe('brotli,zlib');
      expect(serverCompressions).toEqual([expect.stringMatching(new RegExp(`^compressed ${expected} \\d+ \\d+$`))]);
      expect(t.received.filter((m) => m === HandshakeType.compressed_certificate)).toHaveLength(1);
      expect(t.received).not.toContain(HandshakeType.certificate);
      expect(s.info).toMatchObject({ certificateCompression: expected === 'zlib' ? 1 : 2, certificateCompressionName: expected });
      expect(s.info!.peerCertificates).toHaveLength(2);
      expect(s.authorized).toBe(true);
      expect(page).toMatch(/^HTTP\/1\.0 200 OK\r\n[\s\S]*hello from boringssl\n$/);
    }, T);
  }

  it('certificateCompression: [\'zlib\'] against a server preferring brotli: zlib', async () => {
    const { s, t, serverCompressions } = await exchange(serverFor('brotli,zlib'), { crypto, certificateCompression: ['zlib'] });
    expect(t.offered()).toBe('zlib');
    expect(serverCompressions).toEqual([expect.stringMatching(/^compressed zlib /)]);
    expect(s.info?.certificateCompressionName).toBe('zlib');
    expect(s.authorized).toBe(true);
  }, T);

  it('certificateCompression: false: no extension, so a plain Certificate', async () => {
    const { s, page, t, serverCompressions } = await exchange(serverFor('brotli,zlib'), { crypto, certificateCompression: false });
    expect(t.offered()).toBeUndefined();
    expect(serverCompressions).toEqual([]);
    expect(t.received).toContain(HandshakeType.certificate);
    expect(t.received).not.toContain(HandshakeType.compressed_certificate);
    expect(s.info?.certificateCompression).toBeUndefined();
    expect(s.authorized).toBe(true);
    expect(page).toMatch(/hello from boringssl/);
  }, T);
});

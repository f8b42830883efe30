// Certificate compression (RFC 8879) against a real server that compresses: BoringSSL (Debian's
// android-libboringssl, the TLS library of Chrome's RFC 8879 implementation) behind the small
// server in helpers/boringssl_compress_server.c, built here with the system's gcc, zlib and
// brotli. (Debian's gnutls-serv 3.7.9 is built without zlib, brotli and zstd, and the OpenSSL of
// Node 26 does not compress either, so neither can be the peer.) The server listens on 127.0.0.1
// only, says its port on stdout, prints each compression it performs, and is stopped by its PID.
// Each case proves compression from both ends: the server printed a compression, our trace shows a
// CompressedCertificate (and no Certificate), `info.certificateCompressionName` names the
// algorithm, and the chain verified (`authorized`) before the page came back.
import { HandshakeType, type TraceEvent } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoringssl, startBoringssl, stopBoringssl, type BoringsslServer } from './helpers/boringssl.js';
import { pki } from './helpers/openssl.js';
import { closeAfterEachTest, httpGet, open, T } from './helpers/openssl_client.js';

closeAfterEachTest();

/** A running compression server; its "compressed ALG IN OUT" lines are its `lines`. */
type Server = BoringsslServer;

const servers = new Map<string, Server>();
let removeBuild: (() => void) | undefined;

/** Why the servers did not start: each test fails with it (vitest would mark them skipped otherwise). */
let setupError: Error | undefined;

beforeAll(async () => {
  try {
    const { binary, remove } = await buildBoringssl('boringssl_compress_server', ['-lz', '-lbrotlienc']);
    removeBuild = remove;
    for (const algorithms of [['zlib'], ['brotli'], ['brotli', 'zlib']]) servers.set(algorithms.join(','), await startBoringssl(binary, [`${pki}good/rsa/chain.pem`, `${pki}good/rsa/leaf.key`, ...algorithms]));
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
  await stopBoringssl(servers.values());
  removeBuild?.();
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
  const before = server.lines.length;
  const t = traced();
  const s = await open(server.port, 'rsa', { ...extra, trace: t.trace });
  const page = await httpGet(s);
  return { s, page, t, serverCompressions: server.lines.slice(before).filter((l) => l.startsWith('compressed ')) };
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

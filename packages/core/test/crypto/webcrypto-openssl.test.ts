// The WebCrypto provider on Node's globalThis.crypto.subtle against a real `openssl s_server`
// (no -www: it prints what it receives after its session summary, and sends what it is given
// on stdin): a handshake for each
// AES-GCM suite, then bulk both ways through the asynchronous lane (records several at a time in
// flight), the bytes compared on both sides; and ChaCha20-Poly1305, whose records stay synchronous
// (the X25519 secret and the server's ECDSA CertificateVerify are WebCrypto's either way).
import { afterEach, describe, expect, it } from 'vitest';
import { createWebCryptoProvider, NamedGroup, TlsClient } from '../../src/index.js';
import { startOpenSsl, type RunningServer } from '../helpers/openssl_server.js';
import { connectTcp, tcpDriver } from '../helpers/tcp_driver.js';

/** Digits and newlines only: s_server reads lines starting with some letters as commands. */
const digits = (n: number, salt: number) => Uint8Array.from({ length: n }, (_, i) => (i % 61 === 60 ? 10 : 48 + ((i * 7 + salt) % 10)));


let server: RunningServer | undefined;
afterEach(() => server?.stop());

async function bulk(suite: string, size: number) {
  server = await startOpenSsl(['-tls1_3', '-ciphersuites', suite]);
  const client = new TlsClient({ serverName: 'localhost', dangerouslySkipCertificateVerification: true, crypto: createWebCryptoProvider(globalThis.crypto.subtle) });
  const sock = await connectTcp(server.port);
  const { drive, asyncWaits } = tcpDriver(sock, client);
  await drive(() => client.handshake());
  expect(client.info?.cipherSuiteName).toBe(suite);
  // Upload: everything we write is printed by s_server.
  const up = digits(size, 1);
  for (let at = 0; at < up.length; ) {
    const r = await drive(() => client.write(up.subarray(at)));
    if (r.status === 'ok') at += r.written;
  }
  const srv = server;
  const upText = Buffer.from(up).toString('latin1');
  await expect.poll(() => srv.output().endsWith(upText), { timeout: 20_000, interval: 50 }).toBe(true);
  // Download: s_server sends what it reads on stdin.
  const down = digits(size, 2);
  srv.proc.stdin!.write(down);
  const got: Uint8Array[] = [];
  let received = 0;
  while (received < size) {
    const r = await drive(() => client.read());
    if (r.status !== 'ok') throw new Error(`read ended with ${r.status}`);
    got.push(r.data);
    received += r.data.length;
  }
  expect(Buffer.concat(got).equals(Buffer.from(down))).toBe(true);
  await drive(() => client.shutdown());
  sock.end();
  return { asyncWaits: asyncWaits() };
}

describe('WebCrypto provider against openssl s_server', () => {
  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384'])('%s: handshake, 3 MiB up and 3 MiB down through crypto.subtle', async (suite) => {
    const { asyncWaits } = await bulk(suite, 3 * 1024 * 1024);
    expect(asyncWaits).toBeGreaterThan(100); // the records went through the asynchronous lane
  }, 60_000);

  it('P-256 ECDHE: the shared secret from subtle.deriveBits and the CertificateVerify from subtle.verify, each a want-async', async () => {
    server = await startOpenSsl(['-tls1_3', '-groups', 'P-256']);
    const client = new TlsClient({ serverName: 'localhost', dangerouslySkipCertificateVerification: true, crypto: createWebCryptoProvider(globalThis.crypto.subtle), groups: [NamedGroup.secp256r1], keyShareGroups: [NamedGroup.secp256r1] });
    const sock = await connectTcp(server.port);
    const { drive, asyncWaits } = tcpDriver(sock, client);
    await drive(() => client.handshake());
    expect(client.info?.groupName).toBe('secp256r1');
    expect(asyncWaits()).toBe(2);
    await drive(() => client.shutdown());
    sock.end();
  }, 60_000);

  it('TLS_CHACHA20_POLY1305_SHA256 (noble, synchronous): the same exchange, two want-async (the X25519 secret on subtle.deriveBits, the ECDSA CertificateVerify on subtle.verify), none for records', async () => {
    const { asyncWaits } = await bulk('TLS_CHACHA20_POLY1305_SHA256', 256 * 1024);
    expect(asyncWaits).toBe(2);
  }, 60_000);
});

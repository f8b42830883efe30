// TlsSocket (connect()) against real `openssl s_server -tls1_3` processes on loopback: every cipher
// suite, every group and a HelloRetryRequest, every fixture key type, small and padded records
// (checked on the wire by a record-sniffing TCP relay), a certificate chain over 16 KiB and a SHA-1
// chain. The session-level cases are in interop-openssl-session.test.ts. The suites, groups and
// certificate types run once with each crypto provider (node:crypto, the default, and noble).
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TlsSocket } from '../src/index.js';
import { goodFile, opensslTempDir, pemBlocks, pemToDer, pki, splitChain, type GoodAlg } from './helpers/openssl.js';
import { closeAfterEachTest, connectFails, httpGet, open, recordBytes, recordTap, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

/** The suites, groups and certificate types run with both providers (the rest with the default, node). */
const PROVIDERS = ['node', 'noble'] as const;

describe.each(PROVIDERS)('crypto %s: openssl s_server: cipher suites', (crypto) => {
  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])('%s: handshake and an HTTP round trip', async (suite) => {
    const srv = await server(['-www', '-ciphersuites', suite]);
    const s = await open(srv.port, 'p256', { crypto });
    expect(s.getProtocol()).toBe('TLSv1.3');
    expect(s.getCipher()?.name).toBe(suite);
    expect(s.info?.cipherSuiteName).toBe(suite);
    expect(s.authorized).toBe(true);
    const body = await httpGet(s);
    expect(body.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    expect(body).toContain(`Cipher is ${suite}`);
  }, T);
});

describe.each(PROVIDERS)('crypto %s: openssl s_server: key exchange groups', (crypto) => {
  it.each([
    ['X25519', 'x25519', 'x25519'],
    ['P-256', 'p256', 'secp256r1'],
    ['P-384', 'p384', 'secp384r1'],
  ])('server -groups %s, client groups [%s]', async (serverGroup, clientGroup, name) => {
    const srv = await server(['-www', '-groups', serverGroup]);
    const s = await open(srv.port, 'p256', { groups: [clientGroup], crypto });
    // GREASE ECH (RFC 9849 §6.2) is in every default ClientHello; OpenSSL 3.0 ignores it.
    expect(s.info).toMatchObject({ groupName: name, helloRetryRequest: false, ech: 'grease' });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);

  it('HelloRetryRequest: key share for x25519 only, the server insists on P-384', async () => {
    const srv = await server(['-www', '-groups', 'P-384']);
    const s = await open(srv.port, 'p256', { groups: ['x25519', 'p256', 'p384'], crypto });
    expect(s.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp384r1' });
    expect(s.getEphemeralKeyInfo()).toEqual({ type: 'ECDH', name: 'secp384r1', size: 384 });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

describe.each(PROVIDERS)('crypto %s: openssl s_server: server certificate types (3-level fixture chains)', (crypto) => {
  it.each([
    ['rsa', /^rsa_pss_rsae_sha(256|384|512)$/],
    ['rsa-pss', /^rsa_pss_pss_sha(256|384|512)$/],
    ['p256', /^ecdsa_secp256r1_sha256$/],
    ['p384', /^ecdsa_secp384r1_sha384$/],
    ['ed25519', /^ed25519$/],
  ] as Array<[GoodAlg, RegExp]>)('%s', async (alg, scheme) => {
    const srv = await server(['-www'], alg);
    const s = await open(srv.port, alg, { crypto });
    expect(s.authorized).toBe(true);
    expect(s.info?.signatureSchemeName).toMatch(scheme);
    const [leaf, intermediate] = [goodFile(alg, 'leaf.pem'), goodFile(alg, 'intermediate.pem')].map((p) => pemToDer(pemBlocks(p)[0]!));
    expect(s.info?.peerCertificates.map((c) => Buffer.from(c))).toEqual([leaf, intermediate]);
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

/** s_server -www's status page, complete: several KB from the status line to the closing tags. */
function expectWholeStatusPage(body: string): void {
  expect(body.length).toBeGreaterThan(4000);
  expect(body.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
  expect(body.endsWith('</BODY></HTML>\r\n\r\n')).toBe(true);
}

describe('openssl s_server: record sizes', () => {
  it('-max_send_frag 512: a status page of several KB in small records', async () => {
    const srv = await server(['-www', '-max_send_frag', '512']);
    const tap = await recordTap(srv.port);
    const s = await open(tap.port);
    const body = await httpGet(s);
    expectWholeStatusPage(body);
    // On the wire: no encrypted record over 512 bytes of content, and the page took many of them.
    const encrypted = tap.fromServer.filter((r) => r.type === 23);
    expect(Math.max(...encrypted.map((r) => r.length))).toBeLessThanOrEqual(recordBytes(512) - 5);
    expect(encrypted.length).toBeGreaterThan(body.length / 512);
  }, T);

  it('-record_padding 1024: every encrypted record padded, the page read completely', async () => {
    const srv = await server(['-www', '-record_padding', '1024']);
    const tap = await recordTap(srv.port);
    const s = await open(tap.port);
    const body = await httpGet(s);
    expectWholeStatusPage(body);
    // Inner plaintext (content + type + zeros) is a multiple of 1024: ciphertext = k * 1024 + tag.
    const encrypted = tap.fromServer.filter((r) => r.type === 23);
    expect(encrypted.length).toBeGreaterThan(3);
    expect(encrypted.map((r) => (r.length - 16) % 1024)).toEqual(encrypted.map(() => 0));
  }, T);
});

describe('openssl s_server: a certificate chain over 16 KiB', () => {
  const tmp = opensslTempDir();
  let bigLeaf = '';
  beforeAll(() => {
    // A p256 leaf (SAN localhost) carrying a 17,000-byte non-critical private extension, issued
    // by the fixture p256 intermediate.
    const g = `${pki}good/p256/`;
    const payload = 17_000;
    const ext = `0482${payload.toString(16).padStart(4, '0')}${'a5'.repeat(payload)}`;
    writeFileSync(join(tmp.dir, 'big.cnf'), [
      '[big]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:localhost,IP:127.0.0.1',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      `1.3.6.1.4.1.55555.2 = DER:${ext}`,
      '',
    ].join('\n'));
    const csr = join(tmp.dir, 'big.csr');
    bigLeaf = join(tmp.dir, 'big.pem');
    execFileSync('openssl', ['req', '-new', '-key', `${g}leaf.key`, '-subj', '/CN=localhost', '-out', csr], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', `${g}intermediate.pem`, '-CAkey', `${g}intermediate.key`, '-set_serial', '0x5e17', '-days', '30', '-sha256', '-extfile', join(tmp.dir, 'big.cnf'), '-extensions', 'big', '-out', bigLeaf], { stdio: 'pipe' });
  });
  afterAll(() => tmp.remove());

  it('the Certificate message spans several records and the chain verifies', async () => {
    const leafDer = pemToDer(readFileSync(bigLeaf, 'utf8'));
    const intermediateDer = pemToDer(goodFile('p256', 'intermediate.pem'));
    expect(leafDer.length + intermediateDer.length).toBeGreaterThan(16_384);
    const srv = await server(['-www'], { cert: bigLeaf, key: `${pki}good/p256/leaf.key`, chain: `${pki}good/p256/intermediate.pem` });
    const s = await open(srv.port);
    expect(s.authorized).toBe(true);
    expect(s.info?.peerCertificates.map((c) => Buffer.from(c))).toEqual([leafDer, intermediateDer]);
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

describe('openssl s_server: a SHA-1 signed chain', () => {
  const tmp = opensslTempDir();
  afterAll(() => tmp.remove());

  // OpenSSL 3.0 serves a chain only if the client's signature_algorithms_cert covers its
  // signatures (else handshake_failure: see cli.test.ts). Advertising rsa_pkcs1_sha1 for
  // certificates gets the chain sent; the verifier must still refuse SHA-1.
  it('is refused by the verifier (weak-algorithm, unsupported_certificate) even when advertised', async () => {
    const dir = `${pki}bad/sha1-signed/`;
    const files = splitChain(readFileSync(`${dir}chain.pem`, 'utf8'), `${dir}leaf.key`, tmp.dir, 'sha1');
    const srv = await server(['-www', '-cipher', 'DEFAULT:@SECLEVEL=0'], files);
    const err = await connectFails({
      host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: readFileSync(`${dir}root.pem`, 'utf8'), timeout: 15_000,
      engine: { signatureSchemesCert: [...DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme.rsa_pkcs1_sha1] },
    });
    expect(err).toMatchObject({ name: 'X509Error', category: 'certificate', reason: 'weak-algorithm', alertName: 'unsupported_certificate', code: 'CERT_REJECTED' });
    await srv.waitForOutput('alert unsupported certificate');
  }, T);
});


// Client certificates (mTLS, RFC 9846 §4.4.2) against real servers on loopback: openssl s_server
// with -Verify 1 -verify_return_error (every client key type, both crypto providers, PEM variants,
// a chain it does not trust, no certificate at all), post-handshake authentication triggered from
// s_server's stdin ('c'), and Node's tls server with requestCert (its getPeerCertificate() sees us).
import { readFileSync } from 'node:fs';
import { parseCertificateChain, parsePrivateKey } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { nodeCryptoProvider } from '../src/crypto/index.js';
import { connect, TlsSocket } from '../src/index.js';
import { clientPki, type ClientAlg } from './helpers/client_pki.js';
import { ca, tlsServer } from './helpers/node_servers.js';
import { goodFile } from './helpers/openssl.js';
import { closeAfterEachTest, httpGet, open, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

const ALGS = ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'] as const;
const PROVIDERS = ['node', 'noble'] as const;
/** The CertificateVerify scheme openssl reports for each client key type. */
const PEER_SIGNATURE: Record<(typeof ALGS)[number], RegExp> = {
  rsa: /Peer signature type: RSA-PSS/,
  'rsa-pss': /Peer signature type: RSA-PSS/,
  p256: /Peer signature type: ECDSA/,
  p384: /Peer signature type: ECDSA/,
  ed25519: /Peer signature type: Ed25519/i,
};

/** s_server demanding a client certificate from the CA of `alg`. */
const requiring = (alg: ClientAlg) => server(['-www', '-Verify', '1', '-verify_return_error', '-CAfile', `${clientPki(alg).dir}root.pem`]);

describe.each(PROVIDERS)('crypto %s: openssl s_server -Verify 1 -verify_return_error', (crypto) => {
  it.each(ALGS)('%s client key: accepted, and the server saw our certificate', async (alg) => {
    const pki = clientPki(alg);
    const srv = await requiring(alg);
    const s = await open(srv.port, 'p256', { crypto, key: pki.key, cert: pki.chain });
    expect(s.info?.certificateRequested).toBe(true);
    expect(s.info?.clientCertificates).toHaveLength(2);
    expect(s.getCertificate()).toMatchObject({ subject: { CN: `puretls client ${alg}` } });
    const page = await httpGet(s);
    expect(page).toMatch(/^HTTP\/1\.0 200 ok/);
    expect(srv.output()).not.toMatch(/verify error/);
    expect(page).toContain(`puretls client ${alg}`);
  }, T);
});

describe('openssl s_server: key formats and refusals', () => {
  it.each([
    ['encrypted PKCS#8 with passphrase', 'p256', (p: ReturnType<typeof clientPki>) => ({ key: p.encKey, passphrase: p.passphrase })],
    ['SEC 1 "EC PRIVATE KEY"', 'p256', (p: ReturnType<typeof clientPki>) => ({ key: readFileSync(`${p.dir}leaf.sec1.key`) })],
    ['PKCS#1 "RSA PRIVATE KEY"', 'rsa', (p: ReturnType<typeof clientPki>) => ({ key: readFileSync(`${p.dir}leaf.pkcs1.key`) })],
    ['key given as [{ pem, passphrase }]', 'rsa', (p: ReturnType<typeof clientPki>) => ({ key: [{ pem: p.encKey, passphrase: p.passphrase }] })],
  ] as const)('%s', async (_what, alg, keyOpts) => {
    const pki = clientPki(alg);
    const srv = await requiring(alg);
    const s = await open(srv.port, 'p256', { cert: Buffer.from(pki.chain), ...keyOpts(pki) });
    expect(await httpGet(s)).toContain(`puretls client ${alg}`);
  }, T);

  // TLS 1.3: our handshake is done when we send Finished; the server judges our certificate after
  // that, so its alert arrives on the first read (RFC 9846 §4.5.1.3, §6.2).
  it('a chain the server does not trust: the server refuses it (unknown_ca alert on the first read)', async () => {
    const srv = await requiring('p256');
    const other = clientPki('untrusted');
    const s = await open(srv.port, 'p256', { key: other.key, cert: other.chain });
    await expect(httpGet(s)).rejects.toThrow(/unknown_ca/);
  }, T);

  it('no certificate at all: the server ends it with certificate_required', async () => {
    const srv = await requiring('p256');
    const s = await open(srv.port, 'p256');
    expect(s.info?.certificateRequested).toBe(true);
    await expect(httpGet(s)).rejects.toThrow(/certificate_required/);
  }, T);

  it('wrong passphrase, key of another certificate, pfx: refused before any I/O with clear errors', () => {
    const p = clientPki('p256');
    const base = { host: '127.0.0.1', port: 9, ca: goodFile('p256', 'root.pem') };
    const fail = (o: object): Error & { code?: string } => {
      try {
        new TlsSocket({ ...base, ...o }).destroy();
      } catch (e) {
        return e as Error & { code?: string };
      }
      throw new Error('no error from the constructor');
    };
    const wrong = fail({ key: p.encKey, passphrase: 'not it', cert: p.chain });
    expect(wrong.message).toMatch(/passphrase/);
    expect(wrong.message).not.toContain('not it');
    expect(fail({ key: clientPki('p384').key, cert: p.chain }).code).toBe('ERR_PURETLS_KEY_MISMATCH');
    expect(fail({ pfx: Buffer.from('x') }).code).toBe('ERR_PURETLS_PFX_UNSUPPORTED');
    expect(fail({ key: p.key }).message).toMatch(/key given without cert/);
  });
});

describe('post-handshake authentication: openssl s_server -verify 1, "c" on its stdin', () => {
  it.each([
    ['a synchronous choice', false],
    ['an asynchronous choice and signer (want-async in the read loop)', true],
  ])('%s: no certificate in the handshake; the server asks after it; we answer; it verifies it', async (_what, async) => {
    const pki = clientPki('p256');
    const srv = await server(['-verify', '1', '-verify_return_error', '-CAfile', `${pki.dir}root.pem`]);
    const fixed = { chain: parseCertificateChain(pki.chain), key: parsePrivateKey(pki.key) };
    const requests: { postHandshake: boolean }[] = [];
    // -verify asks in the handshake too: we decline there, and answer the post-handshake request.
    const signer = nodeCryptoProvider.createSigner!(fixed.key, () => new Uint8Array(0));
    const remote = { chain: fixed.chain, signer: { schemes: signer.schemes, sign: async (scheme: number, m: Uint8Array) => { await new Promise((r) => setImmediate(r)); return signer.sign(scheme, m); } } };
    const choose = (r: { postHandshake: boolean }) => (r.postHandshake ? fixed : undefined);
    const s = await open(srv.port, 'p256', { enablePostHandshakeAuth: true, clientCertificate: async ? async (r) => (r.postHandshake ? remote : undefined) : choose });
    expect(s.info?.certificateRequested).toBe(true);
    expect(s.info?.clientCertificates).toEqual([]);
    s.on('certificateRequest', (r: { postHandshake: boolean }) => requests.push(r));
    const received: Buffer[] = [];
    s.on('data', (d: Buffer) => received.push(d));
    const from = srv.output().length;
    srv.send('c\n');
    // s_server sends the request with its next write, and reads our answer with our next record.
    await srv.waitForOutput('SSL_do_handshake', { from });
    srv.send('hello\n');
    await new Promise<void>((resolve) => s.once('data', () => resolve()));
    s.write('ping\n');
    await srv.waitForOutput('depth=0 CN = puretls client p256', { from });
    await srv.waitForOutput('ping', { from });
    expect(srv.output().slice(from)).not.toMatch(/verify error/);
    expect(requests).toEqual([expect.objectContaining({ postHandshake: true })]);
    expect(s.getCertificate()).toMatchObject({ subject: { CN: 'puretls client p256' } });
  }, T);
});

describe("Node's tls server with requestCert", () => {
  it.each(ALGS)("%s: getPeerCertificate() on the server side is our leaf", async (alg) => {
    const pki = clientPki(alg);
    const seen: string[] = [];
    const srv = await tlsServer((sock) => {
      seen.push(String(sock.getPeerCertificate().subject?.CN));
      sock.end(sock.authorized ? 'authorized' : `refused: ${sock.authorizationError}`);
    }, { requestCert: true, rejectUnauthorized: true, ca: pki.root });
    try {
      const s = await connect({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca, key: pki.key, cert: pki.chain, timeout: 15_000 });
      // The first record is the server's verdict (Node's server may close without close_notify after it).
      const verdict = await new Promise<string>((resolve) => s.once('data', (d: Buffer) => resolve(d.toString())));
      s.destroy();
      expect(verdict).toBe('authorized');
      expect(seen).toEqual([`puretls client ${alg}`]);
    } finally {
      await srv.close();
    }
  }, T);
});

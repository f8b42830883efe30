// WebPkiVerifier inside real handshakes: the engine against a node:tls server (loopback, free
// port) serving each chain. A good chain completes; each bad fixture chain fails with the X509Error
// reason cases.json names, and the server receives the matching alert (RFC 9846 §6.2).
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme, TlsClient } from '@puretls/core';
import { TrustStore, WebPkiVerifier, X509Error } from '../src/index.js';
import { handshake } from './helpers/loopback.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/pki/', import.meta.url));
const text = (f: string) => readFileSync(fixtures + f, 'utf8');
const cases = JSON.parse(text('bad/cases.json')) as Array<{ name: string; serverName: string; reason: string; alert: string }>;
/** How OpenSSL (inside node:tls) names the alert it received. */
const OPENSSL_ALERT: Record<string, string> = {
  certificate_expired: 'alert certificate expired',
  unknown_ca: 'alert unknown ca',
  bad_certificate: 'alert bad certificate',
  unsupported_certificate: 'alert unsupported certificate',
};

const servers: Server[] = [];
afterAll(() => servers.forEach((s) => s.close()));

/** A node:tls server with `chain`/`key`; resolves its port and the next client error it sees. */
async function serve(chainPem: string, keyPem: string): Promise<{ port: number; clientError: Promise<Error> }> {
  // SECLEVEL=0 so that OpenSSL agrees to serve the SHA-1 and RSA-1024 fixtures at all.
  const server = createServer({ cert: chainPem, key: keyPem, minVersion: 'TLSv1.3', ciphers: 'DEFAULT@SECLEVEL=0' }, (s) => s.end());
  servers.push(server);
  const clientError = new Promise<Error>((resolve) => server.once('tlsClientError', resolve));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, clientError };
}

describe('WebPkiVerifier in the engine', () => {
  it('a good chain (p256 fixtures) completes the handshake', async () => {
    const { port } = await serve(text('good/p256/chain.pem'), text('good/p256/leaf.key'));
    const client = new TlsClient({ serverName: 'localhost', verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(text('good/p256/root.pem')) }) });
    expect(await handshake(port, client)).toBe('ok');
    expect(client.info?.peerCertificates).toHaveLength(2);
  });

  it.each(cases)('bad chain $name: $reason, alert $alert sent to the server', async (c) => {
    const { port, clientError } = await serve(text(`bad/${c.name}/chain.pem`), text(`bad/${c.name}/leaf.key`));
    // OpenSSL serves a SHA-1-signed chain only to a client listing rsa_pkcs1_sha1 in
    // signature_algorithms_cert (by default it answers handshake_failure); list it, so that the
    // verifier is what refuses the chain.
    const schemesCert = c.name === 'sha1-signed' ? { signatureSchemesCert: [...DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme.rsa_pkcs1_sha1] } : {};
    const client = new TlsClient({ serverName: c.serverName, ...schemesCert, verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(text(`bad/${c.name}/root.pem`)) }) });
    const result = await handshake(port, client);
    expect(result).toBeInstanceOf(X509Error);
    expect(result).toMatchObject({ reason: c.reason, alertName: c.alert, category: 'certificate' });
    expect((await clientError).message).toContain(OPENSSL_ALERT[c.alert]);
  });
});

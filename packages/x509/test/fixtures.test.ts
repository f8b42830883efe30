// The fixture PKIs (fixtures/pki/good/*) verify for every name the leaves carry, and the basic
// refusals carry the right reason and alert.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TrustStore, verifyChain, WebPkiVerifier, X509Error } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/', import.meta.url));
const der = (pem: string) => Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
const load = (alg: string, name: string) => der(readFileSync(`${pki}${alg}/${name}.pem`, 'utf8'));
const now = Date.UTC(2030, 0, 1);

describe.each(['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'])('fixtures/pki/good/%s', (alg) => {
  const roots = TrustStore.fromDer([load(alg, 'root')]);
  const leaf = load(alg, 'leaf');
  const intermediates = [load(alg, 'intermediate')];

  it.each(['localhost', '127.0.0.1', '::1'])('verifies for %s', (name) => {
    const path = verifyChain(leaf, { roots, intermediates, now, serverName: name });
    expect(path.chain).toHaveLength(2);
  });

  it('refuses another host name (name-mismatch, bad_certificate)', () => {
    expect(() => verifyChain(leaf, { roots, intermediates, now, serverName: 'example.com' })).toThrow(expect.objectContaining({ reason: 'name-mismatch', alertName: 'bad_certificate' }));
  });

  it('refuses without the intermediate (unknown-issuer, unknown_ca)', () => {
    expect(() => verifyChain(leaf, { roots, intermediates: [], now, serverName: 'localhost' })).toThrow(expect.objectContaining({ reason: 'unknown-issuer', alertName: 'unknown_ca' }));
  });

  it('refuses before notBefore and after notAfter', () => {
    expect(() => verifyChain(leaf, { roots, intermediates, now: Date.UTC(2000, 0, 1), serverName: 'localhost' })).toThrow(expect.objectContaining({ reason: 'not-yet-valid' }));
    expect(() => verifyChain(leaf, { roots, intermediates, now: Date.UTC(2200, 0, 1), serverName: 'localhost' })).toThrow(expect.objectContaining({ reason: 'expired', alertName: 'certificate_expired' }));
  });
});

describe('WebPkiVerifier', () => {
  it('checks what the engine hands it, and refuses an untrusted root', () => {
    const ok = new WebPkiVerifier({ roots: TrustStore.fromDer([load('p256', 'root')]) });
    expect(() => ok.verifyServerCertificate({ chain: [load('p256', 'leaf'), load('p256', 'intermediate')], serverName: 'localhost', now })).not.toThrow();
    const other = new WebPkiVerifier({ roots: TrustStore.fromDer([load('rsa', 'root')]) });
    expect(() => other.verifyServerCertificate({ chain: [load('p256', 'leaf'), load('p256', 'intermediate')], serverName: 'localhost', now })).toThrow(X509Error);
  });

  it('a tampered leaf signature is bad-signature', () => {
    const leaf = load('p256', 'leaf').slice();
    leaf[leaf.length - 3]! ^= 1;
    expect(() => verifyChain(leaf, { roots: TrustStore.fromDer([load('p256', 'root')]), intermediates: [load('p256', 'intermediate')], now, serverName: 'localhost' })).toThrow(expect.objectContaining({ reason: 'bad-signature' }));
  });
});

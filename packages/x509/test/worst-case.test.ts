// The worst case a server can make one verification cost is bounded and shown (issue 8, item 2):
// the most expensive chain the limits allow is 15 intermediates (a Certificate message holds at
// most Limits.maxCertificates = 16 certificates) with the largest RSA keys allowed (8192-bit
// modulus, e = 2^33 - 1), arranged so that path building explores as many paths as it can: self-
// issued CAs all named "CN=Mesh" cross-signing each other with valid signatures, so every
// signature check succeeds and opens more paths, none of which reaches an anchor. The chain is a
// fixture (fixtures/worst-case/make.ts: RSA-8192 key generation takes minutes). Counted, not timed;
// `pnpm bench` prints its time beside a normal chain's.
import { readFileSync } from 'node:fs';
import { Limits, nobleProvider } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { X509Limits } from '../src/limits.js';
import { parseCertificate } from '../src/parse/certificate.js';
import { SignatureCache } from '../src/path/signature_cache.js';
import { verifyChain } from '../src/path/verify_chain.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { countingProvider, good, NOW, pemBlocksToDer } from './helpers/pki.js';

const [leaf, ...mesh] = pemBlocksToDer(readFileSync(new URL('./fixtures/worst-case/chain.pem', import.meta.url), 'utf8')) as [Uint8Array, ...Uint8Array[]];
const roots = TrustStore.fromDer([good('p256', 'root'), good('rsa', 'root')]);

describe('the most expensive chain the limits allow', () => {
  it('is as large as the limits allow: 15 intermediates, RSA keys of 8192 bits with e = 2^33 - 1', () => {
    expect(mesh).toHaveLength(Limits.maxCertificates - 1);
    for (const der of [leaf, ...mesh]) {
      const key = nobleProvider.parsePublicKey(parseCertificate(der).spki);
      expect(key).toMatchObject({ kind: 'rsa', bits: Limits.maxRsaModulusBits, e: (1n << BigInt(Limits.maxRsaPublicExponentBits)) - 1n });
    }
  });

  it('costs exactly 59 signature verifications (within maxSignatureChecks = 64), then unknown-issuer', () => {
    const work = countingProvider();
    expect(() => verifyChain(leaf, { roots, intermediates: mesh, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(expect.objectContaining({ reason: 'unknown-issuer' }));
    expect(work.verifies()).toBe(59);
    expect(work.verifies()).toBeLessThanOrEqual(X509Limits.maxSignatureChecks);
  }, 120_000);

  it('with a SignatureCache (as WebPkiVerifier has), a repeat costs no verification', () => {
    const work = countingProvider();
    const signatureCache = new SignatureCache();
    const once = () => expect(() => verifyChain(leaf, { roots, intermediates: mesh, now: NOW, serverName: 'localhost', provider: work.provider, signatureCache })).toThrow(expect.objectContaining({ reason: 'unknown-issuer' }));
    once();
    const first = work.verifies();
    once();
    expect(work.verifies()).toBe(first);
    expect(first).toBeLessThanOrEqual(59);
  }, 120_000);
});

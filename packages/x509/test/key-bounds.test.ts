// A candidate issuer's key is checked before any signature is verified with it (issue 8, item 1):
// a leaf plus 15 "intermediates" whose RSA keys have a 16384-bit modulus and a 16383-bit exponent
// once cost one multi-second exponentiation per candidate. Counted, never timed.
import { nobleProvider, type CryptoProvider, type PublicKey } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { verifyChain } from '../src/path/verify_chain.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { countingProvider, good, issue, newKeys, NOW, rsaSpki, withRsaSignature, withSpki } from './helpers/pki.js';

const HUGE_N = (1n << 16383n) + 1n; // 16384 bits
const HUGE_E = (1n << 16382n) + 1n; // 16383 bits
const roots = TrustStore.fromDer([good('p256', 'root')]);
const refused = (reason: string) => expect.objectContaining({ reason });

const issuerKeys = await newKeys();
// Signed "RSA" with a signature as long as the huge modulus, so that nothing short of the key check stops a verification.
const leaf = withRsaSignature(await issue({ subject: 'CN=huge leaf', issuer: 'CN=Huge CA', publicKey: (await newKeys()).publicKey, signingKey: issuerKeys.privateKey, aki: 'abcd', sans: [{ type: 'dns', value: 'localhost' }] }), 2048);
/** 15 CAs named like the leaf's issuer, each carrying `spki` (their own signatures are never reached). */
const candidates = async (spki: Uint8Array) =>
  Promise.all(Array.from({ length: 15 }, async (_, i) => withSpki(await issue({ subject: 'CN=Huge CA', issuer: 'CN=puretls test root p256', publicKey: issuerKeys.publicKey, signingKey: issuerKeys.privateKey, ca: true, ski: 'abcd', aki: 'ef01', serial: `0${i + 1}` }), spki)));

/** A provider that parses keys without any bound (as a third-party provider might), counting verifies. */
function unboundedProvider(key: PublicKey): { provider: CryptoProvider; verifies: () => number } {
  const counting = countingProvider();
  return { provider: { ...counting.provider, parsePublicKey: (spki) => (spki.length > 2000 ? key : nobleProvider.parsePublicKey(spki)) }, verifies: counting.verifies };
}

describe('candidate issuer keys are checked before their signatures', () => {
  it('15 candidates with a 16384-bit modulus and 16383-bit exponent: key-too-large, no signature verified', async () => {
    const work = countingProvider();
    const intermediates = await candidates(rsaSpki(HUGE_N, HUGE_E));
    expect(() => verifyChain(leaf, { roots, intermediates, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(refused('key-too-large'));
    expect(work.verifies()).toBe(0);
  });

  it('the same with a 16384-bit modulus and e = 65537: key-too-large, no signature verified', async () => {
    const work = countingProvider();
    const intermediates = await candidates(rsaSpki(HUGE_N, 65537n));
    expect(() => verifyChain(leaf, { roots, intermediates, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(refused('key-too-large'));
    expect(work.verifies()).toBe(0);
  });

  it('a provider that does not bound keys is covered by the verifier: key-too-large, no signature verified', async () => {
    for (const key of [{ n: HUGE_N, e: HUGE_E }, { n: HUGE_N, e: 65537n }, { n: (1n << 4095n) + 1n, e: HUGE_E }]) {
      const work = unboundedProvider({ kind: 'rsa', ...key, bits: key.n.toString(2).length, pssOnly: false });
      const intermediates = await candidates(rsaSpki(key.n, key.e));
      expect(() => verifyChain(leaf, { roots, intermediates, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(refused('key-too-large'));
      expect(work.verifies()).toBe(0);
    }
  });

  it('an even public exponent is a malformed key (bad-encoding), no signature verified', async () => {
    const work = countingProvider();
    const intermediates = await candidates(rsaSpki((1n << 2047n) + 1n, 65536n));
    expect(() => verifyChain(leaf, { roots, intermediates, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(expect.objectContaining({ reason: 'bad-encoding', message: expect.stringContaining('exponent') }));
    expect(work.verifies()).toBe(0);
  });

  it('a leaf with a huge RSA key is refused before path building', async () => {
    const work = countingProvider();
    expect(() => verifyChain(withSpki(leaf, rsaSpki(HUGE_N, HUGE_E)), { roots, now: NOW, serverName: 'localhost', provider: work.provider })).toThrow(refused('key-too-large'));
    expect(work.verifies()).toBe(0);
  });
});

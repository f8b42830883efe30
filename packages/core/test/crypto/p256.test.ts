// Our P-256 (src/crypto/p256): the field against BigInt arithmetic mod p, the point operations and
// ECDSA verification against @noble/curves, on random, high-S, tampered, out-of-range and crafted
// inputs (Q = ±G, R = infinity, the doubling case inside additions, bits2int truncation).
import { p256 } from '@noble/curves/nist.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import * as Field from '../../src/crypto/p256/field.js';
import * as FieldMul from '../../src/crypto/p256/field_mul.js';
import * as FieldPow from '../../src/crypto/p256/field_pow.js';
import { addAffine, addJacobian, basePoint, dbl, jacobian, type Jacobian, Temps } from '../../src/crypto/p256/point.js';
import { decodePoint, toAffineBatch } from '../../src/crypto/p256/affine.js';
import { P256Verifier } from '../../src/crypto/p256/index.js';

/** The field's three modules under one name. */
const F = { ...Field, ...FieldMul, ...FieldPow };

/** Generous for a loaded 2-core machine; the properties are bounded by numRuns. */
const TIMEOUT = 60_000;
const RUNS = { numRuns: 100 };

const P = 2n ** 256n - 2n ** 224n + 2n ** 192n + 2n ** 96n - 1n;
const N = p256.Point.CURVE().n;
const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;
const be = (x: bigint, len = 32) => {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--, x >>= 8n) out[i] = Number(x & 0xffn);
  return out;
};
const int = (b: Uint8Array) => b.reduce((acc, v) => (acc << 8n) | BigInt(v), 0n);
/** The integer a field element stands for (limbs may be signed and above 2^16). */
const value = (a: Field.Fe) => a.reduceRight((acc, v) => acc * 65536n + BigInt(v), 0n);
function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b = mod(b, m); e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/** Field inputs: uniform, edge values, and loose (signed, over-16-bit) limb vectors. */
const EDGES = [0n, 1n, 2n, P - 1n, P - 2n, 2n ** 255n, 2n ** 255n + 12345n, P + 1n, 2n ** 256n - 1n];
const fieldValue = fc.oneof(fc.bigInt({ min: 0n, max: P - 1n }), fc.constantFrom(...EDGES));
const looseFe = fc.oneof(
  fieldValue.map((x) => F.fromBigInt(x)),
  fc.array(fc.integer({ min: -(2 ** 21) + 1, max: 2 ** 21 - 1 }), { minLength: 16, maxLength: 16 }).map((l) => F.fe(l)),
  fc.constantFrom(0xffff, 2 ** 21 - 1, -(2 ** 21) + 1).map((l) => F.fe(new Array<number>(16).fill(l))),
);

describe('p256 field', () => {
  it('mul and square agree with BigInt mod p, limbs stay small', () => {
    fc.assert(fc.property(looseFe, looseFe, (a, b) => {
      const o = F.fe();
      F.mul(o, a, b);
      expect(mod(value(o), P)).toBe(mod(value(a) * value(b), P));
      for (const l of o) expect(Math.abs(l)).toBeLessThan(2 ** 16 + 64);
      F.square(o, a);
      expect(mod(value(o), P)).toBe(mod(value(a) ** 2n, P));
      F.mul(a, a, a); // aliasing
      expect(mod(value(a), P)).toBe(mod(value(o), P));
    }), RUNS);
  }, TIMEOUT);

  it('invert, sqrt, reduce, eq and the byte codecs agree with BigInt', () => {
    fc.assert(fc.property(fieldValue, (x) => {
      const a = F.fromBigInt(x), o = F.fe();
      F.invert(o, a);
      expect(mod(value(o), P)).toBe(x === 0n ? 0n : powMod(x, P - 2n, P));
      F.sqrt(o, a);
      expect(mod(value(o), P)).toBe(powMod(x, (P + 1n) / 4n, P));
      F.reduce(o, a);
      expect(value(o)).toBe(mod(x, P));
      expect(int(F.toBytes(a))).toBe(mod(x, P));
      const back = F.fromBytes(be(x));
      if (x < P) expect(value(back!)).toBe(x);
      else expect(back).toBeUndefined();
      expect(F.isZero(a)).toBe(mod(x, P) === 0n);
      expect(F.eq(a, F.fromBigInt(mod(x, P)))).toBe(true);
      expect(F.eq(a, F.fromBigInt(mod(x + 1n, P)))).toBe(false);
    }), RUNS);
    expect(F.fromBytes(be(P))).toBeUndefined();
    // zero in other representations: p, -p, x + p - x, 2^256 - (2^256 - p) with loose limbs
    const o = F.fe();
    expect(F.isZero(F.fromBigInt(P))).toBe(true);
    F.neg(o, F.fromBigInt(P));
    expect(F.isZero(o)).toBe(true);
    for (const x of [1n, 12345n, 2n ** 200n, 2n ** 223n]) {
      F.sub(o, F.fromBigInt(x + P), F.fromBigInt(x));
      expect(F.isZero(o)).toBe(true);
      F.sub(o, F.fromBigInt(x + P), F.fromBigInt(x + 1n));
      expect(F.isZero(o)).toBe(false);
    }
    const big = F.fe(new Array<number>(16).fill(2 ** 23)); // 2^23·(2^256 - 1)/(2^16 - 1) mod p ≠ 0, slow path
    expect(F.isZero(big)).toBe(mod(value(big), P) === 0n);
    expect(F.fromBytes(new Uint8Array(31))).toBeUndefined();
  }, TIMEOUT);
});

/** k·B by double-and-add on our point operations (affine B), with Jacobian adds mixed in. */
function mulPoint(k: bigint, bx: bigint, by: bigint): Jacobian {
  const t = new Temps();
  const b = { x: F.fromBigInt(bx), y: F.fromBigInt(by) };
  const acc = jacobian();
  for (let i = 255; i >= 0; i--) {
    dbl(acc, t);
    if ((k >> BigInt(i)) & 1n) {
      if (i % 2) addAffine(acc, b.x, b.y, false, t);
      else addJacobian(acc, jacobian(b), t);
    }
  }
  return acc;
}

describe('p256 points', () => {
  const G = p256.Point.BASE;
  it('scalar multiples agree with noble (including k = n - 1, n, n + 1 and P + P, P - P)', () => {
    fc.assert(fc.property(fc.oneof(fc.bigInt({ min: 1n, max: N - 1n }), fc.constantFrom(1n, 2n, 3n, N - 1n, N - 2n)), (k) => {
      const ours = mulPoint(k, G.x, G.y);
      const [a] = toAffineBatch([ours]);
      const theirs = G.multiply(k).toAffine();
      expect([value(a!.x), value(a!.y)]).toEqual([theirs.x, theirs.y]);
    }), { numRuns: 30 });
    expect(mulPoint(N, G.x, G.y).inf).toBe(true);
    const [a] = toAffineBatch([mulPoint(N + 1n, G.x, G.y)]);
    expect(value(a!.x)).toBe(G.x);
    const t = new Temps();
    const g = basePoint();
    const p = jacobian(g);
    addAffine(p, g.x, g.y, false, t); // P + P: the doubling case
    expect(value(toAffineBatch([p])[0]!.x)).toBe(G.double().x);
    addAffine(p, g.x, g.y, false, t); // 3G
    const q = jacobian(g);
    dbl(q, t);
    addAffine(q, g.x, g.y, false, t);
    addJacobian(p, q, t); // 3G + 3G
    expect(value(toAffineBatch([p])[0]!.x)).toBe(G.multiply(6n).x);
    const m = jacobian(g);
    addAffine(m, g.x, g.y, true, t); // P - P
    expect(m.inf).toBe(true);
  }, TIMEOUT);

  it('decodePoint: uncompressed and compressed agree with noble; refuses off-curve, x or y >= p, bad tags', () => {
    fc.assert(fc.property(fc.bigInt({ min: 1n, max: N - 1n }), (d) => {
      const pub = p256.getPublicKey(be(d), false);
      const q = decodePoint(pub)!;
      expect(F.toBytes(q.x)).toEqual(pub.subarray(1, 33));
      const c = decodePoint(p256.getPublicKey(be(d), true))!;
      expect(F.toBytes(c.y)).toEqual(pub.subarray(33));
      const off = pub.slice();
      off[64]! ^= 1;
      expect(decodePoint(off)).toBeUndefined();
    }), { numRuns: 50 });
    const pub = p256.getPublicKey(be(7n), false);
    const wide = pub.slice();
    wide.set(be(int(pub.subarray(33)) + P), 33); // y + p may still fit 32 bytes: congruent but not canonical
    if (int(pub.subarray(33)) + P < 2n ** 256n) expect(decodePoint(wide)).toBeUndefined();
    expect(decodePoint(Uint8Array.of(0))).toBeUndefined();
    expect(decodePoint(Uint8Array.of(0x05, ...pub.subarray(1)))).toBeUndefined();
    expect(decodePoint(pub.subarray(0, 64))).toBeUndefined();
    // x with no point (x³ - 3x + b not a square), compressed
    let x = 1n;
    while (decodePoint(Uint8Array.of(0x02, ...be(x))) !== undefined) x++;
    expect(() => p256.Point.fromBytes(Uint8Array.of(0x02, ...be(x)))).toThrow();
  }, TIMEOUT);
});

/** An ECDSA signature with a chosen nonce k and digest integer e (SEC 1 §4.1.3), for crafted cases. */
function signWith(d: bigint, k: bigint, e: bigint): { r: bigint; s: bigint } {
  const r = mod(p256.Point.BASE.multiply(k).x, N);
  const s = mod(powMod(k, N - 2n, N) * (e + r * d), N);
  return { r, s };
}

/** noble's verdict; anything it refuses to parse counts as invalid. */
function noble(r: bigint, s: bigint, digest: Uint8Array, pub: Uint8Array): boolean {
  if (r < 0n || s < 0n || r >= 2n ** 256n || s >= 2n ** 256n) return false;
  try {
    return p256.verify(Uint8Array.of(...be(r), ...be(s)), digest, pub, { prehash: false, lowS: false });
  } catch {
    return false;
  }
}

describe('P256Verifier', () => {
  const verifier = new P256Verifier();
  /** Ours, cold and prepared and compressed, must all give noble's verdict; returns it. */
  function agree(r: bigint, s: bigint, digest: Uint8Array, pub: Uint8Array): boolean {
    const want = noble(r, s, digest, pub);
    expect(verifier.verify(pub, digest, r, s)).toBe(want);
    const key = decodePoint(pub) === undefined ? undefined : verifier.prepareKey(pub);
    if (key !== undefined) {
      expect(verifier.verify(key, digest, r, s)).toBe(want);
      expect(verifier.verify(p256.getPublicKey(compressedFrom(pub), true), digest, r, s)).toBe(want);
    }
    return want;
  }
  const keys = new Map<string, Uint8Array>();
  /** The private key of an uncompressed point we made (to rebuild the compressed form). */
  function compressedFrom(pub: Uint8Array): Uint8Array {
    return keys.get(pub.join())!;
  }
  const keyOf = (d: bigint) => {
    const pub = p256.getPublicKey(be(d), false);
    keys.set(pub.join(), be(d));
    return pub;
  };
  const scalar = fc.bigInt({ min: 1n, max: N - 1n });
  const digestArb = fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 48, maxLength: 48 }), fc.uint8Array({ minLength: 64, maxLength: 64 }));

  it('valid signatures (and their high-S twins) verify; tampered digest, r, s or key do not', () => {
    fc.assert(fc.property(scalar, digestArb, fc.nat(255), (d, digest, bit) => {
      const pub = keyOf(d);
      const { r, s } = p256.Signature.fromBytes(p256.sign(digest, be(d), { prehash: false, lowS: false }), 'compact');
      expect(agree(r, s, digest, pub)).toBe(true);
      expect(agree(r, N - s, digest, pub)).toBe(true);
      const flipped = digest.slice();
      flipped[bit % 32]! ^= 1 << bit % 8; // within the leftmost 256 bits, which bits2int keeps
      expect(agree(r, s, flipped, pub)).toBe(false);
      expect(agree(r ^ (1n << BigInt(bit)), s, digest, pub)).toBe(false);
      expect(agree(r, s ^ (1n << BigInt(bit)), digest, pub)).toBe(false);
      expect(agree(r, s, digest, keyOf(mod(d + 1n, N) || 1n))).toBe(false);
    }), RUNS);
  }, TIMEOUT);

  it('digests longer than 32 bytes: only the leftmost 256 bits count (bits2int)', () => {
    fc.assert(fc.property(scalar, fc.uint8Array({ minLength: 48, maxLength: 48 }), (d, digest) => {
      const pub = keyOf(d);
      const { r, s } = p256.Signature.fromBytes(p256.sign(digest, be(d), { prehash: false, lowS: false }), 'compact');
      const tail = digest.slice();
      tail[47]! ^= 0xff; // beyond bit 256: ignored
      expect(agree(r, s, tail, pub)).toBe(true);
      expect(agree(r, s, digest.subarray(0, 32), pub)).toBe(true); // the same 256 bits
    }), { numRuns: 30 });
  }, TIMEOUT);

  it('r or s of 0, n, above n, or negative are refused', () => {
    const pub = keyOf(12345n);
    const digest = new Uint8Array(32).fill(7);
    const { r, s } = p256.Signature.fromBytes(p256.sign(digest, be(12345n), { prehash: false, lowS: false }), 'compact');
    for (const bad of [0n, N, N + 1n, N + r, 2n ** 256n - 1n, -1n, -r]) {
      expect(agree(bad, s, digest, pub)).toBe(false);
      expect(agree(r, bad, digest, pub)).toBe(false);
    }
    expect(agree(r, s, digest, pub)).toBe(true);
  }, TIMEOUT);

  it('invalid keys: verify says false, prepareKey throws InternalError', () => {
    const pub = keyOf(99n);
    const digest = new Uint8Array(32).fill(1);
    const { r, s } = p256.Signature.fromBytes(p256.sign(digest, be(99n), { prehash: false, lowS: false }), 'compact');
    const off = pub.slice();
    off[40]! ^= 4;
    const wide = Uint8Array.of(4, ...be(P), ...pub.subarray(33));
    for (const bad of [off, wide, Uint8Array.of(0), pub.subarray(0, 64), Uint8Array.of(0x05, ...pub.subarray(1))]) {
      expect(verifier.verify(bad, digest, r, s)).toBe(false);
      expect(noble(r, s, digest, bad)).toBe(false);
      expect(() => verifier.prepareKey(bad)).toThrow(InternalError);
    }
  }, TIMEOUT);

  it('crafted: Q = G and Q = -G, R = infinity, u1 = u2 (doubling inside additions), e = 0', () => {
    fc.assert(fc.property(scalar, scalar, (k, r0) => {
      const G1 = keyOf(1n), Gneg = keyOf(N - 1n);
      // Q = G, e = n - r: R = (e + r)/s·G = O for every s
      const r = mod(r0, N) || 1n;
      agree(r, k, be(N - r), G1);
      expect(verifier.verify(G1, be(N - r), r, k)).toBe(false);
      // Q = -G, e = r: R = O
      expect(agree(r, k, be(r), Gneg)).toBe(false);
      // Q = G, e = r (u1 = u2 at every digit): a valid signature by construction
      const sig = signWith(1n, k, 0n);
      const e = sig.r;
      const v = signWith(1n, k, e);
      if (v.s !== 0n) expect(agree(v.r, v.s, be(e), G1)).toBe(true);
      // e = 0 (u1 = 0): only Q's part
      const z = signWith(5n, k, 0n);
      if (z.s !== 0n) expect(agree(z.r, z.s, new Uint8Array(32), keyOf(5n))).toBe(true);
      // e = n (≡ 0) and e ≥ n as digest integers
      if (z.s !== 0n) expect(agree(z.r, z.s, be(N), keyOf(5n))).toBe(true);
    }), { numRuns: 30 });
  }, TIMEOUT);

  it('x(R) in [n, p): accepted through the r + n comparison, with a key built around R', () => {
    // Such an R has no known discrete log, but Q = u2⁻¹·(R - u1·G) makes u1·G + u2·Q = R for any
    // e and s; then r = x(R) - n.
    const Rs: InstanceType<typeof p256.Point>[] = [];
    for (let x = N; Rs.length < 4; x++) {
      try {
        Rs.push(p256.Point.fromBytes(Uint8Array.of(0x02 + (Rs.length & 1), ...be(x))));
      } catch {
        // x³ - 3x + b is not a square
      }
    }
    fc.assert(fc.property(fc.constantFrom(...Rs), scalar, fc.uint8Array({ minLength: 32, maxLength: 32 }), (R, s, digest) => {
      const r = R.x - N;
      const w = powMod(s, N - 2n, N);
      const u1 = mod(int(digest) * w, N), u2 = mod(r * w, N);
      const u1G = u1 === 0n ? p256.Point.ZERO : p256.Point.BASE.multiply(u1);
      const Q = R.subtract(u1G).multiply(powMod(u2, N - 2n, N));
      const pub = Q.toBytes(false);
      expect(noble(r, s, digest, pub)).toBe(true);
      expect(verifier.verify(pub, digest, r, s)).toBe(true);
      expect(verifier.verify(verifier.prepareKey(pub), digest, r, s)).toBe(true);
      expect(verifier.verify(pub, digest, R.x, s)).toBe(false); // r = x(R) itself is ≥ n
      expect(verifier.verify(pub, digest, r + 1n, s)).toBe(false);
    }), { numRuns: 20 });
  }, TIMEOUT);

  it('one verifier, many keys, interleaved cold and prepared', () => {
    const v = new P256Verifier();
    const ds = [3n, N - 3n, 2n ** 128n, 2n ** 255n % N, N - 2n ** 64n];
    for (const d of ds) {
      const pub = p256.getPublicKey(be(d), false);
      const key = v.prepareKey(pub);
      for (let i = 0; i < 3; i++) {
        const digest = be(d * BigInt(i + 1) + 17n);
        const { r, s } = p256.Signature.fromBytes(p256.sign(digest, be(d), { prehash: false, lowS: false }), 'compact');
        expect(v.verify(key, digest, r, s)).toBe(true);
        expect(v.verify(pub, digest, r, s)).toBe(true);
        expect(v.verify(key, digest, r, N - s)).toBe(true);
        expect(v.verify(key, digest, s, r)).toBe(noble(s, r, digest, pub));
      }
    }
  }, TIMEOUT);
});

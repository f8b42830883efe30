/**
 * Arithmetic in GF(p), p = 2^256 - 2^224 + 2^192 + 2^96 - 1, the field of P-256 (SEC 2 §2.4.2;
 * FIPS 186-5 / SP 800-186 §3.2.1.3), for the ECDSA verifier in `verify.ts`.
 *
 * An element is a `Float64Array(16)` of signed limbs in radix 2^16: the value is Σ a[i]·2^(16·i),
 * as in our X25519 field. `mul` and `square` (field_mul.ts) return limbs in (-32, 2^16 + 32); inputs
 * may have limbs up to 2^21 in magnitude (sums and small multiples of outputs), so a column of the
 * schoolbook product is below 16·2^42 and after the fold below 10·2^46 < 2^50: exact in a double.
 *
 * Reduction is the Solinas one that p's shape invites (the NIST "fast reduction", FIPS 186-4
 * D.2.3, done on 16-bit limbs): 2^256 ≡ 2^224 - 2^192 - 2^96 + 1 (mod p), so column 16 + k of the
 * product folds into limbs k + 14, k + 12 (negated), k + 6 (negated) and k, repeatedly until it
 * lands below limb 16. The repeated folds were worked out once into the fixed coefficients
 * (-1..3) of `mul`; carries then bring the limbs back to about 16 bits.
 *
 * This field serves signature verification only, which touches public data: {@link reduce},
 * {@link isZero}, {@link eq} and the byte conversions branch on values (variable time is fine
 * there). There is no module-level mutable state; every function writes its first argument,
 * which may alias an input.
 */

/** A field element: 16 signed limbs of radix 2^16, least significant first. */
export type Fe = Float64Array;

/** Number of limbs. */
const LIMBS = 16;
/** 2^16, the radix. */
export const RADIX = 65536;
/** 2^-16, exact in a double. */
export const INV_RADIX = 1 / RADIX;
/** The limbs of p, least significant first (SEC 2 §2.4.2). */
const P: readonly number[] = Object.freeze([0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0xffff, 0, 0, 0, 0, 0, 0, 1, 0, 0xffff, 0xffff]);

/**
 * A new field element, zero unless limbs (least significant first) are given.
 *
 * @example
 * const one = fe([1]);
 */
export function fe(limbs?: ArrayLike<number>): Fe {
  const r = new Float64Array(LIMBS);
  if (limbs !== undefined) r.set(limbs);
  return r;
}

/**
 * o = a + b limb by limb, no carry (limbs grow by a bit; see the bound in the header). The linear
 * operations are unrolled: on V8 a 16-step loop costs about twice as much, and a point doubling
 * runs seven of them.
 *
 * @example
 * add(t, x, z2);
 */
export function add(o: Fe, a: Fe, b: Fe): void {
  o[0] = a[0]! + b[0]!; o[1] = a[1]! + b[1]!; o[2] = a[2]! + b[2]!; o[3] = a[3]! + b[3]!;
  o[4] = a[4]! + b[4]!; o[5] = a[5]! + b[5]!; o[6] = a[6]! + b[6]!; o[7] = a[7]! + b[7]!;
  o[8] = a[8]! + b[8]!; o[9] = a[9]! + b[9]!; o[10] = a[10]! + b[10]!; o[11] = a[11]! + b[11]!;
  o[12] = a[12]! + b[12]!; o[13] = a[13]! + b[13]!; o[14] = a[14]! + b[14]!; o[15] = a[15]! + b[15]!;
}

/**
 * o = a - b limb by limb, no carry (limbs may go negative, which every function accepts).
 *
 * @example
 * sub(h, u2, x1);
 */
export function sub(o: Fe, a: Fe, b: Fe): void {
  o[0] = a[0]! - b[0]!; o[1] = a[1]! - b[1]!; o[2] = a[2]! - b[2]!; o[3] = a[3]! - b[3]!;
  o[4] = a[4]! - b[4]!; o[5] = a[5]! - b[5]!; o[6] = a[6]! - b[6]!; o[7] = a[7]! - b[7]!;
  o[8] = a[8]! - b[8]!; o[9] = a[9]! - b[9]!; o[10] = a[10]! - b[10]!; o[11] = a[11]! - b[11]!;
  o[12] = a[12]! - b[12]!; o[13] = a[13]! - b[13]!; o[14] = a[14]! - b[14]!; o[15] = a[15]! - b[15]!;
}

/**
 * o = a - b - k·c limb by limb for a small integer k (|k| ≤ 8), no carry.
 *
 * @example
 * sub2(x3, rr, hhh, v, 2); // R² - H³ - 2V
 */
export function sub2(o: Fe, a: Fe, b: Fe, c: Fe, k: number): void {
  o[0] = a[0]! - b[0]! - k * c[0]!; o[1] = a[1]! - b[1]! - k * c[1]!; o[2] = a[2]! - b[2]! - k * c[2]!; o[3] = a[3]! - b[3]! - k * c[3]!;
  o[4] = a[4]! - b[4]! - k * c[4]!; o[5] = a[5]! - b[5]! - k * c[5]!; o[6] = a[6]! - b[6]! - k * c[6]!; o[7] = a[7]! - b[7]! - k * c[7]!;
  o[8] = a[8]! - b[8]! - k * c[8]!; o[9] = a[9]! - b[9]! - k * c[9]!; o[10] = a[10]! - b[10]! - k * c[10]!; o[11] = a[11]! - b[11]! - k * c[11]!;
  o[12] = a[12]! - b[12]! - k * c[12]!; o[13] = a[13]! - b[13]! - k * c[13]!; o[14] = a[14]! - b[14]! - k * c[14]!; o[15] = a[15]! - b[15]! - k * c[15]!;
}

/**
 * o = ka·a + kb·b limb by limb for small integers ka, kb (|ka|, |kb| ≤ 8), no carry.
 *
 * @example
 * lin(x3, aa, 1, beta, -8); // α² - 8β
 */
export function lin(o: Fe, a: Fe, ka: number, b: Fe, kb: number): void {
  o[0] = ka * a[0]! + kb * b[0]!; o[1] = ka * a[1]! + kb * b[1]!; o[2] = ka * a[2]! + kb * b[2]!; o[3] = ka * a[3]! + kb * b[3]!;
  o[4] = ka * a[4]! + kb * b[4]!; o[5] = ka * a[5]! + kb * b[5]!; o[6] = ka * a[6]! + kb * b[6]!; o[7] = ka * a[7]! + kb * b[7]!;
  o[8] = ka * a[8]! + kb * b[8]!; o[9] = ka * a[9]! + kb * b[9]!; o[10] = ka * a[10]! + kb * b[10]!; o[11] = ka * a[11]! + kb * b[11]!;
  o[12] = ka * a[12]! + kb * b[12]!; o[13] = ka * a[13]! + kb * b[13]!; o[14] = ka * a[14]! + kb * b[14]!; o[15] = ka * a[15]! + kb * b[15]!;
}

/**
 * o = -a limb by limb (for the y of a negated point, -P = (x, -y): SEC 1 §2.2.1).
 *
 * @example
 * neg(ny, y);
 */
export function neg(o: Fe, a: Fe): void {
  o[0] = -a[0]!; o[1] = -a[1]!; o[2] = -a[2]!; o[3] = -a[3]!;
  o[4] = -a[4]!; o[5] = -a[5]!; o[6] = -a[6]!; o[7] = -a[7]!;
  o[8] = -a[8]!; o[9] = -a[9]!; o[10] = -a[10]!; o[11] = -a[11]!;
  o[12] = -a[12]!; o[13] = -a[13]!; o[14] = -a[14]!; o[15] = -a[15]!;
}

/** Copies a into o. */
export function copy(o: Fe, a: Fe): void {
  o.set(a);
}

/**
 * o = a mod p in canonical form: limbs in [0, 2^16), value in [0, p). Carry passes fold the top
 * carry back (2^256 ≡ 2^224 - 2^192 - 2^96 + 1) until none is left, which leaves a value in
 * [0, 2^256) < 2p; then p is subtracted once if needed. Variable time.
 *
 * @example
 * reduce(t, x);
 */
export function reduce(o: Fe, a: Fe): void {
  if (o !== a) o.set(a);
  for (;;) {
    let c = 0;
    for (let i = 0; i < LIMBS; i++) {
      const v = o[i]! + c;
      c = Math.floor(v * INV_RADIX);
      o[i] = v - c * RADIX;
    }
    if (c === 0) break;
    o[0]! += c; o[6]! -= c; o[12]! -= c; o[14]! += c;
  }
  let i = LIMBS - 1;
  while (i >= 0 && o[i] === P[i]) i--;
  if (i >= 0 && o[i]! < P[i]!) return; // o < p
  let borrow = 0;
  for (let j = 0; j < LIMBS; j++) {
    const v = o[j]! - P[j]! + borrow;
    borrow = Math.floor(v * INV_RADIX);
    o[j] = v - borrow * RADIX;
  }
}

/**
 * Whether a ≡ 0 (mod p), for limbs below 2^24 in magnitude. Fast path: the value is then k·p
 * with |k| < 2^9, and its residue mod 2^16 is a[0]'s, which for k·p is -k mod 2^16; a low limb
 * residue in [2^10, 2^16 - 2^10] rules zero out (all but about 3% of nonzero inputs). Otherwise
 * a copy is reduced in `scratch` (hot callers pass one: on V8 a new Float64Array costs more than
 * a field multiplication). Variable time.
 *
 * @example
 * if (isZero(h, t.s)) { ... }
 */
export function isZero(a: Fe, scratch: Fe = fe()): boolean {
  const low = a[0]! - Math.floor(a[0]! * INV_RADIX) * RADIX;
  if (low >= 1024 && low <= RADIX - 1024) return false;
  reduce(scratch, a);
  for (let i = 0; i < LIMBS; i++) if (scratch[i] !== 0) return false;
  return true;
}

/**
 * Whether a ≡ b (mod p), with `scratch` as in {@link isZero}. Variable time.
 *
 * @example
 * if (eq(x, rz2, t.s)) { ... }
 */
export function eq(a: Fe, b: Fe, scratch: Fe = fe()): boolean {
  sub(scratch, a, b);
  return isZero(scratch, scratch);
}

/**
 * Decodes 32 big-endian bytes (SEC 1 §2.3.6, Octet-String-to-Field-Element), or `undefined` when
 * the value is not below p: SEC 1 §2.3.4 and FIPS 186-5 §6.4 require coordinates in [0, p - 1].
 *
 * @example
 * const x = fromBytes(point.subarray(1, 33));
 */
export function fromBytes(bytes: Uint8Array): Fe | undefined {
  if (bytes.length !== 32) return undefined;
  const o = new Float64Array(LIMBS);
  for (let i = 0; i < LIMBS; i++) o[i] = bytes[31 - 2 * i]! + 256 * bytes[30 - 2 * i]!;
  let i = LIMBS - 1;
  while (i >= 0 && o[i] === P[i]) i--;
  return i >= 0 && o[i]! < P[i]! ? o : undefined;
}

/**
 * Encodes the canonical value of a as 32 big-endian bytes (SEC 1 §2.3.5).
 *
 * @example
 * const bytes = toBytes(x);
 */
export function toBytes(a: Fe): Uint8Array {
  const t = new Float64Array(LIMBS);
  reduce(t, a);
  const out = new Uint8Array(32);
  for (let i = 0; i < LIMBS; i++) {
    out[31 - 2 * i] = t[i]! & 0xff;
    out[30 - 2 * i] = t[i]! >>> 8;
  }
  return out;
}

/**
 * The element of a non-negative bigint below 2^256 (for r and r + n in the final comparison).
 *
 * @example
 * const rf = fromBigInt(r);
 */
export function fromBigInt(x: bigint): Fe {
  const o = new Float64Array(LIMBS);
  for (let i = 0; i < LIMBS; i += 2, x >>= 32n) {
    const w = Number(x & 0xffffffffn);
    o[i] = w & 0xffff;
    o[i + 1] = w >>> 16;
  }
  return o;
}

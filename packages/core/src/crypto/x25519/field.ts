/**
 * Arithmetic in GF(p), p = 2^255 - 19, the field of Curve25519 (RFC 7748 §4.1), for the X25519
 * ladder in `ladder.ts`.
 *
 * An element is a `Float64Array(16)` of limbs in radix 2^16: the value is Σ a[i]·2^(16·i). Limbs
 * are kept small (about 16 bits after {@link carry}, a few bits more after {@link add} or
 * {@link sub}), so every product of two limbs and every sum of 16 such products, even after the
 * ×38 fold of {@link mul}, stays far below 2^53 and is exact in a double. No operation branches on
 * or indexes by a limb's value: the only data-dependent work is arithmetic.
 *
 * Every function writes its result to its first argument, which may be the same array as an
 * input. There is no module-level mutable state; scratch space belongs to one call.
 */

/** A field element: 16 limbs of radix 2^16, least significant first. */
export type Fe = Float64Array;

/** Number of limbs of a field element. */
const LIMBS = 16;
/** 2^16, the radix. */
const RADIX = 65536;
/** 2^-16, exact in a double: multiplying by it is dividing by the radix. */
const INV_RADIX = 1 / RADIX;

/**
 * A new field element, zero unless limbs are given.
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
 * o = a + b, limb by limb, without carrying.
 *
 * @example
 * add(c, x3, z3);
 */
export function add(o: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < LIMBS; i++) o[i] = a[i]! + b[i]!;
}

/**
 * o = a - b, limb by limb, without carrying (limbs may go negative; {@link carry} handles that).
 *
 * @example
 * sub(d, x3, z3);
 */
export function sub(o: Fe, a: Fe, b: Fe): void {
  for (let i = 0; i < LIMBS; i++) o[i] = a[i]! - b[i]!;
}

/**
 * One carry pass: limbs 0..15 each keep their low 16 bits (as a value in [0, 2^16)) and pass the
 * rest on to the next limb; what leaves limb 15 is worth 2^256 ≡ 38 (mod p), so it comes back
 * into limb 0 times 38. Limbs 1..15 end in [0, 2^16); limb 0 may be off by 38 times the last
 * carry. `Math.floor` rounds toward -∞, so negative limbs borrow correctly.
 *
 * @example
 * carry(o); carry(o);
 */
export function carry(o: Fe): void {
  let c = 0;
  for (let i = 0; i < LIMBS; i++) {
    const v = o[i]! + c;
    c = Math.floor(v * INV_RADIX);
    o[i] = v - c * RADIX;
  }
  o[0]! += 38 * c;
}

/**
 * o = a · b mod p. Column k of the schoolbook product (Σ a_i·b_j over i + j = k) goes into limb k,
 * and column 16 + k, worth 2^256 ≡ 38 times as much, into limb k times 38; then two carry passes
 * as in {@link carry}, written out on locals. Fully unrolled: on V8 this measured about four
 * times as fast as loops over the limbs (which need a scratch array, as `o` may alias `a` or `b`).
 *
 * Bounds: with input limbs below 2^18 in magnitude (any sum or difference of two carried
 * elements), a limb before carrying is below 39·16·2^36 < 2^46, far from 2^53. After the two
 * passes limbs 1..15 are in [0, 2^16) and limb 0 is in [-38, 2^16 + 38).
 *
 * @example
 * mul(da, d, a);
 */
export function mul(o: Fe, a: Fe, b: Fe): void {
  const a0 = a[0]!, a1 = a[1]!, a2 = a[2]!, a3 = a[3]!, a4 = a[4]!, a5 = a[5]!, a6 = a[6]!, a7 = a[7]!;
  const a8 = a[8]!, a9 = a[9]!, a10 = a[10]!, a11 = a[11]!, a12 = a[12]!, a13 = a[13]!, a14 = a[14]!, a15 = a[15]!;
  const b0 = b[0]!, b1 = b[1]!, b2 = b[2]!, b3 = b[3]!, b4 = b[4]!, b5 = b[5]!, b6 = b[6]!, b7 = b[7]!;
  const b8 = b[8]!, b9 = b[9]!, b10 = b[10]!, b11 = b[11]!, b12 = b[12]!, b13 = b[13]!, b14 = b[14]!, b15 = b[15]!;
  let t0 = a0 * b0 + 38 * (a1 * b15 + a2 * b14 + a3 * b13 + a4 * b12 + a5 * b11 + a6 * b10 + a7 * b9 + a8 * b8 + a9 * b7 + a10 * b6 + a11 * b5 + a12 * b4 + a13 * b3 + a14 * b2 + a15 * b1);
  let t1 = a0 * b1 + a1 * b0 + 38 * (a2 * b15 + a3 * b14 + a4 * b13 + a5 * b12 + a6 * b11 + a7 * b10 + a8 * b9 + a9 * b8 + a10 * b7 + a11 * b6 + a12 * b5 + a13 * b4 + a14 * b3 + a15 * b2);
  let t2 = a0 * b2 + a1 * b1 + a2 * b0 + 38 * (a3 * b15 + a4 * b14 + a5 * b13 + a6 * b12 + a7 * b11 + a8 * b10 + a9 * b9 + a10 * b8 + a11 * b7 + a12 * b6 + a13 * b5 + a14 * b4 + a15 * b3);
  let t3 = a0 * b3 + a1 * b2 + a2 * b1 + a3 * b0 + 38 * (a4 * b15 + a5 * b14 + a6 * b13 + a7 * b12 + a8 * b11 + a9 * b10 + a10 * b9 + a11 * b8 + a12 * b7 + a13 * b6 + a14 * b5 + a15 * b4);
  let t4 = a0 * b4 + a1 * b3 + a2 * b2 + a3 * b1 + a4 * b0 + 38 * (a5 * b15 + a6 * b14 + a7 * b13 + a8 * b12 + a9 * b11 + a10 * b10 + a11 * b9 + a12 * b8 + a13 * b7 + a14 * b6 + a15 * b5);
  let t5 = a0 * b5 + a1 * b4 + a2 * b3 + a3 * b2 + a4 * b1 + a5 * b0 + 38 * (a6 * b15 + a7 * b14 + a8 * b13 + a9 * b12 + a10 * b11 + a11 * b10 + a12 * b9 + a13 * b8 + a14 * b7 + a15 * b6);
  let t6 = a0 * b6 + a1 * b5 + a2 * b4 + a3 * b3 + a4 * b2 + a5 * b1 + a6 * b0 + 38 * (a7 * b15 + a8 * b14 + a9 * b13 + a10 * b12 + a11 * b11 + a12 * b10 + a13 * b9 + a14 * b8 + a15 * b7);
  let t7 = a0 * b7 + a1 * b6 + a2 * b5 + a3 * b4 + a4 * b3 + a5 * b2 + a6 * b1 + a7 * b0 + 38 * (a8 * b15 + a9 * b14 + a10 * b13 + a11 * b12 + a12 * b11 + a13 * b10 + a14 * b9 + a15 * b8);
  let t8 = a0 * b8 + a1 * b7 + a2 * b6 + a3 * b5 + a4 * b4 + a5 * b3 + a6 * b2 + a7 * b1 + a8 * b0 + 38 * (a9 * b15 + a10 * b14 + a11 * b13 + a12 * b12 + a13 * b11 + a14 * b10 + a15 * b9);
  let t9 = a0 * b9 + a1 * b8 + a2 * b7 + a3 * b6 + a4 * b5 + a5 * b4 + a6 * b3 + a7 * b2 + a8 * b1 + a9 * b0 + 38 * (a10 * b15 + a11 * b14 + a12 * b13 + a13 * b12 + a14 * b11 + a15 * b10);
  let t10 = a0 * b10 + a1 * b9 + a2 * b8 + a3 * b7 + a4 * b6 + a5 * b5 + a6 * b4 + a7 * b3 + a8 * b2 + a9 * b1 + a10 * b0 + 38 * (a11 * b15 + a12 * b14 + a13 * b13 + a14 * b12 + a15 * b11);
  let t11 = a0 * b11 + a1 * b10 + a2 * b9 + a3 * b8 + a4 * b7 + a5 * b6 + a6 * b5 + a7 * b4 + a8 * b3 + a9 * b2 + a10 * b1 + a11 * b0 + 38 * (a12 * b15 + a13 * b14 + a14 * b13 + a15 * b12);
  let t12 = a0 * b12 + a1 * b11 + a2 * b10 + a3 * b9 + a4 * b8 + a5 * b7 + a6 * b6 + a7 * b5 + a8 * b4 + a9 * b3 + a10 * b2 + a11 * b1 + a12 * b0 + 38 * (a13 * b15 + a14 * b14 + a15 * b13);
  let t13 = a0 * b13 + a1 * b12 + a2 * b11 + a3 * b10 + a4 * b9 + a5 * b8 + a6 * b7 + a7 * b6 + a8 * b5 + a9 * b4 + a10 * b3 + a11 * b2 + a12 * b1 + a13 * b0 + 38 * (a14 * b15 + a15 * b14);
  let t14 = a0 * b14 + a1 * b13 + a2 * b12 + a3 * b11 + a4 * b10 + a5 * b9 + a6 * b8 + a7 * b7 + a8 * b6 + a9 * b5 + a10 * b4 + a11 * b3 + a12 * b2 + a13 * b1 + a14 * b0 + 38 * (a15 * b15);
  let t15 = a0 * b15 + a1 * b14 + a2 * b13 + a3 * b12 + a4 * b11 + a5 * b10 + a6 * b9 + a7 * b8 + a8 * b7 + a9 * b6 + a10 * b5 + a11 * b4 + a12 * b3 + a13 * b2 + a14 * b1 + a15 * b0;
  let c = Math.floor(t0 * INV_RADIX); t0 -= c * RADIX;
  t1 += c; c = Math.floor(t1 * INV_RADIX); t1 -= c * RADIX; t2 += c; c = Math.floor(t2 * INV_RADIX); t2 -= c * RADIX;
  t3 += c; c = Math.floor(t3 * INV_RADIX); t3 -= c * RADIX; t4 += c; c = Math.floor(t4 * INV_RADIX); t4 -= c * RADIX;
  t5 += c; c = Math.floor(t5 * INV_RADIX); t5 -= c * RADIX; t6 += c; c = Math.floor(t6 * INV_RADIX); t6 -= c * RADIX;
  t7 += c; c = Math.floor(t7 * INV_RADIX); t7 -= c * RADIX; t8 += c; c = Math.floor(t8 * INV_RADIX); t8 -= c * RADIX;
  t9 += c; c = Math.floor(t9 * INV_RADIX); t9 -= c * RADIX; t10 += c; c = Math.floor(t10 * INV_RADIX); t10 -= c * RADIX;
  t11 += c; c = Math.floor(t11 * INV_RADIX); t11 -= c * RADIX; t12 += c; c = Math.floor(t12 * INV_RADIX); t12 -= c * RADIX;
  t13 += c; c = Math.floor(t13 * INV_RADIX); t13 -= c * RADIX; t14 += c; c = Math.floor(t14 * INV_RADIX); t14 -= c * RADIX;
  t15 += c; c = Math.floor(t15 * INV_RADIX); t15 -= c * RADIX;
  t0 += 38 * c;
  c = Math.floor(t0 * INV_RADIX); t0 -= c * RADIX;
  t1 += c; c = Math.floor(t1 * INV_RADIX); t1 -= c * RADIX; t2 += c; c = Math.floor(t2 * INV_RADIX); t2 -= c * RADIX;
  t3 += c; c = Math.floor(t3 * INV_RADIX); t3 -= c * RADIX; t4 += c; c = Math.floor(t4 * INV_RADIX); t4 -= c * RADIX;
  t5 += c; c = Math.floor(t5 * INV_RADIX); t5 -= c * RADIX; t6 += c; c = Math.floor(t6 * INV_RADIX); t6 -= c * RADIX;
  t7 += c; c = Math.floor(t7 * INV_RADIX); t7 -= c * RADIX; t8 += c; c = Math.floor(t8 * INV_RADIX); t8 -= c * RADIX;
  t9 += c; c = Math.floor(t9 * INV_RADIX); t9 -= c * RADIX; t10 += c; c = Math.floor(t10 * INV_RADIX); t10 -= c * RADIX;
  t11 += c; c = Math.floor(t11 * INV_RADIX); t11 -= c * RADIX; t12 += c; c = Math.floor(t12 * INV_RADIX); t12 -= c * RADIX;
  t13 += c; c = Math.floor(t13 * INV_RADIX); t13 -= c * RADIX; t14 += c; c = Math.floor(t14 * INV_RADIX); t14 -= c * RADIX;
  t15 += c; c = Math.floor(t15 * INV_RADIX); t15 -= c * RADIX;
  t0 += 38 * c;
  o[0] = t0; o[1] = t1; o[2] = t2; o[3] = t3; o[4] = t4; o[5] = t5; o[6] = t6; o[7] = t7;
  o[8] = t8; o[9] = t9; o[10] = t10; o[11] = t11; o[12] = t12; o[13] = t13; o[14] = t14; o[15] = t15;
}

/**
 * o = a · k mod p for a small non-negative integer k (k < 2^20), e.g. a24 = 121665.
 *
 * @example
 * mulSmall(t, e, 121665);
 */
export function mulSmall(o: Fe, a: Fe, k: number): void {
  for (let i = 0; i < LIMBS; i++) o[i] = a[i]! * k;
  carry(o);
  carry(o);
}

/**
 * o = a² mod p: {@link mul} with a_i·a_j + a_j·a_i computed once as d_i·a_j (d_i = 2·a_i), 136
 * products instead of 256.
 *
 * @example
 * square(aa, a);
 */
export function square(o: Fe, a: Fe): void {
  const a0 = a[0]!, a1 = a[1]!, a2 = a[2]!, a3 = a[3]!, a4 = a[4]!, a5 = a[5]!, a6 = a[6]!, a7 = a[7]!;
  const a8 = a[8]!, a9 = a[9]!, a10 = a[10]!, a11 = a[11]!, a12 = a[12]!, a13 = a[13]!, a14 = a[14]!, a15 = a[15]!;
  const d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3, d4 = 2 * a4, d5 = 2 * a5, d6 = 2 * a6, d7 = 2 * a7;
  const d8 = 2 * a8, d9 = 2 * a9, d10 = 2 * a10, d11 = 2 * a11, d12 = 2 * a12, d13 = 2 * a13, d14 = 2 * a14;
  let t0 = a0 * a0 + 38 * (d1 * a15 + d2 * a14 + d3 * a13 + d4 * a12 + d5 * a11 + d6 * a10 + d7 * a9 + a8 * a8);
  let t1 = d0 * a1 + 38 * (d2 * a15 + d3 * a14 + d4 * a13 + d5 * a12 + d6 * a11 + d7 * a10 + d8 * a9);
  let t2 = d0 * a2 + a1 * a1 + 38 * (d3 * a15 + d4 * a14 + d5 * a13 + d6 * a12 + d7 * a11 + d8 * a10 + a9 * a9);
  let t3 = d0 * a3 + d1 * a2 + 38 * (d4 * a15 + d5 * a14 + d6 * a13 + d7 * a12 + d8 * a11 + d9 * a10);
  let t4 = d0 * a4 + d1 * a3 + a2 * a2 + 38 * (d5 * a15 + d6 * a14 + d7 * a13 + d8 * a12 + d9 * a11 + a10 * a10);
  let t5 = d0 * a5 + d1 * a4 + d2 * a3 + 38 * (d6 * a15 + d7 * a14 + d8 * a13 + d9 * a12 + d10 * a11);
  let t6 = d0 * a6 + d1 * a5 + d2 * a4 + a3 * a3 + 38 * (d7 * a15 + d8 * a14 + d9 * a13 + d10 * a12 + a11 * a11);
  let t7 = d0 * a7 + d1 * a6 + d2 * a5 + d3 * a4 + 38 * (d8 * a15 + d9 * a14 + d10 * a13 + d11 * a12);
  let t8 = d0 * a8 + d1 * a7 + d2 * a6 + d3 * a5 + a4 * a4 + 38 * (d9 * a15 + d10 * a14 + d11 * a13 + a12 * a12);
  let t9 = d0 * a9 + d1 * a8 + d2 * a7 + d3 * a6 + d4 * a5 + 38 * (d10 * a15 + d11 * a14 + d12 * a13);
  let t10 = d0 * a10 + d1 * a9 + d2 * a8 + d3 * a7 + d4 * a6 + a5 * a5 + 38 * (d11 * a15 + d12 * a14 + a13 * a13);
  let t11 = d0 * a11 + d1 * a10 + d2 * a9 + d3 * a8 + d4 * a7 + d5 * a6 + 38 * (d12 * a15 + d13 * a14);
  let t12 = d0 * a12 + d1 * a11 + d2 * a10 + d3 * a9 + d4 * a8 + d5 * a7 + a6 * a6 + 38 * (d13 * a15 + a14 * a14);
  let t13 = d0 * a13 + d1 * a12 + d2 * a11 + d3 * a10 + d4 * a9 + d5 * a8 + d6 * a7 + 38 * (d14 * a15);
  let t14 = d0 * a14 + d1 * a13 + d2 * a12 + d3 * a11 + d4 * a10 + d5 * a9 + d6 * a8 + a7 * a7 + 38 * (a15 * a15);
  let t15 = d0 * a15 + d1 * a14 + d2 * a13 + d3 * a12 + d4 * a11 + d5 * a10 + d6 * a9 + d7 * a8;
  let c = Math.floor(t0 * INV_RADIX); t0 -= c * RADIX;
  t1 += c; c = Math.floor(t1 * INV_RADIX); t1 -= c * RADIX; t2 += c; c = Math.floor(t2 * INV_RADIX); t2 -= c * RADIX;
  t3 += c; c = Math.floor(t3 * INV_RADIX); t3 -= c * RADIX; t4 += c; c = Math.floor(t4 * INV_RADIX); t4 -= c * RADIX;
  t5 += c; c = Math.floor(t5 * INV_RADIX); t5 -= c * RADIX; t6 += c; c = Math.floor(t6 * INV_RADIX); t6 -= c * RADIX;
  t7 += c; c = Math.floor(t7 * INV_RADIX); t7 -= c * RADIX; t8 += c; c = Math.floor(t8 * INV_RADIX); t8 -= c * RADIX;
  t9 += c; c = Math.floor(t9 * INV_RADIX); t9 -= c * RADIX; t10 += c; c = Math.floor(t10 * INV_RADIX); t10 -= c * RADIX;
  t11 += c; c = Math.floor(t11 * INV_RADIX); t11 -= c * RADIX; t12 += c; c = Math.floor(t12 * INV_RADIX); t12 -= c * RADIX;
  t13 += c; c = Math.floor(t13 * INV_RADIX); t13 -= c * RADIX; t14 += c; c = Math.floor(t14 * INV_RADIX); t14 -= c * RADIX;
  t15 += c; c = Math.floor(t15 * INV_RADIX); t15 -= c * RADIX;
  t0 += 38 * c;
  c = Math.floor(t0 * INV_RADIX); t0 -= c * RADIX;
  t1 += c; c = Math.floor(t1 * INV_RADIX); t1 -= c * RADIX; t2 += c; c = Math.floor(t2 * INV_RADIX); t2 -= c * RADIX;
  t3 += c; c = Math.floor(t3 * INV_RADIX); t3 -= c * RADIX; t4 += c; c = Math.floor(t4 * INV_RADIX); t4 -= c * RADIX;
  t5 += c; c = Math.floor(t5 * INV_RADIX); t5 -= c * RADIX; t6 += c; c = Math.floor(t6 * INV_RADIX); t6 -= c * RADIX;
  t7 += c; c = Math.floor(t7 * INV_RADIX); t7 -= c * RADIX; t8 += c; c = Math.floor(t8 * INV_RADIX); t8 -= c * RADIX;
  t9 += c; c = Math.floor(t9 * INV_RADIX); t9 -= c * RADIX; t10 += c; c = Math.floor(t10 * INV_RADIX); t10 -= c * RADIX;
  t11 += c; c = Math.floor(t11 * INV_RADIX); t11 -= c * RADIX; t12 += c; c = Math.floor(t12 * INV_RADIX); t12 -= c * RADIX;
  t13 += c; c = Math.floor(t13 * INV_RADIX); t13 -= c * RADIX; t14 += c; c = Math.floor(t14 * INV_RADIX); t14 -= c * RADIX;
  t15 += c; c = Math.floor(t15 * INV_RADIX); t15 -= c * RADIX;
  t0 += 38 * c;
  o[0] = t0; o[1] = t1; o[2] = t2; o[3] = t3; o[4] = t4; o[5] = t5; o[6] = t6; o[7] = t7;
  o[8] = t8; o[9] = t9; o[10] = t10; o[11] = t11; o[12] = t12; o[13] = t13; o[14] = t14; o[15] = t15;
}

/**
 * Swaps `a` and `b` when `bit` is 1 and leaves them when it is 0, in constant time: the same
 * operations run either way, with `bit` only as the mask -bit (all ones or all zeros). Limbs must
 * be integers that fit in 32 bits (true of any output of {@link mul} or {@link carry}).
 * RFC 7748 §5: cswap.
 *
 * @example
 * cswap(x2, x3, swap);
 */
export function cswap(a: Fe, b: Fe, bit: number): void {
  const mask = -(bit & 1);
  for (let i = 0; i < LIMBS; i++) {
    const x = mask & ((a[i]! | 0) ^ (b[i]! | 0));
    a[i] = (a[i]! | 0) ^ x;
    b[i] = (b[i]! | 0) ^ x;
  }
}

/** The limbs of p = 2^255 - 19. */
const P: readonly number[] = Object.freeze([0xffed, ...new Array<number>(14).fill(0xffff), 0x7fff]);

/**
 * If t ≥ p, t = t - p; otherwise t is left as is, in constant time (both cases compute t - p and
 * select with a mask). `t` must be normalized: every limb in [0, 2^16).
 */
function subtractPIfAbove(t: Fe): void {
  const m = new Float64Array(LIMBS);
  let borrow = 0;
  for (let i = 0; i < LIMBS; i++) {
    const v = t[i]! - P[i]! + borrow;
    borrow = Math.floor(v * INV_RADIX); // 0 or -1
    m[i] = v - borrow * RADIX;
  }
  // borrow = -1 exactly when t < p: then keep t, else take m.
  const mask = -(1 + borrow);
  for (let i = 0; i < LIMBS; i++) t[i] = (t[i]! | 0) ^ (mask & ((t[i]! | 0) ^ (m[i]! | 0)));
  m.fill(0);
}

/**
 * Encodes `a` as 32 little-endian bytes of its canonical value in [0, p) (RFC 7748 §5:
 * encodeUCoordinate). Four carry passes bring every limb into [0, 2^16), so the value is below
 * 2^256 = 2p + 38; subtracting p when it is at least p, twice, leaves it below p.
 *
 * @example
 * const bytes = pack(x2);
 */
export function pack(a: Fe): Uint8Array {
  let t = new Float64Array(a);
  carry(t);
  carry(t);
  carry(t);
  carry(t);
  subtractPIfAbove(t);
  subtractPIfAbove(t);
  const out = new Uint8Array(32);
  for (let i = 0; i < LIMBS; i++) {
    const v = t[i]!;
    out[2 * i] = v & 0xff;
    out[2 * i + 1] = v >>> 8;
  }
  t.fill(0);
  return out;
}

/**
 * Decodes 32 little-endian bytes into a field element, clearing the most significant bit
 * (RFC 7748 §5: decodeUCoordinate; "implementations of X25519 MUST mask the most significant
 * bit"). Values in [p, 2^255) are accepted as they are: they are non-canonical but valid (§5).
 *
 * @example
 * const u = unpack(peerShare);
 */
export function unpack(bytes: Uint8Array): Fe {
  const o = new Float64Array(LIMBS);
  for (let i = 0; i < LIMBS; i++) o[i] = bytes[2 * i]! + bytes[2 * i + 1]! * 256;
  o[LIMBS - 1]! &= 0x7fff;
  return o;
}

/** o = a^(2^n), by n squarings. */
function squareTimes(o: Fe, a: Fe, n: number): void {
  square(o, a);
  for (let i = 1; i < n; i++) square(o, o);
}

/**
 * o = z^(p-2) = z⁻¹ mod p (Fermat; 0 maps to 0), by a fixed addition chain: 254 squarings and 11
 * multiplications, the same for every z (RFC 7748 §5: "x_2 * (z_2^(p - 2))").
 *
 * p - 2 = 2^255 - 21 = (2^250 - 1)·2^5 + 11; writing e_n for z^(2^n - 1), e_2n = e_n^(2^n)·e_n.
 *
 * @example
 * invert(zi, z2);
 */
export function invert(o: Fe, z: Fe): void {
  const z2 = fe();
  const z9 = fe();
  const z11 = fe();
  const e = fe(); // the running e_n
  const e10 = fe();
  const e50 = fe();
  let t = fe();
  square(z2, z); // z^2
  squareTimes(t, z2, 2); // z^8
  mul(z9, t, z); // z^9
  mul(z11, z9, z2); // z^11
  square(t, z11); // z^22
  mul(e, t, z9); // e_5 = z^31
  squareTimes(t, e, 5);
  mul(e10, t, e); // e_10
  squareTimes(t, e10, 10);
  mul(e, t, e10); // e_20
  squareTimes(t, e, 20);
  mul(e, t, e); // e_40
  squareTimes(t, e, 10);
  mul(e50, t, e10); // e_50
  squareTimes(t, e50, 50);
  mul(e, t, e50); // e_100
  squareTimes(t, e, 100);
  mul(e, t, e); // e_200
  squareTimes(t, e, 50);
  mul(e, t, e50); // e_250
  squareTimes(t, e, 5);
  mul(o, t, z11); // z^((2^250 - 1)·2^5 + 11)
  for (const x of [z2, z9, z11, e, e10, e50, t]) x.fill(0);
}

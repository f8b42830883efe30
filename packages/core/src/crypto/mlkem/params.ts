/**
 * ML-KEM-768's parameters (FIPS 203 §8, Table 2: k = 3, η1 = η2 = 2, du = 10, dv = 4) and the
 * arithmetic of Z_q, q = 3329, shared by the NTT, the samplers and the codecs.
 *
 * Coefficients are kept reduced, in [0, q), in Uint16Arrays. Sums are reduced without a branch
 * (the sign bit of an int32 masks q in); products are reduced with `%` on int32 operands (V8's
 * optimizing compiler turns a remainder by a constant into multiplications). Divisions of secret
 * values by q (Compress_d, §4.2.1) use an exact multiply-and-shift instead of a division, whose
 * time may depend on its operands (the KyberSlash timing attacks on the reference code's
 * Compress). JavaScript guarantees no constant time; this is the best it offers.
 */

/** The ring's degree n and modulus q (FIPS 203 §2.4). */
export const N = 256;
export const Q = 3329;
/** The module rank k of ML-KEM-768 (Table 2). */
export const K = 3;
/** Compression widths of the ciphertext's u and v (Table 2). */
export const DU = 10;
export const DV = 4;

/** Byte lengths (FIPS 203 Table 3): encapsulation key, ciphertext, shared secret, seed d ‖ z. */
export const EK_BYTES = 384 * K + 32; // 1184
export const CT_BYTES = 32 * (DU * K + DV); // 1088
export const SS_BYTES = 32;
export const SEED_BYTES = 64;

/** A polynomial of R_q (or of T_q, in NTT form): 256 coefficients in [0, q). */
export type Poly = Uint16Array;

/** A fresh zero polynomial. @example const f = poly(); f.length; // 256 */
export function poly(): Poly {
  return new Uint16Array(N);
}

/**
 * `count` fresh zero polynomials, views of one array: one backing store where `count` calls of
 * {@link poly} would make `count` (each an off-heap allocation the garbage collector then tracks,
 * most of the allocation cost of a key generation).
 *
 * @example
 * const [y0, y1, y2] = polys(3);
 */
export function polys(count: number): Poly[] {
  const all = new Uint16Array(N * count);
  const out: Poly[] = [];
  for (let i = 0; i < count; i++) out.push(all.subarray(i * N, (i + 1) * N));
  return out;
}

/** a + b mod q, for a, b in [0, q). @example addq(3000, 1000); // 671 */
export function addq(a: number, b: number): number {
  const r = a + b - Q;
  return r + ((r >> 31) & Q);
}

/** a − b mod q, for a, b in [0, q). @example subq(1, 2); // 3328 */
export function subq(a: number, b: number): number {
  const r = a - b;
  return r + ((r >> 31) & Q);
}

/** ⌈2^40 / q⌉: floor(x · M / 2^40) = floor(x / q) for every integer 0 ≤ x < 2^23 (checked exhaustively). */
const DIV_M = 330282857;
const TWO_40 = 2 ** 40;

/**
 * floor(x / q) for an integer 0 ≤ x < 2^23 by one exact multiplication (x · M < 2^53) and a
 * power-of-two scaling, so its time does not depend on x.
 *
 * @example divq(3329 * 7 + 5); // 7
 */
export function divq(x: number): number {
  return Math.floor((x * DIV_M) / TWO_40);
}

/** The 7-bit bit reversal BitRev_7 (§4.3). */
function bitRev7(i: number): number {
  let r = 0;
  for (let b = 0; b < 7; b++) r |= ((i >> b) & 1) << (6 - b);
  return r;
}

/** 17^e mod q (17 is the primitive 256th root of unity ζ of §4.3). */
function zetaPow(e: number): number {
  let r = 1;
  for (let i = 0; i < e; i++) r = (r * 17) % Q;
  return r;
}

/** ζ^BitRev_7(i) mod q, i = 0..127: the NTT's twiddle factors (§4.3, Algorithms 9 and 10; Appendix A). */
export const ZETAS: Uint16Array = Uint16Array.from({ length: 128 }, (_, i) => zetaPow(bitRev7(i)));
/** ζ^(2·BitRev_7(i)+1) mod q, i = 0..127: the base-case moduli γ of MultiplyNTTs (§4.3.1, Algorithm 11; Appendix A). */
export const GAMMAS: Uint16Array = Uint16Array.from({ length: 128 }, (_, i) => zetaPow(2 * bitRev7(i) + 1));

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
 * Copies `a` into `o`.
 *
 * @example
 * copy(x3, x1);
 */
export function copy(o: Fe, a: Fe): void {
  o.set(a);
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
    c = Math.floor(v / RADIX);
    o[i] = v - c * RADIX;
  }
  o[0]! += 38 * c;
}

/**
 * o = a · b mod p (schoolbook product, fold of limbs 16..30 with 2^256 ≡ 38, two carry passes).
 *
 * @example
 * mul(da, d, a);
 */
export function mul(o: Fe, a: Fe, b: Fe): void {
  const t = new Float64Array(2 * LIMBS - 1);
  for (let i = 0; i < LIMBS; i++) {
    const ai = a[i]!;
    for (let j = 0; j < LIMBS; j++) t[i + j]! += ai * b[j]!;
  }
  for (let i = 0; i < LIMBS - 1; i++) t[i]! += 38 * t[i + LIMBS]!;
  for (let i = 0; i < LIMBS; i++) o[i] = t[i]!;
  carry(o);
  carry(o);
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
 * o = a² mod p.
 *
 * @example
 * square(aa, a);
 */
export function square(o: Fe, a: Fe): void {
  mul(o, a, a);
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
    borrow = Math.floor(v / RADIX); // 0 or -1
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
  const t = new Float64Array(a);
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
  const t = fe();
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

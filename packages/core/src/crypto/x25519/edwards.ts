/**
 * Point arithmetic on edwards25519, -x² + y² = 1 + d·x²·y² over GF(2^255 - 19) (RFC 8032 §5.1),
 * for the fixed-base multiplication of `base.ts`. It uses the field of `field.ts`.
 *
 * Points are in extended homogeneous coordinates (X:Y:Z:T), x = X/Z, y = Y/Z, x·y = T/Z
 * (RFC 8032 §5.1.4). The addition and doubling formulas are those of §5.1.4, which are complete
 * for a = -1 and non-square d: they hold for every pair of points, equal or not, identity or not,
 * so no case is ever tested and nothing branches on a coordinate.
 *
 * A precomputed point is kept as a {@link Cached} triple (y + x, y - x, 2·d·x·y) with Z = 1, so
 * adding it costs 7 multiplications ({@link addCached}).
 *
 * Every function writes its result to its first argument, which may alias an input. There is no
 * module-level mutable state: the constants below are frozen number arrays, copied by {@link fe}.
 */
import { add, type Fe, fe, mul, square, sub } from './field.js';

/** d = -121665/121666 mod p (RFC 8032 §5.1), in 16-bit limbs. */
export const D: readonly number[] = Object.freeze([
  0x78a3, 0x1359, 0x4dca, 0x75eb, 0xd8ab, 0x4141, 0x0a4d, 0x0070,
  0xe898, 0x7779, 0x4079, 0x8cc7, 0xfe73, 0x2b6f, 0x6cee, 0x5203,
]);

/** 2·d mod p, in 16-bit limbs. */
export const D2: readonly number[] = Object.freeze([
  0xf159, 0x26b2, 0x9b94, 0xebd6, 0xb156, 0x8283, 0x149a, 0x00e0,
  0xd130, 0xeef3, 0x80f2, 0x198e, 0xfce7, 0x56df, 0xd9dc, 0x2406,
]);

/** The x-coordinate of the base point B (RFC 8032 §5.1: X(P), the even root). */
export const BASE_X: readonly number[] = Object.freeze([
  0xd51a, 0x8f25, 0x2d60, 0xc956, 0xa7b2, 0x9525, 0xc760, 0x692c,
  0xdc5c, 0xfdd6, 0xe231, 0xc0a4, 0x53fe, 0xcd6e, 0x36d3, 0x2169,
]);

/** The y-coordinate of B, 4/5 mod p (RFC 8032 §5.1: Y(P)). */
export const BASE_Y: readonly number[] = Object.freeze([
  0x6658, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666,
  0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666, 0x6666,
]);

/** A point in extended coordinates (X:Y:Z:T) with T·Z = X·Y (RFC 8032 §5.1.4). */
export interface Point {
  readonly X: Fe;
  readonly Y: Fe;
  readonly Z: Fe;
  readonly T: Fe;
}

/** An affine point (x, y) kept as (y + x, y - x, 2·d·x·y), ready for {@link addCached}. */
export interface Cached {
  readonly ypx: Fe;
  readonly ymx: Fe;
  readonly t2d: Fe;
}

/**
 * A new point, the identity (0:1:1:0) unless coordinates are given.
 *
 * @example
 * const q = point();
 */
export function point(x?: ArrayLike<number>, y?: ArrayLike<number>): Point {
  const X = fe(x);
  const Y = fe(y ?? [1]);
  const T = fe();
  mul(T, X, Y);
  return { X, Y, Z: fe([1]), T };
}

/**
 * The base point B (RFC 8032 §5.1) in extended coordinates, a fresh copy.
 *
 * @example
 * const b = basePoint();
 */
export function basePoint(): Point {
  return point(BASE_X, BASE_Y);
}

/** o = p, coordinate by coordinate. */
export function copyPoint(o: Point, p: Point): void {
  o.X.set(p.X);
  o.Y.set(p.Y);
  o.Z.set(p.Z);
  o.T.set(p.T);
}

/** Scratch for the formulas below: eight field elements, owned by one caller. */
export type Scratch = readonly [Fe, Fe, Fe, Fe, Fe, Fe, Fe, Fe];

/**
 * Fresh scratch space for {@link addPoints}, {@link addCached} and {@link double}.
 *
 * @example
 * const s = scratch();
 */
export function scratch(): Scratch {
  return [fe(), fe(), fe(), fe(), fe(), fe(), fe(), fe()];
}

/** Zeroes every element of `s`. */
export function wipeScratch(s: Scratch): void {
  for (const x of s) x.fill(0);
}

/**
 * Writes X3 = E·F, Y3 = G·H, T3 = E·H, Z3 = F·G, the common tail of the §5.1.4 formulas.
 */
function finish(o: Point, e: Fe, f: Fe, g: Fe, h: Fe): void {
  mul(o.X, e, f);
  mul(o.Y, g, h);
  mul(o.T, e, h);
  mul(o.Z, f, g);
}

/**
 * o = p + q, both in extended coordinates (RFC 8032 §5.1.4, "point addition"):
 * A = (Y1-X1)·(Y2-X2), B = (Y1+X1)·(Y2+X2), C = T1·2·d·T2, D = Z1·2·Z2, E = B-A, F = D-C,
 * G = D+C, H = B+A.
 *
 * `d2` is 2·d as a field element (`fe(D2)`), passed in so that no call allocates.
 *
 * @example
 * addPoints(r, r, p, fe(D2), s);
 */
export function addPoints(o: Point, p: Point, q: Point, d2: Fe, s: Scratch): void {
  const [a, b, c, d, e, f, g, h] = s;
  sub(e, p.Y, p.X);
  sub(f, q.Y, q.X);
  mul(a, e, f);
  add(e, p.Y, p.X);
  add(f, q.Y, q.X);
  mul(b, e, f);
  mul(c, p.T, q.T);
  mul(c, c, d2);
  mul(d, p.Z, q.Z);
  add(d, d, d);
  sub(e, b, a);
  sub(f, d, c);
  add(g, d, c);
  add(h, b, a);
  finish(o, e, f, g, h);
}

/**
 * o = p + q for a {@link Cached} q (Z2 = 1): the addition of {@link addPoints} with
 * (Y2-X2), (Y2+X2) and 2·d·T2 read from the table, and D = 2·Z1. Seven multiplications.
 *
 * @example
 * addCached(acc, acc, entry, s);
 */
export function addCached(o: Point, p: Point, q: Cached, s: Scratch): void {
  const [a, b, c, d, e, f, g, h] = s;
  sub(e, p.Y, p.X);
  mul(a, e, q.ymx);
  add(e, p.Y, p.X);
  mul(b, e, q.ypx);
  mul(c, p.T, q.t2d);
  add(d, p.Z, p.Z);
  sub(e, b, a);
  sub(f, d, c);
  add(g, d, c);
  add(h, b, a);
  finish(o, e, f, g, h);
}

/**
 * o = 2·p (RFC 8032 §5.1.4, "point doubling"): A = X1², B = Y1², C = 2·Z1², H = A+B,
 * E = H-(X1+Y1)², G = A-B, F = C+G. T1 is not read.
 *
 * @example
 * double(q, q, s);
 */
export function double(o: Point, p: Point, s: Scratch): void {
  const [a, b, c, , e, f, g, h] = s;
  square(a, p.X);
  square(b, p.Y);
  square(c, p.Z);
  add(c, c, c);
  add(h, a, b);
  add(e, p.X, p.Y);
  square(e, e);
  sub(e, h, e);
  sub(g, a, b);
  add(f, c, g);
  finish(o, e, f, g, h);
}

/**
 * Points of P-256, y² = x³ - 3x + b over GF(p) (SEC 2 §2.4.2), in Jacobian coordinates: (X, Y, Z)
 * stands for the affine (X/Z², Y/Z³); the point at infinity is a flag, not Z = 0, so no
 * operation has to test Z. The formulas are the standard ones for a = -3 (Explicit-Formulas
 * Database): doubling "dbl-2001-b" (3M + 5S, using 3(X - Z²)(X + Z²) = 3X² - 3Z⁴ = 3X² + aZ⁴),
 * mixed addition with an affine point (8M + 3S) and full addition (12M + 4S), each checking for
 * the exceptional cases P = ±Q, which those formulas do not cover.
 *
 * VARIABLE TIME, ON PURPOSE: these operations branch on coordinates (the exceptional cases, the
 * infinity flag) and are meant only for ECDSA verification, where every input (the public key,
 * the signature, the digest, the generator) is public. Do not use them with secret scalars.
 *
 * Limb bounds (see `field.ts`; a unit is the 2^16 + 32 bound of a product's limbs): every
 * coordinate written here is a small combination of products, at most 9 units (X' = α² - 8β), so
 * the largest product input, 3(X - δ) in the doubling, is at most 30 units, under the 2^21 (32
 * units) the field accepts.
 */
import { add, copy, type Fe, fe, isZero, lin, neg, sub, sub2 } from './field.js';
import { mul, square } from './field_mul.js';

/**
 * A point in Jacobian coordinates, or the point at infinity when `inf` is set (then x, y, z mean
 * nothing). Mutable: the operations below update it in place.
 *
 * @example
 * const acc = jacobian(); // the point at infinity
 */
export interface Jacobian {
  readonly x: Fe;
  readonly y: Fe;
  readonly z: Fe;
  inf: boolean;
}

/** An affine point (never the point at infinity), coordinates canonical. */
export interface Affine {
  readonly x: Fe;
  readonly y: Fe;
}

/** 16-bit limbs, least significant first, of a 64-digit big-endian hex constant. */
export function hexLimbs(hex: string): readonly number[] {
  const limbs: number[] = [];
  for (let i = 15; i >= 0; i--) limbs.push(parseInt(hex.slice(4 * i, 4 * i + 4), 16));
  return Object.freeze(limbs);
}

/** The base point G (SEC 2 §2.4.2). */
const G_X = hexLimbs('6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296');
const G_Y = hexLimbs('4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5');

/**
 * A fresh copy of the base point G (a new object each call: nothing shared is mutable).
 *
 * @example
 * const g = basePoint();
 */
export function basePoint(): Affine {
  return { x: fe(G_X), y: fe(G_Y) };
}

/**
 * A new Jacobian point: the point at infinity, or the affine point given (Z = 1).
 *
 * @example
 * const q = jacobian(affineQ);
 */
export function jacobian(a?: Affine): Jacobian {
  const p: Jacobian = { x: fe(), y: fe(), z: fe(), inf: a === undefined };
  if (a !== undefined) setAffine(p, a.x, a.y);
  return p;
}

/**
 * p = the affine point (x, y), Z = 1.
 *
 * @example
 * setAffine(acc, q.x, q.y);
 */
export function setAffine(p: Jacobian, x: Fe, y: Fe): void {
  copy(p.x, x);
  copy(p.y, y);
  p.z.fill(0);
  p.z[0] = 1;
  p.inf = false;
}

/**
 * Copies q into p.
 *
 * @example
 * copyPoint(t, acc);
 */
export function copyPoint(p: Jacobian, q: Jacobian): void {
  copy(p.x, q.x);
  copy(p.y, q.y);
  copy(p.z, q.z);
  p.inf = q.inf;
}

/**
 * Scratch field elements for the point operations, allocated once per caller (a verification or
 * a table build) so that the hot loops allocate nothing.
 *
 * @example
 * const t = new Temps(); dbl(acc, t);
 */
export class Temps {
  readonly a = fe();
  readonly b = fe();
  readonly c = fe();
  readonly d = fe();
  readonly e = fe();
  readonly f = fe();
  readonly g = fe();
  readonly h = fe();
  readonly ny = fe();
  /** Scratch for {@link isZero} and {@link eq}. */
  readonly s = fe();
  /** Scratch for {@link addJacobian}. */
  readonly q: CachedPoint = { x: fe(), y: fe(), z: fe(), zz: fe(), zzz: fe() };
}

/**
 * p = 2p in place, "dbl-2001-b" for a = -3: δ = Z², γ = Y², β = Xγ, α = 3(X - δ)(X + δ),
 * X' = α² - 8β, Z' = (Y + Z)² - γ - δ, Y' = α(4β - X') - 8γ². Infinity stays infinity; a point
 * with Y = 0 would give Z' = 0 but P-256 has none (its order n is odd).
 *
 * @example
 * dbl(acc, t);
 */
export function dbl(p: Jacobian, t: Temps): void {
  if (p.inf) return;
  const { x, y, z } = p;
  const delta = t.a, gamma = t.b, beta = t.c, alpha = t.d, u = t.e;
  square(delta, z);
  square(gamma, y);
  mul(beta, x, gamma);
  lin(u, x, 3, delta, -3);
  add(alpha, x, delta);
  mul(alpha, u, alpha); // α = 3(X - δ)(X + δ)
  add(u, y, z);
  square(u, u);
  sub2(z, u, gamma, delta, 1); // Z' (z is no longer needed)
  square(x, alpha);
  lin(x, x, 1, beta, -8); // X'
  lin(u, beta, 4, x, -1);
  mul(u, alpha, u);
  square(gamma, gamma);
  lin(y, u, 1, gamma, -8); // Y'
}

/**
 * p = p + (ax, ay) in place, the affine point (ax, ay) not infinity (Z₂ = 1): U₂ = ax·Z₁²,
 * S₂ = ay·Z₁³, H = U₂ - X₁, R = S₂ - Y₁, X' = R² - H³ - 2X₁H², Y' = R(X₁H² - X') - Y₁H³,
 * Z' = Z₁H. H = 0 means the x-coordinates agree: the points are equal (R = 0: double) or
 * opposite (the sum is infinity). With `negate`, adds (ax, -ay) (SEC 1 §2.2.1: -P = (x, -y)).
 *
 * @example
 * addAffine(acc, table.x[i], table.y[i], digit < 0, t);
 */
export function addAffine(p: Jacobian, ax: Fe, ay: Fe, negate: boolean, t: Temps): void {
  if (negate) {
    neg(t.ny, ay);
    ay = t.ny;
  }
  if (p.inf) {
    setAffine(p, ax, ay);
    return;
  }
  const { x, y, z } = p;
  const zz = t.a, h = t.b, r = t.c, hh = t.d, hhh = t.e, v = t.f;
  square(zz, z);
  mul(h, ax, zz);
  sub(h, h, x);
  mul(r, zz, z);
  mul(r, r, ay);
  sub(r, r, y);
  if (isZero(h, t.s)) {
    if (isZero(r, t.s)) {
      setAffine(p, ax, ay);
      dbl(p, t);
    } else p.inf = true;
    return;
  }
  square(hh, h);
  mul(hhh, hh, h);
  mul(v, x, hh);
  mul(z, z, h); // Z'
  square(x, r);
  sub2(x, x, hhh, v, 2); // X'
  mul(hhh, y, hhh);
  sub(v, v, x);
  mul(v, r, v);
  sub(y, v, hhh); // Y'
}

/**
 * A Jacobian point (not infinity) with Z² and Z³ kept alongside, for a table that is added from
 * many times: each addition then saves a squaring and a product.
 */
export interface CachedPoint {
  readonly x: Fe;
  readonly y: Fe;
  readonly z: Fe;
  readonly zz: Fe;
  readonly zzz: Fe;
}

/**
 * c = q with Z² and Z³ cached (q must not be infinity); a new CachedPoint when c is omitted.
 *
 * @example
 * const c = cached(q3);
 */
export function cached(q: Jacobian, c: CachedPoint = { x: fe(), y: fe(), z: fe(), zz: fe(), zzz: fe() }): CachedPoint {
  copy(c.x, q.x);
  copy(c.y, q.y);
  copy(c.z, q.z);
  square(c.zz, q.z);
  mul(c.zzz, c.zz, q.z);
  return c;
}

/**
 * p = p + q in place (p may be infinity, q is not): U₁ = X₁Z₂², U₂ = X₂Z₁², S₁ = Y₁Z₂³,
 * S₂ = Y₂Z₁³, H = U₂ - U₁, R = S₂ - S₁, X' = R² - H³ - 2U₁H², Y' = R(U₁H² - X') - S₁H³,
 * Z' = Z₁Z₂H; the exceptional case H = 0 as in {@link addAffine}. With `negate`, adds -q.
 *
 * @example
 * addCached(acc, table[i], digit < 0, t);
 */
export function addCached(p: Jacobian, q: CachedPoint, negate: boolean, t: Temps): void {
  let qy = q.y;
  if (negate) {
    neg(t.ny, qy);
    qy = t.ny;
  }
  const { x, y, z } = p;
  if (p.inf) {
    copy(x, q.x);
    copy(y, qy);
    copy(z, q.z);
    p.inf = false;
    return;
  }
  const z1z1 = t.a, u1 = t.c, h = t.d, s1 = t.e, r = t.f, hh = t.g, hhh = t.h;
  square(z1z1, z);
  mul(u1, x, q.zz);
  mul(h, q.x, z1z1);
  sub(h, h, u1);
  mul(s1, y, q.zzz);
  mul(r, z, z1z1);
  mul(r, r, qy);
  sub(r, r, s1);
  if (isZero(h, t.s)) {
    if (isZero(r, t.s)) dbl(p, t);
    else p.inf = true;
    return;
  }
  square(hh, h);
  mul(hhh, hh, h);
  mul(u1, u1, hh); // V = U₁H²
  mul(z, z, q.z);
  mul(z, z, h); // Z'
  square(x, r);
  sub2(x, x, hhh, u1, 2); // X'
  mul(hhh, s1, hhh);
  sub(u1, u1, x);
  mul(u1, r, u1);
  sub(y, u1, hhh); // Y'
}

/**
 * p = p + q in place for Jacobian points, either of them possibly infinity ({@link addCached}
 * with Z₂², Z₂³ computed here).
 *
 * @example
 * addJacobian(acc, q3, t);
 */
export function addJacobian(p: Jacobian, q: Jacobian, t: Temps): void {
  if (q.inf) return;
  addCached(p, cached(q, t.q), false, t);
}

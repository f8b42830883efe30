/**
 * Affine points of P-256 (SEC 2 §2.4.2): the batch conversion from Jacobian coordinates (one
 * field inversion for many points), the curve equation check, and SEC 1 point decoding
 * (§2.3.4), for the tables and public keys of the verifier. Variable time: public data only.
 */
import { copy, eq, type Fe, fe, fromBytes, lin, neg, reduce } from './field.js';
import { mul, square } from './field_mul.js';
import { invert, sqrt } from './field_pow.js';
import { type Affine, hexLimbs, type Jacobian } from './point.js';

/** Curve coefficient b (SEC 2 §2.4.2). */
const B = hexLimbs('5ac635d8aa3a93e7b3ebbd55769886bc651d06b0cc53b0f63bce3c3e27d2604b');

/**
 * The affine forms of Jacobian points, none of them infinity, with one field inversion for all
 * (Montgomery's trick: invert the product of the Z's, then peel each 1/Z off it), canonical.
 *
 * @example
 * const affine = toAffineBatch([q, q3, q5]);
 */
export function toAffineBatch(points: readonly Jacobian[]): Affine[] {
  const n = points.length;
  const prefix: Fe[] = [];
  let acc = fe([1]);
  for (let i = 0; i < n; i++) {
    const c = fe();
    mul(c, acc, points[i]!.z);
    prefix.push(c);
    acc = c;
  }
  const inv = fe();
  if (n > 0) invert(inv, acc);
  const out: Affine[] = new Array<Affine>(n);
  const zi = fe(), zi2 = fe();
  for (let i = n - 1; i >= 0; i--) {
    const p = points[i]!;
    if (i > 0) {
      mul(zi, inv, prefix[i - 1]!);
      mul(inv, inv, p.z);
    } else copy(zi, inv);
    const x = fe(), y = fe();
    square(zi2, zi);
    mul(x, p.x, zi2);
    mul(zi2, zi2, zi);
    mul(y, p.y, zi2);
    reduce(x, x);
    reduce(y, y);
    out[i] = { x, y };
  }
  return out;
}

/**
 * Whether (x, y) satisfies y² = x³ - 3x + b (SEC 1 §3.2.2.1 step 3; FIPS 186-5 §6.4.2 requires
 * a valid public key, and SP 800-186 / SEC 1 the full validation for curves of cofactor 1:
 * coordinates in range, on the curve, not infinity; nQ = O then follows from h = 1).
 *
 * @example
 * if (!isOnCurve(x, y)) return undefined;
 */
export function isOnCurve(x: Fe, y: Fe): boolean {
  const lhs = fe(), rhs = fe();
  square(lhs, y);
  curveRhs(rhs, x);
  return eq(lhs, rhs);
}

/** o = x³ - 3x + b. */
function curveRhs(o: Fe, x: Fe): void {
  square(o, x);
  mul(o, o, x);
  lin(o, o, 1, x, -3);
  for (let i = 0; i < 16; i++) o[i]! += B[i]!;
}

/**
 * Decodes and validates a public key (SEC 1 §2.3.4 Octet-String-to-Elliptic-Curve-Point, then
 * §3.2.2.1 validation): 65 bytes 0x04 ‖ x ‖ y, or 33 bytes 0x02/0x03 ‖ x (y recovered as a square
 * root, its parity from the prefix). `undefined` for anything else: wrong length or prefix, a
 * coordinate ≥ p, a point not on the curve, the point at infinity (0x00, which is never a valid
 * key).
 *
 * @example
 * const q = decodePoint(spkiPoint); if (q === undefined) return false;
 */
export function decodePoint(bytes: Uint8Array): Affine | undefined {
  const tag = bytes[0];
  if (bytes.length === 65 && tag === 0x04) {
    const x = fromBytes(bytes.subarray(1, 33));
    const y = fromBytes(bytes.subarray(33, 65));
    if (x === undefined || y === undefined || !isOnCurve(x, y)) return undefined;
    return { x, y };
  }
  if (bytes.length === 33 && (tag === 0x02 || tag === 0x03)) {
    const x = fromBytes(bytes.subarray(1, 33));
    if (x === undefined) return undefined;
    const rhs = fe(), y = fe(), y2 = fe();
    curveRhs(rhs, x);
    sqrt(y, rhs);
    square(y2, y);
    if (!eq(y2, rhs)) return undefined; // x³ - 3x + b is not a square: no point with this x
    reduce(y, y);
    if ((y[0]! & 1) !== (tag & 1)) {
      neg(y, y);
      reduce(y, y);
    }
    return { x, y };
  }
  return undefined;
}

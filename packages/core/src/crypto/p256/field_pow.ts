/**
 * Inversion and square roots in GF(p) for P-256, by fixed addition chains over the exponents
 * p - 2 (Fermat) and (p + 1)/4 (p ≡ 3 mod 4): about 255 squarings and a dozen products each.
 */
import { type Fe, fe } from './field.js';
import { mul, square } from './field_mul.js';

/** o = a^(2^k) by k squarings (k ≥ 1). */
function sqn(o: Fe, a: Fe, k: number): void {
  square(o, a);
  for (let i = 1; i < k; i++) square(o, o);
}

/**
 * The chain's shared start: x_k = z^(2^k - 1) for k = 30 and 32, which both exponents below are
 * built from (x_2k = x_k^(2^k)·x_k and friends).
 */
function ones(z: Fe): { x30: Fe; x32: Fe } {
  const x2 = fe(), x3 = fe(), x6 = fe(), x12 = fe(), x15 = fe(), x30 = fe(), x32 = fe();
  square(x2, z); mul(x2, x2, z);
  square(x3, x2); mul(x3, x3, z);
  sqn(x6, x3, 3); mul(x6, x6, x3);
  sqn(x12, x6, 6); mul(x12, x12, x6);
  sqn(x15, x12, 3); mul(x15, x15, x3);
  sqn(x30, x15, 15); mul(x30, x30, x15);
  sqn(x32, x30, 2); mul(x32, x32, x2);
  return { x30, x32 };
}

/**
 * o = z^(p-2) = z⁻¹ (Fermat; 0 maps to 0). p - 2 in binary is 32 ones, 31 zeros, a one, 96
 * zeros, 94 ones, a zero and a one; the chain follows it: about 255 squarings and 13 products.
 *
 * @example
 * invert(zInv, z);
 */
export function invert(o: Fe, z: Fe): void {
  const { x30, x32 } = ones(z);
  const t = fe();
  sqn(t, x32, 32); mul(t, t, z); // 32 ones, 31 zeros, 1
  sqn(t, t, 96 + 32); mul(t, t, x32);
  sqn(t, t, 32); mul(t, t, x32);
  sqn(t, t, 30); mul(t, t, x30); // ... 94 ones
  sqn(t, t, 2); mul(o, t, z); // ... 0 1
}

/**
 * o = a square root of z when z is a square (then o² ≡ z), by o = z^((p+1)/4), valid since
 * p ≡ 3 (mod 4) (SEC 1 §2.3.4 step 2.4.2 for point decompression). The caller checks o² ≡ z.
 *
 * @example
 * sqrt(y, rhs); if (!eq(ysq, rhs)) return undefined;
 */
export function sqrt(o: Fe, z: Fe): void {
  const { x32 } = ones(z);
  const t = fe();
  sqn(t, x32, 32); mul(t, t, z); // (p+1)/4 = 32 ones, 31 zeros, 1, 95 zeros, 1, 94 zeros
  sqn(t, t, 96); mul(t, t, z);
  sqn(o, t, 94);
}

/**
 * ML-KEM's samplers (FIPS 203 §4.2.2): SampleNTT (Algorithm 7), the uniform polynomials of the
 * matrix Â from SHAKE128, and SamplePolyCBD_2 (Algorithm 8 with η = 2), the noise polynomials
 * from SHAKE256.
 */
import type { MlKemHashes } from './hashes.js';
import { N, poly, Q, subq, type Poly } from './params.js';

/**
 * SHAKE128 output drawn for one polynomial of Â: three blocks of its 168-byte rate, 336
 * candidates for the 256 coefficients; each is accepted with probability q / 4096 ≈ 0.81, so
 * about 0.7% of polynomials need more, which {@link sampleNtt} then draws.
 */
const FIRST_DRAW = 3 * 168;

/**
 * SampleNTT(ρ ‖ j ‖ i) (Algorithm 7): rejection sampling of 12-bit values below q from the
 * SHAKE128 stream of the 34-byte `seed`. The stream is drawn in one piece; in the rare case it
 * runs out, a longer piece is drawn (its prefix is the same stream) and the sampling goes on where
 * it stopped. The data are public (ρ is in the encapsulation key), so the variable work leaks nothing.
 *
 * Every coefficient of `a` is written.
 *
 * @example
 * const a01 = sampleNtt(hashes, concatBytes(rho, Uint8Array.of(1, 0))); // Â[0,1]
 */
export function sampleNtt(hashes: MlKemHashes, seed: Uint8Array, a: Poly = poly()): Poly {
  let j = 0;
  let at = 0;
  for (let drawn = FIRST_DRAW; ; drawn *= 2) {
    const c = hashes.shake128(seed, drawn);
    for (; j < N && at + 3 <= drawn; at += 3) {
      const d1 = c[at]! | ((c[at + 1]! & 0x0f) << 8);
      const d2 = (c[at + 1]! >> 4) | (c[at + 2]! << 4);
      if (d1 < Q) a[j++] = d1;
      if (d2 < Q && j < N) a[j++] = d2;
    }
    if (j === N) return a;
  }
}

/**
 * SamplePolyCBD_2(B) (Algorithm 8, η = 2) of the 128 bytes `b`: coefficient i is
 * (b_{4i} + b_{4i+1}) − (b_{4i+2} + b_{4i+3}) mod q over the bits of B, little-endian within
 * each byte (BytesToBits, Algorithm 3). No branch on the (secret) bits. Every coefficient of `f`
 * is written.
 *
 * @example
 * const e = cbd2(hashes.shake256(concatBytes(sigma, Uint8Array.of(3)), 128));
 */
export function cbd2(b: Uint8Array, f: Poly = poly()): Poly {
  for (let i = 0; i < N / 2; i++) {
    const t = b[i]!;
    // Pairwise bit sums: bits (0,1), (2,3), (4,5), (6,7) of t, two bits each.
    const d = (t & 0x55) + ((t >> 1) & 0x55);
    f[2 * i] = subq(d & 3, (d >> 2) & 3);
    f[2 * i + 1] = subq((d >> 4) & 3, (d >> 6) & 3);
  }
  return f;
}

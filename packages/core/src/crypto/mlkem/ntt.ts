/**
 * The number-theoretic transform of ML-KEM (FIPS 203 §4.3): NTT (Algorithm 9), its inverse
 * (Algorithm 10) and the sum of products in T_q (MultiplyNTTs, Algorithms 11 and 12, summed over
 * a vector with one reduction per coefficient).
 */
import { addq, GAMMAS, N, Q, subq, ZETAS, type Poly } from './params.js';

/** 128^-1 mod q = 3303, the inverse NTT's final scaling (Algorithm 10, line 14). */
const N_INV = 3303;

/**
 * f ← NTT(f) in place (Algorithm 9): the seven layers of Cooley–Tukey butterflies.
 *
 * @example
 * const f = poly(); f[0] = 1; ntt(f); // every coefficient of f is now 1
 */
export function ntt(f: Poly): void {
  let k = 1;
  for (let len = 128; len >= 2; len >>= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k++]!;
      for (let j = start; j < start + len; j++) {
        const t = (zeta * f[j + len]!) % Q;
        const a = f[j]!;
        f[j + len] = subq(a, t);
        f[j] = addq(a, t);
      }
    }
  }
}

/**
 * f ← NTT^-1(f) in place (Algorithm 10): Gentleman–Sande butterflies, then the scaling by 128^-1.
 *
 * @example
 * ntt(f); inverseNtt(f); // f is back as it was
 */
export function inverseNtt(f: Poly): void {
  let k = 127;
  for (let len = 2; len <= 128; len <<= 1) {
    for (let start = 0; start < N; start += 2 * len) {
      const zeta = ZETAS[k--]!;
      for (let j = start; j < start + len; j++) {
        const t = f[j]!;
        const u = f[j + len]!;
        f[j] = addq(t, u);
        f[j + len] = (zeta * subq(u, t)) % Q;
      }
    }
  }
  for (let j = 0; j < N; j++) f[j] = (f[j]! * N_INV) % Q;
}

/**
 * out ← Σ_j a[j] ×_{T_q} b[j] (Algorithm 11 for each pair, summed): the inner product of two
 * vectors of NTT-form polynomials. Each of c0 and c1 adds, per pair, two terms of at most 3328²,
 * so with k = 3 pairs every partial sum stays below 2^27, well within int32, and is reduced once
 * at the end. `out` may not alias an input.
 *
 * @example
 * dotNtt(t, [a00, a01, a02], sHat); // t̂[0] = Σ_j Â[0,j] ∘ ŝ[j]
 */
export function dotNtt(out: Poly, a: readonly Poly[], b: readonly Poly[]): void {
  const k = a.length;
  for (let i = 0; i < 128; i++) {
    const gamma = GAMMAS[i]!;
    const e = 2 * i;
    const o = e + 1;
    let c0 = 0;
    let c1 = 0;
    for (let j = 0; j < k; j++) {
      const f = a[j]!;
      const g = b[j]!;
      const f0 = f[e]!;
      const f1 = f[o]!;
      const g0 = g[e]!;
      const g1 = g[o]!;
      // BaseCaseMultiply (Algorithm 12): c0 = f0·g0 + f1·g1·γ, c1 = f0·g1 + f1·g0.
      c0 += f0 * g0 + ((f1 * g1) % Q) * gamma;
      c1 += f0 * g1 + f1 * g0;
    }
    out[e] = c0 % Q;
    out[o] = c1 % Q;
  }
}

/** f ← f + g in place, coefficient-wise mod q. @example addTo(u, e1); */
export function addTo(f: Poly, g: Poly): void {
  for (let i = 0; i < N; i++) f[i] = addq(f[i]!, g[i]!);
}

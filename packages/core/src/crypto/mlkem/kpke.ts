/**
 * K-PKE (FIPS 203 §5), the public-key encryption scheme under ML-KEM: key generation
 * (Algorithm 13), encryption (Algorithm 14) and decryption (Algorithm 15), for ML-KEM-768.
 *
 * The matrix Â is expanded from ρ once per key and kept with it (public data, 4.5 KiB): ML-KEM's
 * decapsulation re-encrypts under the same key (Algorithm 18, line 8), which then costs no second
 * expansion of Â's nine polynomials.
 */
import { encodeMessage, decodeMessage, decodeU, decodeV, encode12, encodeU, encodeV } from './encode.js';
import type { MlKemHashes } from './hashes.js';
import { addTo, dotNtt, inverseNtt, ntt } from './ntt.js';
import { CT_BYTES, EK_BYTES, K, polys, subq, N, type Poly } from './params.js';
import { cbd2, sampleNtt } from './sample.js';

/** A K-PKE encryption key as encryption uses it: t̂ and the expanded Â (row-major, Â[i,j] at i·k + j). */
export interface PkeEncryptionKey {
  readonly tHat: readonly Poly[];
  readonly aHat: readonly Poly[];
}

/** A K-PKE key pair: the encryption key, its encoding ek = ByteEncode_12(t̂) ‖ ρ, and the secret ŝ. */
export interface PkeKeyPair extends PkeEncryptionKey {
  readonly ek: Uint8Array;
  readonly sHat: readonly Poly[];
}

/** PRF_2(s, b) = SHAKE256(s ‖ b, 128) (§4.1, eq. 4.3, η = 2), the noise seed of SamplePolyCBD_2. */
function prf(hashes: MlKemHashes, s: Uint8Array, b: number): Uint8Array {
  const input = new Uint8Array(33);
  input.set(s);
  input[32] = b;
  const out = hashes.shake256(input, 128);
  input.fill(0);
  return out;
}

/** SamplePolyCBD_2(PRF_2(s, b)) into `f`, the noise buffer wiped. */
function noise(hashes: MlKemHashes, s: Uint8Array, b: number, f: Poly): Poly {
  const bytes = prf(hashes, s, b);
  cbd2(bytes, f);
  bytes.fill(0);
  return f;
}

/**
 * Â's k² polynomials from ρ (Algorithm 13, lines 3–7): Â[i,j] = SampleNTT(ρ ‖ j ‖ i), into `a`
 * (k² polynomials) or new ones.
 *
 * @example
 * const aHat = expandA(hashes, ek.subarray(1152)); // 9 polynomials
 */
export function expandA(hashes: MlKemHashes, rho: Uint8Array, a: Poly[] = polys(K * K)): Poly[] {
  const seed = new Uint8Array(34);
  seed.set(rho.subarray(0, 32));
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      seed[32] = j;
      seed[33] = i;
      sampleNtt(hashes, seed, a[i * K + j]);
    }
  }
  return a;
}

/**
 * K-PKE.KeyGen(d) (Algorithm 13) from the 32-byte seed `d`.
 *
 * @example
 * const { ek, sHat } = pkeKeyGen(hashes, d);
 */
export function pkeKeyGen(hashes: MlKemHashes, d: Uint8Array): PkeKeyPair {
  const dk = new Uint8Array(33);
  dk.set(d);
  dk[32] = K; // (ρ, σ) ← G(d ‖ k): the parameter set is bound into the expansion (line 1)
  const g = hashes.sha3_512(dk);
  dk.fill(0);
  const rho = g.slice(0, 32);
  const sigma = g.subarray(32, 64);
  // Every polynomial of the key in one array: Â, ŝ, t̂, and one for each ê in turn (wiped).
  const all = polys(K * K + 2 * K + 1);
  const aHat = expandA(hashes, rho, all.slice(0, K * K));
  const sHat = all.slice(K * K, K * K + K);
  for (let i = 0; i < K; i++) ntt(noise(hashes, sigma, i, sHat[i]!));
  const tHat = all.slice(K * K + K, K * K + 2 * K);
  const e = all[K * K + 2 * K]!;
  for (let i = 0; i < K; i++) {
    ntt(noise(hashes, sigma, K + i, e));
    dotNtt(tHat[i]!, aHat.slice(i * K, i * K + K), sHat); // t̂ ← Â ∘ ŝ + ê (line 18)
    addTo(tHat[i]!, e);
  }
  e.fill(0);
  g.fill(0);
  const ek = new Uint8Array(EK_BYTES);
  encode12(ek, 0, tHat);
  ek.set(rho, 384 * K);
  return { ek, tHat, aHat, sHat };
}

/**
 * K-PKE.Encrypt(ek, m, r) (Algorithm 14) of the 32-byte message `m` with the 32-byte randomness
 * `r`, into a fresh 1088-byte ciphertext c1 ‖ c2.
 *
 * @example
 * const c = pkeEncrypt(hashes, key, m, r);
 */
export function pkeEncrypt(hashes: MlKemHashes, key: PkeEncryptionKey, m: Uint8Array, r: Uint8Array): Uint8Array {
  const { aHat, tHat } = key;
  // ŷ, u, v, μ and one for each noise polynomial e1, e2 in turn: one array, wiped at the end.
  const all = polys(2 * K + 3);
  const y = all.slice(0, K);
  const u = all.slice(K, 2 * K);
  const [v, mu, e] = all.slice(2 * K) as [Poly, Poly, Poly];
  for (let i = 0; i < K; i++) ntt(noise(hashes, r, i, y[i]!));
  const c = new Uint8Array(CT_BYTES);
  for (let i = 0; i < K; i++) {
    const ui = u[i]!;
    dotNtt(ui, [aHat[i]!, aHat[K + i]!, aHat[2 * K + i]!], y); // Â^T ∘ ŷ: column i of Â (line 19)
    inverseNtt(ui);
    addTo(ui, noise(hashes, r, K + i, e));
  }
  encodeU(c, 0, u);
  dotNtt(v, tHat, y); // v ← NTT^-1(t̂^T ∘ ŷ) + e2 + μ (line 21)
  inverseNtt(v);
  addTo(v, noise(hashes, r, 2 * K, e));
  addTo(v, decodeMessage(m, mu));
  encodeV(c, 32 * 10 * K, v);
  for (const f of all) f.fill(0);
  return c;
}

/**
 * K-PKE.Decrypt(dk, c) (Algorithm 15): the 32-byte message of the ciphertext `c` under ŝ.
 *
 * @example
 * const m = pkeDecrypt(key.sHat, c);
 */
export function pkeDecrypt(sHat: readonly Poly[], c: Uint8Array): Uint8Array {
  const all = polys(K + 2); // u′, w and ŝ^T ∘ NTT(u′): one array, wiped at the end
  const u = all.slice(0, K);
  const [w, su] = all.slice(K) as [Poly, Poly];
  for (let i = 0; i < K; i++) ntt(decodeU(c, 320 * i, u[i]));
  decodeV(c, 320 * K, w);
  dotNtt(su, sHat, u); // w ← v′ − NTT^-1(ŝ^T ∘ NTT(u′)) (line 6)
  inverseNtt(su);
  for (let i = 0; i < N; i++) w[i] = subq(w[i]!, su[i]!);
  const m = encodeMessage(w);
  for (const f of all) f.fill(0);
  return m;
}

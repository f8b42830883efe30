/**
 * ML-KEM-768 (FIPS 203 §6, §7): key generation from a 64-byte seed d ‖ z, decapsulation with
 * implicit rejection, and encapsulation, over the hash functions a provider supplies
 * ({@link MlKemHashes}).
 *
 * A TLS client generates a key, sends ek, and decapsulates the server's one ciphertext, so the
 * key pair is an object that holds what decapsulation needs as arrays (ŝ, z, ek, the expanded Â),
 * not the 2400-byte decapsulation key of §7.1 only to parse it again.
 */
import { concatBytes } from '../../codec/concat.js';
import { InternalError } from '../../errors.js';
import type { MlKemHashes } from './hashes.js';
import { expandA, pkeDecrypt, pkeEncrypt, pkeKeyGen, type PkeKeyPair } from './kpke.js';
import { decode12 } from './encode.js';
import { CT_BYTES, EK_BYTES, K, SEED_BYTES, SS_BYTES, type Poly } from './params.js';

/** One ML-KEM-768 key pair, as the side that made it and decapsulates uses it. */
export interface MlKemKeyPair {
  /** ek, 1184 bytes (FIPS 203 Table 3). */
  readonly encapsulationKey: Uint8Array;
  /**
   * ML-KEM.Decaps_internal (Algorithm 18) of a 1088-byte ciphertext: the 32-byte shared secret,
   * or, for a ciphertext this key did not make, the implicit-rejection secret J(z ‖ c).
   */
  decapsulate(ciphertext: Uint8Array): Uint8Array;
  /** Wipes the secrets (ŝ, z); the key pair can no longer decapsulate. */
  destroy(): void;
}

/** ML-KEM-768 over one set of hash functions. */
export interface MlKem768 {
  /** ML-KEM.KeyGen_internal(d, z) (Algorithm 16) from the 64-byte seed d ‖ z (copied; the caller wipes its own). */
  keyPair(seed: Uint8Array): MlKemKeyPair;
  /**
   * ML-KEM.Encaps_internal(ek, m) (Algorithm 17) with the 32-byte randomness `m`, after §7.2's
   * input checks (length and modulus). Throws InternalError for an ek that fails them.
   */
  encapsulate(encapsulationKey: Uint8Array, m: Uint8Array): { ciphertext: Uint8Array; sharedSecret: Uint8Array };
  /**
   * The key pair of a 2400-byte decapsulation key dk = dk_PKE ‖ ek ‖ H(ek) ‖ z (§7.1), after §7.3's
   * input check (H(ek) must match). Throws InternalError for a dk that fails it or does not decode.
   */
  fromDecapsulationKey(dk: Uint8Array): MlKemKeyPair;
}

function checkLength(what: string, bytes: Uint8Array, length: number): void {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new InternalError(`ML-KEM-768: ${what} must be ${length} bytes`);
}

/** `hash(input)`, then `input` wiped (it holds a secret: m′, z). */
function hashOf(input: Uint8Array, hash: (input: Uint8Array) => Uint8Array): Uint8Array {
  const out = hash(input);
  input.fill(0);
  return out;
}

/** 0xff…: all ones when a and b are equal, zero otherwise; the time does not depend on where they differ. */
function equalMask(a: Uint8Array, b: Uint8Array): number {
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return ((diff - 1) >> 31) & 0xff;
}

/** ByteDecode_12 of `count` polynomials of `bytes` from `offset`; InternalError if a value is not below q. */
function decodePolys(what: string, bytes: Uint8Array, offset: number): Poly[] {
  const polys: Poly[] = [];
  for (let i = 0; i < K; i++) {
    const f = decode12(bytes, offset + 384 * i);
    if (f === null) throw new InternalError(`ML-KEM-768: ${what} fails the modulus check (FIPS 203 §7.2)`);
    polys.push(f);
  }
  return polys;
}

function decapsulator(hashes: MlKemHashes, key: PkeKeyPair, z: Uint8Array, h: Uint8Array | null = null): MlKemKeyPair {
  let hEk = h; // H(ek), computed when first needed: most offered keys are never used
  let destroyed = false;
  return {
    encapsulationKey: key.ek,
    decapsulate(c) {
      if (destroyed) throw new InternalError('ML-KEM-768: key pair used after destroy()');
      checkLength('ciphertext', c, CT_BYTES); // §7.3's ciphertext type check
      hEk ??= hashes.sha3_256(key.ek);
      const m = pkeDecrypt(key.sHat, c); // m′ (line 7)
      const kr = hashOf(concatBytes(m, hEk), (x) => hashes.sha3_512(x)); // (K′, r′) ← G(m′ ‖ h) (line 8)
      const rejected = hashOf(concatBytes(z, c), (x) => hashes.shake256(x, SS_BYTES)); // K̄ ← J(z ‖ c) (line 9)
      const again = pkeEncrypt(hashes, key, m, kr.subarray(32, 64)); // c′ (line 10)
      const keep = equalMask(c, again); // if c ≠ c′, K′ ← K̄ (lines 11–12), selected by a mask
      const secret = new Uint8Array(SS_BYTES);
      for (let i = 0; i < SS_BYTES; i++) secret[i] = rejected[i]! ^ (keep & (kr[i]! ^ rejected[i]!));
      m.fill(0);
      kr.fill(0);
      rejected.fill(0);
      again.fill(0);
      return secret;
    },
    destroy() {
      destroyed = true;
      z.fill(0);
      for (const s of key.sHat) s.fill(0);
    },
  };
}

/**
 * ML-KEM-768 computed with `hashes`.
 *
 * @example
 * const kem = mlKem768(hashes);
 * const keys = kem.keyPair(seed64);
 * const { ciphertext, sharedSecret } = kem.encapsulate(keys.encapsulationKey, m32); // the peer's side
 * keys.decapsulate(ciphertext); // equals sharedSecret
 */
export function mlKem768(hashes: MlKemHashes): MlKem768 {
  return {
    keyPair(seed) {
      checkLength('seed', seed, SEED_BYTES);
      const key = pkeKeyGen(hashes, seed.subarray(0, 32));
      return decapsulator(hashes, key, seed.slice(32, 64));
    },
    encapsulate(ek, m) {
      checkLength('encapsulation key', ek, EK_BYTES);
      checkLength('randomness', m, 32);
      const tHat = decodePolys('encapsulation key', ek, 0);
      const aHat = expandA(hashes, ek.subarray(384 * K));
      const kr = hashOf(concatBytes(m, hashes.sha3_256(ek)), (x) => hashes.sha3_512(x)); // (K, r) ← G(m ‖ H(ek)) (Algorithm 17, line 1)
      const ciphertext = pkeEncrypt(hashes, { tHat, aHat }, m, kr.subarray(32, 64));
      const sharedSecret = kr.slice(0, 32);
      kr.fill(0);
      return { ciphertext, sharedSecret };
    },
    fromDecapsulationKey(dk) {
      checkLength('decapsulation key', dk, 768 * K + 96);
      const ek = dk.slice(384 * K, 768 * K + 32);
      const h = dk.slice(768 * K + 32, 768 * K + 64);
      if (equalMask(hashes.sha3_256(ek), h) === 0) throw new InternalError('ML-KEM-768: decapsulation key fails the hash check (FIPS 203 §7.3)');
      const sHat = decodePolys('decapsulation key', dk, 0);
      const key = { ek, sHat, tHat: decodePolys('encapsulation key', ek, 0), aHat: expandA(hashes, ek.subarray(384 * K)) };
      return decapsulator(hashes, key, dk.slice(768 * K + 64), h);
    },
  };
}

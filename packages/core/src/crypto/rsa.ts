/**
 * RSA signature *verification* on bigint (RFC 8017): RSASSA-PSS (§8.1.2, EMSA-PSS §9.1.2 with
 * MGF1) and RSASSA-PKCS1-v1_5 (§8.2.2, EMSA-PKCS1-v1_5 §9.2). No signing, no decryption: nothing
 * here handles a private key, so the timing of these functions leaks nothing secret.
 */
import { CertificateError } from '../errors.js';
import { Limits } from '../limits.js';
import { equalBytes } from '../codec/ct.js';
import { bigIntFromBytes } from '../codec/hex.js';
import { modPow } from './modpow.js';

/** A hash function for EMSA: one-shot digest plus its output length. */
export interface RsaHash {
  /** Which hash this is; selects the DigestInfo prefix for PKCS#1 v1.5 (RFC 8017 §9.2). */
  readonly name: 'sha1' | 'sha256' | 'sha384' | 'sha512';
  /** Digest length in bytes (20, 32, 48 or 64); also the default PSS salt length. */
  readonly outputLen: number;
  /** One-shot digest of `data` (`outputLen` bytes). */
  digest(data: Uint8Array): Uint8Array;
}

/** An RSA public key. */
export interface RsaPublicKey {
  /** The modulus (positive, odd). */
  readonly n: bigint;
  /** The public exponent (odd, 3 <= e < 2^33 and below `n` for a usable key; see {@link rsaKeyProblem}). */
  readonly e: bigint;
}

/** The modulus sizes a verifier agrees to compute with (inclusive). */
export interface RsaKeyBounds {
  /** Smallest modulus accepted, in bits (default 2048); smaller keys are 'weak-key'. */
  readonly minModulusBits: number;
  /** Largest modulus accepted, in bits (default 8192); larger keys are 'key-too-large' (bounds the work). */
  readonly maxModulusBits: number;
}

/**
 * The default bounds, from {@link Limits}: 2048–8192 bits.
 *
 * @example
 * rsaKeyProblem({ n, e }, { ...DEFAULT_RSA_KEY_BOUNDS, maxModulusBits: 4096 });
 */
export const DEFAULT_RSA_KEY_BOUNDS: RsaKeyBounds = { minModulusBits: Limits.minRsaModulusBits, maxModulusBits: Limits.maxRsaModulusBits };

/** Why an RSA key is refused: too small, too large (work), or not an RSA key at all. */
export type RsaKeyProblem = 'weak-key' | 'key-too-large' | 'bad-key';

/**
 * An RSA public key refused before any exponentiation; `reason` is the {@link RsaKeyProblem}.
 *
 * @example
 * if (e instanceof RsaKeyError && e.reason === 'key-too-large') ...;
 */
export class RsaKeyError extends CertificateError {
  override name = 'RsaKeyError';
  /** Why the key was refused: 'weak-key' and 'key-too-large' send unsupported_certificate, 'bad-key' bad_certificate. */
  declare readonly reason: RsaKeyProblem;
  constructor(reason: RsaKeyProblem, message: string) {
    super(reason, reason === 'bad-key' ? 'bad_certificate' : 'unsupported_certificate', message);
  }
}

/**
 * Bit length of a positive bigint, without building a 16384-character string.
 *
 * @example
 * bitLength(255n); // 8
 */
export function bitLength(n: bigint): number {
  const hex = n.toString(16);
  return (hex.length - 1) * 4 + parseInt(hex[0]!, 16).toString(2).length;
}

/**
 * Checks an RSA public key before it is used: modulus odd and within `bounds`, public exponent
 * odd with 3 <= e < 2^33 (ring, BoringSSL) and e < n. Cheap (no exponentiation); returns the
 * refusal, or undefined for a usable key.
 *
 * @example
 * const problem = rsaKeyProblem({ n, e }); // undefined, or an RsaKeyError to throw
 */
export function rsaKeyProblem(key: RsaPublicKey, bounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): RsaKeyError | undefined {
  if (key.n <= 0n || (key.n & 1n) === 0n) return new RsaKeyError('bad-key', 'RSA modulus is not a positive odd number');
  const bits = bitLength(key.n);
  if (bits < bounds.minModulusBits) return new RsaKeyError('weak-key', `RSA modulus of ${bits} bits (minimum ${bounds.minModulusBits})`);
  if (bits > bounds.maxModulusBits) return new RsaKeyError('key-too-large', `RSA modulus of ${bits} bits (maximum ${bounds.maxModulusBits})`);
  if (key.e < 3n || (key.e & 1n) === 0n) return new RsaKeyError('bad-key', 'RSA public exponent is not an odd number >= 3');
  if (key.e >= 1n << BigInt(Limits.maxRsaPublicExponentBits)) return new RsaKeyError('key-too-large', `RSA public exponent of ${bitLength(key.e)} bits (must be below 2^${Limits.maxRsaPublicExponentBits})`);
  if (key.e >= key.n) return new RsaKeyError('bad-key', 'RSA public exponent is not below the modulus');
  return undefined;
}

/**
 * I2OSP (RFC 8017 §4.1): `n` as `len` big-endian bytes (higher bytes of a larger `n` are dropped;
 * callers check `n` < 256^len).
 *
 * @example
 * bigIntToBytes(258n, 3); // 00 01 02
 */
export function bigIntToBytes(n: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(n & 0xffn);
    n >>= 8n;
  }
  return out;
}

/**
 * RSAVP1 (§5.2.2) with the checks of §8.x.2 step 1–2: returns EM, or null. The key is checked
 * first, so a key built by hand (not by parseSpki) cannot cost an unbounded exponentiation either.
 */
function openSignature(key: RsaPublicKey, signature: Uint8Array, emLen: number, bounds: RsaKeyBounds): Uint8Array | null {
  if (rsaKeyProblem(key, bounds) !== undefined) return null;
  const modBits = bitLength(key.n);
  const k = Math.ceil(modBits / 8);
  if (signature.length !== k) return null;
  const s = bigIntFromBytes(signature);
  if (s >= key.n) return null;
  const m = modPow(s, key.e, key.n);
  if (m >= 1n << BigInt(emLen * 8)) return null;
  return bigIntToBytes(m, emLen);
}

/**
 * MGF1 (RFC 8017 §B.2.1): `length` mask bytes from `seed`.
 *
 * @example
 * const dbMask = mgf1(hash, h, emLen - hash.outputLen - 1);
 */
export function mgf1(hash: RsaHash, seed: Uint8Array, length: number): Uint8Array {
  const out = new Uint8Array(length);
  const block = new Uint8Array(seed.length + 4);
  block.set(seed);
  for (let counter = 0, at = 0; at < length; counter++) {
    block[seed.length] = counter >>> 24;
    block[seed.length + 1] = (counter >>> 16) & 0xff;
    block[seed.length + 2] = (counter >>> 8) & 0xff;
    block[seed.length + 3] = counter & 0xff;
    const h = hash.digest(block);
    out.set(h.subarray(0, Math.min(h.length, length - at)), at);
    at += h.length;
  }
  return out;
}

/**
 * RSASSA-PSS-VERIFY (RFC 8017 §8.1.2) with MGF1 over the same hash. `saltLength` defaults to
 * the hash length, as TLS 1.3 requires (RFC 9846 §4.3.3). A key outside `bounds` (or with a bad
 * exponent) is false without any exponentiation.
 *
 * @example
 * rsaPssVerify({ n, e }, sha256Hash, message, signature); // true or false
 */
export function rsaPssVerify(key: RsaPublicKey, hash: RsaHash, message: Uint8Array, signature: Uint8Array, saltLength = hash.outputLen, bounds = DEFAULT_RSA_KEY_BOUNDS): boolean {
  if (key.n <= 0n) return false;
  const modBits = bitLength(key.n);
  const emBits = modBits - 1;
  const emLen = Math.ceil(emBits / 8);
  const em = openSignature(key, signature, emLen, bounds);
  if (em === null) return false;
  // EMSA-PSS-VERIFY (§9.1.2)
  const hLen = hash.outputLen;
  if (saltLength < 0 || emLen < hLen + saltLength + 2) return false;
  if (em[emLen - 1] !== 0xbc) return false;
  const maskedDb = em.subarray(0, emLen - hLen - 1);
  const h = em.subarray(emLen - hLen - 1, emLen - 1);
  const zeroBits = 8 * emLen - emBits;
  if (zeroBits > 0 && (maskedDb[0]! >> (8 - zeroBits)) !== 0) return false;
  const db = mgf1(hash, h, maskedDb.length);
  for (let i = 0; i < db.length; i++) db[i]! ^= maskedDb[i]!;
  if (zeroBits > 0) db[0]! &= 0xff >> zeroBits;
  const psLen = emLen - hLen - saltLength - 2;
  for (let i = 0; i < psLen; i++) if (db[i] !== 0) return false;
  if (db[psLen] !== 0x01) return false;
  const salt = db.subarray(db.length - saltLength);
  const mPrime = new Uint8Array(8 + hLen + saltLength);
  mPrime.set(hash.digest(message), 8);
  mPrime.set(salt, 8 + hLen);
  return equalBytes(hash.digest(mPrime), h);
}

/** DigestInfo DER prefixes (RFC 8017 §9.2 note 1). */
const DIGEST_INFO_PREFIX: Record<RsaHash['name'], Uint8Array> = {
  sha1: Uint8Array.from([0x30, 0x21, 0x30, 0x09, 0x06, 0x05, 0x2b, 0x0e, 0x03, 0x02, 0x1a, 0x05, 0x00, 0x04, 0x14]),
  sha256: Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]),
  sha384: Uint8Array.from([0x30, 0x41, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x02, 0x05, 0x00, 0x04, 0x30]),
  sha512: Uint8Array.from([0x30, 0x51, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x03, 0x05, 0x00, 0x04, 0x40]),
};

/**
 * RSASSA-PKCS1-V1_5-VERIFY (RFC 8017 §8.2.2): rebuilds the expected encoded message and compares
 * the whole of it, so no lenient parsing of the padding is possible (Bleichenbacher's 2006 attack).
 *
 * @example
 * rsaPkcs1Verify({ n, e }, sha256Hash, tbsCertificate, signature);
 */
export function rsaPkcs1Verify(key: RsaPublicKey, hash: RsaHash, message: Uint8Array, signature: Uint8Array, bounds = DEFAULT_RSA_KEY_BOUNDS): boolean {
  if (key.n <= 0n) return false;
  const k = Math.ceil(bitLength(key.n) / 8);
  const em = openSignature(key, signature, k, bounds);
  if (em === null) return false;
  const prefix = DIGEST_INFO_PREFIX[hash.name];
  const tLen = prefix.length + hash.outputLen;
  if (k < tLen + 11) return false;
  const expected = new Uint8Array(k);
  expected[1] = 0x01;
  expected.fill(0xff, 2, k - tLen - 1);
  expected.set(prefix, k - tLen);
  expected.set(hash.digest(message), k - hash.outputLen);
  return equalBytes(em, expected);
}

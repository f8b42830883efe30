/**
 * RSASSA-PSS signing on bigint (RFC 8017 §8.1.1, EMSA-PSS-ENCODE §9.1.1 with MGF1 over the same
 * hash), for our CertificateVerify with an RSA client key (RFC 9846 §4.5.2). The salt is as long
 * as the hash (RFC 9846 §4.3.3) and comes from the injected random source.
 *
 * RSASP1 uses the CRT (§5.1.2, second form: dP, dQ, qInv), with two defences:
 *
 * - **Blinding.** Before exponentiating, the message representative m is multiplied by r^e for a
 *   fresh random r (1 <= r < n, gcd(r, n) = 1), and the result by r⁻¹ afterwards. BigInt
 *   arithmetic is not constant time: its timing depends on the operands' sizes and on which of
 *   V8's algorithms runs. Blinding makes the input of the secret exponentiations (m·r^e) uniformly
 *   random and independent of the message, so an attacker who chooses or sees the messages signed
 *   cannot correlate the signing time with the secret exponents through them. It does not hide
 *   the secret exponents' own cache and timing side channels: dP and dQ still drive the
 *   exponentiation (which table entry each window reads; see modpow_secret.ts, best effort), and
 *   an attacker co-resident with this process who measures it can still learn things. Where that
 *   matters, use @puretls/node's provider (OpenSSL's constant-time code). r⁻¹ is itself computed
 *   blinded (the inverse of r·u, times u, for a second random u), so the inversion's timing does
 *   not depend on r either.
 * - **Fault check.** The signature s is checked (s^e mod n = m) before it is returned: a fault in
 *   one CRT half (a glitch, a bug, or inconsistent key components) would otherwise give a
 *   signature from which anyone can compute a factor of n (Boneh, DeMillo and Lipton, 1997). A
 *   mismatch throws InternalError with no number in its message.
 *
 * EM, the salt and the encoding's intermediate buffers are wiped before returning; the bigints
 * cannot be (JavaScript gives no way to).
 */
import { ApiMisuseError, InternalError } from '../errors.js';
import { Limits } from '../limits.js';
import { bigIntFromBytes } from '../codec/hex.js';
import { modPow } from './modpow.js';
import { modPowSecret } from './modpow_secret.js';
import type { PrivateKeyMaterial, RandomSource } from './provider.js';
import { bigIntToBytes, bitLength, DEFAULT_RSA_KEY_BOUNDS, mgf1, rsaKeyProblem, type RsaHash, type RsaKeyBounds } from './rsa.js';

/** An RSA private key with its CRT values (RFC 8017 §3.2, second representation). */
export type RsaPrivateKey = Omit<Extract<PrivateKeyMaterial, { kind: 'rsa' }>, 'kind'>;

/**
 * Whether EMSA-PSS fits a modulus of `modBits` bits with this hash and salt length
 * (RFC 8017 §9.1.1 step 3: emLen >= hLen + sLen + 2, emLen = ceil((modBits - 1) / 8)).
 *
 * @example
 * rsaPssFits(1024, 64); // false: SHA-512 with a 1024-bit key
 */
export function rsaPssFits(modBits: number, hashLength: number, saltLength = hashLength): boolean {
  return Math.ceil((modBits - 1) / 8) >= hashLength + saltLength + 2;
}

/**
 * a⁻¹ mod m (extended Euclid), or undefined when gcd(a, m) ≠ 1. Its timing depends on the
 * values: call it on blinded inputs only.
 *
 * @example
 * modInverse(3n, 11n); // 4n
 */
export function modInverse(a: bigint, m: bigint): bigint | undefined {
  let [r0, r1] = [m, ((a % m) + m) % m];
  let [t0, t1] = [0n, 1n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [t0, t1] = [t1, t0 - q * t1];
  }
  if (r0 !== 1n) return undefined;
  return t0 < 0n ? t0 + m : t0;
}

/** `n` bytes from `random`, of exactly that length (a short answer is the source's failure). */
function draw(random: RandomSource, n: number): Uint8Array {
  const bytes = random(n);
  if (!(bytes instanceof Uint8Array) || bytes.length !== n) throw new InternalError('random source returned the wrong number of bytes');
  return bytes;
}

/** A uniform draw in [1, n), or undefined for one outside it (rejection sampling). */
function drawBelow(random: RandomSource, n: bigint, bits: number): bigint | undefined {
  const bytes = draw(random, Math.ceil(bits / 8));
  bytes[0]! &= 0xff >> (bytes.length * 8 - bits);
  const x = bigIntFromBytes(bytes);
  bytes.fill(0);
  return x >= 1n && x < n ? x : undefined;
}

/** r^e mod n and r⁻¹ mod n for a fresh r; r⁻¹ = (r·u)⁻¹·u, so the inversion sees r·u, not r. */
function drawBlinding(n: bigint, e: bigint, bits: number, random: RandomSource): { readonly blind: bigint; readonly unblind: bigint } {
  for (let i = 0; i < Limits.maxRsaBlindingDraws; i++) {
    const r = drawBelow(random, n, bits);
    if (r === undefined) continue;
    const u = drawBelow(random, n, bits);
    if (u === undefined) continue;
    const inv = modInverse((r * u) % n, n); // undefined iff r or u shares a factor with n
    if (inv === undefined) continue;
    return { blind: modPow(r, e, n), unblind: (inv * u) % n };
  }
  throw new InternalError('random source gave no usable RSA blinding value');
}

/** RSASP1 with the CRT (RFC 8017 §5.1.2 step 2b) on an already blinded representative. */
function crt(key: RsaPrivateKey, m: bigint): bigint {
  const s1 = modPowSecret(m % key.p, key.dp, key.p, bitLength(key.p));
  const s2 = modPowSecret(m % key.q, key.dq, key.q, bitLength(key.q));
  // (s1 - s2) may be negative: lift it into [0, 2p) before the product, with no branch on it.
  const h = ((((s1 - s2) % key.p) + key.p) * key.qi) % key.p;
  return s2 + key.q * h;
}

/** The CRT values are in range (else a wrong key could make modPowSecret throw mid-signature). */
function crtInRange(k: RsaPrivateKey): boolean {
  return k.p > 1n && k.q > 1n && k.dp > 0n && k.dp < k.p && k.dq > 0n && k.dq < k.q && k.qi > 0n && k.qi < k.p;
}

/** EMSA-PSS-ENCODE steps 4–12 (RFC 8017 §9.1.1) into a fresh EM; wipes its own intermediates. */
function emsaPssEncode(hash: RsaHash, mHash: Uint8Array, salt: Uint8Array, emBits: number): Uint8Array {
  const hLen = hash.outputLen;
  const emLen = Math.ceil(emBits / 8);
  const mPrime = new Uint8Array(8 + hLen + salt.length); // (0x)00 00 00 00 00 00 00 00 || mHash || salt
  mPrime.set(mHash, 8);
  mPrime.set(salt, 8 + hLen);
  const h = hash.digest(mPrime);
  mPrime.fill(0);
  const dbLen = emLen - hLen - 1;
  const em = new Uint8Array(emLen); // maskedDB || H || 0xbc; DB = PS (zeros) || 0x01 || salt
  em[dbLen - salt.length - 1] = 0x01;
  em.set(salt, dbLen - salt.length);
  const dbMask = mgf1(hash, h, dbLen);
  for (let i = 0; i < dbLen; i++) em[i]! ^= dbMask[i]!;
  dbMask.fill(0);
  em[0]! &= 0xff >> (8 * emLen - emBits); // the leftmost 8·emLen − emBits bits are zero
  em.set(h, dbLen);
  em[emLen - 1] = 0xbc;
  return em;
}

/**
 * RSASSA-PSS-SIGN (RFC 8017 §8.1.1) with MGF1 over `hash` and a salt of the hash's length drawn
 * from `random`, blinded and checked (see the module comment). Throws ApiMisuseError for a key
 * outside `bounds` (default Limits.minRsaModulusBits..maxRsaModulusBits), with out-of-range CRT
 * values, or too small for the hash; InternalError for a fault or a broken random source.
 *
 * @example
 * const signature = rsaPssSign(material, rsaHash('sha256'), content, random); // k bytes
 */
export function rsaPssSign(key: RsaPrivateKey, hash: RsaHash, message: Uint8Array, random: RandomSource, bounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): Uint8Array {
  const problem = rsaKeyProblem(key, bounds);
  if (problem !== undefined) throw new ApiMisuseError(`cannot sign with this RSA key: ${problem.message}`);
  if (!crtInRange(key)) throw new ApiMisuseError('cannot sign with this RSA key: its CRT components are out of range');
  const modBits = bitLength(key.n);
  const hLen = hash.outputLen;
  if (!rsaPssFits(modBits, hLen)) throw new ApiMisuseError(`RSA-PSS with ${hash.name} does not fit a ${modBits}-bit key`);
  const mHash = hash.digest(message);
  const salt = draw(random, hLen);
  let em: Uint8Array | undefined;
  try {
    em = emsaPssEncode(hash, mHash, salt, modBits - 1);
    const m = bigIntFromBytes(em);
    const { blind, unblind } = drawBlinding(key.n, key.e, modBits, random);
    const s = (crt(key, (m * blind) % key.n) * unblind) % key.n;
    // Boneh–DeMillo–Lipton: never release a faulty CRT result.
    if (modPow(s, key.e, key.n) !== m) throw new InternalError('RSA signature failed its check against the public key; not used');
    return bigIntToBytes(s, Math.ceil(modBits / 8));
  } finally {
    em?.fill(0);
    salt.fill(0);
    mHash.fill(0);
  }
}

/**
 * ECDSA P-256 verification in pure TypeScript (FIPS 186-5 §6.4.2; SEC 1 §4.1.4; curve from
 * SEC 2 §2.4.2), faster than the BigInt arithmetic of @noble/curves: float64 limbs for GF(p),
 * wNAF with Strauss–Shamir interleaving, a per-instance table for G and optional per-key tables.
 * Variable time, for public data only.
 *
 * @example
 * import { P256Verifier } from './crypto/p256/index.js';
 * const verifier = new P256Verifier();
 * verifier.verify(pointBytes, digest, r, s);
 */
export { P256Verifier, PreparedP256Key } from './verify.js';

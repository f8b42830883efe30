/**
 * The hash functions ML-KEM is built on (FIPS 203 §4.1), supplied by a crypto provider so a native
 * SHA-3 (node:crypto's, OpenSSL's) can stand in for a pure-JavaScript one.
 */

/**
 * SHA3-256, SHA3-512, SHAKE128 and SHAKE256 (FIPS 202), as one-shot functions returning fresh
 * arrays. ML-KEM calls them as H = SHA3-256, G = SHA3-512, J = SHAKE256 to 32 bytes,
 * PRF_η = SHAKE256 to 64·η bytes, and the XOF of SampleNTT = SHAKE128 (§4.1).
 *
 * @example
 * const hashes: MlKemHashes = {
 *   sha3_256: (m) => sha3_256(m),
 *   sha3_512: (m) => sha3_512(m),
 *   shake128: (m, n) => shake128(m, { dkLen: n }),
 *   shake256: (m, n) => shake256(m, { dkLen: n }),
 * };
 */
export interface MlKemHashes {
  /** SHA3-256(message), 32 bytes: ML-KEM's H. */
  sha3_256(message: Uint8Array): Uint8Array;
  /** SHA3-512(message), 64 bytes: ML-KEM's G. */
  sha3_512(message: Uint8Array): Uint8Array;
  /** The first `outputLength` bytes of SHAKE128(message). */
  shake128(message: Uint8Array, outputLength: number): Uint8Array;
  /** The first `outputLength` bytes of SHAKE256(message). */
  shake256(message: Uint8Array, outputLength: number): Uint8Array;
}

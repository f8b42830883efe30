/**
 * Keccak-f[1600] and the FIPS 202 hash and extendable-output functions ML-KEM needs, in pure
 * TypeScript. Internal to core (not part of the package's public API).
 */
import type { MlKemHashes } from '../mlkem/hashes.js';
import { sha3_256, sha3_512, shake128, shake256 } from './sponge.js';

export { keccakF1600 } from './permutation.js';
export { sha3_256, sha3_512, shake128, shake256 };

/**
 * These functions as ML-KEM takes them: the SHA-3 of the noble and WebCrypto providers' ML-KEM
 * (WebCrypto has no SHA-3), about three times noble's own Keccak.
 *
 * @example
 * const kem = mlKem768(KECCAK_SHA3);
 */
export const KECCAK_SHA3: MlKemHashes = { sha3_256, sha3_512, shake128, shake256 };

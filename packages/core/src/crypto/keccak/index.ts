/**
 * Keccak-f[1600] and the FIPS 202 hash and extendable-output functions ML-KEM needs, in pure
 * TypeScript. Internal to core (not part of the package's public API).
 */
export { keccakF1600 } from './permutation.js';
export { sha3_256, sha3_512, shake128, shake256 } from './sponge.js';

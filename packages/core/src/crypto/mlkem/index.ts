/** ML-KEM-768 (FIPS 203) over provider-supplied SHA-3: see kem.ts. */
export { mlKem768, type MlKem768, type MlKemKeyPair } from './kem.js';
export type { MlKemHashes } from './hashes.js';

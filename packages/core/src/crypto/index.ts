/**
 * `@puretls/core/crypto`: what a provider author composes from: the interface types, the noble
 * provider's algorithm objects (suites, groups, AEADs), the WebCrypto provider, the RSA verifier
 * and its key bounds, HPKE (RFC 9180 base mode), and constant-time compare.
 *
 * @example
 * import { NOBLE_CIPHER_SUITES, X25519, nobleProvider, type CryptoProvider } from '@puretls/core/crypto';
 * const mine: CryptoProvider = { ...nobleProvider, groups: [X25519] };
 */
export { equalBytes } from '../codec/ct.js';
export {
  AES_128_GCM,
  AES_256_GCM,
  CHACHA20_POLY1305,
  createNobleProvider,
  drawKey,
  NOBLE_CIPHER_SUITES,
  nobleProvider,
  SECP256R1,
  SECP384R1,
  WarmEcdsa,
  X25519,
  secp256r1MlKem768Group,
  x25519MlKem768Group,
  type NobleProviderOptions,
} from './noble/index.js';
export { mlKem768, type MlKem768, type MlKemHashes, type MlKemKeyPair } from './mlkem/index.js';
export { KECCAK_SHA3 } from './keccak/index.js';
export {
  bitLength,
  DEFAULT_RSA_KEY_BOUNDS,
  RsaKeyError,
  rsaKeyProblem,
  rsaPkcs1Verify,
  rsaPssVerify,
  type RsaHash,
  type RsaKeyBounds,
  type RsaKeyProblem,
  type RsaPublicKey,
} from './rsa.js';
export { createNobleSigner } from './noble/signing.js';
export { dhkemX25519, HpkeKemId, type Encapsulation, type HpkeKem } from './hpke/dhkem.js';
export { HpkeAeadId, HpkeContext, HpkeKdfId, hpkeSuite, setupBaseRecipient, setupBaseSender, type HpkeSuite } from './hpke/context.js';
export { rsaPssSign, type RsaPrivateKey } from './rsa_sign.js';
export { requireSigningScheme, SIGNING_SCHEMES, signingMaterial, signingSchemes, type SigningScheme } from './signing_schemes.js';
export { createWebCryptoProvider, derSignatureToP1363, webCryptoAesGcm, webCryptoGroups, webCryptoSignatureSchemes, type WebCryptoEcdhSubtle, type WebCryptoEcdsaSubtle, type WebCryptoProviderOptions, type WebCryptoSubtle } from './webcrypto/index.js';
export type * from './provider.js';

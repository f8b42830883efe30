/** The crypto layer: provider interface, the noble provider, and the pieces it is built from. */
export { equalBytes } from './ct.js';
export { defaultNow, defaultRandom } from './defaults.js';
export { DerReader, DerTag, derBitStringBytes, derOid, derUnsigned, type DerElement } from './der.js';
export { createNobleProvider, nobleProvider, type NobleProviderOptions } from './noble.js';
export { DEFAULT_RSA_KEY_BOUNDS, RsaKeyError, rsaKeyProblem, rsaPkcs1Verify, rsaPssVerify, type RsaHash, type RsaKeyBounds, type RsaKeyProblem, type RsaPublicKey } from './rsa.js';
export { tlsSchemeToAlgorithm, type SchemeMapping } from './signature_schemes.js';
export { certificateSpki, parseSpki } from './spki.js';

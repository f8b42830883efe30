/** The crypto layer: provider interface, the noble provider, and the pieces it is built from. */
export { equalBytes } from './ct.js';
export { defaultNow, defaultRandom } from './defaults.js';
export { DerReader, DerTag, derBitStringBytes, derOid, derUnsigned, type DerElement } from './der.js';
export { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305, createNobleProvider, NOBLE_CIPHER_SUITES, nobleProvider, SECP256R1, SECP384R1, X25519 } from './noble/index.js';
export { rsaPkcs1Verify, rsaPssVerify, type RsaHash, type RsaPublicKey } from './rsa.js';
export { certificateSpki, parseSpki } from './spki.js';

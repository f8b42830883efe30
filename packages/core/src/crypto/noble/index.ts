/**
 * The default crypto provider, on the audited pure-JS noble libraries (plus our RSA verifier).
 * Each instance owns its state (the ECDSA key memory, the AES-GCM self-check, the X25519 key count, the HMAC scratch); `nobleProvider` is the shared default.
 */
import { CipherSuite } from '../../msgs/enums.js';
import type { CryptoProvider, SupportedCipherSuite } from '../provider.js';
import { DEFAULT_RSA_KEY_BOUNDS, type RsaKeyBounds } from '../rsa.js';
import { parseSpki } from '../spki.js';
import type { AeadAlgorithm } from '../provider.js';
import { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305, sharedCheckAesGcm } from './aead.js';
import { WarmEcdsa } from './ecdsa_warm.js';
import { createHash, HASHES } from './hashes.js';
import { NobleMacs } from './hmac.js';
import { secp256r1MlKem768Group, x25519MlKem768Group } from './hybrid_kem.js';
import { SECP256R1, SECP384R1, x25519Group } from './key_exchange.js';
import { makeVerify, signatureSchemes } from './signatures.js';
import { createNobleSigner } from './signing.js';

/**
 * The three TLS 1.3 suites (RFC 9846 §B.4), in our default preference order.
 *
 * @example
 * NOBLE_CIPHER_SUITES.map((s) => s.name);
 */
export const NOBLE_CIPHER_SUITES: readonly SupportedCipherSuite[] = cipherSuites(AES_128_GCM, AES_256_GCM);

/** The three suites over the given AES-GCM algorithms (a provider's own, sharing its self-check). */
function cipherSuites(aes128: AeadAlgorithm, aes256: AeadAlgorithm): readonly SupportedCipherSuite[] {
  return [
    { id: CipherSuite.TLS_AES_128_GCM_SHA256, name: 'TLS_AES_128_GCM_SHA256', hash: 'sha256', hashLength: 32, aead: aes128, keyLength: 16, ivLength: 12 },
    { id: CipherSuite.TLS_AES_256_GCM_SHA384, name: 'TLS_AES_256_GCM_SHA384', hash: 'sha384', hashLength: 48, aead: aes256, keyLength: 32, ivLength: 12 },
    { id: CipherSuite.TLS_CHACHA20_POLY1305_SHA256, name: 'TLS_CHACHA20_POLY1305_SHA256', hash: 'sha256', hashLength: 32, aead: CHACHA20_POLY1305, keyLength: 32, ivLength: 12 },
  ];
}

/** Options of {@link createNobleProvider}. */
export interface NobleProviderOptions {
  /** RSA modulus sizes accepted (default 2048–8192 bits, Limits.minRsaModulusBits/maxRsaModulusBits). */
  readonly rsa?: Partial<RsaKeyBounds>;
}

/**
 * A new noble-based {@link CryptoProvider} with its own ECDSA key memory; `options.rsa` changes
 * the RSA modulus bounds, which both parsePublicKey and verify apply before any exponentiation.
 *
 * @example
 * const provider = createNobleProvider();
 * const legacy = createNobleProvider({ rsa: { minModulusBits: 1024 } }); // dangerous: weak keys
 */
export function createNobleProvider(options: NobleProviderOptions = {}): CryptoProvider {
  const rsaBounds: RsaKeyBounds = { ...DEFAULT_RSA_KEY_BOUNDS, ...options.rsa };
  const verify = makeVerify(new WarmEcdsa(), rsaBounds);
  const { aes128, aes256 } = sharedCheckAesGcm();
  // One X25519 group for the plain group and the hybrid's half: one operation count, one table.
  const x25519 = x25519Group();
  // This provider's HMAC/HKDF scratch hash objects (see NobleMacs): per instance, not per module.
  const macs = new NobleMacs();
  return {
    cipherSuites: cipherSuites(aes128, aes256),
    // X25519MLKEM768 first (draft-ietf-tls-ecdhe-mlkem: what Chrome, Firefox and OpenSSL 3.5
    // negotiate by default), with an x25519 share beside it so a classical-only server needs no
    // HelloRetryRequest (see resolveConfig's default key shares). SecP256r1MLKEM768 last and not
    // offered by default (see secp256r1MlKem768Group): only the `groups` option names it.
    groups: [x25519MlKem768Group(x25519), x25519, SECP256R1, SECP384R1, secp256r1MlKem768Group(SECP256R1)],
    signatureSchemes: signatureSchemes(verify),
    hash: (alg, data) => HASHES[alg](data),
    createHash,
    hashLength: (alg) => HASHES[alg].outputLen,
    hmac: (alg, key, data) => macs.hmac(alg, key, data),
    hkdfExtract: (alg, salt, ikm) => macs.hkdfExtract(alg, salt, ikm),
    hkdfExpand: (alg, prk, info, length) => macs.hkdfExpand(alg, prk, info, length),
    parsePublicKey: (spki) => parseSpki(spki, rsaBounds),
    verify,
    createSigner: (key, random) => createNobleSigner(key, random, rsaBounds),
  };
}

/**
 * The shared default noble provider.
 *
 * @example
 * const digest = nobleProvider.hash('sha256', data);
 */
export const nobleProvider: CryptoProvider = createNobleProvider();

export { AES_128_GCM, AES_256_GCM, CHACHA20_POLY1305 } from './aead.js';
export { drawKey, SECP256R1, SECP384R1, X25519 } from './key_exchange.js';
export { secp256r1MlKem768Group, x25519MlKem768Group } from './hybrid_kem.js';
export { WarmEcdsa } from './ecdsa_warm.js';

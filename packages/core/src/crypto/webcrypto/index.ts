/**
 * The WebCrypto provider: native AES-GCM in browsers, Workers, Deno, Bun and Node through
 * `crypto.subtle`, on the record layer's asynchronous lane (`Aead.sealAsync` / `openAsync`,
 * reported as `want-async`). Everything WebCrypto cannot do synchronously (hashes, HKDF, the key
 * exchange's key pairs, certificate chain signatures, ChaCha20-Poly1305, and the synchronous half of
 * each AEAD) is the noble provider's; the server's ECDSA CertificateVerify is checked by
 * `subtle.verify` and the P-256 / P-384 shared secret made by `subtle.deriveBits`.
 */
import { AES_128_GCM, AES_256_GCM, createNobleProvider, type NobleProviderOptions } from '../noble/index.js';
import type { CryptoProvider, SupportedCipherSuite } from '../provider.js';
import { webCryptoAesGcm, type WebCryptoSubtle } from './aead.js';
import { webCryptoGroups, type WebCryptoEcdhSubtle } from './key_exchange.js';
import { webCryptoSignatureSchemes, type WebCryptoEcdsaSubtle } from './signatures.js';

/**
 * Options of {@link createWebCryptoProvider}: the noble provider's (RSA bounds), or the provider
 * everything but AES-GCM comes from.
 *
 * @example
 * createWebCryptoProvider(crypto.subtle, { base: createNodeCryptoProvider() });
 */
export interface WebCryptoProviderOptions extends NobleProviderOptions {
  /** The provider everything but AES-GCM comes from (default: `createNobleProvider(options)`). */
  readonly base?: CryptoProvider;
}

/** The AEADs WebCrypto takes over, by the names the noble provider gives them (any base's suites of those names). */
const WEB_AEADS: ReadonlySet<string> = new Set([AES_128_GCM.name, AES_256_GCM.name]);

/**
 * A provider whose AES-128-GCM and AES-256-GCM records are sealed and opened by `subtle`
 * (a `SubtleCrypto`, e.g. `globalThis.crypto.subtle`), each traffic key imported once, lazily.
 *
 * @example
 * const client = new TlsClient({ serverName: 'example.com', verifier, crypto: createWebCryptoProvider(crypto.subtle) });
 */
export function createWebCryptoProvider(subtle: WebCryptoSubtle, options: WebCryptoProviderOptions = {}): CryptoProvider {
  const base = options.base ?? createNobleProvider(options);
  const cipherSuites: SupportedCipherSuite[] = base.cipherSuites.map((s) => (WEB_AEADS.has(s.aead.name) ? { ...s, aead: webCryptoAesGcm(subtle, s.aead) } : s));
  // A whole SubtleCrypto (globalThis.crypto.subtle) has `verify` and `deriveBits` too: then the
  // server's ECDSA CertificateVerify and the X25519 / P-256 / P-384 secret are WebCrypto's. An
  // object with the AES-GCM calls alone leaves them to the base provider.
  const more = subtle as WebCryptoSubtle & Partial<Record<'verify' | 'deriveBits', unknown>>;
  const signatureSchemes = typeof more.verify === 'function' ? webCryptoSignatureSchemes(subtle as unknown as WebCryptoEcdsaSubtle, base.signatureSchemes) : base.signatureSchemes;
  const groups = typeof more.deriveBits === 'function' ? webCryptoGroups(subtle as unknown as WebCryptoEcdhSubtle, base.groups) : base.groups;
  return { ...base, cipherSuites, signatureSchemes, groups };
}

export { webCryptoAesGcm, type WebCryptoAesGcmParams, type WebCryptoSubtle } from './aead.js';
export { webCryptoGroups, type WebCryptoEcdhSubtle } from './key_exchange.js';
export { derSignatureToP1363, webCryptoSignatureSchemes, type WebCryptoEcdsaSubtle } from './signatures.js';

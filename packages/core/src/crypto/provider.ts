/**
 * The crypto provider interface (after rustls's `CryptoProvider`): every primitive the engine and
 * the verifier use goes through it, so a native backend (WebCrypto, node:crypto) can replace the
 * default noble-based one. All functions are synchronous over Uint8Array.
 */

/** Hash algorithms used by TLS 1.3 suites and certificate signatures. */
export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1';

/** An incremental hash (transcript hashes need to fork: `clone()`). */
export interface HashContext {
  update(data: Uint8Array): void;
  /** An independent copy of the current state. */
  clone(): HashContext;
  /** The digest of everything so far; the context stays usable. */
  digest(): Uint8Array;
}

/** AEAD algorithms of the TLS 1.3 cipher suites (RFC 9846 §B.4). */
export type AeadAlgorithm = 'aes-128-gcm' | 'aes-256-gcm' | 'chacha20-poly1305';

/** A keyed AEAD instance. The tag is appended to the ciphertext (16 bytes for all three). */
export interface Aead {
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Returns `null` when authentication fails (never throws for a bad tag). */
  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null;
}

/** Key-exchange groups the provider implements (NamedGroup names, RFC 9846 §4.3.7). */
export type KeyExchangeGroup = 'x25519' | 'secp256r1' | 'secp384r1';

/** One ephemeral key pair for a key_share (RFC 9846 §4.3.8). */
export interface KeyExchangeKeyPair {
  readonly group: KeyExchangeGroup;
  /** The key_exchange bytes to send (X25519: 32 bytes; ECDHE: uncompressed point). */
  readonly publicKey: Uint8Array;
  /**
   * The shared secret with the peer's key_exchange bytes (X25519: 32 bytes; ECDHE: the
   * x-coordinate, RFC 9846 §7.4.2). Throws InvalidMessageError(illegal_parameter) for a peer
   * share that is malformed, off the curve, or yields the all-zero X25519 secret.
   */
  agree(peerPublic: Uint8Array): Uint8Array;
  /** Wipes the private key. */
  destroy(): void;
}

/** A parsed SubjectPublicKeyInfo (RFC 5280 §4.1.2.7). */
export type PublicKey =
  | { readonly kind: 'ec'; readonly curve: 'P-256' | 'P-384' | 'P-521'; readonly point: Uint8Array }
  | { readonly kind: 'ed25519'; readonly key: Uint8Array }
  | { readonly kind: 'ed448'; readonly key: Uint8Array }
  /** `pssOnly` for keys under id-RSASSA-PSS (usable only with RSA-PSS, RFC 8017 / RFC 4055). */
  | { readonly kind: 'rsa'; readonly n: bigint; readonly e: bigint; readonly bits: number; readonly pssOnly: boolean };

/** A signature algorithm, independent of TLS codepoints (certificates use more combinations). */
export type SignatureAlgorithm =
  | { readonly kind: 'ecdsa'; readonly hash: HashAlgorithm }
  | { readonly kind: 'ed25519' }
  | { readonly kind: 'rsa-pkcs1'; readonly hash: HashAlgorithm }
  /** RSASSA-PSS with MGF1 over the same hash. `saltLength` defaults to the hash length. */
  | { readonly kind: 'rsa-pss'; readonly hash: HashAlgorithm; readonly saltLength?: number };

/**
 * Everything cryptographic the engine needs.
 *
 * @example
 * import { nobleProvider } from '@puretls/core';
 * const h = nobleProvider.hash('sha256', new TextEncoder().encode('abc'));
 */
export interface CryptoProvider {
  /** One-shot hash. */
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  /** Incremental hash. */
  createHash(alg: HashAlgorithm): HashContext;
  /** Output length of a hash in bytes. */
  hashLength(alg: HashAlgorithm): number;
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HKDF-Extract (RFC 5869 §2.2). */
  hkdfExtract(alg: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array): Uint8Array;
  /** HKDF-Expand (RFC 5869 §2.3). */
  hkdfExpand(alg: HashAlgorithm, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** A keyed AEAD. Key length: 16 (AES-128), 32 (AES-256, ChaCha20). */
  aead(alg: AeadAlgorithm, key: Uint8Array): Aead;
  /** Bytes of private key material `generateKeyPair` draws from the random source. */
  keyExchangeSecretLength(group: KeyExchangeGroup): number;
  /**
   * A key pair from secret bytes the caller drew from its random source (so RFC 8448 replays are
   * deterministic). Returns `null` if these bytes are not a valid scalar (draw again).
   */
  generateKeyPair(group: KeyExchangeGroup, secret: Uint8Array): KeyExchangeKeyPair | null;
  /** Parses a DER SubjectPublicKeyInfo; throws InvalidMessageError(bad_certificate...) if malformed. */
  parsePublicKey(spki: Uint8Array): PublicKey;
  /** Verifies a signature. Returns false for a wrong signature or a key/algorithm mismatch; never throws for bad input. */
  verify(alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean;
}

/** Randomness source: `n` fresh random bytes. Injected through the client configuration. */
export type RandomSource = (n: number) => Uint8Array;

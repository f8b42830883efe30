/**
 * The crypto provider interface (after rustls's `CryptoProvider`): every primitive the engine and
 * the verifier use goes through it, so a native backend (WebCrypto, node:crypto) can replace the
 * default noble-based one. All functions are synchronous over Uint8Array; an AEAD may add an
 * asynchronous pair (`Aead.sealAsync` / `openAsync`, for WebCrypto), which the record layer uses
 * for application data behind the `want-async` status.
 */

/** Hash algorithms used by TLS 1.3 suites and certificate signatures. */
export type HashAlgorithm = 'sha256' | 'sha384' | 'sha512' | 'sha1';

/** An incremental hash (transcript hashes need to fork: `clone()`). */
export interface HashContext {
  /** Appends `data` to what is hashed. */
  update(data: Uint8Array): void;
  /** An independent copy of the current state. */
  clone(): HashContext;
  /** The digest of everything so far; the context stays usable. */
  digest(): Uint8Array;
}

/**
 * A keyed AEAD instance. The tag is appended to the ciphertext.
 *
 * `seal` and `open` are required. `sealInPlace` and `openInPlace` are optional: the record layer
 * uses them when present, so that a record is encrypted and decrypted in the buffer it is sent
 * from or handed to the application in, with no copy or allocation of the AEAD's own; without
 * them it calls `seal` and `open`. The record layer passes buffers whose `byteOffset` is a
 * multiple of 4 when it can (word-wise ciphers then need no aligned copy), but an implementation
 * must accept any offset.
 */
export interface Aead {
  /** Encrypts and authenticates: returns the ciphertext with the tag appended (`plaintext.length` + `tagLength` bytes, i.e. + 16). */
  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array;
  /** Returns `null` when authentication fails (never throws for a bad tag). */
  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null;
  /**
   * Optional. Encrypts `buffer[0, length)` where it lies and writes the tag right after it, in
   * `buffer[length, length + tagLength)`; `buffer` must hold at least that many bytes. Returns
   * `length + tagLength`. The bytes written are those `seal(nonce, buffer.subarray(0, length), aad)`
   * returns.
   *
   * @example
   * const n = aead.sealInPlace?.(nonce, header, record.subarray(5), innerLength);
   */
  sealInPlace?(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array, length: number): number;
  /**
   * Optional. `buffer` is ciphertext then tag. Authenticates it first, then decrypts the ciphertext
   * where it lies and returns `buffer.subarray(0, buffer.length - tagLength)`. Returns `null` when
   * authentication fails (never throws for a bad tag), leaving no plaintext in `buffer`.
   *
   * @example
   * const plaintext = aead.openInPlace?.(nonce, header, fragmentCopy);
   */
  openInPlace?(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array): Uint8Array | null;
  /**
   * Optional, for a backend whose cipher cannot write into a given buffer (node:crypto's
   * `update()` returns an array of its own): seals `plaintext` followed by `trailer` as one
   * message, without joining them, and returns the result in pieces whose concatenation is exactly
   * what `seal(nonce, plaintext || trailer, aad)` returns (ciphertext, then the tag). The record
   * layer then sends the header and these pieces as they are, so a record needs no array of its
   * own and no copy of the ciphertext. `trailer` is short (a record's content type and padding
   * zeros, RFC 9846 §5.2) and is read only during the call; the inputs stay unchanged and the
   * pieces are the caller's. Used for application data on the synchronous lane; an AEAD with it
   * keeps `seal`, which the record layer uses for everything else.
   *
   * @example
   * const pieces = aead.sealParts?.(nonce, header, data, Uint8Array.of(23)); // e.g. [body, tail || tag]
   */
  sealParts?(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, trailer: Uint8Array): Uint8Array[];
  /**
   * Optional, with `openAsync`: the asynchronous lane (WebCrypto's `subtle.encrypt`). Resolves to
   * exactly what `seal(nonce, plaintext, aad)` returns, in an array of its own. The record layer
   * uses it for application data records once the handshake is done, with several calls
   * outstanding at once that may settle in any order; it leaves `nonce`, `aad` and `plaintext`
   * unchanged until the promise settles, and the implementation must not change or keep them.
   * Rejects only when the implementation fails (the connection then fails with internal_error).
   * An AEAD with the pair must still have `seal` and `open`: the record layer seals alerts,
   * handshake records and whatever is outstanding when the connection closes or fails with them.
   *
   * @example
   * const sealed = await aead.sealAsync?.(nonce, header, inner); // inner.length + 16 bytes
   */
  sealAsync?(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array>;
  /**
   * Optional, with `sealAsync`: resolves to the plaintext (in an array of its own), or to `null`
   * when authentication fails: a bad tag never rejects. The inputs are treated as for `sealAsync`.
   *
   * @example
   * const inner = await aead.openAsync?.(nonce, header, fragment); // null: bad_record_mac
   */
  openAsync?(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array | null>;
}

/**
 * An AEAD algorithm (RFC 9846 §5.2) as a provider implements it: its parameters and a keyed
 * instance per traffic key (made once per key and direction, never per record).
 *
 * @example
 * const aead = suite.aead.create(key); // key.length === suite.aead.keyLength
 */
export interface AeadAlgorithm {
  /** For messages and logs, e.g. 'aes-128-gcm'. */
  readonly name: string;
  /** Key length in bytes: 16 for AES-128-GCM, 32 for AES-256-GCM and ChaCha20-Poly1305. */
  readonly keyLength: number;
  /** Authentication tag length: 16 for every TLS 1.3 AEAD. */
  readonly tagLength: number;
  /** A keyed instance; `key` must be `keyLength` bytes. */
  create(key: Uint8Array): Aead;
}

/**
 * A TLS 1.3 cipher suite (RFC 9846 §B.4), supplied by the provider with its codepoint: the AEAD
 * and the HKDF hash. The engine knows suites only through these objects.
 *
 * @example
 * const suite = provider.cipherSuites.find((s) => s.id === 0x1301);
 */
export interface SupportedCipherSuite {
  /** The CipherSuite codepoint, e.g. 0x1301. */
  readonly id: number;
  /** The IANA name, e.g. 'TLS_AES_128_GCM_SHA256'. */
  readonly name: string;
  /** The hash of HKDF and the transcript (RFC 9846 §7.1), e.g. 'sha256'. */
  readonly hash: HashAlgorithm;
  /** That hash's output length in bytes: 32 for SHA-256, 48 for SHA-384. */
  readonly hashLength: number;
  /** The record protection algorithm (RFC 9846 §5.2). */
  readonly aead: AeadAlgorithm;
  /** Same as `aead.keyLength` (the key schedule's `key` length, §7.3). */
  readonly keyLength: number;
  /** Per-record nonce length (RFC 9846 §5.3): 12 for the standard suites. */
  readonly ivLength: number;
}

/**
 * A key-exchange group (NamedGroup, RFC 9846 §4.3.7) with its codepoint. `start` makes the
 * client's side of one exchange: an ephemeral (EC)DH key pair, or a KEM decapsulation key whose
 * encapsulation key is the share (the server's share is then the ciphertext).
 *
 * @example
 * const kx = group.start(random);
 * sendKeyShare(group.id, kx.share);
 * const secret = kx.complete(serverShare);
 */
export interface SupportedGroup {
  /** The NamedGroup codepoint, e.g. 0x001d. */
  readonly id: number;
  /** The IANA name, e.g. 'x25519'. */
  readonly name: string;
  /**
   * True for a group with a post-quantum KEM in it (X25519MLKEM768, SecP256r1MLKEM768). When such a group is the
   * first one configured, the default first ClientHello also carries a share for the first
   * classical group, so a server without it answers without a HelloRetryRequest.
   */
  readonly postQuantum?: boolean;
  /**
   * False for a group the provider has (so the `groups` option can name it) but that a default
   * ClientHello leaves out of supported_groups (SecP256r1MLKEM768). Absent means true.
   */
  readonly offeredByDefault?: boolean;
  /**
   * Starts an exchange with secret bytes drawn from `random` (so RFC 8448 replays are
   * deterministic). Throws InternalError if the source keeps producing invalid keys.
   */
  start(random: RandomSource): ActiveKeyExchange;
}

/** One started key exchange (RFC 9846 §4.3.8): the share we send, and completing it with the server's. */
export interface ActiveKeyExchange {
  /** The group this exchange was started from (its `id` goes in the KeyShareEntry). */
  readonly group: SupportedGroup;
  /** The key_exchange bytes to send (X25519: 32 bytes; ECDHE: uncompressed point; KEM: encapsulation key). */
  readonly share: Uint8Array;
  /**
   * The shared secret from the server's key_exchange bytes (X25519: 32 bytes; ECDHE: the
   * x-coordinate, RFC 9846 §7.4.2; KEM: the decapsulated secret). Throws
   * InvalidMessageError(illegal_parameter) for a share that is malformed, off the curve, or
   * yields the all-zero X25519 secret.
   */
  complete(peerShare: Uint8Array): Uint8Array;
  /**
   * The same secret as `complete`, computed asynchronously (WebCrypto's `deriveBits`). When an
   * exchange has it, the engine completes the ServerHello's share with it and reports want-async
   * until it settles. Rejects with InvalidMessageError(illegal_parameter) where `complete` throws.
   */
  completeAsync?(peerShare: Uint8Array): Promise<Uint8Array>;
  /**
   * A hybrid's classical half (the X25519 key inside X25519MLKEM768): the same key, usable on its
   * own as that group's share. A client offering both groups sends this key twice rather than
   * making a second one (RFC 9954, hybrid key exchange: a component's share may be reused).
   */
  readonly classical?: ActiveKeyExchange;
  /** Wipes the private key; a second call does nothing (a hybrid and its `classical` half share one). */
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
 * A TLS SignatureScheme (RFC 9846 §4.3.3) with its codepoint: the algorithm, which keys it fits,
 * and whether it may sign a CertificateVerify (never PKCS#1 v1.5 or SHA-1, §4.5.2).
 *
 * @example
 * const scheme = provider.signatureSchemes.find((s) => s.id === 0x0804)!;
 * if (scheme.keyFits(key) && scheme.verify(key, content, signature)) accept();
 */
export interface SupportedSignatureScheme {
  /** The SignatureScheme codepoint, e.g. 0x0804. */
  readonly id: number;
  /** The IANA name, e.g. 'rsa_pss_rsae_sha256'. */
  readonly name: string;
  /** False for schemes allowed only in certificates (PKCS#1 v1.5, SHA-1). */
  readonly certificateVerify: boolean;
  /** Offered in a default ClientHello (legacy or rarely used schemes are available but not offered). */
  readonly offeredByDefault: boolean;
  /** Whether a certificate's key can make this signature (curve, rsaEncryption vs RSASSA-PSS). */
  keyFits(key: PublicKey): boolean;
  /** Verifies; false for a wrong signature or an unfit key, never throws for bad input. */
  verify(key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * The same verdict as `verify`, computed asynchronously (WebCrypto's `subtle.verify`). When a
   * scheme has it, the engine checks the server's CertificateVerify with it and reports
   * want-async until it settles (RFC 9846 §4.5.2: nothing after the CertificateVerify is
   * processed before). Resolves false for a wrong signature or an unfit key; a rejection is a
   * provider failure (internal_error).
   */
  verifyAsync?(key: PublicKey, message: Uint8Array, signature: Uint8Array): Promise<boolean>;
}

/**
 * The secret components of a private key, for providers only (RFC 5915 / SEC 1 for EC, RFC 8032
 * for Ed25519, RFC 8017 §3.2 for RSA with its CRT values). Byte arrays are wiped by
 * `PrivateKey.destroy()`; JavaScript gives no way to wipe a bigint.
 */
export type PrivateKeyMaterial =
  | { readonly kind: 'ec'; readonly curve: 'P-256' | 'P-384'; readonly d: Uint8Array }
  | { readonly kind: 'ed25519'; readonly seed: Uint8Array }
  | {
      readonly kind: 'rsa';
      readonly n: bigint; readonly e: bigint; readonly d: bigint;
      readonly p: bigint; readonly q: bigint; readonly dp: bigint; readonly dq: bigint; readonly qi: bigint;
    };

/**
 * A private key of our own (a client certificate's), parsed and checked against its public half by
 * `parsePrivateKey`. Its `material` is not enumerable and the object prints as `PrivateKey <kind>`:
 * it never appears in a log line, an error or `inspect()` output.
 *
 * @example
 * const key = parsePrivateKey(pem);
 * key.publicKey.kind; // 'ec'
 * key.destroy();      // when no connection needs it any more
 */
export interface PrivateKey {
  /** The public half (for RSA keys under id-RSASSA-PSS, `pssOnly` is set). */
  readonly publicKey: PublicKey;
  /** For RSASSA-PSS keys whose parameters fix the hash (RFC 4055 §3.1): only that hash may sign. */
  readonly pssHash?: HashAlgorithm;
  /** The secret components; read only by providers. */
  readonly material: PrivateKeyMaterial;
  /** Wipes the byte arrays of `material` (a bigint cannot be wiped); the key is unusable afterwards. */
  destroy(): void;
}

/**
 * What signs our CertificateVerify (RFC 9846 §4.5.2): a key in process (a provider's
 * `createSigner`), or one in a hardware token or a remote service. `sign` may return a promise:
 * the engine then reports want-async until it settles.
 *
 * @example
 * const signer = provider.createSigner!(key, random);
 * const sig = await signer.sign(0x0403, content); // ecdsa_secp256r1_sha256, DER-encoded
 */
export interface Signer {
  /** The SignatureScheme codepoints this key can sign with, in our preference order. */
  readonly schemes: readonly number[];
  /** The signature of `message` with `scheme` (one of `schemes`), as TLS carries it (ECDSA: DER). */
  sign(scheme: number, message: Uint8Array): Uint8Array | PromiseLike<Uint8Array>;
}

/**
 * Everything cryptographic the engine needs.
 *
 * @example
 * import { nobleProvider } from '@puretls/core';
 * const h = nobleProvider.hash('sha256', new TextEncoder().encode('abc'));
 */
export interface CryptoProvider {
  /** The cipher suites this provider implements, in its preference order (the default offer). */
  readonly cipherSuites: readonly SupportedCipherSuite[];
  /** The key-exchange groups, in preference order (the default supported_groups). */
  readonly groups: readonly SupportedGroup[];
  /** The signature schemes it can verify, in preference order. */
  readonly signatureSchemes: readonly SupportedSignatureScheme[];
  /** One-shot hash. */
  hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array;
  /** Incremental hash. */
  createHash(alg: HashAlgorithm): HashContext;
  /** Output length of a hash in bytes. */
  hashLength(alg: HashAlgorithm): number;
  /** One-shot HMAC (RFC 2104) with the given hash; the output is the hash's length. */
  hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array;
  /** HKDF-Extract (RFC 5869 §2.2). */
  hkdfExtract(alg: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array): Uint8Array;
  /** HKDF-Expand (RFC 5869 §2.3). */
  hkdfExpand(alg: HashAlgorithm, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array;
  /** Parses a DER SubjectPublicKeyInfo; throws InvalidMessageError(bad_certificate...) if malformed. */
  parsePublicKey(spki: Uint8Array): PublicKey;
  /** Verifies a signature. Returns false for a wrong signature or a key/algorithm mismatch; never throws for bad input. */
  verify(alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean;
  /**
   * Optional: a {@link Signer} for one of our private keys (client certificates, RFC 9846 §4.4.2),
   * drawing what randomness it needs (RSA-PSS salt, blinding) from `random`. Throws
   * ApiMisuseError for a key it cannot sign with.
   */
  createSigner?(key: PrivateKey, random: RandomSource): Signer;
}

/** Randomness source: `n` fresh random bytes. Injected through the client configuration. */
export type RandomSource = (n: number) => Uint8Array;

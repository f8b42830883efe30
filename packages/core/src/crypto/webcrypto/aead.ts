/**
 * AES-GCM through WebCrypto (`subtle.encrypt` / `subtle.decrypt`, asynchronous) with noble's
 * AES-GCM as the synchronous half of the same `Aead`: the record layer seals and opens
 * application data asynchronously and everything else synchronously, and both give the same bytes.
 */
import { InternalError } from '../../errors.js';
import type { Aead, AeadAlgorithm } from '../provider.js';

/**
 * The AES-GCM parameters of `encrypt` / `decrypt` (WebCrypto's AesGcmParams).
 *
 * @example
 * const params: WebCryptoAesGcmParams = { name: 'AES-GCM', iv: nonce, additionalData: header, tagLength: 128 };
 */
export interface WebCryptoAesGcmParams {
  /** The algorithm. */
  readonly name: 'AES-GCM';
  /** The per-record nonce (12 bytes). */
  readonly iv: Uint8Array<ArrayBuffer>;
  /** The record header (RFC 9846 §5.2). */
  readonly additionalData: Uint8Array<ArrayBuffer>;
  /** Tag bits: 128. */
  readonly tagLength: number;
}

/**
 * The part of WebCrypto's `SubtleCrypto` the provider uses, spelled out so that no DOM or Node
 * typings are needed: `globalThis.crypto.subtle` fits (the key is WebCrypto's opaque CryptoKey).
 *
 * @example
 * const subtle: WebCryptoSubtle = globalThis.crypto.subtle;
 */
export interface WebCryptoSubtle {
  /** Imports a raw AES key. */
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: { readonly name: 'AES-GCM' }, extractable: false, keyUsages: ('encrypt' | 'decrypt')[]): Promise<unknown>;
  /** Seals: ciphertext then the tag. */
  encrypt(algorithm: WebCryptoAesGcmParams, key: unknown, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
  /** Opens; rejects (OperationError) when the tag does not match. */
  decrypt(algorithm: WebCryptoAesGcmParams, key: unknown, data: Uint8Array<ArrayBuffer>): Promise<ArrayBuffer>;
}

/** WebCrypto takes its inputs as BufferSources backed by an ArrayBuffer; a copy makes one of a view on anything else. */
function source(b: Uint8Array): Uint8Array<ArrayBuffer> {
  return b.buffer instanceof ArrayBuffer ? (b as Uint8Array<ArrayBuffer>) : new Uint8Array(b);
}

/**
 * One AES-GCM traffic key. Both halves are made on first use, each from a copy of the key kept
 * until then: the CryptoKey on the first asynchronous call (`importKey` is asynchronous too), and
 * the synchronous half (`base`'s AEAD) on the first synchronous one. Under application keys the
 * record layer seals and opens application data on the asynchronous lane, so the server's key
 * never needs the synchronous half and ours only for alerts and KeyUpdate; making it up front cost
 * each handshake two of the base's key setups (noble: AES key schedule, GHASH table and self-test,
 * about 0.1 ms each) for nothing.
 */
class WebCryptoAesGcm implements Aead {
  private rawKey: Uint8Array | undefined;
  private key: Promise<unknown> | undefined;
  private syncKey: Uint8Array | undefined;
  private syncAead: Aead | undefined;

  constructor(
    private readonly subtle: WebCryptoSubtle,
    private readonly base: AeadAlgorithm,
    key: Uint8Array,
  ) {
    // Checked now, as the base checks it in create(): a wrong length is the caller's bug.
    if (key.length !== base.keyLength) throw new InternalError(`${base.name} key must be ${base.keyLength} bytes`);
    this.rawKey = key.slice();
    this.syncKey = key.slice();
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    return this.sync().seal(nonce, plaintext, aad);
  }

  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    return this.sync().open(nonce, ciphertext, aad);
  }

  async sealAsync(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array): Promise<Uint8Array> {
    const key = await this.cryptoKey();
    const sealed = await this.subtle.encrypt({ name: 'AES-GCM', iv: source(nonce), additionalData: source(aad), tagLength: 128 }, key, source(plaintext));
    return new Uint8Array(sealed);
  }

  async openAsync(nonce: Uint8Array, aad: Uint8Array, ciphertext: Uint8Array): Promise<Uint8Array | null> {
    if (ciphertext.length < 16) return null;
    const key = await this.cryptoKey();
    try {
      return new Uint8Array(await this.subtle.decrypt({ name: 'AES-GCM', iv: source(nonce), additionalData: source(aad), tagLength: 128 }, key, source(ciphertext)));
    } catch {
      return null; // OperationError: the tag did not match (WebCrypto says nothing more)
    }
  }

  /** The synchronous half; its key copy is handed to the base (which may keep it: not wiped). */
  private sync(): Aead {
    if (this.syncAead === undefined) {
      this.syncAead = this.base.create(this.syncKey!);
      this.syncKey = undefined;
    }
    return this.syncAead;
  }

  /** The imported key; the raw copy is wiped once WebCrypto holds it. */
  private cryptoKey(): Promise<unknown> {
    if (this.key === undefined) {
      const raw = this.rawKey!;
      this.key = this.subtle.importKey('raw', source(raw), { name: 'AES-GCM' }, false, ['encrypt', 'decrypt']).finally(() => raw.fill(0));
      this.rawKey = undefined;
    }
    return this.key;
  }
}

/**
 * `base` (noble's AES-128-GCM or AES-256-GCM) with WebCrypto's asynchronous lane added.
 *
 * @example
 * const aead = webCryptoAesGcm(crypto.subtle, AES_128_GCM).create(key);
 * const sealed = await aead.sealAsync!(nonce, aad, plaintext);
 */
export function webCryptoAesGcm(subtle: WebCryptoSubtle, base: AeadAlgorithm): AeadAlgorithm {
  return {
    name: base.name,
    keyLength: base.keyLength,
    tagLength: base.tagLength,
    create: (key) => new WebCryptoAesGcm(subtle, base, key),
  };
}

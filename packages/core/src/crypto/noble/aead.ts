/**
 * The AEADs of the TLS 1.3 suites (RFC 9846 §5.2, §B.4) on @noble/ciphers.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { InternalError } from '../../errors.js';
import type { Aead, AeadAlgorithm } from '../provider.js';
import { AesGcmSelfCheck, keyedAesGcm } from './aes_gcm.js';

function checkKey(name: string, keyLength: number, key: Uint8Array): void {
  if (key.length !== keyLength) throw new InternalError(`${name} key must be ${keyLength} bytes`);
}

/**
 * ChaCha20-Poly1305 has no per-key work to keep: its Poly1305 key comes from a ChaCha block per
 * nonce (RFC 8439). noble's `encrypt` and `decrypt` take an output array, which may be the input's
 * own bytes: that is the in-place pair. The key is a field, so what a connection retains can be counted.
 */
class ChaCha20Poly1305 implements Aead {
  private readonly k: Uint8Array;
  constructor(key: Uint8Array) {
    checkKey('chacha20-poly1305', 32, key);
    this.k = key.slice();
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    return chacha20poly1305(this.k, nonce, aad).encrypt(plaintext);
  }

  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (ciphertext.length < 16) return null;
    try {
      return chacha20poly1305(this.k, nonce, aad).decrypt(ciphertext);
    } catch {
      return null; // authentication failure
    }
  }

  sealInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array, length: number): number {
    chacha20poly1305(this.k, nonce, aad).encrypt(buffer.subarray(0, length), buffer.subarray(0, length + 16));
    return length + 16;
  }

  openInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array): Uint8Array | null {
    if (buffer.length < 16) return null;
    try {
      // noble checks the tag before it writes any output.
      return chacha20poly1305(this.k, nonce, aad).decrypt(buffer, buffer.subarray(0, buffer.length - 16));
    } catch {
      return null; // authentication failure
    }
  }
}

const chacha = (key: Uint8Array): Aead => new ChaCha20Poly1305(key);

/**
 * AES-GCM keeps its key schedule and GHASH table per key (aes_gcm.ts), not per record. With a
 * `check`, its keys share one self-check; without, each key checks on its own.
 */
function aesGcm(name: string, keyLength: number, check?: AesGcmSelfCheck): AeadAlgorithm {
  return {
    name,
    keyLength,
    tagLength: 16,
    create: (key) => {
      checkKey(name, keyLength, key);
      return keyedAesGcm(key, check);
    },
  };
}

/**
 * AES-128-GCM and AES-256-GCM whose keys share one self-check (see AesGcmSelfCheck): each noble
 * provider makes its own pair, so the check's answer is the provider's state, not the module's.
 *
 * @example
 * const { aes128, aes256 } = sharedCheckAesGcm();
 */
export function sharedCheckAesGcm(): { aes128: AeadAlgorithm; aes256: AeadAlgorithm } {
  const check = new AesGcmSelfCheck();
  return { aes128: aesGcm('aes-128-gcm', 16, check), aes256: aesGcm('aes-256-gcm', 32, check) };
}

/** AES-128-GCM (each key checks the fast path on its own). @example AES_128_GCM.create(key16).seal(nonce, data, aad) */
export const AES_128_GCM: AeadAlgorithm = aesGcm('aes-128-gcm', 16);
/** AES-256-GCM (each key checks the fast path on its own). @example AES_256_GCM.create(key32) */
export const AES_256_GCM: AeadAlgorithm = aesGcm('aes-256-gcm', 32);
/** ChaCha20-Poly1305 (RFC 8439). @example CHACHA20_POLY1305.create(key32) */
export const CHACHA20_POLY1305: AeadAlgorithm = { name: 'chacha20-poly1305', keyLength: 32, tagLength: 16, create: chacha };

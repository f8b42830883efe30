/**
 * The AEADs of the TLS 1.3 suites (RFC 9846 §5.2, §B.4) on @noble/ciphers.
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { InternalError } from '../../errors.js';
import type { Aead, AeadAlgorithm } from '../provider.js';

type NobleCipher = typeof gcm | typeof chacha20poly1305;

function keyed(name: string, keyLength: number, cipher: NobleCipher, key: Uint8Array): Aead {
  if (key.length !== keyLength) throw new InternalError(`${name} key must be ${keyLength} bytes`);
  const k = key.slice();
  return {
    seal: (nonce, plaintext, aad) => cipher(k, nonce, aad).encrypt(plaintext),
    open: (nonce, ciphertext, aad) => {
      if (ciphertext.length < 16) return null;
      try {
        return cipher(k, nonce, aad).decrypt(ciphertext);
      } catch {
        return null; // authentication failure
      }
    },
  };
}

function aead(name: string, keyLength: number, cipher: NobleCipher): AeadAlgorithm {
  return { name, keyLength, tagLength: 16, create: (key) => keyed(name, keyLength, cipher, key) };
}

/** AES-128-GCM. @example AES_128_GCM.create(key16).seal(nonce, data, aad) */
export const AES_128_GCM: AeadAlgorithm = aead('aes-128-gcm', 16, gcm);
/** AES-256-GCM. @example AES_256_GCM.create(key32) */
export const AES_256_GCM: AeadAlgorithm = aead('aes-256-gcm', 32, gcm);
/** ChaCha20-Poly1305 (RFC 8439). @example CHACHA20_POLY1305.create(key32) */
export const CHACHA20_POLY1305: AeadAlgorithm = aead('chacha20-poly1305', 32, chacha20poly1305);

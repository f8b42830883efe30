/**
 * The TLS 1.3 AEADs (RFC 9846 §5.2, §B.4) on node:crypto: AES-128-GCM, AES-256-GCM and
 * ChaCha20-Poly1305 (RFC 8439). A Cipher object cannot be re-keyed, so each record gets a new one;
 * the key itself becomes a KeyObject once per traffic key, in `create`.
 */
import { createCipheriv, createDecipheriv, createSecretKey, type CipherGCM, type CipherGCMTypes, type DecipherGCM, type KeyObject } from 'node:crypto';
import { InternalError, type Aead, type AeadAlgorithm } from '@puretls/core';
import { own } from './hashes.js';

const TAG = 16;
const NONCE = 12;

type CipherName = CipherGCMTypes | 'chacha20-poly1305';

// No options objects per record: 16 bytes is the default tag length of both GCM and
// ChaCha20-Poly1305 in node:crypto, and `open` hands setAuthTag exactly 16 bytes; `plaintextLength`
// matters only to CCM. (The overloads take one literal type at a time, hence the two calls.)
// Typed as GCM: @types/node makes setAAD's options compulsory for ChaCha20-Poly1305, Node does not.
function encryptor(name: CipherName, key: KeyObject, nonce: Uint8Array): CipherGCM {
  return (name === 'chacha20-poly1305' ? createCipheriv(name, key, nonce) : createCipheriv(name, key, nonce)) as CipherGCM;
}
function decryptor(name: CipherName, key: KeyObject, nonce: Uint8Array): DecipherGCM {
  return (name === 'chacha20-poly1305' ? createDecipheriv(name, key, nonce) : createDecipheriv(name, key, nonce)) as DecipherGCM;
}

/**
 * One traffic key's AEAD: a class, so that a connection's two keys cost two small objects and no
 * closures. `sealParts` hands application data records over as node:crypto's own output (the record
 * layer sends the pieces as they are); `sealInPlace` spares the other records a copy; there is no
 * `openInPlace`: the deciphered bytes are already an array of their own (Node cannot decipher into
 * a given buffer), where the record layer would first copy the ciphertext for it.
 */
class NodeAead implements Aead {
  private readonly secret: KeyObject;

  constructor(private readonly name: CipherName, keyLength: number, key: Uint8Array) {
    if (key.length !== keyLength) throw new InternalError(`${name} key must be ${keyLength} bytes`);
    // createSecretKey copies the bytes: the caller's key stays the caller's to wipe.
    this.secret = createSecretKey(key);
  }

  private encryptor(nonce: Uint8Array, aad: Uint8Array) {
    if (nonce.length !== NONCE) throw new InternalError(`${this.name} nonce must be ${NONCE} bytes`);
    const cipher = encryptor(this.name, this.secret, nonce);
    cipher.setAAD(aad);
    return cipher;
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    const cipher = this.encryptor(nonce, aad);
    // One allocation of its own (never a slice of Node's shared pool, as Buffer.concat's small
    // results are), not zero-filled since every byte is written, returned as a plain Uint8Array.
    const out = new Uint8Array(Buffer.allocUnsafeSlow(plaintext.length + TAG).buffer);
    const body = cipher.update(plaintext);
    out.set(body);
    out.set(cipher.final(), body.length);
    out.set(cipher.getAuthTag(), plaintext.length);
    return out;
  }

  sealInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array, length: number): number {
    if (buffer.length < length + TAG) throw new InternalError(`${this.name} sealInPlace: buffer too short for the tag`);
    const cipher = this.encryptor(nonce, aad);
    const body = cipher.update(buffer.subarray(0, length));
    buffer.set(body);
    buffer.set(cipher.final(), body.length);
    buffer.set(cipher.getAuthTag(), length);
    return length + TAG;
  }

  /**
   * `plaintext || trailer` sealed as the pieces node:crypto makes: the ciphertext of `plaintext`
   * as `update()` returns it (no copy), then one small array with the trailer's ciphertext and the
   * tag. Sent as they are, they spare a 16 KiB record array, its zero fill and the copy of the
   * ciphertext into it.
   */
  sealParts(nonce: Uint8Array, aad: Uint8Array, plaintext: Uint8Array, trailer: Uint8Array): Uint8Array[] {
    const cipher = this.encryptor(nonce, aad);
    const body = cipher.update(plaintext);
    const last = cipher.update(trailer);
    const rest = cipher.final(); // empty for GCM and ChaCha20-Poly1305 (stream modes)
    // Ciphertext only, so a slice of Node's shared pool is fine here (nothing to wipe).
    const tail = Buffer.allocUnsafe(last.length + rest.length + TAG);
    tail.set(last);
    tail.set(rest, last.length);
    tail.set(cipher.getAuthTag(), last.length + rest.length);
    return body.length === 0 ? [tail] : [body, tail];
  }

  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (ciphertext.length < TAG || nonce.length !== NONCE) return null;
    const length = ciphertext.length - TAG;
    let decipher;
    try {
      decipher = decryptor(this.name, this.secret, nonce);
      decipher.setAuthTag(ciphertext.subarray(length));
      decipher.setAAD(aad);
    } catch {
      return null;
    }
    const body = decipher.update(ciphertext.subarray(0, length));
    try {
      decipher.final(); // throws on a bad tag
    } catch {
      body.fill(0); // unauthenticated plaintext never leaves
      return null;
    }
    return own(body);
  }
}

function keyed(name: CipherName, keyLength: number, key: Uint8Array): Aead {
  return new NodeAead(name, keyLength, key);
}

/** AES-128-GCM on node:crypto. @example NODE_AES_128_GCM.create(key16).seal(nonce12, data, aad) */
export const NODE_AES_128_GCM: AeadAlgorithm = { name: 'aes-128-gcm', keyLength: 16, tagLength: TAG, create: (k) => keyed('aes-128-gcm', 16, k) };
/** AES-256-GCM on node:crypto. @example NODE_AES_256_GCM.create(key32) */
export const NODE_AES_256_GCM: AeadAlgorithm = { name: 'aes-256-gcm', keyLength: 32, tagLength: TAG, create: (k) => keyed('aes-256-gcm', 32, k) };
/** ChaCha20-Poly1305 (RFC 8439) on node:crypto. @example NODE_CHACHA20_POLY1305.create(key32) */
export const NODE_CHACHA20_POLY1305: AeadAlgorithm = { name: 'chacha20-poly1305', keyLength: 32, tagLength: TAG, create: (k) => keyed('chacha20-poly1305', 32, k) };

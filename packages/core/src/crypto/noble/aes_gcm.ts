/**
 * AES-GCM (NIST SP 800-38D) on noble's AES and GHASH, with the per-key work done once per key.
 *
 * noble's `gcm(key, nonce, aad)` expands the AES key and builds the GHASH multiplication table on
 * every call, and TLS needs one call per record (a fresh nonce each, RFC 9846 §5.3): that is most
 * of the cost of a small record (about 25 of 50 µs on a 1-byte record). Here the key schedule and
 * the table belong to the key; a record only runs CTR and GHASH over its own bytes.
 */
import { gcm, unsafe } from '@noble/ciphers/aes.js';
import { GHASH } from '@noble/ciphers/_polyval.js';
import type { Aead } from '../provider.js';
import { equalBytes } from '../ct.js';

const TAG = 16;
const ZERO_BLOCK = new Uint8Array(16);
/** Bytes the GHASH table is sized for: noble then picks 4-bit windows (a 512-entry table). */
const GHASH_SIZING = 4096;

/** noble's GHASH, made reusable: the table stays, the accumulator is cleared per record. */
class ReusableGhash extends GHASH {
  /** The GHASH of aad and data (each zero-padded to a block) and their bit lengths, into `out`. */
  hashInto(aad: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    this.finished = false;
    if (aad.length > 0) this.update(aad);
    if (data.length > 0) this.update(data);
    const lengths = new Uint8Array(16);
    const view = new DataView(lengths.buffer);
    view.setBigUint64(0, BigInt(aad.length * 8));
    view.setBigUint64(8, BigInt(data.length * 8));
    this.update(lengths);
    this.digestInto(out);
  }
}

/** A copy when `b` is not 4-byte aligned (noble's CTR reads 32-bit words in place). */
function aligned(b: Uint8Array): Uint8Array {
  return b.byteOffset % 4 === 0 ? b : b.slice();
}

/**
 * One AES-GCM key with 12-byte nonces. Its first seal is checked against noble's own `gcm()`;
 * should noble's internals ever differ from what this relies on, the key falls back to `gcm()`.
 *
 * @example
 * const aead = keyedAesGcm(key);
 * const sealed = aead.seal(nonce12, plaintext, header);
 */
export function keyedAesGcm(key: Uint8Array): Aead {
  const k = key.slice();
  const fallback: Aead = {
    seal: (nonce, plaintext, aad) => gcm(k, nonce, aad).encrypt(plaintext),
    open: (nonce, ciphertext, aad) => {
      try {
        return gcm(k, nonce, aad).decrypt(ciphertext);
      } catch {
        return null; // authentication failure
      }
    },
  };
  const fast = keyed(k);
  return selfTest(fast, fallback) ? fast : fallback;
}

/** The keyed implementation: key schedule and hash key H = E_K(0^128) computed here, once. */
function keyed(k: Uint8Array): Aead {
  const xk = unsafe.expandKeyLE(k);
  const h = unsafe.ctr32(xk, false, new Uint8Array(16), ZERO_BLOCK);
  const ghash = new ReusableGhash(h, GHASH_SIZING);
  h.fill(0);

  /** J0 = nonce || 0^31 || 1; returns E_K(J0) (the tag mask) and leaves `ctr` at inc32(J0). */
  const start = (nonce: Uint8Array, ctr: Uint8Array): Uint8Array => {
    ctr.set(nonce);
    ctr[15] = 1;
    return unsafe.ctr32(xk, false, ctr, ZERO_BLOCK);
  };
  const tag = (mask: Uint8Array, aad: Uint8Array, data: Uint8Array): Uint8Array => {
    const t = new Uint8Array(16);
    ghash.hashInto(aad, data, t);
    for (let i = 0; i < 16; i++) t[i]! ^= mask[i]!;
    return t;
  };
  return {
    seal(nonce, plaintext, aad) {
      if (nonce.length !== 12) return gcm(k, nonce, aad).encrypt(plaintext);
      const ctr = new Uint8Array(16);
      const mask = start(nonce, ctr);
      const out = new Uint8Array(plaintext.length + TAG);
      const body = out.subarray(0, plaintext.length);
      if (plaintext.length > 0) unsafe.ctr32(xk, false, ctr, aligned(plaintext), body);
      out.set(tag(mask, aad, body), plaintext.length);
      return out;
    },
    open(nonce, ciphertext, aad) {
      if (ciphertext.length < TAG || nonce.length !== 12) return null;
      const ctr = new Uint8Array(16);
      const mask = start(nonce, ctr);
      const data = ciphertext.subarray(0, ciphertext.length - TAG);
      // Authenticate before decrypting: no unauthenticated plaintext is ever produced.
      if (!equalBytes(tag(mask, aad, data), ciphertext.subarray(ciphertext.length - TAG))) return null;
      return data.length > 0 ? unsafe.ctr32(xk, false, ctr, aligned(data)) : new Uint8Array(0);
    },
  };
}

/** Seals and opens one odd-sized record both ways and compares with noble's `gcm()`. */
function selfTest(fast: Aead, reference: Aead): boolean {
  try {
    const nonce = Uint8Array.from({ length: 12 }, (_, i) => i * 7 + 1);
    const aad = Uint8Array.of(23, 3, 3, 0, 37);
    const plaintext = Uint8Array.from({ length: 21 }, (_, i) => i * 13);
    const a = fast.seal(nonce, plaintext, aad);
    const b = reference.seal(nonce, plaintext, aad);
    const back = fast.open(nonce, b, aad);
    return equalBytes(a, b) && back !== null && equalBytes(back, plaintext);
  } catch {
    return false;
  }
}

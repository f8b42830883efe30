/**
 * AES-GCM (NIST SP 800-38D) on our AES-CTR (crypto/aes/ctr.ts: 4 KiB of round tables, where
 * noble's reach about 640 KiB) and KeyedGhash (ghash.ts, noble's GHASH table built directly),
 * with the per-key work done once per key; noble's `gcm()` is the reference they are checked
 * against, and the fallback.
 *
 * noble's `gcm(key, nonce, aad)` expands the AES key and builds the GHASH multiplication table on
 * every call, and TLS needs one call per record (a fresh nonce each, RFC 9846 §5.3): that is most
 * of the cost of a small record (about 25 of 50 µs on a 1-byte record). Here the key schedule and
 * the table belong to the key; a record only runs CTR and GHASH over its own bytes.
 */
import { gcm } from '@noble/ciphers/aes.js';
import type { Aead } from '../provider.js';
import { equalBytes } from '../../codec/ct.js';
import { AesTables, ctr32, expandKey } from '../aes/ctr.js';
import { KeyedGhash } from './ghash.js';

const TAG = 16;
const ZERO_BLOCK = new Uint8Array(16);

/**
 * AES-CTR over `body` where it lies (CTR reads 32-bit words in place), through an aligned copy
 * when it is not 4-byte aligned. (`new Uint8Array(b)` always copies; a Uint8Array subclass's
 * `slice` may return a view instead.)
 */
function ctrInPlace(tb: AesTables, xk: Int32Array, ctr: Uint8Array, body: Uint8Array): void {
  if (body.length === 0) return;
  if (body.byteOffset % 4 === 0) {
    ctr32(tb, xk, ctr, body, body);
    return;
  }
  const tmp = new Uint8Array(body);
  ctr32(tb, xk, ctr, tmp, tmp);
  body.set(tmp);
  tmp.fill(0);
}

/**
 * Whether the fast path agrees with noble's `gcm()`: decided on first use and remembered by its
 * owner. The answer depends only on the code loaded, not on any key, so a provider keeps one for
 * all its keys (checking every key cost about 0.14 ms, four times per handshake); a key made
 * without one checks on its own.
 *
 * @example
 * const check = new AesGcmSelfCheck();
 * const a = keyedAesGcm(key1, check), b = keyedAesGcm(key2, check); // one check for both
 */
export class AesGcmSelfCheck {
  private agrees: boolean | undefined;
  private built: AesTables | undefined;

  /** The AES round tables its keys share (4.25 KiB, built on first use). */
  get tables(): AesTables {
    return (this.built ??= new AesTables());
  }

  /** Runs the check the first time (one seal and open each way against noble's `gcm()`). */
  get passed(): boolean {
    if (this.agrees === undefined) {
      const k = Uint8Array.from({ length: 16 }, (_, i) => i * 11 + 5);
      this.agrees = selfTest(new KeyedAesGcm(k, this.tables), gcmPerCall(k));
    }
    return this.agrees;
  }
}

/**
 * One AES-GCM key with 12-byte nonces. Should the fast path ever disagree with noble's `gcm()`
 * (`check`, by default one of the key's own: a big-endian host, or a noble whose GHASH table
 * ghash.ts no longer reproduces), the key uses `gcm()`.
 *
 * @example
 * const aead = keyedAesGcm(key);
 * const sealed = aead.seal(nonce12, plaintext, header);
 */
export function keyedAesGcm(key: Uint8Array, check: AesGcmSelfCheck = new AesGcmSelfCheck()): Aead {
  const k = key.slice();
  return check.passed ? new KeyedAesGcm(k, check.tables) : gcmPerCall(k);
}

/** noble's `gcm()` itself, one call per record: the fallback. */
function gcmPerCall(k: Uint8Array): Aead {
  return {
    seal: (nonce, plaintext, aad) => gcm(k, nonce, aad).encrypt(plaintext),
    open: (nonce, ciphertext, aad) => {
      try {
        return gcm(k, nonce, aad).decrypt(ciphertext);
      } catch {
        return null; // authentication failure
      }
    },
  };
}

/**
 * The keyed implementation: key schedule and hash key H = E_K(0^128) computed here, once. Its
 * state is in fields (not closures), so what a connection retains can be counted.
 */
class KeyedAesGcm implements Aead {
  private readonly xk: Int32Array;
  private readonly ghash: KeyedGhash;
  // Per-key scratch blocks (48 bytes), reused by every record: the counter, the tag mask E_K(J0)
  // and the tag. Records are processed one at a time (the engine is synchronous).
  private readonly ctr = new Uint8Array(16);
  private readonly mask = new Uint8Array(16);
  private readonly t = new Uint8Array(16);

  constructor(
    private readonly k: Uint8Array,
    private readonly tb: AesTables,
  ) {
    this.xk = expandKey(tb, k);
    const h = new Uint8Array(16);
    ctr32(tb, this.xk, new Uint8Array(16), ZERO_BLOCK, h);
    this.ghash = new KeyedGhash(h);
    h.fill(0);
  }

  /** J0 = nonce || 0^31 || 1; puts E_K(J0) (the tag mask) in `mask` and leaves `ctr` at inc32(J0). */
  private start(nonce: Uint8Array): void {
    const ctr = this.ctr;
    ctr.set(nonce);
    ctr[12] = ctr[13] = ctr[14] = 0;
    ctr[15] = 1;
    ctr32(this.tb, this.xk, ctr, ZERO_BLOCK, this.mask);
  }

  /** The tag of `data`, in the scratch block `t`. */
  private tag(aad: Uint8Array, data: Uint8Array): Uint8Array {
    const { t, mask } = this;
    this.ghash.hashInto(aad, data, t);
    for (let i = 0; i < 16; i++) t[i]! ^= mask[i]!;
    return t;
  }

  seal(nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
    if (nonce.length !== 12) return gcm(this.k, nonce, aad).encrypt(plaintext);
    const out = new Uint8Array(plaintext.length + TAG);
    out.set(plaintext);
    this.sealInPlace(nonce, aad, out, plaintext.length);
    return out;
  }

  open(nonce: Uint8Array, ciphertext: Uint8Array, aad: Uint8Array): Uint8Array | null {
    if (ciphertext.length < TAG || nonce.length !== 12) return null;
    this.start(nonce);
    const data = ciphertext.subarray(0, ciphertext.length - TAG);
    // Authenticate before decrypting: no unauthenticated plaintext is ever produced.
    if (!equalBytes(this.tag(aad, data), ciphertext.subarray(ciphertext.length - TAG))) return null;
    const out = new Uint8Array(data); // the plaintext's own array, aligned
    ctrInPlace(this.tb, this.xk, this.ctr, out);
    return out;
  }

  sealInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array, length: number): number {
    if (nonce.length !== 12) {
      buffer.set(gcm(this.k, nonce, aad).encrypt(buffer.subarray(0, length)));
      return length + TAG;
    }
    this.start(nonce);
    const body = buffer.subarray(0, length);
    ctrInPlace(this.tb, this.xk, this.ctr, body);
    buffer.set(this.tag(aad, body), length);
    return length + TAG;
  }

  openInPlace(nonce: Uint8Array, aad: Uint8Array, buffer: Uint8Array): Uint8Array | null {
    if (buffer.length < TAG || nonce.length !== 12) return null;
    this.start(nonce);
    const data = buffer.subarray(0, buffer.length - TAG);
    if (!equalBytes(this.tag(aad, data), buffer.subarray(buffer.length - TAG))) return null;
    ctrInPlace(this.tb, this.xk, this.ctr, data);
    return data;
  }
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
    const inPlace = new Uint8Array(plaintext.length + 16);
    inPlace.set(plaintext);
    fast.sealInPlace?.(nonce, aad, inPlace, plaintext.length);
    const opened = fast.openInPlace?.(nonce, aad, inPlace.slice());
    return equalBytes(a, b) && back !== null && equalBytes(back, plaintext) && equalBytes(inPlace, b) && opened != null && equalBytes(opened, plaintext);
  } catch {
    return false;
  }
}

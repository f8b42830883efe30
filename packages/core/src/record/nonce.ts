/**
 * The per-record nonce (RFC 9846 §5.3): a traffic key's IV, kept as small integers, XOR the
 * record's 64-bit sequence number, written into a scratch array the connection's keys share.
 */
import { InternalError } from '../errors.js';

/**
 * An IV (§5.3: iv_length bytes, 12 for every TLS 1.3 suite) as 24-bit big-endian words, the last
 * padded with zeros, in four fields (and an array only for bytes past the twelfth): about 32 bytes
 * of heap where a plain array of the words costs about 80 and a 12-byte Uint8Array about 216 (the
 * typed array, its ArrayBuffer, their store). 24 bits, not 32, so that every word is one of V8's
 * inline small integers (31 bits wide with pointer compression), never a heap number, which
 * could not be wiped.
 *
 * @example
 * const iv = new IvWords(ivBytes); // ivBytes is wiped
 * aead.open(iv.nonceInto(scratch, seq), ciphertext, header);
 */
export class IvWords {
  private w0: number;
  private w1: number;
  private w2: number;
  private w3: number;
  /** The words after the fourth (an IV over 12 bytes; no TLS 1.3 suite has one). */
  private readonly rest: number[] | undefined;
  readonly length: number;

  /** `iv`'s words; the bytes are wiped (the words are the key's copy). */
  constructor(iv: Uint8Array) {
    const word = (k: number) => (iv[3 * k]! << 16) | ((iv[3 * k + 1] ?? 0) << 8) | (iv[3 * k + 2] ?? 0);
    this.length = iv.length;
    this.w0 = word(0);
    this.w1 = word(1);
    this.w2 = word(2);
    this.w3 = word(3);
    this.rest = iv.length > 12 ? Array.from({ length: Math.ceil(iv.length / 3) - 4 }, (_, k) => word(k + 4)) : undefined;
    iv.fill(0);
  }

  /** Word `k` (bytes 3k to 3k + 2). */
  private word(k: number): number {
    switch (k) {
      case 0: return this.w0;
      case 1: return this.w1;
      case 2: return this.w2;
      case 3: return this.w3;
      default: return this.rest![k - 4]!;
    }
  }

  /** The per-record nonce into `out` (of the IV's length): the IV XOR the 64-bit sequence number, left-padded (§5.3). */
  nonceInto(out: Uint8Array, seq: number): Uint8Array {
    const n = out.length;
    // A Uint8Array keeps the low 8 bits of what is stored: each word gives its three bytes.
    for (let i = 0, k = 0; i < n; k++) {
      const w = this.word(k);
      out[i++] = w >>> 16;
      if (i < n) out[i++] = w >>> 8;
      if (i < n) out[i++] = w;
    }
    const lo = seq >>> 0;
    const hi = Math.floor(seq / 2 ** 32);
    out[n - 1]! ^= lo;
    out[n - 2]! ^= lo >>> 8;
    out[n - 3]! ^= lo >>> 16;
    out[n - 4]! ^= lo >>> 24;
    out[n - 5]! ^= hi;
    out[n - 6]! ^= hi >>> 8;
    out[n - 7]! ^= hi >>> 16;
    out[n - 8]! ^= hi >>> 24;
    return out;
  }

  /** Forgets the IV. */
  wipe(): void {
    this.w0 = this.w1 = this.w2 = this.w3 = 0;
    this.rest?.fill(0);
  }
}

/**
 * `given` if it is a scratch array of the IV's length, else a new one.
 *
 * @example
 * this.nonce = nonceScratch(iv.length, opts.nonce);
 */
export function nonceScratch(ivLength: number, given: Uint8Array | undefined): Uint8Array {
  if (given === undefined) return new Uint8Array(ivLength);
  if (given.length !== ivLength) throw new InternalError(`nonce scratch of ${given.length} bytes for a ${ivLength}-byte IV`);
  return given;
}


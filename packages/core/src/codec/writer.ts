/**
 * A growable writer for TLS presentation-language data (RFC 9846 §3), with length-prefixed
 * vectors written through callbacks so lengths can never disagree with contents.
 */
import { InternalError } from '../errors.js';

/**
 * Builds a byte string.
 *
 * @example
 * const w = new Writer();
 * w.u16(0x0303);
 * w.vec16((w) => w.bytes(payload));
 * const out = w.finish();
 */
export class Writer {
  private buf: Uint8Array;
  private len = 0;

  constructor(capacity = 256) {
    this.buf = new Uint8Array(capacity);
  }

  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    let cap = Math.max(this.buf.length * 2, 64); // a writer made with capacity 0 still grows
    while (cap < this.len + n) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
  }

  /** Bytes written so far. */
  get length(): number {
    return this.len;
  }

  u8(v: number): this {
    this.reserve(1);
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u16(v: number): this {
    this.reserve(2);
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u24(v: number): this {
    this.reserve(3);
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  u32(v: number): this {
    this.reserve(4);
    this.buf[this.len++] = (v >>> 24) & 0xff;
    this.buf[this.len++] = (v >>> 16) & 0xff;
    this.buf[this.len++] = (v >>> 8) & 0xff;
    this.buf[this.len++] = v & 0xff;
    return this;
  }

  bytes(b: Uint8Array): this {
    this.reserve(b.length);
    this.buf.set(b, this.len);
    this.len += b.length;
    return this;
  }

  private vec(lenBytes: 1 | 2 | 3, body: (w: Writer) => void): this {
    const start = this.len;
    this.reserve(lenBytes);
    this.len += lenBytes;
    body(this);
    const n = this.len - start - lenBytes;
    if (n >= 2 ** (8 * lenBytes)) throw new InternalError(`vector of ${n} bytes overflows ${lenBytes}-byte length`);
    for (let i = 0; i < lenBytes; i++) this.buf[start + i] = (n >>> (8 * (lenBytes - 1 - i))) & 0xff;
    return this;
  }

  /** A vector with a 1-byte length prefix. */
  vec8(body: (w: Writer) => void): this {
    return this.vec(1, body);
  }

  /** A vector with a 2-byte length prefix. */
  vec16(body: (w: Writer) => void): this {
    return this.vec(2, body);
  }

  /** A vector with a 3-byte length prefix. */
  vec24(body: (w: Writer) => void): this {
    return this.vec(3, body);
  }

  /**
   * The bytes written, sized exactly: the writer's own buffer when it is exactly full (a writer
   * made with the right capacity copies nothing; a later write would move to a new buffer, so
   * what was returned never changes), else a copy.
   */
  finish(): Uint8Array {
    return this.len === this.buf.length ? this.buf : this.buf.slice(0, this.len);
  }
}

/**
 * Encodes with a fresh writer.
 *
 * @example
 * const bytes = encode((w) => w.u16(0x0304));
 */
export function encode(body: (w: Writer) => void): Uint8Array {
  const w = new Writer();
  body(w);
  return w.finish();
}

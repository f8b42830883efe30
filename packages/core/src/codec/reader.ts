/**
 * A bounds-checked reader over TLS presentation-language data (RFC 9846 §3). Every read checks the
 * remaining length first; running short is a {@link InvalidMessageError} with `decode_error`,
 * never a RangeError.
 */
import { InvalidMessageError } from '../errors.js';

/**
 * Reads big-endian integers and length-prefixed vectors from a byte slice.
 *
 * @example
 * const r = new Reader(bytes, 'ServerHello');
 * const version = r.u16();
 * const random = r.bytes(32);
 * const sessionId = r.vec8(0, 32);
 * r.expectEnd();
 */
export class Reader {
  private pos = 0;
  constructor(
    private readonly buf: Uint8Array,
    /** What is being decoded, for error messages. */
    readonly what = 'message',
  ) {}

  /** Bytes not yet read. */
  get remaining(): number {
    return this.buf.length - this.pos;
  }

  /** Current offset from the start of the slice. */
  get offset(): number {
    return this.pos;
  }

  /** True when every byte has been read. */
  get done(): boolean {
    return this.pos === this.buf.length;
  }

  private need(n: number, field: string): void {
    if (n > this.remaining) throw this.fail(`${field}: need ${n} bytes, ${this.remaining} left`);
  }

  /** A decode_error naming this reader's message. */
  fail(why: string): InvalidMessageError {
    return new InvalidMessageError('decode_error', `${this.what}: ${why}`);
  }

  u8(field = 'u8'): number {
    this.need(1, field);
    return this.buf[this.pos++]!;
  }

  u16(field = 'u16'): number {
    this.need(2, field);
    const v = (this.buf[this.pos]! << 8) | this.buf[this.pos + 1]!;
    this.pos += 2;
    return v;
  }

  u24(field = 'u24'): number {
    this.need(3, field);
    const b = this.buf;
    const v = (b[this.pos]! << 16) | (b[this.pos + 1]! << 8) | b[this.pos + 2]!;
    this.pos += 3;
    return v;
  }

  u32(field = 'u32'): number {
    this.need(4, field);
    const b = this.buf;
    const v = ((b[this.pos]! << 24) >>> 0) + ((b[this.pos + 1]! << 16) | (b[this.pos + 2]! << 8) | b[this.pos + 3]!);
    this.pos += 4;
    return v;
  }

  /** `n` raw bytes (a view, not a copy). */
  bytes(n: number, field = 'bytes'): Uint8Array {
    this.need(n, field);
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** The rest of the slice. */
  rest(): Uint8Array {
    return this.bytes(this.remaining);
  }

  private vec(lenBytes: 1 | 2 | 3, min: number, max: number, field: string): Uint8Array {
    const len = lenBytes === 1 ? this.u8(field) : lenBytes === 2 ? this.u16(field) : this.u24(field);
    if (len < min || len > max) throw this.fail(`${field}: length ${len} outside ${min}..${max}`);
    return this.bytes(len, field);
  }

  /** `opaque x<min..max>` with a 1-byte length. */
  vec8(min = 0, max = 0xff, field = 'vector'): Uint8Array {
    return this.vec(1, min, max, field);
  }

  /** `opaque x<min..max>` with a 2-byte length. */
  vec16(min = 0, max = 0xffff, field = 'vector'): Uint8Array {
    return this.vec(2, min, max, field);
  }

  /** `opaque x<min..max>` with a 3-byte length. */
  vec24(min = 0, max = 0xffffff, field = 'vector'): Uint8Array {
    return this.vec(3, min, max, field);
  }

  /** A sub-reader over a 2-byte-length-prefixed vector. */
  sub16(min = 0, max = 0xffff, field = 'vector'): Reader {
    return new Reader(this.vec16(min, max, field), `${this.what}.${field}`);
  }

  /** A sub-reader over a 1-byte-length-prefixed vector. */
  sub8(min = 0, max = 0xff, field = 'vector'): Reader {
    return new Reader(this.vec8(min, max, field), `${this.what}.${field}`);
  }

  /** A sub-reader over a 3-byte-length-prefixed vector. */
  sub24(min = 0, max = 0xffffff, field = 'vector'): Reader {
    return new Reader(this.vec24(min, max, field), `${this.what}.${field}`);
  }

  /** A list of u16 values from a 2-byte-length-prefixed vector of even length. */
  u16List(min = 0, max = 0xffff, field = 'list'): number[] {
    const r = this.sub16(min, max, field);
    if (r.remaining % 2 !== 0) throw this.fail(`${field}: odd length`);
    const out: number[] = [];
    while (!r.done) out.push(r.u16(field));
    return out;
  }

  /** Fails unless every byte was consumed (trailing data is a decode_error). */
  expectEnd(): void {
    if (!this.done) throw this.fail(`${this.remaining} trailing bytes`);
  }
}

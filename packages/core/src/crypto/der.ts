/**
 * A minimal, strict DER reader (X.690 §10): definite minimal lengths only, every read bounds-checked.
 * Enough to find a certificate's SubjectPublicKeyInfo and to parse public keys; full X.509 parsing
 * is @puretls/x509's job. Malformed input is an InvalidMessageError, never a RangeError.
 */
import { bigIntFromBytes } from '../codec/hex.js';
import { InvalidMessageError } from '../errors.js';

/** One DER element: its tag, its contents, and the whole encoding. */
export interface DerElement {
  /** The identifier octet, e.g. 0x30 for SEQUENCE (single-byte tags only; see {@link DerTag}). */
  readonly tag: number;
  /** The contents octets, without tag and length: a view into the reader's buffer, not a copy. */
  readonly value: Uint8Array;
  /** The whole TLV encoding (tag, length and contents): a view into the reader's buffer, not a copy. */
  readonly raw: Uint8Array;
}

/**
 * Universal tags we use.
 *
 * @example
 * new DerReader(der).read(DerTag.SEQUENCE);
 */
export const DerTag = { INTEGER: 0x02, BIT_STRING: 0x03, OCTET_STRING: 0x04, NULL: 0x05, OID: 0x06, SEQUENCE: 0x30 } as const;

function fail(why: string): InvalidMessageError {
  return new InvalidMessageError('decode_error', `DER: ${why}`);
}

/**
 * Reads consecutive DER elements from a byte string.
 *
 * @example
 * const seq = new DerReader(der).read(DerTag.SEQUENCE);
 * const inner = new DerReader(seq.value);
 */
export class DerReader {
  private pos = 0;
  constructor(private readonly buf: Uint8Array) {}

  /** Whether every byte has been read (no further element). */
  get done(): boolean {
    return this.pos >= this.buf.length;
  }

  /** The tag of the next element without consuming it, or -1 at the end. */
  peekTag(): number {
    return this.done ? -1 : this.buf[this.pos]!;
  }

  /** Reads one element; with `tag`, fails unless it has that tag. */
  read(tag?: number): DerElement {
    const b = this.buf;
    const start = this.pos;
    if (start + 2 > b.length) throw fail('truncated header');
    const t = b[start]!;
    if ((t & 0x1f) === 0x1f) throw fail('multi-byte tags are not supported');
    if (tag !== undefined && t !== tag) throw fail(`expected tag 0x${tag.toString(16)}, got 0x${t.toString(16)}`);
    let len = b[start + 1]!;
    let at = start + 2;
    if (len & 0x80) {
      const n = len & 0x7f;
      if (n === 0 || n > 4) throw fail('indefinite or oversized length');
      if (at + n > b.length) throw fail('truncated length');
      len = 0;
      for (let i = 0; i < n; i++) len = len * 256 + b[at + i]!;
      if (b[at] === 0 || len < 0x80) throw fail('non-minimal length');
      at += n;
    }
    if (at + len > b.length) throw fail('truncated value');
    this.pos = at + len;
    return { tag: t, value: b.subarray(at, at + len), raw: b.subarray(start, at + len) };
  }

  /** Fails unless everything was read. */
  end(): void {
    if (!this.done) throw fail('trailing data');
  }
}

/**
 * A non-negative INTEGER's value as a bigint (minimal encoding enforced).
 *
 * @example
 * const n = derUnsigned(new DerReader(bytes).read(DerTag.INTEGER));
 */
export function derUnsigned(e: DerElement): bigint {
  const v = e.value;
  if (v.length === 0) throw fail('empty INTEGER');
  if (v[0]! & 0x80) throw fail('negative INTEGER');
  if (v.length > 1 && v[0] === 0 && !(v[1]! & 0x80)) throw fail('non-minimal INTEGER');
  return bigIntFromBytes(v);
}

/**
 * An OBJECT IDENTIFIER in dotted form.
 *
 * @example
 * derOid(new DerReader(bytes).read(DerTag.OID)); // '1.2.840.10045.2.1'
 */
export function derOid(e: DerElement): string {
  const v = e.value;
  if (v.length === 0 || (v[v.length - 1]! & 0x80)) throw fail('bad OID');
  const parts: number[] = [];
  let acc = 0;
  for (let i = 0; i < v.length; i++) {
    if (acc === 0 && v[i] === 0x80) throw fail('non-minimal OID arc');
    acc = acc * 128 + (v[i]! & 0x7f);
    if (acc > Number.MAX_SAFE_INTEGER) throw fail('OID arc too large');
    if (!(v[i]! & 0x80)) {
      if (parts.length === 0) parts.push(acc < 80 ? Math.floor(acc / 40) : 2, acc < 80 ? acc % 40 : acc - 80);
      else parts.push(acc);
      acc = 0;
    }
  }
  return parts.join('.');
}

/**
 * The bytes of a BIT STRING with no unused bits (keys and signatures are whole bytes).
 *
 * @example
 * const point = derBitStringBytes(reader.read(DerTag.BIT_STRING));
 */
export function derBitStringBytes(e: DerElement): Uint8Array {
  if (e.value.length === 0 || e.value[0] !== 0) throw fail('BIT STRING with unused bits');
  return e.value.subarray(1);
}

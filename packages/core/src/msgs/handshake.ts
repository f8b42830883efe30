/**
 * Handshake message framing (RFC 9846 §4): `HandshakeType msg_type; uint24 length; body`, and the
 * joiner that reassembles messages split across records or packed several to a record (§5.1).
 */
import { InvalidMessageError } from '../errors.js';
import { Limits } from '../limits.js';

/** One handshake message: its type, body, and the exact bytes for the transcript. */
export interface HandshakeMessage {
  readonly type: number;
  readonly body: Uint8Array;
  /** Header and body exactly as received. */
  readonly raw: Uint8Array;
}

/**
 * Prefixes a body with its 4-byte handshake header.
 *
 * @example
 * const finished = frameHandshake(HandshakeType.finished, verifyData);
 */
export function frameHandshake(type: number, body: Uint8Array): Uint8Array {
  if (body.length > 0xffffff) throw new InvalidMessageError('decode_error', 'handshake body too long');
  const out = new Uint8Array(4 + body.length);
  out[0] = type;
  out[1] = body.length >>> 16;
  out[2] = (body.length >>> 8) & 0xff;
  out[3] = body.length & 0xff;
  out.set(body, 4);
  return out;
}

/**
 * Reassembles handshake messages from handshake-record fragments. Announced lengths above
 * `Limits.maxHandshakeMessage` are refused as soon as the header is seen (decode_error: no
 * message we accept can be that long), so a hostile peer cannot make us buffer without bound.
 *
 * @example
 * const j = new HandshakeJoiner();
 * j.push(fragment);
 * for (let m = j.next(); m !== null; m = j.next()) handle(m);
 */
export class HandshakeJoiner {
  private buf: Uint8Array = new Uint8Array(0);
  private start = 0;
  private end = 0;

  constructor(private readonly maxMessage = Limits.maxHandshakeMessage) {}

  /** True when no bytes at all are buffered (no partial and no unread message). */
  get isEmpty(): boolean {
    return this.start === this.end;
  }

  /** Adds the content of one handshake record. */
  push(fragment: Uint8Array): void {
    const pending = this.end - this.start;
    if (pending === 0) {
      this.buf = fragment;
      this.start = 0;
      this.end = fragment.length;
    } else {
      const next = new Uint8Array(pending + fragment.length);
      next.set(this.buf.subarray(this.start, this.end));
      next.set(fragment, pending);
      this.buf = next;
      this.start = 0;
      this.end = next.length;
    }
    this.checkHeader();
  }

  private checkHeader(): void {
    if (this.end - this.start < 4) return;
    const b = this.buf;
    const len = (b[this.start + 1]! << 16) | (b[this.start + 2]! << 8) | b[this.start + 3]!;
    if (len > this.maxMessage) {
      throw new InvalidMessageError('decode_error', `handshake message of ${len} bytes exceeds the ${this.maxMessage}-byte limit`);
    }
  }

  /** The next complete message, or null. */
  next(): HandshakeMessage | null {
    if (this.end - this.start < 4) return null;
    this.checkHeader();
    const b = this.buf;
    const s = this.start;
    const len = (b[s + 1]! << 16) | (b[s + 2]! << 8) | b[s + 3]!;
    if (this.end - s < 4 + len) return null;
    const raw = b.subarray(s, s + 4 + len);
    this.start = s + 4 + len;
    if (this.start === this.end) {
      this.buf = new Uint8Array(0);
      this.start = this.end = 0;
    } else {
      this.checkHeader();
    }
    return { type: raw[0]!, body: raw.subarray(4), raw };
  }
}

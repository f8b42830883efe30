/**
 * Handshake message framing (RFC 9846 §4): `HandshakeType msg_type; uint24 length; body`, and the
 * joiner that reassembles messages split across records or packed several to a record (§5.1).
 */
import { InvalidMessageError, PeerMisbehavedError } from '../errors.js';
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

/** Most records a handshake message of `total` bytes (header included) may span (see Limits). */
function maxRecordsFor(total: number): number {
  return Math.ceil(total / Limits.minHandshakeBytesPerRecord) + Limits.extraRecordsPerHandshakeMessage;
}

/**
 * Reassembles handshake messages from handshake-record fragments (RFC 9846 §5.1). Fragments are
 * queued as received and each message is copied once, when complete; a message that lies inside
 * one fragment is not copied at all. So the work is linear in the bytes received.
 *
 * Announced lengths above `Limits.maxHandshakeMessage` are refused as soon as the header is seen
 * (decode_error: no message we accept can be that long), so a hostile peer cannot make us buffer
 * without bound. A message spread over more records than its length justifies (see
 * `Limits.minHandshakeBytesPerRecord`) is refused with unexpected_message: every record is well
 * formed, it is the record stream that is abusive (as for too many useless records), whereas
 * decode_error would claim a message that does not parse.
 *
 * @example
 * const j = new HandshakeJoiner();
 * j.push(fragment);
 * for (let m = j.next(); m !== null; m = j.next()) handle(m);
 */
export class HandshakeJoiner {
  /** Received fragments not yet fully handed out; `frags[head]` is read from `offset`. */
  private frags: Uint8Array[] = [];
  private head = 0;
  private offset = 0;
  private pending = 0;
  private copied = 0;

  constructor(private readonly maxMessage = Limits.maxHandshakeMessage) {}

  /** True when no bytes at all are buffered (no partial and no unread message). */
  get isEmpty(): boolean {
    return this.pending === 0;
  }

  /** Bytes copied so far to join messages split across fragments (each such byte once). */
  get copiedBytes(): number {
    return this.copied;
  }

  /** Adds the content of one handshake record. */
  push(fragment: Uint8Array): void {
    if (fragment.length === 0) return;
    this.frags.push(fragment);
    this.pending += fragment.length;
    const len = this.firstLength();
    if (len === undefined || this.pending >= 4 + len) return;
    // The first message is still incomplete: it spans every queued fragment.
    const spanned = this.frags.length - this.head;
    if (spanned > maxRecordsFor(4 + len)) {
      throw new PeerMisbehavedError('unexpected_message', `handshake message of ${len} bytes spread over more than ${spanned - 1} records`);
    }
  }

  /** The body length announced by the first pending message (checked), or undefined before its header is in. */
  private firstLength(): number | undefined {
    if (this.pending < 4) return undefined;
    const len = (this.byteAt(1) << 16) | (this.byteAt(2) << 8) | this.byteAt(3);
    if (len > this.maxMessage) {
      throw new InvalidMessageError('decode_error', `handshake message of ${len} bytes exceeds the ${this.maxMessage}-byte limit`);
    }
    return len;
  }

  /** The i-th pending byte (i < 4, so this walks at most four fragments). */
  private byteAt(i: number): number {
    let f = this.head;
    let at = this.offset + i;
    while (at >= this.frags[f]!.length) at -= this.frags[f++]!.length;
    return this.frags[f]![at]!;
  }

  /** The next complete message, or null. */
  next(): HandshakeMessage | null {
    const len = this.firstLength();
    if (len === undefined || this.pending < 4 + len) return null;
    const raw = this.take(4 + len);
    return { type: raw[0]!, body: raw.subarray(4), raw };
  }

  /** Removes `n` pending bytes: a view when they lie in one fragment, else one copy. */
  private take(n: number): Uint8Array {
    const first = this.frags[this.head]!;
    let out: Uint8Array;
    if (first.length - this.offset >= n) {
      out = first.subarray(this.offset, this.offset + n);
      this.offset += n;
      if (this.offset === first.length) this.dropHead();
    } else {
      out = new Uint8Array(n);
      for (let at = 0; at < n; ) {
        const f = this.frags[this.head]!;
        const k = Math.min(n - at, f.length - this.offset);
        out.set(f.subarray(this.offset, this.offset + k), at);
        at += k;
        this.offset += k;
        if (this.offset === f.length) this.dropHead();
      }
      this.copied += n;
    }
    this.pending -= n;
    return out;
  }

  /** Forgets the first fragment; the queue is reset when empty so it never grows without bound. */
  private dropHead(): void {
    this.frags[this.head++] = EMPTY;
    this.offset = 0;
    if (this.head === this.frags.length) {
      this.frags = [];
      this.head = 0;
    }
  }
}

const EMPTY = new Uint8Array(0);

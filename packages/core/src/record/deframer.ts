/**
 * Splitting the received byte stream into records (RFC 9846 §5.1), with a bounded buffer.
 */
import { InvalidMessageError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';

/** One record as received, not yet decrypted. */
export interface RawRecord {
  readonly type: number;
  readonly version: number;
  readonly fragment: Uint8Array;
  /** The 5-byte header: the additional data of a protected record (§5.2). */
  readonly header: Uint8Array;
}

const KNOWN_TYPES: ReadonlySet<number> = new Set([ContentType.change_cipher_spec, ContentType.alert, ContentType.handshake, ContentType.application_data]);

const EMPTY = new Uint8Array(0);

const HTTP = [0x48, 0x54, 0x54, 0x50, 0x2f]; // "HTTP/"

/**
 * The error for first bytes that are no TLS record: an HTTP response, or anything else. An HTTP
 * server answers our ClientHello with a status line (`HTTP/1.1 400 ...`) or, when it cannot parse
 * the request line at all, with a bare HTML error page (HTTP/0.9 style: Python's http.server).
 */
function notTls(first5: Uint8Array): PeerMisbehavedError {
  if (HTTP.every((c, i) => first5[i] === c) || first5[0] === 0x3c /* '<' */) return new PeerMisbehavedError('unexpected_message', 'the server did not answer with TLS (is this an http:// port?)');
  const hex = [...first5].map((b) => b.toString(16).padStart(2, '0')).join(' ');
  return new PeerMisbehavedError('unexpected_message', `the server did not answer with TLS: its first bytes (${hex}) are not a TLS record`);
}

/**
 * Accumulates received bytes and hands out whole records. Holds at most
 * `Limits.maxInboundBuffer` bytes. A header announcing more than the record may hold is refused
 * with record_overflow before its body arrives: 2^14 bytes for an unprotected record (§5.1), of
 * any content type; 2^14+256 for a protected one (§5.2), once `protectedRecords` is set.
 * legacy_record_version is ignored, as §5.1 says.
 *
 * Each header is judged only when `next()` reaches it, so every record before a bad one is
 * handed out first (close_notify then junk is a clean end, §6.1).
 *
 * The buffer exists only while bytes are held: it is allocated when bytes arrive and dropped when
 * the last record in it is handed out, so an idle connection holds none (an open connection that
 * is waiting for data should not cost 33 KB).
 *
 * @example
 * const d = new Deframer();
 * d.push(chunk);
 * for (let r = d.next(); r !== null; r = d.next()) handle(r);
 */
export class Deframer {
  private buf: Uint8Array = EMPTY;
  private start = 0;
  private end = 0;
  /** Set once records of type application_data are protected (the reader has keys). */
  protectedRecords = false;
  /** Whether a record has been handed out: until then a bad header may mean the peer speaks no TLS. */
  private seenRecord = false;

  /** Bytes `push` will still accept. */
  get capacity(): number {
    return Limits.maxInboundBuffer - (this.end - this.start);
  }

  /** Bytes buffered and not yet handed out. */
  get buffered(): number {
    return this.end - this.start;
  }

  /** Bytes the buffer itself occupies now (0 when nothing is held). */
  get allocated(): number {
    return this.buf.length;
  }

  /** Takes up to `capacity` bytes; returns how many were taken. */
  push(bytes: Uint8Array): number {
    const n = Math.min(bytes.length, this.capacity);
    if (n === 0) return 0;
    if (this.end + n > this.buf.length) {
      const held = this.end - this.start;
      if (held + n > this.buf.length) {
        // Allocated on demand, as large as what is held (at least doubling, up to the bound): a
        // handshake record, handed in alone, costs an array of its size, not 33 KB zero-filled,
        // and a stream of full records grows the buffer once, to the bound, and keeps it.
        const grown = new Uint8Array(Math.min(Limits.maxInboundBuffer, Math.max(held + n, 2 * this.buf.length)));
        grown.set(this.buf.subarray(this.start, this.end));
        this.buf = grown;
      } else {
        // Compact: move the unread bytes to the front (at most one buffer's worth per push).
        this.buf.copyWithin(0, this.start, this.end);
      }
      this.end = held;
      this.start = 0;
    }
    this.buf.set(bytes.subarray(0, n), this.end);
    this.end += n;
    return n; // headers are checked by next(), inside the connection's error handling
  }

  private checkHeader(): void {
    if (this.end - this.start < 5) return;
    const b = this.buf;
    const s = this.start;
    const type = b[s]!;
    // §5: an unknown record type is unexpected_message. As the very first bytes it usually means
    // the port speaks something else; say so (an http:// port answers our ClientHello with
    // "HTTP/1.1 400 ...").
    if (!KNOWN_TYPES.has(type)) throw this.seenRecord ? new PeerMisbehavedError('unexpected_message', `record of unknown content type ${type}`) : notTls(b.subarray(s, s + 5));
    const len = (b[s + 3]! << 8) | b[s + 4]!;
    // §5.2: only a protected record (outer type application_data) may carry the AEAD expansion.
    const max = this.protectedRecords && type === ContentType.application_data ? Limits.maxCiphertext : Limits.maxPlaintext;
    if (len > max) throw new InvalidMessageError('record_overflow', `record of ${len} bytes exceeds ${max === Limits.maxPlaintext ? '2^14' : '2^14+256'}`);
    // §5.1: zero-length fragments of Handshake or Alert type MUST NOT be sent; §5.2 a protected
    // record always carries at least the content type and the tag.
    if (len === 0 && type !== ContentType.application_data) throw new PeerMisbehavedError('unexpected_message', `zero-length record of type ${type}`);
  }

  /** The next whole record (a copy, independent of the buffer), or null. */
  next(): RawRecord | null {
    const rec = this.nextView();
    if (rec === null) return null;
    return { type: rec.type, version: rec.version, fragment: rec.fragment.slice(), header: rec.header.slice() };
  }

  /**
   * The next whole record as views into the buffer, or null: valid until the next `push()`, so the
   * caller copies what it keeps (the record layer's one copy is the decryption's output).
   */
  nextView(): RawRecord | null {
    if (this.end - this.start < 5) return null;
    this.checkHeader();
    const b = this.buf;
    const s = this.start;
    const len = (b[s + 3]! << 8) | b[s + 4]!;
    if (this.end - s < 5 + len) return null;
    const header = b.subarray(s, s + 5);
    const fragment = b.subarray(s + 5, s + 5 + len);
    this.start = s + 5 + len;
    this.seenRecord = true;
    if (this.start === this.end) {
      // Nothing left: drop the buffer (the views handed out keep what they show alive).
      this.buf = EMPTY;
      this.start = this.end = 0;
    }
    return { type: header[0]!, version: (header[1]! << 8) | header[2]!, fragment, header };
  }
}

/**
 * Tracks TLS record boundaries in a byte stream as it passes (RFC 9846 §5.1: a 5-byte header
 * whose last two bytes are the fragment length), without copying or decrypting, so the pump can
 * hand the engine one record per handshake step.
 */

/** Bytes of the record header. */
const HEADER = 5;

/**
 * The position in the record stream: inside a header (how many of its bytes were seen) or inside
 * a fragment (how many bytes are left).
 *
 * @example
 * const b = new RecordBoundary();
 * const n = b.untilRecordEnd(chunk); // give chunk.subarray(0, n), then:
 * b.passed(chunk.subarray(0, n));
 */
export class RecordBoundary {
  /** Header bytes seen of the current record (0 to 5). */
  private headerSeen = 0;
  /** Inside a header: the length bytes seen so far; inside a fragment: the bytes left. Numbers, not a header array: a connection keeps this object for its life. */
  private fragmentLeft = 0;

  /** How many bytes of `chunk` (which continues the stream) reach the end of the current record. */
  untilRecordEnd(chunk: Uint8Array): number {
    let at = 0;
    let seen = this.headerSeen;
    let left = this.fragmentLeft;
    while (at < chunk.length) {
      if (seen < HEADER) {
        left = lengthByte(left, seen++, chunk[at++]!);
        if (seen < HEADER) continue;
      } else {
        const n = Math.min(left, chunk.length - at);
        at += n;
        left -= n;
      }
      if (seen === HEADER && left === 0) return at;
    }
    return at;
  }

  /** Records that `bytes` (the next bytes of the stream) were handed on. */
  passed(bytes: Uint8Array): void {
    for (let at = 0; at < bytes.length; ) {
      if (this.headerSeen < HEADER) {
        this.fragmentLeft = lengthByte(this.fragmentLeft, this.headerSeen++, bytes[at++]!);
      } else {
        const n = Math.min(this.fragmentLeft, bytes.length - at);
        at += n;
        this.fragmentLeft -= n;
      }
      if (this.headerSeen === HEADER && this.fragmentLeft === 0) this.headerSeen = 0;
    }
  }
}

/** The fragment length so far after header byte `index` (`byte`): bytes 3 and 4 are the length, big-endian (§5.1). */
function lengthByte(sofar: number, index: number, byte: number): number {
  if (index === 0) return 0;
  return index < 3 ? sofar : (sofar << 8) | byte;
}

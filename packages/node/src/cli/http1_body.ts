/**
 * How a response body is delimited (RFC 9112 §6.3) and the chunked transfer coding (§7.1), decoded
 * as the bytes arrive: the body comes out as slices of the input, never gathered.
 */
import { badResponse, field, HTTP_LIMITS, parseFields, sectionLines, type ResponseHead } from './http1_fields.js';

/**
 * The body's framing: none, a Content-Length, chunked, or until the connection closes.
 *
 * @example
 * if (framing(head, 'GET').kind === 'close') warnIfNoCloseNotify();
 */
export type Framing = { kind: 'none' } | { kind: 'length'; length: number } | { kind: 'chunked' } | { kind: 'close' };

/**
 * RFC 9112 §6.3 for a response to `method`: HEAD, 1xx, 204 and 304 have no body; a
 * Transfer-Encoding ending in chunked is chunked, any other is read until the close; then
 * Content-Length (one value: a list of equal values counts as one, differing values are an error).
 *
 * @example
 * framing(head, 'GET'); // { kind: 'length', length: 42 }
 */
export function framing(head: ResponseHead, method: string): Framing {
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
  const te = field(head, 'transfer-encoding').flatMap((v) => v.split(',')).map((c) => c.trim().toLowerCase()).filter((c) => c !== '');
  if (te.length > 0) return te[te.length - 1] === 'chunked' ? { kind: 'chunked' } : { kind: 'close' };
  const lengths = field(head, 'content-length').flatMap((v) => v.split(',')).map((v) => v.trim());
  if (lengths.length === 0) return { kind: 'close' };
  const bad = lengths.find((v) => !/^\d{1,15}$/.test(v));
  if (bad !== undefined) throw badResponse(`Content-Length is not a number: ${JSON.stringify(bad.slice(0, 40))}`);
  const values = new Set(lengths.map(Number));
  if (values.size > 1) throw badResponse(`conflicting Content-Length values: ${[...values].join(', ')}`);
  return { kind: 'length', length: [...values][0]! };
}

/** Accumulates one line across pushes, bounded; the line excludes its CRLF (or LF). */
class LineReader {
  private parts: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number, private readonly what: string) {}

  /** The line and the position after it, or undefined and the end of `buf` if the line goes on. */
  take(buf: Buffer, pos: number): { line: string | undefined; pos: number } {
    const lf = buf.indexOf(0x0a, pos);
    const end = lf < 0 ? buf.length : lf;
    this.size += end - pos;
    if (this.size > this.limit) throw badResponse(`${this.what} longer than ${this.limit} bytes`);
    this.parts.push(buf.subarray(pos, end));
    if (lf < 0) return { line: undefined, pos: buf.length };
    const text = Buffer.concat(this.parts).toString('latin1');
    this.parts = [];
    this.size = 0;
    return { line: text.endsWith('\r') ? text.slice(0, -1) : text, pos: lf + 1 };
  }
}

/**
 * The chunked transfer coding, decoded incrementally (RFC 9112 §7.1): chunk-size lines of at most
 * HTTP_LIMITS.maxChunkLine bytes (extensions ignored, §7.1.1), the CRLF after each chunk, then the
 * trailer section, bounded like a head (§7.1.2).
 *
 * @example
 * const d = new ChunkedDecoder();
 * d.push(Buffer.from('5\r\nhello\r\n0\r\n\r\n'), (b) => out.push(b)); // d.done === true
 */
export class ChunkedDecoder {
  private state: 'size' | 'data' | 'data-end' | 'trailers' | 'done' = 'size';
  private remaining = 0;
  private readonly sizeLine = new LineReader(HTTP_LIMITS.maxChunkLine, 'a chunk-size line');
  private readonly trailerLine = new LineReader(HTTP_LIMITS.maxHeadBytes, 'the trailer section');
  private trailerLines: string[] = [];
  private trailerBytes = 0;
  /** The trailer fields, once done. */
  trailers: Array<[string, string]> = [];

  get done(): boolean {
    return this.state === 'done';
  }

  /** Decodes `buf`; body bytes go to `onData` as slices of `buf`. Returns the bytes used (the rest follow the message). */
  push(buf: Buffer, onData: (data: Buffer) => void): number {
    let pos = 0;
    while (pos < buf.length && this.state !== 'done') {
      if (this.state === 'data') {
        const n = Math.min(this.remaining, buf.length - pos);
        onData(buf.subarray(pos, pos + n));
        pos += n;
        this.remaining -= n;
        if (this.remaining === 0) this.state = 'data-end';
        continue;
      }
      const reader = this.state === 'trailers' ? this.trailerLine : this.sizeLine;
      const before = pos;
      const { line, pos: next } = reader.take(buf, pos);
      pos = next;
      if (this.state === 'trailers') {
        this.trailerBytes += pos - before;
        if (this.trailerBytes > HTTP_LIMITS.maxHeadBytes) throw badResponse(`the trailer section is longer than ${HTTP_LIMITS.maxHeadBytes} bytes`);
      }
      if (line !== undefined) this.line(line);
    }
    return pos;
  }

  private line(line: string): void {
    if (this.state === 'data-end') {
      if (line !== '') throw badResponse('no CRLF after a chunk\'s data');
      this.state = 'size';
    } else if (this.state === 'size') {
      const m = /^([0-9A-Fa-f]{1,16})[ \t]*(?:;.*)?$/.exec(line);
      const size = m === null ? NaN : parseInt(m[1]!, 16);
      if (!Number.isSafeInteger(size)) throw badResponse(`not a chunk-size line: ${JSON.stringify(line.slice(0, 40))}`);
      this.remaining = size;
      this.state = size === 0 ? 'trailers' : 'data';
    } else if (line === '') {
      this.trailers = parseFields(sectionLines(this.trailerLines.join('\n')));
      this.state = 'done';
    } else {
      this.trailerLines.push(line);
      if (this.trailerLines.length > HTTP_LIMITS.maxFields) throw badResponse(`more than ${HTTP_LIMITS.maxFields} trailer fields`);
    }
  }
}

/**
 * A streaming HTTP/1.1 response parser (RFC 9112), sans-I/O: bytes in, events out. The head is
 * held (bounded by HTTP_LIMITS); the body comes out as slices of the input as it arrives, so a
 * download of any size stays in bounded memory. 1xx interim responses are reported and skipped.
 */
import { CliFailure, EXIT } from './failures.js';
import { ChunkedDecoder, framing, type Framing } from './http1_body.js';
import { badResponse, headEnd, HTTP_LIMITS, parseHead, type ResponseHead } from './http1_fields.js';

export { field, HTTP_LIMITS, type ResponseHead } from './http1_fields.js';

/**
 * What one push produced, in order.
 *
 * @example
 * for (const ev of parser.push(chunk)) if (ev.type === 'body') await out.write(ev.data);
 */
export type ParserEvent =
  | { type: 'head'; head: ResponseHead; interim: boolean }
  | { type: 'body'; data: Buffer }
  | { type: 'end'; trailers: Array<[string, string]> };

const PREFIX = Buffer.from('HTTP/');

/**
 * Parses one response to a request with `method`.
 *
 * @example
 * const p = new ResponseParser('GET');
 * for (const ev of p.push(chunk)) if (ev.type === 'body') out.write(ev.data);
 * if (!p.complete) p.end(true); // the connection closed: complete, or an error saying what is missing
 */
export class ResponseParser {
  private state: 'head' | 'body' | 'done' = 'head';
  private pending: Buffer = Buffer.alloc(0);
  private frame: Framing = { kind: 'none' };
  private remaining = 0;
  private chunked: ChunkedDecoder | undefined;
  private interim = 0;
  /** Body bytes delivered (after chunked decoding). */
  bodyBytes = 0;
  /** Bytes of all the heads received (curl's size_header). */
  headBytes = 0;
  /** The final response's head, once it has arrived. */
  head: ResponseHead | undefined;

  constructor(private readonly method: string) {}

  /** True once the whole message (head and body as framed) has arrived. */
  get complete(): boolean {
    return this.state === 'done';
  }

  /** How the body is delimited (meaningful once the head arrived). */
  get framing(): Framing {
    return this.frame;
  }

  /** Takes the next bytes of the connection. Bytes after a complete message are ignored. */
  push(chunk: Buffer): ParserEvent[] {
    const events: ParserEvent[] = [];
    let buf = chunk;
    while (buf.length > 0 && this.state === 'head') buf = this.headBytesIn(buf, events);
    if (this.state === 'body' && buf.length > 0) this.bodyIn(buf, events);
    return events;
  }

  /** Head bytes; returns what follows the head (or nothing if it is not complete yet). */
  private headBytesIn(chunk: Buffer, events: ParserEvent[]): Buffer {
    const searched = Math.max(0, this.pending.length - 2);
    const buf = this.pending.length === 0 ? chunk : Buffer.concat([this.pending, chunk]);
    const n = Math.min(buf.length, PREFIX.length);
    if (!buf.subarray(0, n).equals(PREFIX.subarray(0, n))) throw badResponse(`not HTTP/1.x: it starts ${JSON.stringify(buf.subarray(0, 16).toString('latin1'))}`);
    const end = headEnd(buf, searched);
    if (end < 0 || end > HTTP_LIMITS.maxHeadBytes) {
      if (buf.length > HTTP_LIMITS.maxHeadBytes) throw badResponse(`the head is longer than ${HTTP_LIMITS.maxHeadBytes} bytes`);
      this.pending = Buffer.from(buf); // a copy: the caller's buffer is not ours to keep
      return Buffer.alloc(0);
    }
    this.pending = Buffer.alloc(0);
    this.headBytes += end;
    const head = parseHead(Buffer.from(buf.subarray(0, end)));
    if (head.status === 101) throw badResponse('101 Switching Protocols, which was not asked for');
    if (head.status < 200) {
      if (++this.interim > HTTP_LIMITS.maxInterim) throw badResponse(`more than ${HTTP_LIMITS.maxInterim} interim (1xx) responses`);
      events.push({ type: 'head', head, interim: true });
      return buf.subarray(end);
    }
    this.head = head;
    this.frame = framing(head, this.method);
    events.push({ type: 'head', head, interim: false });
    this.state = 'body';
    if (this.frame.kind === 'length') this.remaining = this.frame.length;
    if (this.frame.kind === 'chunked') this.chunked = new ChunkedDecoder();
    if (this.frame.kind === 'none' || (this.frame.kind === 'length' && this.remaining === 0)) this.finish(events, []);
    return buf.subarray(end);
  }

  private bodyIn(buf: Buffer, events: ParserEvent[]): void {
    const deliver = (data: Buffer) => { if (data.length > 0) { this.bodyBytes += data.length; events.push({ type: 'body', data }); } };
    if (this.frame.kind === 'close') return deliver(buf);
    if (this.frame.kind === 'length') {
      const n = Math.min(this.remaining, buf.length);
      deliver(buf.subarray(0, n));
      this.remaining -= n;
      if (this.remaining === 0) this.finish(events, []);
      return;
    }
    const decoder = this.chunked!;
    decoder.push(buf, deliver);
    if (decoder.done) this.finish(events, decoder.trailers);
  }

  private finish(events: ParserEvent[], trailers: Array<[string, string]>): void {
    this.state = 'done';
    events.push({ type: 'end', trailers });
  }

  /**
   * The connection ended, `clean` if with close_notify. A message whose framing was satisfied is
   * complete either way (RFC 9112 §9.8); a close-delimited body is complete only after
   * close_notify, else 'unclosed' (it may have been cut); anything else cut short is thrown as a
   * CliFailure (exit 6) saying how much arrived.
   */
  end(clean: boolean): 'complete' | 'unclosed' {
    const how = clean ? '' : ', and without close_notify';
    if (this.state === 'done') return 'complete';
    if (this.state === 'head') {
      const got = this.pending.length;
      throw new CliFailure(EXIT.truncated, got === 0 ? `the server closed the connection without a response${how}` : `response truncated: the connection closed after ${got} bytes of the head${how}`);
    }
    if (this.frame.kind === 'close') {
      this.state = 'done';
      return clean ? 'complete' : 'unclosed';
    }
    if (this.frame.kind === 'length') throw new CliFailure(EXIT.truncated, `body truncated: ${this.bodyBytes} of ${this.frame.length} bytes arrived${how}`);
    throw new CliFailure(EXIT.truncated, `chunked body truncated: ${this.bodyBytes} bytes arrived, then the connection closed before the last chunk${how}`);
  }
}

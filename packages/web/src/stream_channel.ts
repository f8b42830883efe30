/**
 * A pair of WHATWG streams underneath TLS (`Deno.connect()`'s `readable` / `writable`, Cloudflare
 * Workers' `connect()`, `stream.Duplex.toWeb(socket)` in Node, a `TransformStream` pair in tests),
 * with real backpressure both ways: the readable is read only when the engine asks for bytes (one
 * chunk held at most, so a slow reader stops the sender), and writes wait for `writer.ready`.
 *
 * @module
 */
import type { ByteChannel } from './byte_channel.js';
import { WebTransportError } from './errors.js';
import { Wakers } from './wakers.js';

/**
 * The two halves of a byte stream connection, as `Deno.connect()`, Workers' `connect()` and
 * `Duplex.toWeb()` give them.
 *
 * @example
 * const conn = await Deno.connect({ hostname: 'example.com', port: 443 });
 * const pair: StreamPair = { readable: conn.readable, writable: conn.writable };
 */
export interface StreamPair {
  /** Where the server's bytes arrive. Each chunk must be a `Uint8Array` (or an `ArrayBuffer`). */
  readonly readable: ReadableStream<Uint8Array>;
  /** Where the TLS records go. */
  readonly writable: WritableStream<Uint8Array>;
}

/**
 * One stream pair's held chunk and wake-ups. Locks both streams for as long as it lives.
 *
 * @example
 * const ch = new StreamChannel({ readable, writable });
 * await ch.wait(); const head = ch.peek();
 */
export class StreamChannel implements ByteChannel {
  private readonly reader: ReadableStreamDefaultReader<Uint8Array>;
  private readonly writer: WritableStreamDefaultWriter<Uint8Array>;
  /** The one received chunk (or what is left of it) the engine has not taken yet. */
  private head: Uint8Array | undefined;
  /** The read in flight, if any: there is never more than one. */
  private reading: Promise<void> | undefined;
  private readonly wakers = new Wakers();
  private inboundDone = false;
  private outboundDone: string | undefined;
  private closing: Promise<void> | undefined;
  /** Set by abort or a stream failure; every later wait throws it. */
  failure: WebTransportError | undefined;
  /** Resolves once the readable has ended (or failed, or was cancelled) and the writable closed (or failed). */
  readonly closed: Promise<void>;

  /**
   * Takes the readers of both streams; throws a {@link WebTransportError} (`stream-error`) if
   * either is already locked.
   *
   * @example
   * const ch = new StreamChannel(Duplex.toWeb(socket));
   */
  constructor(streams: StreamPair) {
    try {
      this.reader = streams.readable.getReader();
    } catch (e) {
      throw new WebTransportError('stream-error', `cannot read the readable stream: ${(e as Error).message}`, { cause: e });
    }
    try {
      this.writer = streams.writable.getWriter();
    } catch (e) {
      this.reader.releaseLock();
      throw new WebTransportError('stream-error', `cannot write the writable stream: ${(e as Error).message}`, { cause: e });
    }
    // reader.closed settles once the stream is closed and nothing is left in its queue: the end
    // of stream is seen without reading ahead. Its rejection is the stream's error.
    const inbound = this.reader.closed.then(
      () => this.endInbound(),
      (e: unknown) => {
        this.fail(streamError('the readable stream failed', e));
        this.endInbound();
      },
    );
    const outbound = this.writer.closed.then(
      () => this.endOutbound('the writable stream was closed; the data cannot be sent'),
      (e: unknown) => this.endOutbound(`the writable stream failed (${describe(e)}); the data cannot be sent`),
    );
    this.closed = Promise.all([inbound, outbound]).then(() => {});
  }

  /** Bytes received and held for the engine: at most one chunk of the readable. */
  get buffered(): number {
    return this.head?.length ?? 0;
  }

  /** True once no more bytes will arrive. */
  get isClosed(): boolean {
    return this.inboundDone;
  }

  /** Why nothing can be sent any more, or undefined while the writable is open. */
  get unwritable(): string | undefined {
    return this.outboundDone;
  }

  private endInbound(): void {
    this.inboundDone = true;
    this.wakers.wakeAll();
  }

  private endOutbound(why: string): void {
    this.outboundDone ??= why;
    this.wakers.wakeAll();
  }

  /** The received bytes not yet taken, or undefined (then `wait()` reads the next chunk). */
  peek(): Uint8Array | undefined {
    return this.head;
  }

  /** Drops the first `n` bytes of the held chunk (what the engine took). */
  consume(n: number): void {
    if (this.head === undefined || n === 0) return;
    this.head = n >= this.head.length ? undefined : this.head.subarray(n);
  }

  /**
   * Resolves once a chunk is held, the readable ended or the channel failed. Reads the next
   * chunk only if none is held: this is the only place the readable is read.
   */
  wait(): Promise<void> {
    this.throwIfFailed();
    if (this.head !== undefined || this.inboundDone) return Promise.resolve();
    this.reading ??= this.readOne();
    return this.wakers.next();
  }

  private async readOne(): Promise<void> {
    try {
      const { done, value } = await this.reader.read();
      if (done) this.endInbound();
      else if (this.failure === undefined) {
        const bytes = toBytes(value);
        if (bytes === undefined) this.fail(new WebTransportError('stream-error', `the readable stream gave a ${describe(value)}, not bytes`));
        else if (bytes.length > 0) this.head = bytes;
      }
    } catch (e) {
      this.fail(streamError('the readable stream failed', e));
    } finally {
      this.reading = undefined;
      this.wakers.wakeAll();
    }
  }

  /** Resolves once `work` settles, the readable ends or the channel fails; starts no read. */
  unlessInterrupted(work: Promise<unknown> | undefined): Promise<void> {
    return this.wakers.race(work, () => this.failure !== undefined || this.inboundDone);
  }


  /** Throws the failure, if any. */
  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Queues bytes on the writer; dropped once the writable is done. A failed write ends the send
   * side only (the next `write()` is refused with the reason): what was received can still be read.
   */
  send(bytes: Uint8Array): void {
    if (this.outboundDone !== undefined || this.closing !== undefined || this.failure !== undefined || bytes.length === 0) return;
    this.writer.write(bytes).catch((e: unknown) => this.endOutbound(`writing to the writable stream failed (${describe(e)}); the data cannot be sent`));
  }

  /** Resolves once the writable's `desiredSize` is above zero (`writer.ready`), or it closed. */
  async drained(): Promise<void> {
    this.throwIfFailed();
    if (this.outboundDone !== undefined) return;
    // writer.ready rejects once the stream errored (race() takes that as settled): writer.closed
    // reports the error, above. The wait also ends when the channel fails or the writable is done.
    await this.wakers.race(this.writer.ready, () => this.failure !== undefined || this.outboundDone !== undefined);
    this.throwIfFailed();
  }

  /** Aborts both streams and makes every wait throw `err`. */
  fail(err: WebTransportError): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    this.head = undefined;
    this.closing ??= Promise.all([this.writer.abort(err).catch(() => {}), this.reader.cancel(err).catch(() => {})]).then(() => {});
    this.wakers.wakeAll();
  }

  /**
   * Closes the writable once what was sent has been written (Deno and Node send a FIN), then
   * cancels the readable. Resolves when both are done; never rejects.
   */
  close(): Promise<void> {
    this.closing ??= (async () => {
      if (this.outboundDone === undefined) await this.writer.close().catch(() => {});
      if (!this.inboundDone) await this.reader.cancel().catch(() => {});
    })();
    return this.closing;
  }
}

function streamError(what: string, cause: unknown): WebTransportError {
  return new WebTransportError('stream-error', `${what}: ${describe(cause)}`, { cause });
}

function describe(value: unknown): string {
  if (value instanceof Error) return value.message || value.name;
  return value === null ? 'null' : typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
}

/** A chunk as bytes: any ArrayBuffer view or an ArrayBuffer; undefined for anything else. */
function toBytes(value: unknown): Uint8Array | undefined {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  return undefined;
}

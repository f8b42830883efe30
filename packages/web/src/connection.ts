/**
 * A TLS connection over a WebSocket or a pair of WHATWG streams: the pump (the OK / WANT_READ /
 * WANT_WRITE / want-async loop of `@puretls/node`'s pump.ts) driving a `TlsClient` over a
 * `ByteChannel`.
 */
import type { ConnectionInfo, Status, TlsClient } from '@puretls/core';
import type { ByteChannel } from './byte_channel.js';
import { abortError } from './channel.js';
import { WebTransportError } from './errors.js';

const encoder = new TextEncoder();

/**
 * An established TLS 1.3 connection over a WebSocket (`connectOverWebSocket`) or a pair of WHATWG
 * streams (`connectOverStreams`), returned once the handshake (and certificate verification) is
 * complete. Reads and writes may run at the same
 * time; concurrent reads (or concurrent writes) run one after the other.
 *
 * @example
 * const conn = await connectOverWebSocket('ws://127.0.0.1:8080', { serverName: 'localhost', verifier });
 * await conn.write('GET / HTTP/1.0\r\n\r\n');
 * for await (const chunk of conn) console.log(new TextDecoder().decode(chunk));
 */
export class WebTlsConnection implements AsyncIterable<Uint8Array> {
  private eofGiven = false;
  private reads: Promise<unknown> = Promise.resolve();
  private writes: Promise<unknown> = Promise.resolve();
  private info_: ConnectionInfo | undefined;

  /** @internal Use `connectOverWebSocket` or `connectOverStreams`. */
  constructor(
    private readonly channel: ByteChannel,
    private readonly client: TlsClient,
  ) {}

  /**
   * The negotiated parameters (version, suite, group, ALPN, the server's chain).
   *
   * @example
   * console.log(conn.info.version, conn.info.cipherSuiteName);
   */
  get info(): ConnectionInfo {
    if (this.info_ === undefined) throw new Error('the handshake has not completed');
    return this.info_;
  }

  /**
   * Resolves once the WebSocket has closed, whichever side closed it; over streams, once the
   * readable has ended (or failed) and the writable has been closed (or failed).
   *
   * @example
   * await conn.close(); await conn.closed;
   */
  get closed(): Promise<void> {
    return this.channel.closed;
  }

  /**
   * Received bytes the transport holds that the engine has not taken yet (the engine itself holds
   * at most one record more). Over streams at most one chunk of the readable, since it is read
   * only as the application reads; over a WebSocket up to `maxBufferedInbound`.
   *
   * @example
   * await conn.read(); console.log(conn.bufferedInbound); // e.g. 0 .. 65536 over a Node socket
   */
  get bufferedInbound(): number {
    return this.channel.buffered;
  }

  /** @internal Runs the handshake; `connectOverWebSocket` / `connectOverStreams` call it once. */
  async handshake(): Promise<void> {
    await this.run(() => this.client.handshake());
    this.info_ = this.client.info;
  }

  /**
   * Reads the next chunk of decrypted data (at most `maxBytes`); `null` after the server's
   * close_notify. A transport that ends before close_notify (a WebSocket closed, a readable
   * stream done) throws the engine's
   * `UnexpectedEofError` (the data may have been truncated); a fatal alert or bad record throws
   * its `TlsError`. Received bytes are decrypted only here, as the reader asks.
   *
   * @example
   * let chunk; while ((chunk = await conn.read()) !== null) handle(chunk);
   */
  read(maxBytes?: number): Promise<Uint8Array | null> {
    const next = this.reads.then(async () => {
      const r = await this.run(() => this.client.read(maxBytes));
      return r.status === 'ok' ? r.data : null;
    });
    this.reads = next.catch(() => {});
    return next;
  }

  /**
   * Encrypts and sends `data` (a string is sent as UTF-8). Resolves once all of it has been
   * handed to the transport and its send buffer is back under the high-water mark (the
   * WebSocket's `bufferedAmount`, the writable's `desiredSize`), so a writer that awaits each
   * write never piles up more than that.
   *
   * @example
   * await conn.write(new Uint8Array([1, 2, 3]));
   */
  write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const next = this.writes.then(async () => {
      let at = 0;
      while (at < bytes.length) {
        const unwritable = this.channel.unwritable;
        if (unwritable !== undefined) throw new WebTransportError('closed', unwritable);
        const r = await this.run(() => this.client.write(bytes.subarray(at)));
        if (r.status === 'ok') at += r.written;
        await this.channel.drained();
      }
    });
    this.writes = next.catch(() => {});
    return next;
  }

  /**
   * Sends close_notify and closes the transport: the WebSocket (messages already sent go out
   * before its Close frame), or the writable stream (resolving once it closed) and then the
   * readable. Never throws: on a connection that already failed it only closes the transport.
   *
   * @example
   * await conn.close();
   */
  async close(): Promise<void> {
    await this.writes;
    try {
      if (this.client.error === undefined) await this.run(() => this.client.shutdown());
    } catch {
      // A failure while closing leaves nothing to do but close the transport, below.
    }
    await this.channel.close();
  }

  /**
   * Yields decrypted chunks until the server's close_notify. Leaving the loop early does not
   * close the connection.
   *
   * @example
   * for await (const chunk of conn) parts.push(chunk);
   */
  async *[Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
    for (;;) {
      const chunk = await this.read();
      if (chunk === null) return;
      yield chunk;
    }
  }

  /** Sends whatever the engine has queued (records, alerts). */
  private flush(): void {
    const out = this.client.takeOutgoing();
    if (out.length > 0) this.channel.send(out);
  }

  /**
   * Runs `op` until it stops asking for I/O. A fatal error sends the engine's alert, closes the
   * transport and is rethrown; the API-misuse errors, which leave the connection usable, are
   * rethrown as they are.
   */
  private async run<T extends Status | { status: Status }>(op: () => T): Promise<T> {
    for (;;) {
      let result: T;
      try {
        this.channel.throwIfFailed();
        result = op();
      } catch (e) {
        if (this.client.error !== undefined || e instanceof WebTransportError) {
          this.flush();
          void this.channel.close();
        }
        throw e;
      }
      this.flush();
      const status = typeof result === 'string' ? result : result.status;
      switch (status) {
        case 'want-read':
          await this.feed();
          break;
        case 'want-write':
          await this.channel.drained();
          break;
        case 'want-async':
          // The verifier's promise never rejects (its outcome shows on the next call); an abort
          // or close meanwhile ends the wait early.
          await this.channel.unlessInterrupted(this.client.pendingWork());
          break;
        default:
          return result;
      }
    }
  }

  /**
   * Hands the engine what has been received, at most its input capacity (the rest stays queued);
   * waits for more if nothing is there; reports end of stream once the transport's inbound ended.
   */
  private async feed(): Promise<void> {
    for (;;) {
      this.channel.throwIfFailed();
      let head = this.channel.peek();
      if (head !== undefined) {
        while (head !== undefined) {
          const taken = this.client.receive(head.subarray(0, Math.max(1, this.client.inputCapacity)));
          this.channel.consume(taken);
          if (taken < head.length) break;
          head = this.channel.peek();
        }
        return;
      }
      if (this.channel.isClosed) {
        if (!this.eofGiven) this.client.receiveEof();
        this.eofGiven = true;
        return;
      }
      await this.channel.wait();
    }
  }
}

/**
 * Runs the handshake of a new connection over `channel`; `signal` (if any) fails the channel when
 * it aborts, for the duration of the handshake only. Both `connect*` functions end with this.
 *
 * @example
 * return handshakeOver(new StreamChannel(streams), new TlsClient(config), options.signal);
 */
export async function handshakeOver(channel: ByteChannel, client: TlsClient, signal: AbortSignal | undefined): Promise<WebTlsConnection> {
  const onAbort = () => channel.fail(abortError(signal!));
  signal?.addEventListener('abort', onAbort, { once: true });
  const conn = new WebTlsConnection(channel, client);
  try {
    if (signal?.aborted) onAbort();
    await conn.handshake();
  } finally {
    signal?.removeEventListener('abort', onAbort);
  }
  return conn;
}

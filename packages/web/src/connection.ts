/**
 * A TLS connection over a WebSocket: the pump (the OK / WANT_READ / WANT_WRITE / want-async loop
 * of `@puretls/node`'s pump.ts) driving a `TlsClient` over a {@link Channel}.
 */
import type { ConnectionInfo, Status, TlsClient } from '@puretls/core';
import type { Channel } from './channel.js';
import { WebTransportError } from './errors.js';

const encoder = new TextEncoder();

/**
 * An established TLS 1.3 connection over a WebSocket, returned by `connectOverWebSocket` once the
 * handshake (and certificate verification) is complete. Reads and writes may run at the same
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

  /** @internal Use `connectOverWebSocket`. */
  constructor(
    private readonly channel: Channel,
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
   * Resolves once the WebSocket has closed, whichever side closed it.
   *
   * @example
   * await conn.close(); await conn.closed;
   */
  get closed(): Promise<void> {
    return this.channel.closed;
  }

  /** @internal Runs the handshake; `connectOverWebSocket` calls it once. */
  async handshake(): Promise<void> {
    await this.run(() => this.client.handshake());
    this.info_ = this.client.info;
  }

  /**
   * Reads the next chunk of decrypted data (at most `maxBytes`); `null` after the server's
   * close_notify. A WebSocket closed before close_notify throws the engine's
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
   * handed to the WebSocket and its send buffer is back under the high-water mark, so a writer
   * that awaits each write never piles up more than that.
   *
   * @example
   * await conn.write(new Uint8Array([1, 2, 3]));
   */
  write(data: Uint8Array | string): Promise<void> {
    const bytes = typeof data === 'string' ? encoder.encode(data) : data;
    const next = this.writes.then(async () => {
      let at = 0;
      while (at < bytes.length) {
        if (this.channel.isClosed) throw new WebTransportError('closed', `the WebSocket closed (code ${this.channel.closeCode}); the data cannot be sent`);
        const r = await this.run(() => this.client.write(bytes.subarray(at)));
        if (r.status === 'ok') at += r.written;
        await this.channel.drained();
      }
    });
    this.writes = next.catch(() => {});
    return next;
  }

  /**
   * Sends close_notify and closes the WebSocket (messages already sent go out before its Close
   * frame). Never throws: on a connection that already failed it only closes the WebSocket.
   *
   * @example
   * await conn.close();
   */
  async close(): Promise<void> {
    await this.writes;
    try {
      if (this.client.error === undefined) await this.run(() => this.client.shutdown());
    } catch {
      // A failure while closing leaves nothing to do but close the WebSocket, below.
    }
    this.channel.close(1000);
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
   * WebSocket and is rethrown; the API-misuse errors, which leave the connection usable, are
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
          this.channel.close(1000);
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
          await Promise.race([this.client.pendingWork(), this.channel.interrupted()]);
          break;
        default:
          return result;
      }
    }
  }

  /**
   * Hands the engine what has been received, at most its input capacity (the rest stays queued);
   * waits for a message if nothing is there; reports end of stream once the WebSocket closed.
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

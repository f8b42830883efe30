/**
 * The WebSocket underneath TLS, as the pump needs it: a bounded queue of received bytes, a way to
 * wait for "something happened" (bytes, close, failure), chunked sends and a wait for the send
 * buffer to fall below a high-water mark. Only the standard WebSocket API is used, so this runs
 * in browsers, Deno, Bun and Workers, and in Node with `ws` passed in.
 */
import type { ByteChannel } from './byte_channel.js';
import { WebTransportError } from './errors.js';
import { Wakers } from './wakers.js';

/**
 * The part of the standard `WebSocket` interface the transport uses. The browser's `WebSocket`
 * and the `ws` package's `WebSocket` both fit it.
 *
 * @example
 * const ws: WebSocketLike = new WebSocket('wss://relay.example/tls');
 */
export interface WebSocketLike {
  /** Set to `'arraybuffer'` by the transport, so binary messages arrive as ArrayBuffers. */
  binaryType: string;
  /** Bytes queued by `send()` and not yet handed to the network; the transport's backpressure signal. */
  readonly bufferedAmount: number;
  /** 0 connecting, 1 open, 2 closing, 3 closed (the WebSocket API's constants). */
  readonly readyState: number;
  /** Sends one binary message (a piece of the TLS byte stream: records, possibly cut). */
  send(data: Uint8Array): void;
  /** Starts the closing handshake (RFC 6455 §7) with a status code and reason. */
  close(code?: number, reason?: string): void;
  /** Listens for received messages, the close, `open` and `error`. */
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void;
  addEventListener(type: 'close', listener: (event: { code: number; reason: string }) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
}

/**
 * A constructor of {@link WebSocketLike}: the global `WebSocket`, or `ws`'s in Node 20.
 *
 * @example
 * import { WebSocket } from 'ws';
 * const Ctor: WebSocketConstructor = WebSocket;
 */
export type WebSocketConstructor = new (url: string, protocols?: string | string[]) => WebSocketLike;

/**
 * The bounds a channel keeps (all in bytes).
 *
 * @example
 * const limits: ChannelLimits = { highWaterMark: 256 * 1024, maxBufferedInbound: 8 << 20, maxMessageBytes: 16384 };
 */
export interface ChannelLimits {
  /** Above this `bufferedAmount`, `drained()` waits. */
  readonly highWaterMark: number;
  /** Most received bytes held for the engine before the connection is failed. */
  readonly maxBufferedInbound: number;
  /** Each `send()` is cut into WebSocket messages of at most this many bytes. */
  readonly maxMessageBytes: number;
}

/** WebSocket has no 'drain' event: bufferedAmount is re-read this often while above the mark. */
const DRAIN_POLL_MS = 10;

/**
 * One WebSocket's byte queue and wake-ups.
 *
 * @example
 * const ch = await Channel.open(url, WebSocket, limits);
 * ch.send(bytes); await ch.drained();
 */
export class Channel implements ByteChannel {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private readonly wakers = new Wakers();
  private isOpen = false;
  /** The close code once the WebSocket has closed. */
  closeCode: number | undefined;
  /** Set by abort or overflow; every later wait throws it. */
  failure: WebTransportError | undefined;
  /** Resolves once the WebSocket has closed (for whatever reason). */
  readonly closed: Promise<void>;
  private markClosed!: () => void;

  private constructor(
    private readonly ws: WebSocketLike,
    private readonly limits: ChannelLimits,
  ) {
    this.closed = new Promise((r) => (this.markClosed = r));
    ws.binaryType = 'arraybuffer';
    ws.addEventListener('message', (e) => this.onMessage(e.data));
    ws.addEventListener('close', (e) => {
      this.closeCode = e.code;
      this.markClosed();
      this.wakers.wakeAll();
    });
    // 'error' carries nothing useful and is always followed by 'close'.
    ws.addEventListener('error', () => {});
  }

  /**
   * Opens a WebSocket and resolves once it is open; rejects with a {@link WebTransportError}
   * (`connect-failed`, `aborted`) otherwise.
   *
   * @example
   * const ch = await Channel.open('ws://127.0.0.1:8080', WebSocket, limits, undefined, signal);
   */
  static open(url: string, Ctor: WebSocketConstructor, limits: ChannelLimits, protocols?: string | string[], signal?: AbortSignal): Promise<Channel> {
    return new Promise((resolve, reject) => {
      if (signal?.aborted) return reject(abortError(signal));
      let ws: WebSocketLike;
      try {
        ws = protocols === undefined ? new Ctor(url) : new Ctor(url, protocols);
      } catch (e) {
        // The URL itself is not echoed: it may carry a token.
        return reject(new WebTransportError('connect-failed', `cannot create the WebSocket: ${(e as Error).message}`, { cause: e }));
      }
      const ch = new Channel(ws, limits);
      const onAbort = () => {
        ch.fail(abortError(signal!));
        reject(ch.failure);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      ws.addEventListener('open', () => {
        signal?.removeEventListener('abort', onAbort);
        ch.isOpen = true;
        resolve(ch);
      });
      void ch.closed.then(() => {
        signal?.removeEventListener('abort', onAbort);
        if (!ch.isOpen) reject(ch.failure ?? new WebTransportError('connect-failed', `the WebSocket closed before it opened (code ${ch.closeCode})`));
      });
    });
  }

  private onMessage(data: unknown): void {
    if (this.failure !== undefined) return;
    let bytes: Uint8Array;
    if (data instanceof ArrayBuffer) bytes = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else {
      // A text message is not TLS: the relay or a middlebox broke the stream. Closing it makes
      // the engine see end of stream (a typed error unless close_notify came first).
      this.ws.close(1003, 'binary messages only');
      return;
    }
    if (bytes.length === 0) return;
    if (this.queued + bytes.length > this.limits.maxBufferedInbound) {
      this.fail(new WebTransportError('inbound-overflow', `more than ${this.limits.maxBufferedInbound} received bytes were not read`));
      return;
    }
    this.queue.push(bytes);
    this.queued += bytes.length;
    this.wakers.wakeAll();
  }

  /** Fails the channel: closes the WebSocket and makes every wait throw `err`. */
  fail(err: WebTransportError): void {
    if (this.failure !== undefined) return;
    this.failure = err;
    this.queue.length = 0;
    this.queued = 0;
    this.close(err.problem === 'inbound-overflow' ? 1008 : 1000);
    this.wakers.wakeAll();
  }

  /** True once the WebSocket has closed. */
  get isClosed(): boolean {
    return this.closeCode !== undefined;
  }

  /** Received bytes held, not yet taken by the engine (at most `maxBufferedInbound`). */
  get buffered(): number {
    return this.queued;
  }

  /** Why nothing can be sent any more, or undefined while the WebSocket is open. */
  get unwritable(): string | undefined {
    return this.isClosed ? `the WebSocket closed (code ${this.closeCode}); the data cannot be sent` : undefined;
  }

  /** The oldest received bytes not yet taken, or undefined. */
  peek(): Uint8Array | undefined {
    return this.queue[0];
  }

  /** Drops the first `n` bytes of the head chunk (what the engine took). */
  consume(n: number): void {
    const head = this.queue[0];
    if (head === undefined || n === 0) return;
    this.queued -= n;
    if (n >= head.length) this.queue.shift();
    else this.queue[0] = head.subarray(n);
  }

  /** Resolves on the next received message, close or failure. */
  wait(): Promise<void> {
    this.throwIfFailed();
    if (this.isClosed) return Promise.resolve();
    return this.wakers.next();
  }

  /** Resolves once `work` settles or the channel closes or fails. */
  unlessInterrupted(work: Promise<unknown> | undefined): Promise<void> {
    return this.wakers.race(work, () => this.failure !== undefined || this.isClosed);
  }


  throwIfFailed(): void {
    if (this.failure !== undefined) throw this.failure;
  }

  /** Sends bytes in messages of at most `maxMessageBytes`; dropped once closed. */
  send(bytes: Uint8Array): void {
    if (this.isClosed || this.failure !== undefined) return;
    for (let at = 0; at < bytes.length; at += this.limits.maxMessageBytes) {
      this.ws.send(bytes.subarray(at, at + this.limits.maxMessageBytes));
    }
  }

  /** Resolves once `bufferedAmount` is at most the high-water mark, or the channel closed. */
  async drained(): Promise<void> {
    while (this.ws.bufferedAmount > this.limits.highWaterMark && !this.isClosed) {
      this.throwIfFailed();
      await new Promise((r) => setTimeout(r, DRAIN_POLL_MS));
    }
    this.throwIfFailed();
  }

  /** Starts the WebSocket closing handshake (messages already sent go out before it). */
  close(code = 1000): void {
    if (this.isClosed) return;
    try {
      this.ws.close(code);
    } catch {
      // Already closing: nothing more to do.
    }
  }
}

/**
 * The error an aborted connect or handshake rejects with; the signal's reason is its cause.
 *
 * @example
 * channel.fail(abortError(signal));
 */
export function abortError(signal: AbortSignal): WebTransportError {
  return new WebTransportError('aborted', 'aborted before the TLS handshake completed', { cause: signal.reason });
}

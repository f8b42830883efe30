/**
 * What the pump in connection.ts needs from the transport underneath TLS, whatever it is: received
 * bytes to peek at and consume, a wait for more, sends and a wait for the send side to drain. The
 * WebSocket `Channel` and the WHATWG-streams `StreamChannel` both implement it.
 *
 * @module
 */
import type { WebTransportError } from './errors.js';

/**
 * A byte transport as the TLS pump drives it. Received bytes are offered one chunk at a time
 * (`peek` / `consume`); `wait` resolves when something changed (bytes, end of stream, failure).
 *
 * @example
 * const head = channel.peek();
 * if (head !== undefined) channel.consume(client.receive(head));
 * else if (channel.isClosed) client.receiveEof();
 * else await channel.wait();
 */
export interface ByteChannel {
  /** Resolves once the transport has closed in both directions, for whatever reason. */
  readonly closed: Promise<void>;
  /** True once no more bytes will arrive (end of stream, close or failure). */
  readonly isClosed: boolean;
  /** Why nothing can be sent any more (a sentence for the `closed` error), or undefined. */
  readonly unwritable: string | undefined;
  /** Set by abort or a transport failure; every later wait throws it. */
  readonly failure: WebTransportError | undefined;
  /** Received bytes held, not yet taken by the engine. */
  readonly buffered: number;
  /** The oldest received bytes not yet taken, or undefined. */
  peek(): Uint8Array | undefined;
  /** Drops the first `n` bytes of the head chunk (what the engine took). */
  consume(n: number): void;
  /** Resolves when more bytes may be there, the stream ended or the channel failed. */
  wait(): Promise<void>;
  /**
   * Resolves once `work` settles (at once when it is undefined) or the channel closes or fails,
   * whichever comes first; reads nothing, and keeps nothing of the wait once it is over.
   */
  unlessInterrupted(work: Promise<unknown> | undefined): Promise<void>;
  /** Throws the failure, if any. */
  throwIfFailed(): void;
  /** Sends bytes (queued in order); dropped once the send side is closed. */
  send(bytes: Uint8Array): void;
  /** Resolves once the send side is below its high-water mark (or closed); throws the failure. */
  drained(): Promise<void>;
  /** Fails the channel: tears the transport down and makes every wait throw `err`. */
  fail(err: WebTransportError): void;
  /** Closes the transport after what was already sent; never rejects. */
  close(): void | Promise<void>;
}

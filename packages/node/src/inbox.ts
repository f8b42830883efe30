/**
 * The pump's read side: what the TCP socket delivered and the engine has not taken yet, and the
 * readiness wait on it (the `wait_for_activity()` of the seed, for reading).
 *
 * The socket runs in flowing mode: each 'data' event hands over one chunk exactly as Node read it
 * from the kernel. In paused mode every `socket.read(n)` went through the stream's own buffer
 * (a `fromList` concatenation or slice, an `unshift` of what the engine could not take yet, a
 * 'readable' event through `process.nextTick`): about a third of a 64 MiB download's time with the
 * node:crypto provider. Backpressure is kept: past {@link HIGH_WATER} bytes held the socket is
 * paused (Node stops reading the kernel, TCP pushes back on the server) until the engine has taken
 * the inbox down to {@link LOW_WATER}.
 */
import type { Socket } from 'node:net';
import { SocketWaiter, WaitError, type WaitOptions } from './wait.js';

/** Bytes held before the socket is paused: two of Node's 64 KiB reads. */
export const HIGH_WATER = 128 * 1024;
/** Bytes held below which a paused socket reads again. */
export const LOW_WATER = 32 * 1024;

/**
 * Chunks received and not yet handed to the engine, oldest first.
 *
 * @example
 * const inbox = new Inbox(socket);
 * await inbox.wait({});
 * const bytes = inbox.peek(client.inputCapacity);
 * if (bytes !== undefined) inbox.consume(client.receive(bytes));
 */
export class Inbox {
  private chunks: Uint8Array[] = [];
  /** Bytes of `chunks[0]` already consumed. */
  private head = 0;
  /** Bytes held. */
  bytes = 0;
  /** Whether the socket's end of stream came (after all its data). */
  ended: boolean;
  private paused = false;
  /** The read wait: woken by data or the end, rejected on the socket's error or close. */
  private readonly waiter: SocketWaiter;

  constructor(private readonly socket: Socket) {
    this.waiter = new SocketWaiter(socket);
    this.ended = socket.readableEnded;
    socket.on('data', this.onData.bind(this));
    socket.on('end', this.onEnd.bind(this));
    socket.resume();
  }

  private onData(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
    this.waiter.wake();
  }

  private onEnd(): void {
    this.ended = true;
    this.waiter.wake();
  }

  /**
   * The oldest bytes held, at most `max` of them, as a view (valid until {@link consume}); none
   * when the inbox is empty. Only the first chunk is offered: the engine copies what it takes.
   */
  peek(max: number): Uint8Array | undefined {
    const first = this.chunks[0];
    if (first === undefined) return undefined;
    const n = Math.min(max, first.length - this.head);
    return new Uint8Array(first.buffer, first.byteOffset + this.head, n);
  }

  /** Drops the first `n` bytes held (what the engine took of a {@link peek}). */
  consume(n: number): void {
    if (n === 0) return;
    this.bytes -= n;
    this.head += n;
    if (this.head === this.chunks[0]!.length) {
      this.chunks.shift();
      this.head = 0;
    }
    if (this.paused && this.bytes < LOW_WATER) {
      this.paused = false;
      this.socket.resume();
    }
  }

  /**
   * Resolves once bytes or the end of stream are held (at once if they are); rejects with a
   * WaitError on a socket error or close, on `timeoutMs` or on the signal's abort.
   */
  wait(opts: WaitOptions): Promise<void> {
    if (this.bytes > 0 || this.ended) return Promise.resolve();
    const ready = this.waiter.sleep();
    if (opts.timeoutMs !== undefined || opts.signal !== undefined) this.limit(opts, ready);
    return ready;
  }

  /**
   * As {@link wait} without options, with callbacks (see SocketWaiter.sleepThen): `onReady` once
   * bytes or the end are held, `onFail` on the socket's error or close, either in a microtask.
   *
   * @example
   * inbox.whenReady(onReady, onFail);
   */
  whenReady(onReady: () => void, onFail: (e: WaitError) => void): void {
    if (this.bytes > 0 || this.ended) queueMicrotask(onReady);
    else this.waiter.sleepThen(onReady, onFail);
  }

  /** The timeout and signal of a wait (only the handshake's waits have them), undone when it ends. */
  private limit({ timeoutMs, signal }: WaitOptions, ready: Promise<void>): void {
    const onAbort = () => this.waiter.wake(new WaitError('aborted', 'wait aborted', { cause: signal?.reason }));
    const timer = timeoutMs === undefined ? undefined : setTimeout(() => this.waiter.wake(new WaitError('timeout', `no read readiness within ${timeoutMs} ms`)), timeoutMs);
    const cancel = () => {
      if (timer !== undefined) clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    };
    ready.then(cancel, cancel);
    if (signal?.aborted === true) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  }
}

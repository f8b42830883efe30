/**
 * The pump's read side: what the TCP socket delivered and the engine has not taken yet, and the
 * readiness wait on it (the `wait_for_activity()` of the seed, for reading).
 *
 * A socket made with {@link Inbox.readOption} (TlsSocket's own) reads into one buffer shared by
 * every such socket (net's `onread`): no array per read, and none of the stream machinery of
 * 'data' events (a 64 MiB download spent about a third of its time there with the node:crypto
 * provider). Each read is handed over in its callback: the connected read loop, if it waits,
 * takes the bytes at once (the engine copies what it takes), and what is left is copied out
 * before the callback returns, when the buffer may be read into again. Reads are delivered one at
 * a time on the main thread, so sharing the buffer is safe.
 *
 * Any other socket runs in flowing mode: each 'data' event hands over one chunk exactly as Node
 * read it from the kernel. (In paused mode every `socket.read(n)` went through the stream's own
 * buffer: a `fromList` concatenation or slice, an `unshift`, a 'readable' event through
 * `process.nextTick`.) A runtime without `onread` delivers 'data' events to the same inbox.
 *
 * Backpressure is kept: past {@link HIGH_WATER} bytes held the socket is paused (Node stops
 * reading the kernel, TCP pushes back on the server) until the engine has taken the inbox down to
 * {@link LOW_WATER}.
 */
import type { Socket } from 'node:net';
import { SocketWaiter, WaitError, type WaitOptions } from './wait.js';

/** Bytes held before the socket is paused: two of Node's 64 KiB reads. */
export const HIGH_WATER = 128 * 1024;
/** Bytes held below which a paused socket reads again. */
export const LOW_WATER = 32 * 1024;

/** What every socket made with {@link Inbox.readOption} reads into (the size of Node's own reads). */
const SHARED_READS = new Uint8Array(64 * 1024);

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
  ended = false;
  private paused = false;
  private socket!: Socket;
  /** The read wait: woken by data or the end, rejected on the socket's error or close. */
  private waiter!: SocketWaiter;
  /** Every read, from 'data' (a chunk) or from `onread` (a length in the shared buffer): one function for both. */
  private readonly onBytes = this.received.bind(this);

  /** @param socket the socket to read; else {@link attach} it once made (with {@link readOption}). */
  constructor(socket?: Socket) {
    if (socket !== undefined) this.attach(socket);
  }

  /**
   * net.connect's `onread` option for the socket this inbox is to read: into the shared buffer,
   * each read handed over in its callback. Made before the socket; {@link attach} it then.
   *
   * @example
   * const inbox = new Inbox();
   * inbox.attach(net.connect({ host, port, onread: inbox.readOption() }));
   */
  readOption(): { buffer: Uint8Array; callback: (bytesWritten: number, buffer: Uint8Array) => boolean } {
    return { buffer: SHARED_READS, callback: this.onBytes as (n: number, buffer: Uint8Array) => boolean };
  }

  /** Starts reading `socket` ('data' events, unless it was made with {@link readOption}: then those never come). */
  attach(socket: Socket): void {
    this.socket = socket;
    this.waiter = new SocketWaiter(socket);
    this.ended = socket.readableEnded;
    socket.on('data', this.onBytes);
    socket.on('end', this.onEnd.bind(this));
    socket.resume();
  }

  /** A 'data' chunk (ours to keep), or `onread`'s `n` bytes in the shared buffer (to take or copy now). */
  private received(chunk: Buffer | number, shared?: Uint8Array): boolean {
    if (typeof chunk !== 'number') {
      this.hold(chunk);
      this.waiter.wake();
      return true;
    }
    const view = shared!.subarray(0, chunk);
    this.hold(view);
    // A read loop waiting with callbacks takes the bytes now, from the shared buffer; a promise's
    // waiter runs later, on the copy.
    this.waiter.wake(undefined, true);
    this.own(view);
    return true;
  }

  private hold(chunk: Uint8Array): void {
    if (chunk.length === 0) return;
    this.chunks.push(chunk);
    this.bytes += chunk.length;
    if (this.bytes >= HIGH_WATER && !this.paused) {
      this.paused = true;
      this.socket.pause();
    }
  }

  /** What is left of `view` (the last chunk, in the shared buffer) becomes an array of its own. */
  private own(view: Uint8Array): void {
    const last = this.chunks.length - 1;
    if (last < 0 || this.chunks[last] !== view) return;
    const from = last === 0 ? this.head : 0;
    this.chunks[last] = view.slice(from);
    if (last === 0) this.head = 0;
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
   * bytes or the end are held, `onFail` on the socket's error or close, in a microtask; except
   * that for a socket made with {@link readOption}, bytes that arrive during the wait are handed
   * to `onReady` at once, inside the read's callback (the only time they are in the shared buffer).
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

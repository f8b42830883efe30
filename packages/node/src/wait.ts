/**
 * The readiness waiter: the select()-like primitive of the seed's `wait_for_activity()`. The
 * socket stays in paused mode; readability is the 'readable' event (drain it with `socket.read()`),
 * writability is 'drain' after a `write()` that returned false.
 */
import type { Socket } from 'node:net';

/** Why a wait ended without the socket becoming ready. @example if (e instanceof WaitError && e.reason === 'timeout') retry(); */
export class WaitError extends Error {
  override name = 'WaitError';
  /**
   * @param reason Why the wait ended: `timeout` (`timeoutMs` passed), `aborted` (the signal fired; `cause` is its
   *   reason), `closed` (the socket was or became closed), `error` (the socket emitted one; it is the `cause`).
   */
  constructor(readonly reason: 'timeout' | 'aborted' | 'closed' | 'error', message: string, options?: { cause?: unknown }) {
    super(message, options);
    // The stack of a wait that ended is a timer's or an event's, never the caller's; formatting it
    // (which stream.destroy() does) costs ~0.4 ms with source maps, and a thousand deadlines
    // expiring together would spend 400 ms on it, making the later ones late. A fixed one instead.
    // (Assigning replaces the captured stack without formatting it; defineProperty would format it.)
    this.stack = `WaitError: ${message}\n    at (puretls wait: ${reason})`;
  }
}

/** Options for {@link waitForActivity}. */
export interface WaitOptions {
  /** Reject with a `timeout` WaitError after this many milliseconds. */
  timeoutMs?: number;
  /** Reject with an `aborted` WaitError when this signal aborts. */
  signal?: AbortSignal;
}

/**
 * Resolves when `socket` becomes readable (data or end of stream is waiting for `socket.read()`),
 * writable (its write buffer drained) or, for 'connect', connected; rejects on error, close, timeout or abort. Resolves at
 * once if the socket is already ready.
 *
 * @example
 * await waitForActivity(socket, 'read', { timeoutMs: 5000 });
 * const chunk = socket.read();
 */
export function waitForActivity(socket: Socket, direction: 'read' | 'write' | 'connect', opts: WaitOptions = {}): Promise<void> {
  if (direction === 'read' && (socket.readableLength > 0 || socket.readableEnded)) return Promise.resolve();
  if (direction === 'write' && !socket.writableNeedDrain) return Promise.resolve();
  if (direction === 'connect' && !socket.connecting && !socket.destroyed) return Promise.resolve();
  if (socket.destroyed) return Promise.reject(new WaitError('closed', 'socket is closed'));
  return new Promise<void>((resolve, reject) => {
    const readyEvent = direction === 'read' ? 'readable' : direction === 'write' ? 'drain' : 'connect';
    let timer: ReturnType<typeof setTimeout> | undefined;
    const cleanup = () => {
      socket.off(readyEvent, onReady);
      socket.off('error', onError);
      socket.off('close', onClose);
      if (direction === 'read') socket.off('end', onReady);
      opts.signal?.removeEventListener('abort', onAbort);
      if (timer !== undefined) clearTimeout(timer);
    };
    const onReady = () => { cleanup(); resolve(); };
    const onError = (e: Error) => { cleanup(); reject(new WaitError('error', e.message, { cause: e })); };
    const onClose = () => { cleanup(); reject(new WaitError('closed', 'socket closed while waiting')); };
    const onAbort = () => { cleanup(); reject(new WaitError('aborted', 'wait aborted', { cause: opts.signal?.reason })); };
    socket.once(readyEvent, onReady);
    if (direction === 'read') socket.once('end', onReady);
    socket.once('error', onError);
    socket.once('close', onClose);
    if (opts.signal) {
      if (opts.signal.aborted) return onAbort();
      opts.signal.addEventListener('abort', onAbort, { once: true });
    }
    if (opts.timeoutMs !== undefined) timer = setTimeout(() => { cleanup(); reject(new WaitError('timeout', `no ${direction} readiness within ${opts.timeoutMs} ms`)); }, opts.timeoutMs);
  });
}

/**
 * The waits of one socket without a timeout or signal (the pump's common case), at no allocation
 * beyond the promise: one listener function made once, added for the wait's events and removed
 * when it ends, instead of {@link waitForActivity}'s five closures and four `once` wrappers per
 * wait. An idle connection sits in such a wait, so this is also memory per idle connection.
 *
 * @example
 * const waiter = new SocketWaiter(socket);
 * await waiter.wait('read');
 */
export class SocketWaiter {
  private resolve: (() => void) | undefined;
  private reject: ((e: WaitError) => void) | undefined;
  /** Whether `resolve` and `reject` are a {@link sleepThen}'s callbacks (run in a microtask), not a promise's. */
  private callbacks = false;
  private events: readonly ReadyEvent[] = NO_EVENTS;
  /** Every event of a wait: 'error' passes an Error, 'close' a boolean, the readiness events nothing. */
  private readonly listener = this.settle.bind(this);

  constructor(private readonly socket: Socket) {}

  /** As {@link waitForActivity} without options: resolves once `socket` is ready in `direction`, rejects on error or close. */
  wait(direction: 'read' | 'write' | 'connect'): Promise<void> {
    const socket = this.socket;
    if (direction === 'read' && (socket.readableLength > 0 || socket.readableEnded)) return Promise.resolve();
    if (direction === 'write' && !socket.writableNeedDrain) return Promise.resolve();
    if (direction === 'connect' && !socket.connecting && !socket.destroyed) return Promise.resolve();
    if (socket.destroyed) return Promise.reject(new WaitError('closed', 'socket is closed'));
    if (this.resolve !== undefined) return waitForActivity(socket, direction); // a second wait at once: the general path
    return this.begin(direction === 'read' ? READ_EVENTS : direction === 'write' ? WRITE_EVENTS : CONNECT_EVENTS);
  }

  /**
   * A wait that no socket event but error and close ends: its owner ends it with {@link wake}
   * (the pump's inbox, when data arrives). Rejects at once on a closed socket or while another
   * wait of this waiter runs.
   *
   * @example
   * const ready = waiter.sleep(); // later, on data: waiter.wake()
   */
  sleep(): Promise<void> {
    const refused = this.sleepRefused();
    return refused === undefined ? this.begin(NO_EVENTS) : Promise.reject(refused);
  }

  /**
   * As {@link sleep}, with callbacks instead of a promise, run in a microtask as a promise's
   * reactions would be: the wait then holds the caller's two functions (made once, by the caller)
   * and no promise, resolving functions or reaction. An idle connection sits in this wait, so that
   * is about 0.3 KiB less per idle connection.
   *
   * @example
   * waiter.sleepThen(onData, onFailure); // later, on data: waiter.wake()
   */
  sleepThen(onWake: () => void, onFail: (e: WaitError) => void): void {
    const refused = this.sleepRefused();
    if (refused !== undefined) {
      queueMicrotask(() => onFail(refused));
      return;
    }
    this.callbacks = true;
    this.listen(NO_EVENTS, onWake, onFail);
  }

  /**
   * Ends the wait in progress, if any: resolved, or rejected with `reason`. `now`: a
   * {@link sleepThen} wait's callback runs before this returns (not in a microtask).
   */
  wake(reason?: WaitError, now = false): void {
    this.settle(reason, now);
  }

  /** Why a sleep cannot start (a closed socket, a wait of this waiter still running), if it cannot. */
  private sleepRefused(): WaitError | undefined {
    if (this.socket.destroyed) return new WaitError('closed', 'socket is closed');
    if (this.resolve !== undefined) return new WaitError('error', 'a wait is already in progress');
    return undefined;
  }

  private begin(events: readonly ReadyEvent[]): Promise<void> {
    return new Promise<void>((resolve, reject) => this.listen(events, resolve, reject));
  }

  /** Starts a wait: `resolve` on one of `events` (or {@link wake}), `reject` on error or close. */
  private listen(events: readonly ReadyEvent[], resolve: () => void, reject: (e: WaitError) => void): void {
    const { socket, listener } = this;
    this.events = events;
    this.resolve = resolve;
    this.reject = reject;
    for (const e of events) socket.on(e, listener);
    socket.on('error', listener);
    socket.on('close', listener);
  }

  private settle(arg: unknown, now = false): void {
    const { resolve, reject, socket, listener, callbacks } = this;
    if (resolve === undefined || reject === undefined) return;
    this.resolve = this.reject = undefined;
    this.callbacks = false;
    for (const e of this.events) socket.off(e, listener);
    socket.off('error', listener);
    socket.off('close', listener);
    const failure = arg instanceof WaitError ? arg
      : arg instanceof Error ? new WaitError('error', arg.message, { cause: arg })
      : typeof arg === 'boolean' ? new WaitError('closed', 'socket closed while waiting')
      : undefined;
    if (!callbacks) {
      if (failure === undefined) resolve();
      else reject(failure);
    } else if (now && failure === undefined) resolve();
    else queueMicrotask(failure === undefined ? resolve : () => reject(failure));
  }
}

type ReadyEvent = 'readable' | 'end' | 'drain' | 'connect';
const NO_EVENTS: readonly ReadyEvent[] = [];
const READ_EVENTS: readonly ReadyEvent[] = ['readable', 'end'];
const WRITE_EVENTS: readonly ReadyEvent[] = ['drain'];
const CONNECT_EVENTS: readonly ReadyEvent[] = ['connect'];

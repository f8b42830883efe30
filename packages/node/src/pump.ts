/**
 * The pump: the seed's `handle_io_failure()` loop over the sans-I/O engine. An operation is
 * retried until it stops asking for I/O: WANT_READ waits for the socket to become readable and
 * feeds what is there; WANT_WRITE flushes the engine's bytes and waits for 'drain' if the socket
 * pushed back; WANT_ASYNC awaits the engine's pending work. A fatal TLS error flushes the alert,
 * destroys the socket and rejects.
 */
import type { Socket } from 'node:net';
import type { Status, TlsClient } from '@puretls/core';
import { Inbox } from './inbox.js';
import { RecordBoundary } from './record_boundary.js';
import { newRank, takeTurn } from './turns.js';
import { SocketWaiter, waitForActivity, WaitError, type WaitOptions } from './wait.js';

/** Bytes {@link Pump.writeNow} queues on the socket in one call, at most: the engine's outbound high-water mark. */
const WRITE_BUDGET = 64 * 1024;

/** What the pump reports to an observer (the demo prints these). */
export type PumpEvent = { kind: 'want-read' | 'want-write' | 'want-async' | 'turn'; op: string } | { kind: 'read'; bytes: number } | { kind: 'wrote'; bytes: number };

/** Pump options: timeouts and cancellation for every wait, plus an observer. */
export interface PumpOptions extends WaitOptions {
  /** Called synchronously for each wait, turn, read and write the pump does (for tracing; must not throw). */
  onEvent?: (e: PumpEvent) => void;
}

/**
 * Connects an engine to a socket. What the socket reads is held in the pump's {@link Inbox}
 * (flowing mode, paused past a high-water mark) until the engine takes it.
 *
 * @example
 * const pump = new Pump(socket, client);
 * await pump.run('handshake', () => client.handshake());
 */
export class Pump {
  private eofSeen = false;
  /** Where the server's record stream stands, so the handshake is fed one record per step. */
  private readonly boundary = new RecordBoundary();
  /** This connection's place in the queue for handshake turns (older first). */
  private readonly rank = newRank();
  /** The allocation-free write waits (no timeout, no signal), made at the first: an idle connection has none. */
  private waiter: SocketWaiter | undefined;
  /** What the socket delivered and the engine has not taken yet. */
  private readonly inbox: Inbox;

  constructor(
    /** The TCP socket carrying the records; the pump reads it from now on ('data' events). */
    readonly socket: Socket,
    /** The engine the pump drives. */
    readonly client: TlsClient,
    private readonly opts: PumpOptions = {},
    /** What reads `socket` already (one made before the socket, for its `onread`: Inbox.readOption); else one is made. */
    inbox?: Inbox,
  ) {
    this.inbox = inbox ?? new Inbox(socket);
  }

  /** Waits for readiness: reading on the inbox; writing on the socket's own waiter when there is no timeout or signal, else {@link waitForActivity}. */
  private ready(direction: 'read' | 'write', wait: WaitOptions): Promise<void> {
    if (direction === 'read') return this.inbox.wait(wait);
    return wait.timeoutMs === undefined && wait.signal === undefined ? (this.waiter ??= new SocketWaiter(this.socket)).wait(direction) : waitForActivity(this.socket, direction, wait);
  }

  /** Sends whatever the engine produced; true if the socket took it without pushing back. */
  flush(): boolean {
    // The pieces as the engine made them (a record sealed in parts is its header and node:crypto's
    // output), not joined into one array: corked, they reach the kernel in one writev.
    const out = this.client.takeOutgoingChunks();
    if (out.length === 0) return !this.socket.writableNeedDrain;
    if (this.opts.onEvent !== undefined) this.opts.onEvent({ kind: 'wrote', bytes: out.reduce((n, c) => n + c.length, 0) });
    if (out.length === 1) return this.socket.write(out[0]!);
    let ok = true;
    this.socket.cork();
    for (const piece of out) ok = this.socket.write(piece);
    this.socket.uncork();
    return ok;
  }

  /**
   * Hands the engine what the inbox holds (at most its input capacity), without waiting. During
   * the handshake (`oneRecord`) it hands at most one record, so that each step's work is one record's.
   */
  private feedNow(oneRecord: boolean): void {
    const chunk = this.inbox.peek(Math.max(1, this.client.inputCapacity));
    if (chunk !== undefined) {
      this.opts.onEvent?.({ kind: 'read', bytes: chunk.length });
      const offered = oneRecord ? chunk.subarray(0, this.boundary.untilRecordEnd(chunk)) : chunk;
      const taken = this.client.receive(offered);
      if (oneRecord) this.boundary.passed(offered.subarray(0, taken));
      this.inbox.consume(taken);
    } else if (this.inbox.ended && !this.eofSeen) {
      this.eofSeen = true;
      this.client.receiveEof();
    }
  }

  /**
   * Runs `op` (a read after the handshake) without waiting: while it asks for input and the socket
   * already holds some, feeds it and tries again. Returns the result; a want-read then means the
   * socket is empty (await {@link readable}), any other want-* that {@link run} should handle it.
   * Decrypting what has arrived costs no promise per record.
   *
   * @example
   * let r = pump.runNow(read);
   * while (r.status === 'want-read') { await pump.readable(); r = pump.runNow(read); }
   */
  runNow<T extends { status: Status }>(op: () => T): T {
    for (;;) {
      const result = this.attempt(op);
      this.flush();
      if (result.status !== 'want-read') return result;
      if (this.inbox.bytes === 0 && (this.eofSeen || !this.inbox.ended)) return result;
      this.feedNow(false);
    }
  }

  /**
   * Resolves once the socket has bytes (or its end) for {@link runNow}; rejects as a wait does. No
   * timeout or signal. {@link whenReadable} with a promise.
   *
   * @example
   * await pump.readable();
   */
  readable(): Promise<void> {
    return new Promise((resolve, reject) => this.whenReadable(resolve, reject));
  }

  /**
   * Calls `onReady` once the socket has bytes (or its end) for {@link runNow}, `onFail` as a wait
   * would reject: what an idle connection's read loop waits in, holding only the two functions it
   * gives (made once), no promise.
   *
   * @example
   * pump.whenReadable(continueReading, failReading);
   */
  whenReadable(onReady: () => void, onFail: (e: unknown) => void): void {
    this.opts.onEvent?.({ kind: 'want-read', op: 'read' });
    this.inbox.whenReady(onReady, onFail);
  }

  /**
   * Writes as much of `data` as the engine and the socket take right now, without waiting, and
   * returns how many bytes the engine took. What the application wrote is then on the socket in
   * the same tick, so an `end()` or `destroy()` right after cannot overtake it.
   *
   * @example
   * const taken = pump.writeNow(bytes); // bytes.subarray(taken) still to write
   */
  writeNow(data: Uint8Array): number {
    // Up to the budget per engine write (four full records): flush() hands over the records'
    // pieces unjoined (takeOutgoingChunks), and corked they reach the kernel in one writev. One
    // engine call and one flush per 64 KiB, not per record.
    let at = 0;
    this.socket.cork();
    try {
      while (at < data.length && !this.socket.destroyed && this.socket.writableLength < WRITE_BUDGET) {
        const end = Math.min(data.length, at + WRITE_BUDGET);
        const r = this.attempt(() => this.client.write(data.subarray(at, end)));
        this.flush();
        if (r.status !== 'ok') break;
        at += r.written;
      }
    } finally {
      this.socket.uncork();
    }
    return at;
  }

  /**
   * Before the handshake completes: as much of `data` as the engine sends now as 0-RTT early
   * data (RFC 9846 §2.3), without waiting; 0 when none (no ticket allowing it, its limit reached,
   * or the handshake done). The handshake is driven first, on the records already received, so
   * that it never completes inside the engine's write: the write would then send `data` as
   * 1-RTT ahead of refused early data still to be resent (§4.3.10), out of order.
   *
   * @example
   * const taken = pump.writeEarly(request); // request.subarray(taken) waits for the handshake
   */
  writeEarly(data: Uint8Array): number {
    const s = this.attempt(() => this.client.handshake());
    if (s === 'ok' || this.client.isHandshakeComplete) {
      this.flush();
      return 0;
    }
    const r = this.attempt(() => this.client.write(data));
    this.flush();
    return r.status === 'ok' ? r.written : 0;
  }

  /**
   * Queues close_notify and ends the TCP stream after it, at once (net.Socket sends what is queued
   * before its FIN, so no wait for 'drain' is needed).
   *
   * @example
   * pump.shutdownNow(); // close_notify, then FIN
   */
  shutdownNow(): void {
    this.attempt(() => this.client.shutdown());
    this.flush();
    this.socket.end();
  }

  /**
   * Writes all of `data` through the engine, honouring backpressure: after each engine write that
   * left the socket pushing back, waits for 'drain' (reported as WANT_WRITE) before taking more,
   * so bytes never pile up in the socket's buffer.
   *
   * @example
   * await pump.writeAll(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
   */
  async writeAll(data: Uint8Array, wait: WaitOptions = this.opts): Promise<void> {
    let at = this.writeNow(data);
    for (;;) {
      if (this.socket.writableNeedDrain) {
        this.opts.onEvent?.({ kind: 'want-write', op: 'write' });
        await this.ready('write', wait);
      }
      if (at >= data.length) return;
      const r = await this.run('write', () => this.client.write(data.subarray(at)), wait);
      if (r.status === 'ok') at += r.written;
    }
  }

  /** Waits for a turn; a connection closed meanwhile (deadline, abort, peer) does no more work. */
  private async turn(name: string): Promise<void> {
    await takeTurn(this.rank);
    if (this.socket.destroyed) throw new WaitError('closed', 'socket closed while waiting for a turn');
    this.opts.onEvent?.({ kind: 'turn', op: name });
  }

  /** Runs one engine operation; a fatal error flushes the queued alert, closes the socket and rethrows. */
  private attempt<T>(op: () => T): T {
    try {
      return op();
    } catch (e) {
      this.flush();
      this.socket.end();
      this.socket.destroySoon?.();
      throw e;
    }
  }

  /**
   * Runs `op` until it returns something other than want-read / want-write / want-async, as the
   * seed's retry loop does. Fatal errors flush the queued alert, destroy the socket and rethrow.
   * `wait` overrides the pump's timeout and signal for this operation (an idle read may wait
   * forever while the handshake has a deadline).
   *
   * @example
   * const r = await pump.run('read', () => client.read());
   */
  async run<T extends Status | { status: Status }>(name: string, op: () => T, wait: WaitOptions = this.opts): Promise<T> {
    const handshake = name === 'handshake';
    for (;;) {
      // Handshake steps do synchronous crypto: each waits for its turn (see turns.ts).
      if (handshake) await this.turn(name);
      const result = this.attempt(op);
      const status = typeof result === 'string' ? result : result.status;
      const flushed = this.flush();
      switch (status) {
        case 'want-read':
          this.opts.onEvent?.({ kind: 'want-read', op: name });
          await this.ready('read', wait);
          this.feedNow(handshake);
          break;
        case 'want-write':
          this.opts.onEvent?.({ kind: 'want-write', op: name });
          if (!flushed) await this.ready('write', wait);
          break;
        case 'want-async':
          this.opts.onEvent?.({ kind: 'want-async', op: name });
          await this.client.pendingWork();
          break;
        default:
          return result;
      }
    }
  }
}

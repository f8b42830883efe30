/**
 * The readable side of `TlsSocket` (its base class): what has arrived is decrypted and pushed
 * synchronously, the read loop stops when `push()` says stop (the TCP socket then stays paused and
 * TCP pushes back on the server), and a failure (fatal alert, truncation, TCP error) is reported
 * only once the application has read the data decrypted before it.
 */
import type { ReadResult, TlsClient } from '@puretls/core';
import { withCode } from './errors.js';
import type { Pump } from './pump.js';
import { TlsAccessors } from './tls_accessors.js';
import { WaitError } from './wait.js';

/** Most plaintext handed to `push()` at once. */
const READ_CHUNK = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const ignore = (): void => {};

/**
 * A Duplex whose readable side is the engine's decrypted application data (`TlsSocket`'s base).
 *
 * @example
 * for await (const chunk of tlsSocket) process.stdout.write(chunk); // ends at the server's close_notify
 */
export abstract class TlsReader extends TlsAccessors {
  /** True until the handshake completes. */
  connecting = true;
  private reading = false;
  /** A read failure waiting for the application to take the data decrypted before it. */
  private readError: Error | undefined;
  /** A TCP error after the handshake, reported once the bytes received before it are consumed. */
  private tcpError: Error | undefined;
  /** The engine's read of at most READ_CHUNK bytes, bound once (on the first `_read`). */
  private readOp: (() => ReadResult) | undefined;
  /** The read loop's continuation after a wait, and its failure, bound once: an idle connection's wait then holds these two (Pump.whenReadable), not a suspended async function (~0.8 KiB with its generator and promises) nor a promise and its reaction. */
  private readonly continueRead = this.readLoop.bind(this);
  private readonly readFailed = this.stopReading.bind(this);

  /** The engine (from a microtask after the constructor on). */
  abstract get engine(): TlsClient;
  /** The pump over the TCP socket (from a microtask after the constructor on). */
  protected abstract get pump(): Pump;
  /** Settles when the handshake is done (or failed). */
  protected abstract readonly ready: Promise<void>;

  /** The TCP socket failed: at once before the handshake; after it, once the data before the error is read (failAfterData). */
  protected onTcpError(e: Error): void {
    if (this.connecting || this.readableEnded) this.destroy(withCode(e));
    else this.tcpError ??= e;
  }

  /** stream.Duplex: the reader wants data; decrypted application data is pushed as the engine yields it. */
  override _read(): void {
    if (this.readError !== undefined) return this.failWhenDrained();
    if (this.reading) return;
    this.reading = true;
    void this.ready.then(this.continueRead, ignore);
  }

  /**
   * What has arrived is decrypted and pushed synchronously; only an empty socket (or an engine
   * wanting to write or awaiting work) is waited for, and the wait comes back here (`r`: the result
   * of a `pump.run` that waited). Ends when `push()` says stop, at end of stream or on a failure.
   */
  private readLoop(r: ReadResult | void): void {
    try {
      const pump = this.pump;
      const read = (this.readOp ??= this.engine.read.bind(this.engine, READ_CHUNK));
      for (;; r = undefined) {
        if (r === undefined) {
          r = pump.runNow(read);
          if (r.status === 'want-read') {
            pump.whenReadable(this.continueRead, this.readFailed);
            return;
          }
          if (r.status !== 'ok' && r.status !== 'eof') {
            pump.run('read', read, {}).then(this.continueRead, this.readFailed);
            return;
          }
        }
        if (r.status === 'eof') {
          this.push(null);
          this.reading = false;
          return;
        }
        if (r.status === 'ok' && !this.push(r.data)) {
          this.reading = false;
          return;
        }
      }
    } catch (e) {
      this.stopReading(e);
    }
  }

  /** The read loop failed: the error waits for the data before it (see failAfterData). */
  private stopReading(e: unknown): void {
    try {
      this.failAfterData(e);
    } finally {
      this.reading = false;
    }
  }

  /**
   * A read failed (fatal alert, truncation, TCP error). Plaintext decrypted before it is already
   * in the readable buffer: the error waits until the application has read all of it, as a
   * peer's data sent before its alert is still the peer's data (RFC 9846 §6: the error ends the
   * connection from that point on, not retroactively).
   */
  private failAfterData(e: unknown): void {
    const tcp = this.tcpError;
    this.readError = withCode(e instanceof WaitError && e.reason === 'closed' && tcp !== undefined ? tcp : e);
    this.failWhenDrained();
  }

  /** Destroys with the pending read error once nothing is left to read; else waits for the next `_read`. */
  private failWhenDrained(): void {
    if (this.readableLength === 0) {
      this.destroy(this.readError);
      return;
    }
    // An empty push adds no data but clears the stream's "read in progress" mark, so that the
    // application's next read() calls _read again and lands here once the buffer is empty.
    this.push(EMPTY);
  }
}

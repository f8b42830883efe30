/**
 * `TlsClient`: the sans-I/O TLS 1.3 client. Bytes in through `receive()`, bytes out through
 * `takeOutgoing()`; `handshake()`, `read()`, `write()` and `shutdown()` report what they need
 * next, as OpenSSL's nonblocking SSL_connect/SSL_read/SSL_write/SSL_shutdown do.
 */
import type { ClientConfig, ConnectionInfo, ReadResult, SessionTicket, Status, WriteResult } from '../api.js';
import { isThenable } from './run_verifier.js';
import { AlertReceivedError, ApiMisuseError, InternalError, type TlsError, UnexpectedEofError } from '../errors.js';
import { AlertDescription, AlertLevel } from '../msgs/alert.js';
import { Transcript } from '../tls13/transcript.js';
import { resolveConfig, type ResolvedConfig } from './config.js';
import { ApplicationWrites, ConnectionIo, failConnection, firstSettled, PendingVerification } from './connection_io.js';
import { RecordReader } from '../record/reader.js';
import { RecordWriter } from '../record/writer.js';
import { sendClientHello } from './first_hello.js';
import type { HandshakeState } from './state.js';
import { traceObserver } from './trace.js';

/** An exporter's context: none is the empty one in TLS 1.3 (RFC 9846 §7.5). */
function exporterContext(context: Uint8Array | undefined): Uint8Array {
  if (context !== undefined && !(context instanceof Uint8Array)) throw new ApiMisuseError('exporter context must be a Uint8Array');
  return context ?? new Uint8Array(0);
}

/**
 * A TLS 1.3 client connection with no I/O of its own.
 *
 * After every call, send whatever `takeOutgoing()` returns. Each operation returns (or carries in
 * its result) a {@link Status}: `want-read` means feed received bytes with `receive()` and call the
 * same operation again; `want-write` means bytes wait in `takeOutgoing()`: send them and call again;
 * `want-async` means await `pendingWork()` and call again. Like OpenSSL's SSL_read, `read()` may
 * produce bytes to send (the answer to a KeyUpdate), so flush after reads too.
 *
 * Fatal errors throw a {@link TlsError}; the alert for the peer is already queued in the outgoing
 * bytes and every later call throws the same error. {@link ApiMisuseError} is not fatal.
 *
 * @example
 * const client = new TlsClient({ serverName: 'example.com', verifier });
 * for (;;) {
 *   const status = client.handshake();
 *   socket.write(client.takeOutgoing());
 *   if (status === 'ok') break;
 *   if (status === 'want-read') client.receive(await nextChunk());
 *   if (status === 'want-async') await client.pendingWork();
 * }
 */
export class TlsClient {
  /** The configuration, until the handshake is done (the connected state and `io` keep what they need of it). */
  private cfg: ResolvedConfig | undefined;
  private readonly reader: RecordReader;
  private state: HandshakeState | undefined;
  private readonly writer = new RecordWriter();
  private readonly writes = new ApplicationWrites(this.writer);
  private readonly pending = new PendingVerification();
  private transportEof = false;
  private closeSent = false;
  private fatal: TlsError | undefined;
  /** What the handshake states may do to this connection; its `info` and `connected` once the handshake is done. */
  private readonly io: ConnectionIo;
  /** An asynchronous session store's answer, once its promise settled. */
  private lookup: { ticket: SessionTicket | undefined } | undefined;

  constructor(config: ClientConfig) {
    const cfg = resolveConfig(config);
    this.cfg = cfg;
    this.reader = new RecordReader({ recordSizeLimit: cfg.recordSizeLimit });
    this.writer.compatibilityCcs = cfg.middleboxCompatibility;
    this.writer.padding = cfg.recordPadding;
    if (cfg.trace !== undefined) this.reader.observer = this.writer.observer = traceObserver(cfg.trace);
    this.io = new ConnectionIo(cfg, this.reader, this.writer, this.pending);
  }

  // ---- network side ----

  /** How many bytes `receive()` will accept now (the inbound buffer is bounded). */
  get inputCapacity(): number {
    return this.reader.capacity;
  }

  /**
   * Hands in bytes received from the network; returns how many were taken (at most
   * `inputCapacity`). Keep the rest and offer them again after the next read or handshake call.
   *
   * @example
   * const taken = client.receive(chunk); // usually chunk.length
   */
  receive(bytes: Uint8Array): number {
    this.throwIfFatal();
    return this.reader.push(bytes);
  }

  /**
   * Tells the engine the transport reached end of stream. A later read that needs more bytes
   * throws {@link UnexpectedEofError} unless the peer's close_notify arrived first.
   *
   * @example
   * socket.on('end', () => client.receiveEof());
   */
  receiveEof(): void {
    this.transportEof = true;
  }

  /** Bytes waiting to be sent. */
  get outgoingLength(): number {
    return this.writer.length;
  }

  /**
   * Takes every byte waiting to be sent (an empty array when there is none).
   *
   * @example
   * const bytes = client.takeOutgoing(); if (bytes.length) socket.write(bytes);
   */
  takeOutgoing(): Uint8Array {
    return this.writer.take();
  }

  /**
   * Takes the same bytes as {@link takeOutgoing}, as the pieces they were made in, in order (an
   * empty list when there is none): a record sealed with `Aead.sealParts` is its header and the
   * AEAD's pieces, so a driver with a gathering write (Node's corked `socket.write`s, `writev`)
   * sends it without joining them into one array. Send every piece, in order.
   *
   * @example
   * socket.cork(); for (const piece of client.takeOutgoingChunks()) socket.write(piece); socket.uncork();
   */
  takeOutgoingChunks(): readonly Uint8Array[] {
    return this.writer.takeChunks();
  }

  // ---- application side ----

  /**
   * Drives the handshake. `ok` once the handshake is complete and our Finished has been taken.
   *
   * @example
   * if (client.handshake() === 'ok') console.log(client.info?.cipherSuiteName);
   */
  handshake(): Status {
    return this.guard(() => this.driveHandshake());
  }

  /**
   * Reads decrypted application data (up to `maxBytes`), driving the handshake first if needed.
   * Returns `eof` after the peer's close_notify.
   *
   * @example
   * const r = client.read();
   * if (r.status === 'ok') process(r.data);
   */
  read(maxBytes = Infinity): ReadResult {
    return this.guard((): ReadResult => {
      if (this.io.info === undefined || this.writer.length > 0) {
        const s = this.driveHandshake();
        if (s !== 'ok') return { status: s };
      }
      const connected = this.io.connected!;
      connected.continueAuthentication();
      const result = this.readRecords(maxBytes);
      // §4.7.3: the KeyUpdate requests read in this call get one answer, sent now.
      connected.answerKeyUpdate();
      if (result !== undefined) return result;
      // §4.7.2: an answer waiting for the application's certificate or signature.
      return connected.authenticationPending !== undefined && this.writer.length === 0 ? { status: 'want-async' } : { status: this.needInput('read') };
    });
  }

  /** Processes records until data or the peer's close_notify; undefined when input runs out first. */
  private readRecords(maxBytes: number): ReadResult | undefined {
    for (;;) {
      if (this.reader.hasApplicationData) return { status: 'ok', data: this.reader.takeApplicationData(maxBytes) };
      if (this.reader.peerClosed) return { status: 'eof' };
      const s = this.step();
      if (s !== true) return s === 'pending' ? { status: 'want-async' } : undefined;
    }
  }

  /**
   * Encrypts application data. Accepts as much as the outgoing buffer allows and reports how much
   * in `written`; `want-write` when the outgoing bytes must be flushed first. With an AEAD that
   * seals asynchronously (`Aead.sealAsync`), the data is taken, and `want-async` reported until
   * its records are sealed: then call again with the same data (as OpenSSL's SSL_write wants),
   * which reports the bytes taken, their records ready in `takeOutgoing()`.
   *
   * Before the handshake completes, with `earlyData` configured and a ticket that allows it, the
   * data goes out as 0-RTT early data (RFC 9846 §2.3) up to the ticket's limit; see
   * {@link takeRejectedEarlyData} for data the server refuses.
   *
   * @example
   * const r = client.write(new TextEncoder().encode('GET / HTTP/1.1\r\n\r\n'));
   */
  write(data: Uint8Array): WriteResult {
    return this.guard((): WriteResult => {
      if (this.closeSent) throw new ApiMisuseError('write() after shutdown()');
      if (this.io.info === undefined) {
        const s = this.driveHandshake();
        if (s !== 'ok') {
          const early = this.io.earlyData;
          const n = early.writable && data.length > 0 ? early.write(this.writer, data) : 0;
          return n > 0 ? { status: 'ok', written: n } : { status: s };
        }
      }
      this.io.connected?.continueAuthentication();
      return this.writes.write(data, this.io.connected);
    });
  }

  /**
   * Sends close_notify (once). `ok` when it has been taken from the outgoing buffer. Reading
   * remains possible until the peer's close_notify (RFC 9846 §6.1: closure is per direction).
   *
   * @example
   * while (client.shutdown() === 'want-write') socket.write(client.takeOutgoing());
   */
  shutdown(): Status {
    return this.guard((): Status => {
      if (!this.closeSent) {
        this.closeSent = true;
        this.writer.alert(AlertLevel.warning, AlertDescription.close_notify);
        // §6.1: after close_notify we send nothing more, KeyUpdate answers included: the writer
        // drops every later record.
        this.writer.close();
      }
      return this.writer.length > 0 ? 'want-write' : 'ok';
    });
  }

  /**
   * The asynchronous work a `want-async` status waits for: a certificate verifier's promise, our
   * certificate's choice or signature (in the handshake or after it), or the first record still
   * being sealed or opened by an asynchronous AEAD. It never rejects and
   * resolves when one of them settles; the outcome shows on the next call.
   *
   * @example
   * if (client.handshake() === 'want-async') await client.pendingWork();
   */
  pendingWork(): Promise<void> | undefined {
    return firstSettled([this.pending.promise, this.writer.pending, this.reader.pending, this.io.connected?.authenticationPending]);
  }

  /**
   * The 0-RTT bytes the server refused (`info.earlyData === 'rejected'`), in order, handed out
   * once: resend them as ordinary data if they still make sense (RFC 9846 §4.3.10: the
   * connection may have a different ALPN protocol than the ticket's). Empty otherwise.
   *
   * @example
   * if (client.info?.earlyData === 'rejected') client.write(client.takeRejectedEarlyData());
   */
  takeRejectedEarlyData(): Uint8Array {
    return this.io.earlyData.takeRefused();
  }

  /**
   * Keying material exported from the connection (RFC 9846 §7.5; RFC 5705's interface): `length`
   * bytes for `label` and `context` (undefined and empty are the same in TLS 1.3). Both ends
   * derive the same bytes; applications bind to the channel with it (RFC 9266: see
   * {@link tlsExporterChannelBinding}). An ApiMisuseError before the handshake is complete.
   *
   * @example
   * const key = client.exportKeyingMaterial('EXPERIMENTAL-my-protocol', undefined, 32);
   */
  exportKeyingMaterial(label: string, context: Uint8Array | undefined, length: number): Uint8Array {
    const connected = this.io.connected;
    if (connected === undefined) throw new ApiMisuseError('exportKeyingMaterial() before the handshake completed');
    return connected.exportKeyingMaterial(label, exporterContext(context), length);
  }

  /**
   * The early exporter (RFC 9846 §7.5): keying material from the early_exporter_master_secret,
   * usable from the first ClientHello on when 0-RTT data was offered, unless the server refused
   * it (then an ApiMisuseError, as when none was offered). 0-RTT can be replayed: so can whatever
   * is bound to this.
   *
   * @example
   * client.handshake(); const binding = client.exportEarlyKeyingMaterial('EXPERIMENTAL-early', undefined, 32);
   */
  exportEarlyKeyingMaterial(label: string, context: Uint8Array | undefined, length: number): Uint8Array {
    return this.io.earlyData.exportKeyingMaterial(label, exporterContext(context), length);
  }

  /** Negotiated parameters, once the handshake is complete. */
  get info(): ConnectionInfo | undefined {
    return this.io.info;
  }

  /** True once the server's Finished has been verified and ours queued. */
  get isHandshakeComplete(): boolean {
    return this.io.info !== undefined;
  }

  /** True once the peer's close_notify has been received. */
  get isPeerClosed(): boolean {
    return this.reader.peerClosed;
  }

  /** The fatal error, if the connection has failed. */
  get error(): TlsError | undefined {
    return this.fatal;
  }

  /**
   * Updates our write keys with a KeyUpdate (RFC 9846 §4.7.3). With `requestPeerUpdate` (the
   * default) it asks the server to update its keys too; while such a request is unanswered, a
   * second one sends nothing (the RFC forbids another update_requested before the peer's KeyUpdate).
   * `requestKeyUpdate(false)` sends update_not_requested: only our keys change.
   *
   * @example
   * client.requestKeyUpdate(); socket.write(client.takeOutgoing());
   */
  requestKeyUpdate(requestPeerUpdate = true): void {
    this.guard(() => {
      if (this.io.connected === undefined) throw new ApiMisuseError('requestKeyUpdate() before the handshake completed');
      if (this.closeSent) throw new ApiMisuseError('requestKeyUpdate() after shutdown()');
      this.io.connected.requestKeyUpdate(requestPeerUpdate);
    });
  }

  // ---- internals ----

  private throwIfFatal(): void { if (this.fatal !== undefined) throw this.fatal; }

  /** Runs an operation; any failure becomes a sticky typed error with its alert queued. */
  private guard<T>(op: () => T): T {
    this.throwIfFatal();
    try {
      this.writer.throwIfFailed();
      return op();
    } catch (e) {
      if (e instanceof ApiMisuseError) throw e;
      throw this.fail(e);
    }
  }

  private fail(e: unknown): TlsError {
    this.fatal = failConnection(e, this.state, this.writer, this.reader, this.closeSent);
    return this.fatal;
  }

  private driveHandshake(): Exclude<Status, 'eof'> {
    // The transcript belongs to the handshake states: none of it stays once the handshake is done.
    if (this.state === undefined) {
      const t = this.ticketToOffer();
      if (t === 'pending') return 'want-async';
      this.state = sendClientHello({ cfg: this.cfg!, io: this.io }, new Transcript(), t.ticket);
    }
    for (;;) {
      if (this.io.info !== undefined) {
        this.cfg = undefined; // the handshake's alone from now on (see the field)
        return this.writer.length > 0 ? 'want-write' : 'ok';
      }
      if (this.pending.check()) return 'want-async';
      if (this.state.resume !== undefined) {
        this.state = this.state.resume();
        continue;
      }
      if (this.reader.peerClosed) throw new AlertReceivedError(AlertDescription.close_notify);
      const s = this.step();
      if (s !== true) return s === 'pending' ? 'want-async' : this.needInput('handshake');
    }
  }

  /**
   * The ticket to offer: the configured `session`, else the store's for the session key. A store
   * whose `take` returns a promise makes the handshake report want-async until it settles; a
   * rejected promise means no ticket (a full handshake), not a failed connection.
   */
  private ticketToOffer(): 'pending' | { ticket: SessionTicket | undefined } {
    if (this.pending.check()) return 'pending';
    if (this.lookup !== undefined) return this.lookup;
    const cfg = this.cfg!;
    if (cfg.session !== undefined || cfg.sessionStore === undefined || cfg.sessionKey === undefined) return { ticket: cfg.session };
    const answer = cfg.sessionStore.take(cfg.sessionKey, cfg.now());
    if (!isThenable(answer)) return { ticket: answer };
    this.pending.start(Promise.resolve(answer).then((ticket) => { this.lookup = { ticket }; }, () => { this.lookup = { ticket: undefined }; }));
    return 'pending';
  }

  /** What to ask for when no record is available. */
  private needInput(op: string): 'want-read' | 'want-write' {
    if (this.writer.length > 0) return 'want-write';
    if (this.transportEof) throw new UnexpectedEofError(`connection closed by the peer without close_notify during ${op}`);
    return 'want-read';
  }

  /** Processes one buffered handshake message or one record; false if nothing is available. */
  private step(): boolean | 'pending' {
    const r = this.reader.next();
    if (r === null) return false;
    if (r.kind === 'pending') return 'pending';
    if (r.kind === 'message') {
      if (this.state === undefined) throw new InternalError('a handshake message before the ClientHello was sent');
      this.state = this.state.handle(r.message);
    } else if (r.kind === 'application-data') {
      this.io.connected?.noteApplicationData();
    }
    return true;
  }
}

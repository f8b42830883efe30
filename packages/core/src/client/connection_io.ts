/**
 * What the handshake states may do to a connection ({@link HandshakeIo}), over its record
 * reader and writer: send, install the keys of an epoch (one AEAD instance per traffic key and
 * direction, RFC 9846 §7.3), await an asynchronous certificate verifier, complete.
 */
import type { ConnectionInfo, WriteResult } from '../api.js';
import type { Aead, CryptoProvider, SupportedCipherSuite } from '../crypto/provider.js';
import { ApiMisuseError, InternalError, TlsError } from '../errors.js';
import { Limits } from '../limits.js';
import { KeyUpdateRequest } from '../msgs/enums.js';
import { RecordDecrypter, RecordEncrypter } from '../record/protection.js';
import type { RecordReader } from '../record/reader.js';
import type { RecordWriter } from '../record/writer.js';
import { trafficKeys } from '../tls13/key_schedule.js';
import type { ResolvedConfig } from './config.js';
import { AlertLevel } from '../msgs/alert.js';
import { explainReceivedAlert } from './key_exchange.js';
import type { Connected } from './post_handshake.js';
import { EarlyData } from './early_data.js';
import type { Epoch } from '../record/epoch.js';
import type { HandshakeIo, HandshakeState } from './state.js';

/**
 * The asynchronous verification a `want-async` status waits for. Its promise never rejects: a
 * failure is kept and thrown by the next `check()`.
 *
 * @example
 * const pending = new PendingVerification();
 * pending.start(verifierPromise);
 * if (pending.check()) return 'want-async';
 */
export class PendingVerification {
  private work: Promise<void> | undefined;
  private failure: TlsError | undefined;

  /** The promise to await, while verification runs. */
  get promise(): Promise<void> | undefined {
    return this.work;
  }

  start(work: Promise<void>): void {
    this.work = work.then(
      () => { this.work = undefined; },
      (e: unknown) => {
        this.work = undefined;
        this.failure = e instanceof TlsError ? e : new InternalError(String(e), { cause: e });
      },
    );
  }

  /** Throws the verification's failure, if it failed; true while it is still running. */
  check(): boolean {
    if (this.failure !== undefined) throw this.failure;
    return this.work !== undefined;
  }
}

/**
 * `TlsClient.write()` once connected: application data into records, and, with an AEAD that
 * seals asynchronously, the bytes taken by a call that reported want-async, reported by the call
 * that finds their records sealed (OpenSSL's SSL_write retried after SSL_ERROR_WANT_ASYNC).
 *
 * @example
 * const writes = new ApplicationWrites(writer);
 * const r = writes.write(data, connected); // { status: 'want-async' } while records are sealed
 */
export class ApplicationWrites {
  /** Bytes a call took whose records were still being sealed when it said want-async. */
  private sealing: number | undefined;

  constructor(private readonly writer: RecordWriter) {}

  /** Takes what fits of `data`; see `TlsClient.write()`. */
  write(data: Uint8Array, connected: Connected | undefined): WriteResult {
    const writer = this.writer;
    const accepted = this.sealing;
    if (accepted !== undefined) {
      if (writer.inFlight > 0) return { status: 'want-async' };
      if (data.length < accepted) throw new ApiMisuseError('write() retried with less data than the want-async call took');
      this.sealing = undefined;
      return { status: 'ok', written: accepted };
    }
    if (writer.buffered >= Limits.outboundHighWater) return { status: writer.length > 0 ? 'want-write' : 'want-async' };
    connected?.answerKeyUpdate(); // §4.7.3: before our next application data record
    // §5.5: change keys well before the AEAD's record limit.
    const written = writer.applicationData(data, () => connected?.updateWriteKeys(KeyUpdateRequest.update_not_requested));
    if (writer.inFlight === 0) return { status: 'ok', written };
    this.sealing = written;
    return { status: 'want-async' };
  }
}

/**
 * A promise that resolves when the first of `works` settles (they never reject); undefined when
 * there are none: what `pendingWork()` hands out.
 *
 * @example
 * await firstSettled([verification, writer.pending, reader.pending]);
 */
export function firstSettled(works: readonly (Promise<void> | undefined)[]): Promise<void> | undefined {
  const running = works.filter((w): w is Promise<void> => w !== undefined);
  if (running.length <= 1) return running[0];
  return Promise.race(running);
}

/**
 * The {@link HandshakeIo} of a connection, and what the handshake left when it completed: the
 * connection info and the connected state. A class with methods, not an object of closures: an
 * idle connection keeps it, and eight closures with their context cost it some 2 KiB (under
 * tsx/esbuild's keepNames each closure even gets a property dictionary of its own). It keeps
 * of the configuration only what key changes after the handshake need (the provider, our
 * record_size_limit), so the configuration itself can go once the handshake is done.
 *
 * @example
 * const io = new ConnectionIo(cfg, reader, writer, pending);
 * if (io.info !== undefined) io.connected!.answerKeyUpdate();
 */
export class ConnectionIo implements HandshakeIo {
  /** Negotiated parameters, set by {@link complete}. */
  info: ConnectionInfo | undefined;
  /** The connected state that owns the traffic keys, set by {@link complete}. */
  connected: Connected | undefined;
  /** 0-RTT data of this connection (RFC 9846 §2.3). */
  readonly earlyData = new EarlyData();
  private readonly crypto: CryptoProvider;
  private readonly recordSizeLimit: number | undefined;
  /** The nonce scratch of every key of this connection (protection.ts), made with the first key. */
  private nonce: Uint8Array | undefined;

  constructor(
    cfg: ResolvedConfig,
    private readonly reader: RecordReader,
    private readonly writer: RecordWriter,
    private readonly pending: PendingVerification,
  ) {
    this.crypto = cfg.crypto;
    this.recordSizeLimit = cfg.recordSizeLimit;
  }

  sendHandshake(message: Uint8Array): void {
    this.writer.handshake(message);
  }

  sendChangeCipherSpec(): void {
    this.writer.changeCipherSpec();
  }

  installReadKeys(epoch: Epoch, suite: SupportedCipherSuite, secret: Uint8Array): void {
    const [aead, iv] = this.keyed(suite, secret);
    this.reader.setKeys(epoch, new RecordDecrypter(aead, iv, { maxPlaintext: this.maxReceivePlaintext(), nonce: this.nonceFor(iv) }));
  }

  installWriteKeys(epoch: Epoch, suite: SupportedCipherSuite, secret: Uint8Array): void {
    const [aead, iv] = this.keyed(suite, secret);
    this.writer.setKeys(epoch, new RecordEncrypter(aead, iv, this.nonceFor(iv)));
  }

  /** The connection's nonce scratch for keys with `iv` (of the suite's IV length, the same for every key). */
  private nonceFor(iv: Uint8Array): Uint8Array {
    if (this.nonce?.length !== iv.length) this.nonce = new Uint8Array(iv.length);
    return this.nonce;
  }

  abandonEarlyKeys(): void {
    this.writer.abandonEarlyKeys();
  }

  awaitVerification(work: Promise<void>): void {
    this.pending.start(work);
  }

  setPeerRecordSizeLimit(limit: number): void {
    this.writer.peerRecordSizeLimit = limit;
  }

  complete(info: ConnectionInfo, traffic: Connected): void {
    this.info = info;
    this.connected = traffic;
  }

  /** Our own record_size_limit binds the server once it acknowledged it (RFC 8449 §4). */
  private maxReceivePlaintext(): number {
    const ours = this.recordSizeLimit;
    return ours !== undefined && this.writer.peerRecordSizeLimit !== undefined ? Math.min(Limits.maxPlaintext, ours - 1) : Limits.maxPlaintext;
  }

  /** The record key and IV of a traffic secret (RFC 9846 §7.3), the key already inside a keyed AEAD (then wiped). */
  private keyed(suite: SupportedCipherSuite, secret: Uint8Array): [Aead, Uint8Array] {
    const { key, iv } = trafficKeys(this.crypto, suite, secret);
    const aead = suite.aead.create(key);
    key.fill(0);
    return [aead, iv];
  }
}

/**
 * A connection's failure: `e` as a typed error (explained by the handshake `state`), its alert
 * queued unless close_notify went already, the state's and the record layer's keys wiped.
 *
 * @example
 * this.fatal = failConnection(e, this.state, this.writer, this.reader, this.closeSent);
 */
export function failConnection(e: unknown, state: HandshakeState | undefined, writer: RecordWriter, reader: RecordReader, closeSent: boolean): TlsError {
  const err = explainReceivedAlert(e instanceof TlsError ? e : new InternalError(`internal error: ${e instanceof Error ? e.message : String(e)}`, { cause: e }), state);
  if (err.alert !== undefined && err.category !== 'alert-received' && !closeSent) {
    try {
      writer.alert(AlertLevel.fatal, err.alert); // records still being sealed are finished first
    } catch {
      // The alert is best effort: the error itself is what the caller needs.
    }
  }
  state?.destroy(); // the current state wipes what it holds (traffic keys once connected)
  writer.wipe();
  reader.wipe();
  return err;
}

/**
 * What the handshake states may do to a connection ({@link HandshakeIo}), built from its record
 * reader and writer: send, install the keys of an epoch (one AEAD instance per traffic key and
 * direction, RFC 9846 §7.3), await an asynchronous certificate verifier, complete.
 */
import type { ConnectionInfo } from '../api.js';
import type { Aead, SupportedCipherSuite } from '../crypto/provider.js';
import { InternalError, TlsError } from '../errors.js';
import { Limits } from '../limits.js';
import { RecordDecrypter, RecordEncrypter } from '../record/protection.js';
import type { RecordReader } from '../record/reader.js';
import type { RecordWriter } from '../record/writer.js';
import { trafficKeys } from '../tls13/key_schedule.js';
import type { ResolvedConfig } from './config.js';
import type { Connected } from './post_handshake.js';
import type { HandshakeIo } from './state.js';

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

/** The record key and IV of a traffic secret, the key already inside a keyed AEAD (then wiped). */
function keyed(cfg: ResolvedConfig, suite: SupportedCipherSuite, secret: Uint8Array): [Aead, Uint8Array] {
  const { key, iv } = trafficKeys(cfg.crypto, suite, secret);
  const aead = suite.aead.create(key);
  key.fill(0);
  return [aead, iv];
}

/**
 * The {@link HandshakeIo} of a connection.
 *
 * @example
 * const io = handshakeIo(cfg, reader, writer, pending, (info, traffic) => { ... });
 */
export function handshakeIo(
  cfg: ResolvedConfig,
  reader: RecordReader,
  writer: RecordWriter,
  pending: PendingVerification,
  complete: (info: ConnectionInfo, traffic: Connected) => void,
): HandshakeIo {
  /** Our own record_size_limit binds the server once it acknowledged it (RFC 8449 §4). */
  const maxReceivePlaintext = (): number => {
    const ours = cfg.recordSizeLimit;
    return ours !== undefined && writer.peerRecordSizeLimit !== undefined ? Math.min(Limits.maxPlaintext, ours - 1) : Limits.maxPlaintext;
  };
  return {
    sendHandshake: (message) => writer.handshake(message),
    sendChangeCipherSpec: () => writer.changeCipherSpec(),
    installReadKeys: (epoch, suite, secret) => reader.setKeys(epoch, new RecordDecrypter(...keyed(cfg, suite, secret), { maxPlaintext: maxReceivePlaintext() })),
    installWriteKeys: (epoch, suite, secret) => writer.setKeys(epoch, new RecordEncrypter(...keyed(cfg, suite, secret))),
    awaitVerification: (work) => pending.start(work),
    setPeerRecordSizeLimit: (limit) => {
      writer.peerRecordSizeLimit = limit;
    },
    complete,
  };
}

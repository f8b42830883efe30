/**
 * The outgoing side of a connection: records queued for `takeOutgoing()`, in plaintext before the
 * handshake keys and protected after them (RFC 9846 §5), handshake messages fragmented to the
 * server's record_size_limit (RFC 8449). Application data under keys whose AEAD has `sealAsync`
 * is sealed asynchronously (`PendingSeal`): each record takes its place and its sequence number
 * when it is queued, and `take()` hands out only the finished records at the front, so records
 * leave in order. Alerts and handshake records are sealed synchronously, behind them; an alert
 * first finishes everything before it synchronously, so it can be sent at once.
 */
import { InternalError } from '../errors.js';
import { Limits } from '../limits.js';
import { paddingFor, type RecordPadding } from './padding.js';
import { PendingSeal } from './async_aead.js';
import { ContentType } from '../msgs/enums.js';
import { CHANGE_CIPHER_SPEC_RECORD, encodePlaintextRecord, fragmentRecords } from './plaintext.js';
import { checkEpochChange, type Epoch } from './epoch.js';
import type { RecordObserver } from './observer.js';
import type { RecordEncrypter } from './protection.js';

/** What `take()` hands out when nothing is ready: one shared empty array, not one per call. */
const NOTHING = new Uint8Array(0);
/** What `takeChunks()` hands out when nothing is ready. */
const NO_CHUNKS: readonly Uint8Array[] = Object.freeze([]);

/** A queued record: its bytes, a `PendingSeal` until they are final, or pieces to send in order (`RecordEncrypter.sealParts`). */
type Entry = Uint8Array | PendingSeal | Uint8Array[];

/** A finished entry's pieces (one array for a whole record). */
function piecesOf(e: Entry): Uint8Array | Uint8Array[] {
  return e instanceof PendingSeal ? e.record : e;
}

/** Bytes of a queued record. */
function lengthOf(e: Entry): number {
  const p = piecesOf(e);
  if (!Array.isArray(p)) return p.length;
  let n = 0;
  for (const piece of p) n += piece.length;
  return n;
}

/**
 * Queues the records a connection sends.
 *
 * @example
 * const w = new RecordWriter();
 * w.handshake(clientHello);
 * socket.write(w.take());
 */
export class RecordWriter {
  /** Records queued, in order; a `PendingSeal` until its bytes are final. */
  private out: Entry[] = [];
  /** Bytes of every queued record, finished or not. */
  private outLength = 0;
  /** How many records at the front are finished, and their bytes. */
  private ready = 0;
  private readyLength = 0;
  private encrypter: RecordEncrypter | undefined;
  /** The keys outgoing records are under (RFC 9846 §7.3). */
  private writeEpoch: Epoch = 'plaintext';
  private firstHelloSent = false;
  private ccsSent = false;
  private closed = false;
  /** The server's record_size_limit (RFC 8449), once it sent one. */
  peerRecordSizeLimit: number | undefined;
  /** How protected records are padded (RFC 9846 §5.4); none when undefined. */
  padding: RecordPadding | undefined;
  /**
   * Middlebox compatibility mode: the CCS goes out before our first protected record, whatever it
   * is (§E.4), so even an encrypted alert right after ServerHello follows it.
   */
  compatibilityCcs = false;
  /** Sees every record queued (the `trace` option); usually unset. */
  observer: RecordObserver | undefined;

  /** Bytes `take()` hands out now: the finished records at the front of the queue. */
  get length(): number {
    this.advance();
    return this.readyLength;
  }

  /** Bytes queued, including records still being sealed. */
  get buffered(): number {
    return this.outLength;
  }

  /** Records still being sealed asynchronously. */
  get inFlight(): number {
    let n = 0;
    for (let i = this.ready; i < this.out.length; i++) {
      const r = this.out[i]!;
      if (r instanceof PendingSeal && !r.done) n++;
    }
    return n;
  }

  /** What progress of `take()` waits for: the first unfinished record's seal. */
  get pending(): Promise<void> | undefined {
    this.advance();
    const first = this.out[this.ready];
    return first instanceof PendingSeal ? first.settled : undefined;
  }

  /** Throws an InternalError if an asynchronous seal failed. */
  throwIfFailed(): void {
    for (let i = this.ready; i < this.out.length; i++) {
      const r = this.out[i]!;
      if (r instanceof PendingSeal && r.failure !== undefined) {
        throw new InternalError(`record encryption failed: ${r.failure instanceof Error ? r.failure.message : String(r.failure)}`, { cause: r.failure });
      }
    }
  }

  /** Records sealed under the current write keys (for the §5.5 key-usage limit). */
  get sequence(): bigint {
    return this.encrypter?.sequence ?? 0n;
  }

  /** Takes every finished byte at the front of the queue (an empty array when there is none). */
  take(): Uint8Array {
    this.advance();
    // The common cases without arrays of their own: nothing to send (a pump flushes after every
    // read), or one record in one piece (a pump writes one record per engine write).
    if (this.ready === 0) return NOTHING;
    if (this.ready === 1 && !Array.isArray(piecesOf(this.out[0]!))) return this.takeFirst() as Uint8Array;
    const chunks = this.takeChunks();
    const all = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return all;
  }

  /**
   * Takes the same bytes as {@link take}, as the pieces they were sealed in, in order (records
   * sealed with `Aead.sealParts` are several), so a driver can hand them to a gathering write
   * (`writev`) without joining them.
   */
  takeChunks(): readonly Uint8Array[] {
    this.advance();
    if (this.ready === 0) return NO_CHUNKS;
    if (this.ready === 1) {
      const p = this.takeFirst();
      return Array.isArray(p) ? p : [p];
    }
    const chunks: Uint8Array[] = [];
    for (const e of this.out.splice(0, this.ready)) {
      const p = piecesOf(e);
      if (Array.isArray(p)) chunks.push(...p);
      else chunks.push(p);
    }
    this.outLength -= this.readyLength;
    this.ready = this.readyLength = 0;
    return chunks;
  }

  /** Takes the one finished record at the front (`ready === 1`). */
  private takeFirst(): Uint8Array | Uint8Array[] {
    const p = piecesOf(this.out.shift()!);
    this.outLength -= this.readyLength;
    this.ready = this.readyLength = 0;
    return p;
  }

  /** Seals every record still in flight synchronously (the same bytes), so all can be taken now. */
  finishSync(): void {
    for (let i = this.ready; i < this.out.length; i++) {
      const r = this.out[i]!;
      if (r instanceof PendingSeal) r.finishSync();
    }
  }

  /** Counts the finished records at the front. */
  private advance(): void {
    while (this.ready < this.out.length) {
      const r = this.out[this.ready]!;
      if (r instanceof PendingSeal && !r.done) return;
      this.readyLength += lengthOf(r);
      this.ready++;
    }
  }

  /** Protects everything sent from now on with `encrypter` (the previous keys are wiped). */
  setKeys(epoch: Epoch, encrypter: RecordEncrypter): void {
    checkEpochChange(this.writeEpoch, epoch);
    this.encrypter?.wipe();
    this.encrypter = encrypter;
    this.writeEpoch = epoch;
  }

  /**
   * Back to unprotected records from the early epoch: after a HelloRetryRequest the second
   * ClientHello goes out in plaintext and no more 0-RTT data is sent (RFC 9846 §4.3.10). The only
   * way an epoch goes back, and only from 'early'.
   */
  abandonEarlyKeys(): void {
    if (this.writeEpoch !== 'early') throw new InternalError(`record layer: abandoning early keys in the ${this.writeEpoch} epoch`);
    this.finishSync();
    this.encrypter?.wipe();
    this.encrypter = undefined;
    this.writeEpoch = 'plaintext';
  }

  /** Largest plaintext we put in one protected record (RFC 8449: the peer's limit minus the type byte). */
  maxFragment(): number {
    const peer = this.peerRecordSizeLimit;
    return peer === undefined ? Limits.maxPlaintext : Math.min(Limits.maxPlaintext, peer - 1);
  }

  /** A handshake message, fragmented as needed. */
  handshake(message: Uint8Array): void {
    if (this.encrypter !== undefined) {
      for (const chunk of fragmentRecords(message, this.maxFragment())) this.protected(ContentType.handshake, chunk);
      return;
    }
    // §5.1: legacy_record_version 0x0301 is allowed for the initial ClientHello only.
    const version = this.firstHelloSent ? 0x0303 : 0x0301;
    this.firstHelloSent = true;
    for (const chunk of fragmentRecords(message, Limits.maxPlaintext)) this.queue(encodePlaintextRecord(ContentType.handshake, chunk, version));
  }

  /** The middlebox-compatibility CCS (§E.4), at most once. */
  changeCipherSpec(): void {
    if (this.ccsSent || this.closed) return;
    this.ccsSent = true;
    this.queue(CHANGE_CIPHER_SPEC_RECORD);
  }

  /** One protected record of `type` (keys must be installed). */
  protected(type: number, content: Uint8Array): void {
    if (this.closed) return;
    if (this.compatibilityCcs) this.changeCipherSpec();
    const enc = this.encrypter!;
    // §5.4: the padded TLSInnerPlaintext stays within the record's limit (content + type + zeros).
    const pad = this.padding === undefined ? 0 : paddingFor(this.padding, type, content.length, this.maxFragment() - content.length);
    if (type === ContentType.application_data && this.writeEpoch === 'application') {
      if (enc.asynchronous) return this.queue(enc.sealAsync(type, content, pad), type, content);
      if (enc.inParts) return this.queue(enc.sealParts(type, content, pad), type, content);
    }
    if (type === ContentType.alert) this.finishSync(); // an alert is sent at once, so what precedes it must be too
    this.queue(enc.seal(type, content, pad), type, content);
  }

  /**
   * Application data in records of at most `maxFragment()` bytes, while the outgoing buffer is
   * under `Limits.outboundHighWater`; returns how many bytes were taken. `rekey` runs before a
   * record once the key has sealed `Limits.maxRecordsPerKeyAesGcm` records (§5.5). At most
   * `Limits.maxRecordsInFlight` records are sealed asynchronously at once.
   */
  applicationData(data: Uint8Array, rekey: () => void): number {
    const max = this.maxFragment();
    let written = 0;
    while (written < data.length && this.outLength < Limits.outboundHighWater && this.inFlight < Limits.maxRecordsInFlight) {
      if ((this.encrypter?.records ?? 0) >= Limits.maxRecordsPerKeyAesGcm) rekey();
      const n = Math.min(max, data.length - written);
      this.protected(ContentType.application_data, data.subarray(written, written + n));
      written += n;
    }
    return written;
  }

  /** After close_notify nothing more is sent (RFC 9846 §6.1): later records are dropped. */
  close(): void {
    this.closed = true;
  }

  /** An alert, protected once there are keys. */
  alert(level: number, description: number): void {
    const alert = new Uint8Array([level, description]);
    if (this.encrypter !== undefined) this.protected(ContentType.alert, alert);
    else this.queue(encodePlaintextRecord(ContentType.alert, alert));
  }

  /** Wipes the write keys. */
  wipe(): void {
    this.encrypter?.wipe();
  }

  /** Queues one whole record; `innerType` and `content` describe a protected one, for the observer. */
  private queue(entry: Entry, innerType?: number, content?: Uint8Array): void {
    if (this.closed) return;
    const length = lengthOf(entry);
    const p = piecesOf(entry);
    const first = Array.isArray(p) ? p[0]! : p;
    this.out.push(entry);
    this.outLength += length;
    if (this.observer !== undefined) this.observer('out', first[0]!, length - 5, innerType !== undefined, innerType, content ?? first.subarray(5));
  }
}

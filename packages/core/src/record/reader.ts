/**
 * The incoming side of a connection: bytes from the network deframed into records, records
 * decrypted once there are keys, and routed (RFC 9846 §5): handshake fragments to the joiner,
 * alerts judged (§6), application data kept for `read()`, the compatibility CCS dropped. With
 * application keys whose AEAD has `openAsync`, records go through the `ReadLane` (read_lane.ts):
 * opened several at once, handled one by one in sequence order, exactly as the synchronous path
 * handles them.
 */
import { AlertReceivedError, InternalError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { AlertDescription } from '../msgs/alert.js';
import { ContentType } from '../msgs/enums.js';
import { HandshakeJoiner, type HandshakeMessage } from '../msgs/handshake.js';
import { Deframer, type RawRecord } from './deframer.js';
import { checkEpochChange, type Epoch } from './epoch.js';
import type { RecordObserver } from './observer.js';
import type { RecordDecrypter } from './protection.js';
import { ReadLane } from './read_lane.js';

/** What one step of reading produced; `pending`: the next record's asynchronous open still runs. */
export type ReadStep = { kind: 'message'; message: HandshakeMessage } | { kind: 'application-data' } | { kind: 'record' } | { kind: 'pending' };

const FULL_RECORD = 5 + Limits.maxCiphertext;

/**
 * Reads the records a connection receives.
 *
 * @example
 * const r = new RecordReader();
 * r.push(bytes);
 * for (let s = r.next(false); s !== null; s = r.next(false)) if (s.kind === 'message') handle(s.message);
 */
export class RecordReader {
  private readonly deframer = new Deframer();
  /** The asynchronous lane, made at the first record for it (a connection whose AEAD opens synchronously never has one). */
  private laneOrNone: ReadLane | undefined;
  private readonly joiner: HandshakeJoiner;
  private decrypter: RecordDecrypter | undefined;
  /** The keys incoming records are under (RFC 9846 §7.3). */
  private readEpoch: Epoch = 'plaintext';
  /** Records in a row that made no progress (CCS, empty application data, user_canceled). */
  private useless = 0;
  private appData: Uint8Array | undefined;
  /** True once the peer's close_notify arrived. */
  peerClosed = false;
  /** Sees every record routed, before it is judged (the `trace` option); usually unset. */
  observer: RecordObserver | undefined;

  /**
   * @param opts.recordSizeLimit the record_size_limit we advertise (RFC 8449), if any: a peer
   *   obeying it may fragment handshake messages that finely.
   */
  constructor(opts: { recordSizeLimit?: number | undefined } = {}) {
    const rsl = opts.recordSizeLimit;
    const minBytes = rsl === undefined ? Limits.minHandshakeBytesPerRecord : Math.min(Limits.minHandshakeBytesPerRecord, rsl - 1);
    this.joiner = new HandshakeJoiner(Limits.maxHandshakeMessage, minBytes);
  }

  /**
   * How many bytes `push()` will take now at most (the inbound buffer is bounded). On the
   * asynchronous lane, whole records move from the buffer into opens, so room for that many more
   * full records counts too; records smaller than that leave `push()` taking fewer.
   */
  get capacity(): number {
    return this.deframer.capacity + (this.asynchronous ? this.lane().free * FULL_RECORD : 0);
  }

  /** Hands in network bytes; returns how many were taken. After close_notify they are all dropped (§6.1). */
  push(bytes: Uint8Array): number {
    if (this.peerClosed) return bytes.length;
    let taken = this.deframer.push(bytes);
    // The lane starts opening whole records as they arrive, which makes room for more bytes.
    while (this.asynchronous && taken < bytes.length && this.lane().fill(this.deframer, this.decrypter!) > 0) taken += this.deframer.push(bytes.subarray(taken));
    return taken;
  }

  /** Decrypts everything received from now on with `decrypter` (§5.1: no message may span the change). */
  setKeys(epoch: Epoch, decrypter: RecordDecrypter): void {
    checkEpochChange(this.readEpoch, epoch);
    if (!this.joiner.isEmpty) throw new PeerMisbehavedError('unexpected_message', 'handshake data remains across a key change');
    this.decrypter?.wipe();
    this.decrypter = decrypter;
    this.readEpoch = epoch;
    this.deframer.protectedRecords = true;
    this.laneOrNone?.restart(decrypter);
  }

  /** The asynchronous lane, made now if it is the first use. */
  private lane(): ReadLane {
    return (this.laneOrNone ??= new ReadLane());
  }

  /** Whether application records are opened on the asynchronous lane (`Aead.openAsync`). */
  private get asynchronous(): boolean {
    return this.readEpoch === 'application' && this.decrypter!.asynchronous;
  }

  /** What `want-async` waits for: the next record's open, while it runs. */
  get pending(): Promise<void> | undefined {
    return this.peerClosed ? undefined : this.laneOrNone?.pending;
  }

  /** Wipes the read keys. */
  wipe(): void {
    this.decrypter?.wipe();
    this.laneOrNone?.clear();
  }

  /** Whether decrypted application data waits to be read. */
  get hasApplicationData(): boolean {
    return this.appData !== undefined;
  }

  /** Up to `max` bytes of the waiting application data. */
  takeApplicationData(max: number): Uint8Array {
    const data = this.appData!;
    if (data.length <= max) {
      this.appData = undefined;
      return data;
    }
    this.appData = data.subarray(max);
    return data.subarray(0, max);
  }

  /**
   * The next complete handshake message, else the effect of one record; null when neither is
   * buffered. Application data (and no CCS) may arrive once the application epoch began.
   */
  next(): ReadStep | null {
    const message = this.joiner.next();
    if (message !== null) return { kind: 'message', message };
    // §6.1: whatever follows close_notify is ignored, even bytes that are no record at all.
    if (this.peerClosed) return null;
    if ((this.laneOrNone?.size ?? 0) > 0 || this.asynchronous) return this.nextFromLane();
    // A view into the deframer's buffer: decryption copies it out once; plaintext is copied below.
    const rec = this.deframer.nextView();
    if (rec === null) return null;
    return this.route(rec);
  }

  /** The effect of the lane's first record, once its open settled; `pending` until then. */
  private nextFromLane(): ReadStep | null {
    const lane = this.lane();
    if (this.asynchronous) lane.fill(this.deframer, this.decrypter!);
    const slot = lane.head();
    if (slot === undefined) return null;
    if (!('rec' in slot)) {
      lane.clear();
      throw slot.error;
    }
    const decrypter = this.decrypter!;
    if (slot.rec.type !== ContentType.application_data || (slot.open === undefined && !decrypter.asynchronous)) {
      lane.shift();
      return this.route(slot.rec); // the synchronous path: it opens, or refuses, the record
    }
    if (slot.open === undefined && !lane.start(slot, decrypter)) return this.nextFromLane();
    const open = slot.open!;
    if (!open.done) return { kind: 'pending' };
    lane.shift();
    if (open.failure !== undefined) throw new InternalError(`record decryption failed: ${open.failure instanceof Error ? open.failure.message : String(open.failure)}`, { cause: open.failure });
    let opened: { type: number; content: Uint8Array };
    try {
      opened = decrypter.opened(open.inner);
    } catch (e) {
      this.observer?.('in', slot.rec.type, slot.rec.fragment.length, true, undefined, new Uint8Array(0));
      throw e;
    }
    this.observer?.('in', slot.rec.type, slot.rec.fragment.length, true, opened.type, opened.content);
    return this.routeContent(opened.type, opened.content);
  }

  /** The epoch of incoming records. */
  get epoch(): Epoch {
    return this.readEpoch;
  }

  private route(rec: RawRecord): ReadStep {
    if (rec.type === ContentType.change_cipher_spec) return this.changeCipherSpec(rec);
    let type: number;
    let content: Uint8Array;
    if (this.decrypter !== undefined) {
      // RFC 9846 §5: once keys are in place, everything but the compatibility CCS is protected.
      if (rec.type !== ContentType.application_data) {
        if (this.observer !== undefined) this.observer('in', rec.type, rec.fragment.length, false, undefined, rec.fragment);
        throw new PeerMisbehavedError('unexpected_message', `unprotected record of type ${rec.type} after keys were established`);
      }
      ({ type, content } = this.observer === undefined ? this.decrypter.open(rec) : this.openObserved(rec, this.observer));
    } else {
      type = rec.type;
      // The joiner may keep what it is given, and the deframer reuses its buffer: a copy (plaintext
      // records are the handshake's first flight only).
      content = rec.fragment.slice();
      if (this.observer !== undefined) this.observer('in', type, content.length, false, undefined, content);
      if (rec.type === ContentType.application_data) {
        throw new PeerMisbehavedError('unexpected_message', 'application data before the handshake');
      }
    }
    return this.routeContent(type, content);
  }

  /** Handles a record's content by its (inner) type. */
  private routeContent(type: number, content: Uint8Array): ReadStep {
    // §5.1: handshake messages must not be interleaved with other record types.
    if (type !== ContentType.handshake && !this.joiner.isEmpty) {
      throw new PeerMisbehavedError('unexpected_message', 'record interleaved with a fragmented handshake message');
    }
    switch (type) {
      case ContentType.handshake:
        if (content.length === 0) throw new PeerMisbehavedError('unexpected_message', 'zero-length handshake fragment');
        this.useless = 0;
        this.joiner.push(content);
        return { kind: 'record' };
      case ContentType.alert:
        // §5.4: a protected alert with no content at all is unexpected_message, not a short alert.
        if (content.length === 0) throw new PeerMisbehavedError('unexpected_message', 'zero-length alert record');
        this.alert(content);
        return { kind: 'record' };
      case ContentType.application_data:
        if (this.readEpoch !== 'application') throw new PeerMisbehavedError('unexpected_message', 'application data before the handshake completed');
        if (content.length === 0) {
          // §5.4: empty application data is legal padding, but it is no progress.
          this.noProgress('empty application data records');
          return { kind: 'record' };
        }
        this.useless = 0;
        this.appData = content;
        return { kind: 'application-data' };
      default:
        throw new PeerMisbehavedError('unexpected_message', `unexpected record content type ${type}`);
    }
  }

  /**
   * RFC 9846 §5: an unprotected CCS of the single byte 0x01, after our first ClientHello and
   * before the server Finished, is dropped, however many arrive (within the useless-record cap);
   * any other is unexpected_message.
   */
  private changeCipherSpec(rec: RawRecord): ReadStep {
    if (this.observer !== undefined) this.observer('in', rec.type, rec.fragment.length, false, undefined, rec.fragment);
    if (this.readEpoch === 'application' || rec.fragment.length !== 1 || rec.fragment[0] !== 1) {
      throw new PeerMisbehavedError('unexpected_message', 'unexpected change_cipher_spec record');
    }
    // §5.1: no record of another type may split a handshake message.
    if (!this.joiner.isEmpty) throw new PeerMisbehavedError('unexpected_message', 'change_cipher_spec inside a fragmented handshake message');
    this.noProgress('change_cipher_spec records');
    return { kind: 'record' };
  }

  /** Opens a record and reports it to the observer, without an inner type when it does not open. */
  private openObserved(rec: RawRecord, observer: RecordObserver): { type: number; content: Uint8Array } {
    let opened: { type: number; content: Uint8Array };
    try {
      opened = this.decrypter!.open(rec);
    } catch (e) {
      observer('in', rec.type, rec.fragment.length, true, undefined, new Uint8Array(0));
      throw e;
    }
    observer('in', rec.type, rec.fragment.length, true, opened.type, opened.content);
    return opened;
  }

  /** Counts a record that changed nothing; too many in a row is unexpected_message (Limits.maxUselessRecords). */
  private noProgress(what: string): void {
    if (++this.useless > Limits.maxUselessRecords) {
      throw new PeerMisbehavedError('unexpected_message', `more than ${Limits.maxUselessRecords} ${what} or other records without progress in a row`);
    }
  }

  /** RFC 9846 §6: close_notify ends the read side; user_canceled is ignored; anything else is fatal. */
  private alert(content: Uint8Array): void {
    if (content.length !== 2) throw new PeerMisbehavedError('decode_error', `alert of ${content.length} bytes`);
    const description = content[1]!;
    if (description === AlertDescription.close_notify) {
      this.peerClosed = true;
      this.laneOrNone?.clear(); // §6.1: what follows close_notify is ignored
      return;
    }
    if (description === AlertDescription.user_canceled) {
      this.noProgress('user_canceled alerts'); // §6.1: ignored, but it is no progress
      return;
    }
    throw new AlertReceivedError(description);
  }
}

/**
 * The outgoing side of a connection: records queued for `takeOutgoing()`, in plaintext before the
 * handshake keys and protected after them (RFC 9846 §5), handshake messages fragmented to the
 * server's record_size_limit (RFC 8449).
 */
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';
import { CHANGE_CIPHER_SPEC_RECORD, encodePlaintextRecord, fragmentRecords } from './plaintext.js';
import { checkEpochChange, type Epoch } from './epoch.js';
import type { RecordObserver } from './observer.js';
import type { RecordEncrypter } from './protection.js';


/**
 * Queues the records a connection sends.
 *
 * @example
 * const w = new RecordWriter();
 * w.handshake(clientHello);
 * socket.write(w.take());
 */
export class RecordWriter {
  private out: Uint8Array[] = [];
  private outLength = 0;
  private encrypter: RecordEncrypter | undefined;
  /** The keys outgoing records are under (RFC 9846 §7.3). */
  private writeEpoch: Epoch = 'plaintext';
  private firstHelloSent = false;
  private ccsSent = false;
  private closed = false;
  /** The server's record_size_limit (RFC 8449), once it sent one. */
  peerRecordSizeLimit: number | undefined;
  /**
   * Middlebox compatibility mode: the CCS goes out before our first protected record, whatever it
   * is (§E.4), so even an encrypted alert right after ServerHello follows it.
   */
  compatibilityCcs = false;
  /** Sees every record queued (the `trace` option); usually unset. */
  observer: RecordObserver | undefined;

  /** Bytes waiting to be taken. */
  get length(): number {
    return this.outLength;
  }

  /** Records sealed under the current write keys (for the §5.5 key-usage limit). */
  get sequence(): bigint {
    return this.encrypter?.sequence ?? 0n;
  }

  /** Takes every queued byte (an empty array when there is none). */
  take(): Uint8Array {
    if (this.out.length === 1) {
      const only = this.out[0]!;
      this.out = [];
      this.outLength = 0;
      return only;
    }
    const all = new Uint8Array(this.outLength);
    let at = 0;
    for (const chunk of this.out) {
      all.set(chunk, at);
      at += chunk.length;
    }
    this.out = [];
    this.outLength = 0;
    return all;
  }

  /** Protects everything sent from now on with `encrypter` (the previous keys are wiped). */
  setKeys(epoch: Epoch, encrypter: RecordEncrypter): void {
    checkEpochChange(this.writeEpoch, epoch);
    this.encrypter?.wipe();
    this.encrypter = encrypter;
    this.writeEpoch = epoch;
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
    this.queue(this.encrypter!.seal(type, content), type, content);
  }

  /**
   * Application data in records of at most `maxFragment()` bytes, while the outgoing buffer is
   * under `Limits.outboundHighWater`; returns how many bytes were taken. `rekey` runs before a
   * record once the key has sealed `Limits.maxRecordsPerKeyAesGcm` records (§5.5).
   */
  applicationData(data: Uint8Array, rekey: () => void): number {
    const max = this.maxFragment();
    let written = 0;
    while (written < data.length && this.length < Limits.outboundHighWater) {
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
  private queue(record: Uint8Array, innerType?: number, content?: Uint8Array): void {
    if (this.closed) return;
    this.out.push(record);
    this.outLength += record.length;
    if (this.observer !== undefined) this.observer('out', record[0]!, record.length - 5, innerType !== undefined, innerType, content ?? record.subarray(5));
  }
}

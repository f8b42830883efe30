/**
 * Record protection (RFC 9846 §5.2–§5.4): AEAD over TLSInnerPlaintext with the per-record nonce.
 *
 * The path of a record costs one allocation, the record itself: an outgoing record is written
 * (header, content, type, padding) into the array that is sent and sealed there; an incoming one
 * is copied once out of the deframer's buffer into the array the application receives and opened
 * there. AEADs without `sealInPlace` / `openInPlace` get `seal` / `open` instead. An AEAD with
 * `sealParts` (node:crypto, whose cipher output is an array of its own anyway) seals application
 * data into pieces sent after the header as they are: no record array at all.
 *
 * An idle connection keeps a key per direction, so what a key holds besides its AEAD is kept
 * small: the IV as a few small integers ({@link IvWords}), and one nonce array that the
 * connection's keys share (synchronous seals and opens use it only during the call; no
 * module-level scratch: nothing is shared between connections). The asynchronous lane (`sealAsync` / `openAsync`)
 * starts one operation per record, with a nonce of its own, and hands back a `PendingSeal` or
 * `PendingOpen` (async_aead.ts); the sequence number is assigned when the operation starts.
 */
import type { Aead } from '../crypto/provider.js';
import { InternalError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';
import { PendingOpen, PendingSeal } from './async_aead.js';
import { IvWords, nonceScratch } from './nonce.js';
import type { RawRecord } from './deframer.js';

const TAG_LENGTH = 16;
/** The last sequence number a key may use (Limits.maxSequenceNumber, with its reason). */
const MAX_SEQUENCE = Limits.maxSequenceNumber;

/**
 * A whole record of `length` bytes whose content (after the 5-byte header) starts 4-byte aligned
 * in its ArrayBuffer, so word-wise ciphers (noble's AES-CTR, ChaCha) work on it in place.
 */
function recordArray(length: number): Uint8Array {
  return new Uint8Array(new ArrayBuffer(length + 3), 3, length);
}

/**
 * Protects outgoing records with one traffic key.
 *
 * @example
 * const enc = new RecordEncrypter(provider.aead('aes-128-gcm', key), iv);
 * socket.write(enc.seal(ContentType.application_data, data));
 */
export class RecordEncrypter {
  private seq = 0;
  private readonly iv: IvWords;
  /** Where each synchronous seal's nonce is computed (§5.3): the connection's one scratch array, or this key's own. */
  private readonly nonce: Uint8Array;
  /** {@link sealParts}'s trailer when there is no padding (the AEAD only reads it), made at the first. */
  private typeOnly: Uint8Array | undefined;

  /**
   * @param iv the write IV; the encrypter takes a copy and wipes `iv`.
   * @param nonce scratch of the IV's length for the synchronous seals' nonces, which may be shared
   *   with the connection's other keys (each seal and open uses it only during the call).
   */
  constructor(
    private readonly aead: Aead,
    iv: Uint8Array,
    nonce?: Uint8Array,
  ) {
    this.nonce = nonceScratch(iv.length, nonce);
    this.iv = new IvWords(iv);
  }

  /** Records sealed so far with this key. */
  get sequence(): bigint {
    return BigInt(this.seq);
  }

  /** Records sealed so far with this key, as a number. */
  get records(): number {
    return this.seq;
  }

  /** Whether this key's AEAD has the asynchronous lane (`Aead.sealAsync`). */
  get asynchronous(): boolean {
    return this.aead.sealAsync !== undefined;
  }

  /** Whether this key's AEAD seals in pieces (`Aead.sealParts`), for {@link sealParts}. */
  get inParts(): boolean {
    return this.aead.sealParts !== undefined;
  }

  /**
   * The same record as {@link seal}, as pieces to send in order: the header, then the AEAD's
   * pieces of AEAD(content || type || zeros) (§5.2), with no record-sized array and no copy.
   * Needs `Aead.sealParts`.
   *
   * @example
   * for (const piece of enc.sealParts(ContentType.application_data, data)) socket.write(piece);
   */
  sealParts(contentType: number, content: Uint8Array, padding = 0): Uint8Array[] {
    const fragment = this.check(content, padding) + TAG_LENGTH;
    const header = Uint8Array.of(ContentType.application_data, 0x03, 0x03, fragment >>> 8, fragment & 0xff);
    // The type byte, then the padding's zeros (§5.4): a fresh array when there is padding.
    const trailer = padding === 0 ? (this.typeOnly ??= new Uint8Array(1)) : new Uint8Array(1 + padding);
    trailer[0] = contentType;
    const pieces = this.aead.sealParts!(this.iv.nonceInto(this.nonce, this.seq++), header, content, trailer);
    let length = 0;
    for (const p of pieces) length += p.length;
    // The header announces the length: pieces of any other total would desynchronise the stream.
    if (length !== fragment) throw new InternalError(`sealParts returned ${length} bytes for a ${fragment}-byte fragment`);
    pieces.unshift(header);
    return pieces;
  }

  /** One whole TLSCiphertext record: header, then AEAD(content || type || zeros). */
  seal(contentType: number, content: Uint8Array, padding = 0): Uint8Array {
    const [out, innerLength] = this.frame(contentType, content, padding);
    const nonce = this.iv.nonceInto(this.nonce, this.seq++);
    const aad = out.subarray(0, 5);
    if (this.aead.sealInPlace !== undefined) this.aead.sealInPlace(nonce, aad, out.subarray(5), innerLength);
    else out.set(this.aead.seal(nonce, out.subarray(5, 5 + innerLength), aad), 5);
    return out;
  }

  /**
   * Starts sealing one record through `Aead.sealAsync`, with the next sequence number; the
   * record's bytes are final once the returned job is done.
   *
   * @example
   * const job = enc.sealAsync(ContentType.application_data, data);
   * await job.settled; if (job.done) socket.write(job.record);
   */
  sealAsync(contentType: number, content: Uint8Array, padding = 0): PendingSeal {
    const [out, innerLength] = this.frame(contentType, content, padding);
    const nonce = this.iv.nonceInto(new Uint8Array(this.iv.length), this.seq++);
    return new PendingSeal(this.aead, nonce, out, innerLength);
  }

  /** The record's array with its header, content, type and padding zeros; and the inner length. */
  private frame(contentType: number, content: Uint8Array, padding: number): [Uint8Array, number] {
    const innerLength = this.check(content, padding);
    const fragment = innerLength + TAG_LENGTH;
    const out = recordArray(5 + fragment);
    out[0] = ContentType.application_data;
    out[1] = 0x03;
    out[2] = 0x03;
    out[3] = fragment >>> 8;
    out[4] = fragment & 0xff;
    out.set(content, 5);
    out[5 + content.length] = contentType; // the padding zeros are the fresh array's
    return [out, innerLength];
  }

  /** The limits of one more record (§5.1, §5.3); returns its TLSInnerPlaintext's length. */
  private check(content: Uint8Array, padding: number): number {
    if (content.length + padding > Limits.maxPlaintext) throw new InternalError('record content and padding over 2^14');
    if (this.seq >= MAX_SEQUENCE) throw new InternalError('sequence number would wrap (RFC 9846 §5.3)');
    return content.length + 1 + padding;
  }

  /** Forgets the IV (the key lives in the AEAD object, dropped with this). */
  wipe(): void {
    this.iv.wipe();
    this.nonce.fill(0);
  }
}

/**
 * Opens incoming protected records with one traffic key.
 *
 * @example
 * const { type, content } = new RecordDecrypter(aead, iv).open(record);
 */
export class RecordDecrypter {
  private seq = 0;
  private readonly maxPlaintext: number;

  private readonly iv: IvWords;
  /** Where each synchronous open's nonce is computed (§5.3): the connection's one scratch array, or this key's own. */
  private readonly nonce: Uint8Array;

  /**
   * @param iv the read IV; the decrypter takes a copy and wipes `iv`.
   * @param opts.nonce scratch for the nonces, as RecordEncrypter's.
   */
  constructor(
    private readonly aead: Aead,
    iv: Uint8Array,
    opts: { maxPlaintext?: number; nonce?: Uint8Array } = {},
  ) {
    this.nonce = nonceScratch(iv.length, opts.nonce);
    this.iv = new IvWords(iv);
    this.maxPlaintext = opts.maxPlaintext ?? Limits.maxPlaintext;
  }

  /**
   * Decrypts and strips padding. Authentication failure is bad_record_mac; an inner plaintext over
   * the limit is record_overflow; no non-zero byte at all is unexpected_message (§5.4).
   *
   * `rec` may be a view into the deframer's buffer: the content returned is in an array of its
   * own (the one copy of the record between the network and the application).
   */
  open(rec: RawRecord): { type: number; content: Uint8Array } {
    this.check(rec);
    const nonce = this.iv.nonceInto(this.nonce, this.seq);
    let inner: Uint8Array | null;
    if (this.aead.openInPlace !== undefined) {
      const copy = new Uint8Array(rec.fragment.length);
      copy.set(rec.fragment);
      inner = this.aead.openInPlace(nonce, rec.header, copy);
    } else {
      inner = this.aead.open(nonce, rec.fragment, rec.header);
    }
    if (inner === null) throw new PeerMisbehavedError('bad_record_mac', 'record authentication failed');
    this.seq++;
    return this.opened(inner);
  }

  /** Whether this key's AEAD has the asynchronous lane (`Aead.openAsync`). */
  get asynchronous(): boolean {
    return this.aead.openAsync !== undefined;
  }

  /**
   * Starts opening `rec` (whose arrays the job may keep: pass copies) through `Aead.openAsync`,
   * with the next sequence number. The checks `open` makes before decrypting throw here.
   *
   * @example
   * const job = dec.openAsync(recordCopy);
   * await job.settled; const { type, content } = dec.opened(job.inner!);
   */
  openAsync(rec: RawRecord): PendingOpen {
    this.check(rec);
    const nonce = this.iv.nonceInto(new Uint8Array(this.iv.length), this.seq++);
    return new PendingOpen(this.aead, nonce, rec.header, rec.fragment);
  }

  /**
   * The content type and content of an opened TLSInnerPlaintext (`null`: it did not open, which
   * is bad_record_mac), with the same checks as `open`.
   *
   * @example
   * const { type, content } = dec.opened(inner);
   */
  opened(inner: Uint8Array | null): { type: number; content: Uint8Array } {
    if (inner === null) throw new PeerMisbehavedError('bad_record_mac', 'record authentication failed');
    // §5.4: the whole TLSInnerPlaintext (content, type, padding) is at most 2^14 + 1 bytes.
    if (inner.length > this.maxPlaintext + 1) throw new PeerMisbehavedError('record_overflow', `inner plaintext of ${inner.length} bytes`);
    let i = inner.length - 1;
    while (i >= 0 && inner[i] === 0) i--;
    if (i < 0) throw new PeerMisbehavedError('unexpected_message', 'record with no content type (all zeros)');
    return { type: inner[i]!, content: inner.subarray(0, i) };
  }

  /** The checks before a record is decrypted: outer type, length, sequence number. */
  private check(rec: RawRecord): void {
    if (rec.type !== ContentType.application_data) throw new PeerMisbehavedError('unexpected_message', `protected record with outer type ${rec.type}`);
    if (rec.fragment.length < TAG_LENGTH + 1) throw new PeerMisbehavedError('bad_record_mac', 'protected record too short');
    if (this.seq >= MAX_SEQUENCE) throw new PeerMisbehavedError('unexpected_message', 'sequence number would wrap');
  }

  /** Forgets the IV. */
  wipe(): void {
    this.iv.wipe();
    this.nonce.fill(0);
  }
}

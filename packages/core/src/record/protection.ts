/**
 * Record protection (RFC 9846 §5.2–§5.4): AEAD over TLSInnerPlaintext with the per-record nonce.
 */
import type { Aead } from '../crypto/provider.js';
import { InternalError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';
import type { RawRecord } from './deframer.js';

const TAG_LENGTH = 16;
const MAX_SEQUENCE = (1n << 64n) - 1n;

/** The per-record nonce: the IV XOR the 64-bit sequence number, left-padded (§5.3). */
function nonce(iv: Uint8Array, seq: bigint): Uint8Array {
  const n = iv.slice();
  let s = seq;
  for (let i = n.length - 1; i >= n.length - 8; i--) {
    n[i]! ^= Number(s & 0xffn);
    s >>= 8n;
  }
  return n;
}

function header(length: number): Uint8Array {
  return Uint8Array.of(ContentType.application_data, 0x03, 0x03, length >>> 8, length & 0xff);
}

/**
 * Protects outgoing records with one traffic key.
 *
 * @example
 * const enc = new RecordEncrypter(provider.aead('aes-128-gcm', key), iv);
 * socket.write(enc.seal(ContentType.application_data, data));
 */
export class RecordEncrypter {
  private seq = 0n;
  constructor(
    private readonly aead: Aead,
    private readonly iv: Uint8Array,
  ) {}

  /** Records sealed so far with this key. */
  get sequence(): bigint {
    return this.seq;
  }

  /** One whole TLSCiphertext record: header, then AEAD(content || type || zeros). */
  seal(contentType: number, content: Uint8Array, padding = 0): Uint8Array {
    if (content.length + padding > Limits.maxPlaintext) throw new InternalError('record content over 2^14');
    if (this.seq >= MAX_SEQUENCE) throw new InternalError('sequence number would wrap (RFC 9846 §5.3)');
    const inner = new Uint8Array(content.length + 1 + padding);
    inner.set(content);
    inner[content.length] = contentType;
    const hdr = header(inner.length + TAG_LENGTH);
    const sealed = this.aead.seal(nonce(this.iv, this.seq++), inner, hdr);
    const out = new Uint8Array(5 + sealed.length);
    out.set(hdr);
    out.set(sealed, 5);
    return out;
  }

  /** Forgets the IV (the key lives in the AEAD object, dropped with this). */
  wipe(): void {
    this.iv.fill(0);
  }
}

/**
 * Opens incoming protected records with one traffic key.
 *
 * @example
 * const { type, content } = new RecordDecrypter(aead, iv).open(record);
 */
export class RecordDecrypter {
  private seq = 0n;
  private readonly maxPlaintext: number;

  constructor(
    private readonly aead: Aead,
    private readonly iv: Uint8Array,
    opts: { maxPlaintext?: number } = {},
  ) {
    this.maxPlaintext = opts.maxPlaintext ?? Limits.maxPlaintext;
  }

  /**
   * Decrypts and strips padding. Authentication failure is bad_record_mac; an inner plaintext over
   * the limit is record_overflow; no non-zero byte at all is unexpected_message (§5.4).
   */
  open(rec: RawRecord): { type: number; content: Uint8Array } {
    if (rec.type !== ContentType.application_data) throw new PeerMisbehavedError('unexpected_message', `protected record with outer type ${rec.type}`);
    if (rec.fragment.length < TAG_LENGTH + 1) throw new PeerMisbehavedError('bad_record_mac', 'protected record too short');
    if (this.seq >= MAX_SEQUENCE) throw new PeerMisbehavedError('unexpected_message', 'sequence number would wrap');
    const inner = this.aead.open(nonce(this.iv, this.seq), rec.fragment, rec.header);
    if (inner === null) throw new PeerMisbehavedError('bad_record_mac', 'record authentication failed');
    this.seq++;
    // §5.4: the whole TLSInnerPlaintext (content, type, padding) is at most 2^14 + 1 bytes.
    if (inner.length > this.maxPlaintext + 1) throw new PeerMisbehavedError('record_overflow', `inner plaintext of ${inner.length} bytes`);
    let i = inner.length - 1;
    while (i >= 0 && inner[i] === 0) i--;
    if (i < 0) throw new PeerMisbehavedError('unexpected_message', 'record with no content type (all zeros)');
    return { type: inner[i]!, content: inner.subarray(0, i) };
  }

  /** Forgets the IV. */
  wipe(): void {
    this.iv.fill(0);
  }
}

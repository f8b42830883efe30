/**
 * Unprotected records (RFC 9846 §5.1) and fragmentation.
 */
import { encode } from '../codec/writer.js';
import { InternalError } from '../errors.js';
import { Limits } from '../limits.js';

/**
 * One TLSPlaintext record. `version` is legacy_record_version: 0x0301 for an initial ClientHello,
 * 0x0303 otherwise (§5.1).
 *
 * @example
 * encodePlaintextRecord(ContentType.handshake, clientHello, 0x0301);
 */
export function encodePlaintextRecord(type: number, fragment: Uint8Array, version = 0x0303): Uint8Array {
  if (fragment.length > Limits.maxPlaintext) throw new InternalError('plaintext fragment over 2^14');
  const out = new Uint8Array(5 + fragment.length);
  out[0] = type;
  out[1] = version >>> 8;
  out[2] = version & 0xff;
  out[3] = fragment.length >>> 8;
  out[4] = fragment.length & 0xff;
  out.set(fragment, 5);
  return out;
}

/**
 * Splits content into chunks of at most `maxFragment` bytes. Empty content gives no chunks
 * (callers never send empty handshake or alert records, §5.1).
 *
 * @example
 * fragmentRecords(new Uint8Array(20000), 16384).map((c) => c.length); // [16384, 3616]
 */
export function fragmentRecords(content: Uint8Array, maxFragment: number): Uint8Array[] {
  if (maxFragment < 1) throw new InternalError('maxFragment must be positive');
  const out: Uint8Array[] = [];
  for (let i = 0; i < content.length; i += maxFragment) out.push(content.subarray(i, Math.min(content.length, i + maxFragment)));
  return out;
}

/**
 * The dummy ChangeCipherSpec record of middlebox compatibility mode (RFC 9846 §E.4).
 *
 * @example
 * queue(CHANGE_CIPHER_SPEC_RECORD); // 14 03 03 00 01 01
 */
export const CHANGE_CIPHER_SPEC_RECORD: Uint8Array = encode((w) => w.u8(20).u16(0x0303).u16(1).u8(1));

/**
 * Record padding (RFC 9846 §5.4): zeros after the content type inside the encrypted record hide
 * how long the content is. None by default; a block policy pads every protected record's
 * TLSInnerPlaintext to a multiple of N (OpenSSL's SSL_CTX_set_block_padding); a function chooses
 * per record. Padding never takes a record past its limit (2^14 + 1, or the server's
 * record_size_limit).
 */
import { ApiMisuseError } from '../errors.js';

/**
 * How protected records are padded: a block size (1..16384; 1 means none), or a function of the
 * content type and length that returns the padding bytes wanted (clamped to the record's room).
 *
 * @example
 * const policy: RecordPadding = { blockSize: 512 };
 * const random: RecordPadding = (type, length) => (type === 23 ? 32 : 0);
 */
export type RecordPadding = { readonly blockSize: number } | ((contentType: number, contentLength: number) => number);

/**
 * Checks a configured policy (a configuration mistake is ApiMisuseError).
 *
 * @example
 * checkRecordPadding({ blockSize: 256 });
 */
export function checkRecordPadding(p: RecordPadding | undefined): void {
  if (p === undefined || typeof p === 'function') return;
  if (typeof p !== 'object' || p === null || !Number.isInteger(p.blockSize) || p.blockSize < 1 || p.blockSize > 16384) {
    throw new ApiMisuseError('invalid configuration: recordPadding: { blockSize: 1..16384 } or a function');
  }
}

/**
 * Padding bytes for one record: the policy's wish, within `room` (the most the record can still
 * take: its inner plaintext limit minus content and type byte).
 *
 * @example
 * paddingFor({ blockSize: 512 }, 23, 100, 16284); // 411: 100 + 1 + 411 = 512
 */
export function paddingFor(p: RecordPadding | undefined, contentType: number, contentLength: number, room: number): number {
  if (p === undefined || room <= 0) return 0;
  let wanted: number;
  if (typeof p === 'function') {
    const n = p(contentType, contentLength);
    wanted = Number.isInteger(n) && n > 0 ? n : 0;
  } else {
    const inner = contentLength + 1;
    wanted = (p.blockSize - (inner % p.blockSize)) % p.blockSize;
  }
  return Math.min(wanted, room);
}

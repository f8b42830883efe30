/**
 * Certificate compression wire formats (RFC 8879): the compress_certificate extension body of the
 * ClientHello (§3) and the CompressedCertificate handshake message (§4). What the bytes mean (which
 * algorithm we take, how far we inflate) is the handshake's to decide, in
 * `client/certificate_decompression.ts`.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';

/** A decoded CompressedCertificate body (RFC 8879 §4). */
export interface CompressedCertificate {
  /** CertificateCompressionAlgorithm codepoint. */
  readonly algorithm: number;
  /** Length of the Certificate message body once decompressed (its 4-byte header excluded: RFC 8879 erratum 8753). */
  readonly uncompressedLength: number;
  /** The compressed Certificate body, 1..2^24-1 bytes. */
  readonly compressed: Uint8Array;
}

/**
 * Writes a CompressedCertificate body (tests and scripted servers; a client never sends one here).
 *
 * @example
 * encodeCompressedCertificate({ algorithm: 1, uncompressedLength: body.length, compressed: deflate(body) });
 */
export function encodeCompressedCertificate(c: CompressedCertificate): Uint8Array {
  return encode((w) => {
    w.u16(c.algorithm).u24(c.uncompressedLength);
    w.vec24((v) => v.bytes(c.compressed));
  });
}

/**
 * Reads `struct { uint16 algorithm; uint24 uncompressed_length; opaque compressed_certificate_message<1..2^24-1>; }`.
 * Empty compressed data or trailing bytes are a decode_error; the length is not judged here.
 *
 * @example
 * const { algorithm, uncompressedLength, compressed } = decodeCompressedCertificate(msg.body);
 */
export function decodeCompressedCertificate(body: Uint8Array): CompressedCertificate {
  const r = new Reader(body, 'CompressedCertificate');
  const algorithm = r.u16('algorithm');
  const uncompressedLength = r.u24('uncompressed_length');
  const compressed = r.vec24(1, 0xffffff, 'compressed_certificate_message');
  r.expectEnd();
  return { algorithm, uncompressedLength, compressed };
}

/**
 * The compress_certificate extension body: `CertificateCompressionAlgorithm algorithms<2..2^8-2>`
 * (RFC 8879 §3), one to 127 codepoints.
 *
 * @example
 * encodeCompressCertificate([2, 1]); // brotli, then zlib
 */
export function encodeCompressCertificate(algorithms: readonly number[]): Uint8Array {
  return encode((w) => w.vec8((l) => { for (const a of algorithms) l.u16(a); }));
}

/**
 * Reads a compress_certificate extension body (the trace and tests; a server's CertificateRequest
 * may carry one, which we ignore since we never compress our own certificate).
 *
 * @example
 * decodeCompressCertificate(ext.data); // [2, 1]
 */
export function decodeCompressCertificate(body: Uint8Array): number[] {
  const r = new Reader(body, 'compress_certificate');
  const list = r.sub8(2, 254, 'algorithms');
  if (list.remaining % 2 !== 0) throw list.fail('odd length');
  const out: number[] = [];
  while (!list.done) out.push(list.u16('algorithm'));
  r.expectEnd();
  return out;
}

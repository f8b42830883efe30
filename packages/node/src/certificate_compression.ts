/**
 * Certificate compression (RFC 8879) for the Node driver: zlib and brotli decompressors from
 * `node:zlib`, and the `certificateCompression` option that picks them. On by default: a compressed
 * chain saves a round trip or two of a large certificate flight, and costs nothing when the server
 * does not compress. Each decompressor is capped at the length the server declared (itself bounded
 * by `Limits.maxUncompressedCertificate` before the call): `maxOutputLength` makes `node:zlib` stop
 * inflating as soon as its output would pass the cap, so a bomb is refused after at most one chunk
 * (16 KiB) beyond it, never inflated whole.
 */
import { brotliDecompressSync, inflateSync } from 'node:zlib';
import { CertificateCompressionAlgorithm, type CertificateDecompressor } from '@puretls/core';

/** The algorithms the Node driver can decompress, by their RFC 8879 names. */
export type CertificateCompressionName = 'brotli' | 'zlib';

/** A Buffer from node:zlib as a plain Uint8Array view (the engine's chain entries are views into it). */
const plain = (b: Buffer): Uint8Array => new Uint8Array(b.buffer, b.byteOffset, b.length);
/** node:zlib refuses a maxOutputLength of 0; a Certificate body is never empty, so 1 refuses as surely. */
const cap = (uncompressedLength: number): number => Math.max(1, uncompressedLength);

/**
 * zlib (RFC 1950) through `inflateSync`, which also checks the stream's Adler-32.
 *
 * @example
 * new TlsClient({ serverName, verifier, certificateDecompressors: [zlibCertificateDecompressor] });
 */
export const zlibCertificateDecompressor: CertificateDecompressor = {
  algorithm: CertificateCompressionAlgorithm.zlib,
  name: 'zlib',
  decompress: (input, uncompressedLength) => plain(inflateSync(input, { maxOutputLength: cap(uncompressedLength) })),
};

/**
 * brotli (RFC 7932) through `brotliDecompressSync`.
 *
 * @example
 * new TlsClient({ serverName, verifier, certificateDecompressors: [brotliCertificateDecompressor] });
 */
export const brotliCertificateDecompressor: CertificateDecompressor = {
  algorithm: CertificateCompressionAlgorithm.brotli,
  name: 'brotli',
  decompress: (input, uncompressedLength) => plain(brotliDecompressSync(input, { maxOutputLength: cap(uncompressedLength) })),
};

const BY_NAME: Readonly<Record<CertificateCompressionName, CertificateDecompressor>> = {
  brotli: brotliCertificateDecompressor,
  zlib: zlibCertificateDecompressor,
};

/** The default offer, in preference order: brotli compresses certificates best (Chrome offers it alone). */
export const DEFAULT_CERTIFICATE_COMPRESSION: readonly CertificateCompressionName[] = ['brotli', 'zlib'];

/**
 * The decompressors for the `certificateCompression` option: undefined is the default (brotli,
 * zlib), `false` or `[]` none (no compress_certificate extension), a list those algorithms in
 * that order. An unknown name or a repeated one is a TypeError.
 *
 * @example
 * certificateDecompressors(['zlib']).map((d) => d.name); // ['zlib']
 * certificateDecompressors(false); // []
 */
export function certificateDecompressors(choice: false | readonly CertificateCompressionName[] | undefined): CertificateDecompressor[] {
  if (choice === false) return [];
  const names = choice ?? DEFAULT_CERTIFICATE_COMPRESSION;
  if (!Array.isArray(names)) throw new TypeError("certificateCompression: false, or a list of 'brotli' and 'zlib'");
  if (new Set(names).size !== names.length) throw new TypeError('certificateCompression: an algorithm is named twice');
  return names.map((n: unknown) => {
    if (n !== 'brotli' && n !== 'zlib') throw new TypeError(`certificateCompression: unknown algorithm ${JSON.stringify(n)} (the Node driver has 'brotli' and 'zlib')`);
    return BY_NAME[n];
  });
}

/**
 * `@puretls/web/certificate-compression`: zlib certificate decompression (RFC 8879) for the
 * browser, through fflate (a small pure-JavaScript inflate), kept out of the main entry so a page
 * that does not want it does not carry it. fflate's one-shot inflate has no output cap, so this
 * streams: the compressed bytes go in `INPUT_SLICE`-byte pieces, each piece's output is counted as
 * it comes, and decompression stops, with an error, as soon as the total passes the declared
 * length. zlib's best ratio is about 1032:1, so one piece inflates to at most ~264 KiB: a bomb is
 * refused after at most that much past the cap (itself at most `Limits.maxUncompressedCertificate`).
 *
 * @example
 * import { connectOverWebSocket } from '@puretls/web';
 * import { fflateZlibDecompressor } from '@puretls/web/certificate-compression';
 * const conn = await connectOverWebSocket(url, { serverName, verifier, certificateDecompressors: [fflateZlibDecompressor] });
 */
import { Unzlib } from 'fflate';
import { CertificateCompressionAlgorithm, type CertificateDecompressor } from '@puretls/core';

/** Compressed bytes handed to fflate per push: bounds what one push can inflate (~1032 × this). */
export const INPUT_SLICE = 256;

/**
 * Inflates a zlib stream (RFC 1950) into exactly `uncompressedLength` bytes, or throws: when the
 * output would pass that length (as soon as it does, not after inflating everything), when the
 * stream is malformed or ends early, or when it ends short. `onOutput` sees each chunk's size (for
 * tests that count what was produced). fflate does not check the Adler-32 trailer; the TLS record
 * layer already authenticates every byte, and the result must still parse and verify.
 *
 * @example
 * const certificateBody = inflateZlibCapped(compressed, 3502);
 */
export function inflateZlibCapped(input: Uint8Array, uncompressedLength: number, onOutput?: (chunkLength: number) => void): Uint8Array {
  const out = new Uint8Array(uncompressedLength);
  let produced = 0;
  let ended = false;
  const inflater = new Unzlib((chunk, final) => {
    onOutput?.(chunk.length);
    if (produced + chunk.length > uncompressedLength) throw new RangeError(`zlib data inflates past the declared ${uncompressedLength} bytes`);
    out.set(chunk, produced);
    produced += chunk.length;
    if (final) ended = true;
  });
  for (let at = 0; at < input.length; at += INPUT_SLICE) {
    const end = Math.min(at + INPUT_SLICE, input.length);
    inflater.push(input.subarray(at, end), end === input.length);
  }
  if (!ended) throw new RangeError('zlib data ends before its final block');
  if (produced !== uncompressedLength) throw new RangeError(`zlib data inflates to ${produced} bytes, not the declared ${uncompressedLength}`);
  return out;
}

/**
 * zlib (algorithm 1) for `certificateDecompressors`, decompressing with {@link inflateZlibCapped}.
 *
 * @example
 * new TlsClient({ serverName, verifier, certificateDecompressors: [fflateZlibDecompressor] });
 */
export const fflateZlibDecompressor: CertificateDecompressor = {
  algorithm: CertificateCompressionAlgorithm.zlib,
  name: 'zlib',
  decompress: (input, uncompressedLength) => inflateZlibCapped(input, uncompressedLength),
};

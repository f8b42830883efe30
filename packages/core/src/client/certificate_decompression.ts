/**
 * The server's CompressedCertificate (RFC 8879 §4) in place of its Certificate: checked, bounded,
 * decompressed by the application's decompressor and handed back as the Certificate body it stands
 * for. The engine itself has no decompression code: the drivers supply it (`node:zlib`, fflate).
 */
import type { CertificateDecompressor } from '../api.js';
import { InternalError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { decodeCompressedCertificate } from '../msgs/compressed_certificate.js';
import { CertificateCompressionAlgorithm, ExtensionType, codepointName } from '../msgs/enums.js';
import type { ResolvedConfig } from './config.js';

/** A CompressedCertificate turned back into the Certificate body it carried. */
export interface DecompressedCertificate {
  /** The Certificate body (no handshake header), to decode as one. */
  readonly body: Uint8Array;
  /** The decompressor that produced it (its algorithm is the one the server chose). */
  readonly decompressor: CertificateDecompressor;
}

/**
 * Decompresses a server's CompressedCertificate body. Refused, in this order: without our
 * compress_certificate in the ClientHello, unexpected_message (the message has no place in this
 * handshake); a malformed body (empty compressed data included), decode_error; an algorithm we did
 * not offer, illegal_parameter (§4: it MUST be one we listed); an uncompressed_length over
 * `Limits.maxUncompressedCertificate`, bad_certificate before any decompression; a decompressor
 * that throws, or output of another length than declared, bad_certificate (§4). The decompressor
 * is given the declared length as its output cap, so a bomb stops there.
 *
 * @example
 * const { body, decompressor } = decompressServerCertificate(cfg, n.sentExtensions, msg.body);
 * const cert = decodeCertificate(body);
 */
export function decompressServerCertificate(cfg: ResolvedConfig, sentExtensions: ReadonlySet<number>, compressedBody: Uint8Array): DecompressedCertificate {
  if (!sentExtensions.has(ExtensionType.compress_certificate)) {
    throw new PeerMisbehavedError('unexpected_message', 'server sent a CompressedCertificate, but we did not offer compress_certificate (RFC 8879 §3)');
  }
  const cc = decodeCompressedCertificate(compressedBody);
  const name = codepointName(CertificateCompressionAlgorithm, cc.algorithm);
  const decompressor = cfg.certificateDecompressors.find((d) => d.algorithm === cc.algorithm);
  if (decompressor === undefined) {
    throw new PeerMisbehavedError('illegal_parameter', `CompressedCertificate uses algorithm ${name}, which we did not offer (RFC 8879 §4)`);
  }
  if (cc.uncompressedLength > Limits.maxUncompressedCertificate) {
    throw new PeerMisbehavedError('bad_certificate', `CompressedCertificate declares ${cc.uncompressedLength} bytes uncompressed, over our ${Limits.maxUncompressedCertificate}-byte limit`);
  }
  let body: unknown;
  try {
    body = decompressor.decompress(cc.compressed, cc.uncompressedLength);
  } catch (e) {
    // §4: a message that cannot be decompressed is bad_certificate, whatever the decompressor says.
    throw new PeerMisbehavedError('bad_certificate', `CompressedCertificate does not decompress with ${decompressor.name}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
  }
  if (!(body instanceof Uint8Array)) throw new InternalError(`the ${decompressor.name} certificate decompressor returned no bytes`);
  if (body.length !== cc.uncompressedLength) {
    throw new PeerMisbehavedError('bad_certificate', `CompressedCertificate declares ${cc.uncompressedLength} bytes uncompressed, ${decompressor.name} gave ${body.length} (RFC 8879 §4)`);
  }
  return { body, decompressor };
}

/**
 * The certificate status extension bodies: status_request (RFC 6066 §8) and
 * signed_certificate_timestamp (RFC 6962 §3.3.1). In TLS 1.3 the client offers them in its
 * ClientHello and the server answers in the leaf's CertificateEntry (RFC 9846 §4.5.1.1). The
 * server's halves (its decoder of the request, its encoders of the answers) are test helpers
 * (test/helpers/status_codecs.ts), as the rest of the server's side of the wire format.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { InvalidMessageError, PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';

/** CertificateStatusType (RFC 6066 §8): ocsp(1) is the only one TLS 1.3 uses. */
export const CertificateStatusType = { ocsp: 1 } as const;

/** A CertificateStatusRequest of type ocsp: both lists raw (RFC 6066 §8). */
export interface OcspStatusRequest {
  /** `ResponderID responder_id_list<0..2^16-1>` contents: empty means "the responders the server knows". */
  readonly responderIdList: Uint8Array;
  /** `Extensions request_extensions<0..2^16-1>` contents (DER OCSP request extensions): empty for none. */
  readonly requestExtensions: Uint8Array;
}

/**
 * The status_request ClientHello body: `status_type` ocsp, `responder_id_list` and
 * `request_extensions` (both empty in what we send: any responder, no nonce, as browsers send it).
 *
 * @example
 * encodeStatusRequest({ responderIdList: new Uint8Array(0), requestExtensions: new Uint8Array(0) }); // 01 00 00 00 00
 */
export function encodeStatusRequest(r: OcspStatusRequest): Uint8Array {
  return encode((w) => w.u8(CertificateStatusType.ocsp).vec16((v) => v.bytes(r.responderIdList)).vec16((v) => v.bytes(r.requestExtensions)));
}

/**
 * Decodes a CertificateStatus to the DER OCSPResponse (a view of `body`). Another status_type
 * than the ocsp we asked for is illegal_parameter; a response above Limits.maxOcspResponseBytes
 * is a decode_error, refused before the verifier sees it.
 *
 * @example
 * const ocspDer = decodeCertificateStatus(ext.data);
 */
export function decodeCertificateStatus(body: Uint8Array): Uint8Array {
  const r = new Reader(body, 'CertificateStatus');
  const type = r.u8('status_type');
  if (type !== CertificateStatusType.ocsp) throw new PeerMisbehavedError('illegal_parameter', `CertificateStatus of status_type ${type}, we asked for ocsp (1)`);
  const response = r.vec24(1, 0xffffff, 'ocsp_response');
  r.expectEnd();
  if (response.length > Limits.maxOcspResponseBytes) throw new InvalidMessageError('decode_error', `OCSP response of ${response.length} bytes (at most ${Limits.maxOcspResponseBytes})`);
  return response;
}

/**
 * Decodes a SignedCertificateTimestampList into its SCTs (views of `body`, not parsed further:
 * checking them needs the CT logs' keys, the verifier's business). Above Limits.maxSctListBytes it
 * is a decode_error.
 *
 * @example
 * decodeSctList(ext.data).length; // 2
 */
export function decodeSctList(body: Uint8Array): Uint8Array[] {
  if (body.length > Limits.maxSctListBytes) throw new InvalidMessageError('decode_error', `SignedCertificateTimestampList of ${body.length} bytes (at most ${Limits.maxSctListBytes})`);
  const r = new Reader(body, 'SignedCertificateTimestampList');
  const list = r.sub16(1, 0xffff, 'sct_list');
  r.expectEnd();
  const scts: Uint8Array[] = [];
  while (!list.done) scts.push(list.vec16(1, 0xffff, 'SerializedSCT'));
  return scts;
}

// The server's side of the certificate status extensions (RFC 6066 §8, RFC 6962 §3.3, RFC 9846
// §4.5.1.1): reading the client's status_request, writing a CertificateStatus and an SCT list. A
// TLS client never needs them, so they are not in the shipped sources (src/msgs/certificate_status.ts
// has the client's halves).
import { Reader } from '../../src/codec/reader.js';
import { encode } from '../../src/codec/writer.js';
import { InvalidMessageError } from '../../src/errors.js';
import { CertificateStatusType, type OcspStatusRequest } from '../../src/msgs/certificate_status.js';

/**
 * Decodes a CertificateStatusRequest of type ocsp (what a server would read; for the tests).
 *
 * @example
 * decodeStatusRequest(Uint8Array.of(1, 0, 0, 0, 0)).responderIdList.length; // 0
 */
export function decodeStatusRequest(body: Uint8Array): OcspStatusRequest {
  const r = new Reader(body, 'status_request');
  const type = r.u8('status_type');
  if (type !== CertificateStatusType.ocsp) throw new InvalidMessageError('decode_error', `status_request of unknown status_type ${type}`);
  const responderIdList = r.vec16(0, 0xffff, 'responder_id_list');
  const requestExtensions = r.vec16(0, 0xffff, 'request_extensions');
  r.expectEnd();
  return { responderIdList, requestExtensions };
}

/**
 * The CertificateStatus of a CertificateEntry's status_request (RFC 9846 §4.5.1.1, RFC 6066 §8):
 * `status_type` ocsp and `OCSPResponse ocsp_response<1..2^24-1>` (DER).
 *
 * @example
 * encodeCertificateStatus(ocspDer); // 01 <u24 length> <ocspDer>
 */
export function encodeCertificateStatus(ocspResponse: Uint8Array): Uint8Array {
  return encode((w) => w.u8(CertificateStatusType.ocsp).vec24((v) => v.bytes(ocspResponse)));
}

/**
 * A SignedCertificateTimestampList (RFC 6962 §3.3): `SerializedSCT sct_list<1..2^16-1>`, each
 * `opaque SerializedSCT<1..2^16-1>`.
 *
 * @example
 * encodeSctList([sct1, sct2]);
 */
export function encodeSctList(scts: readonly Uint8Array[]): Uint8Array {
  return encode((w) => w.vec16((l) => { for (const s of scts) l.vec16((v) => v.bytes(s)); }));
}

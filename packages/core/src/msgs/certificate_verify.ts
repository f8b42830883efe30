/**
 * CertificateVerify (RFC 9846 §4.5.2).
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';

/** A decoded CertificateVerify body. */
export interface CertificateVerify {
  readonly scheme: number;
  readonly signature: Uint8Array;
}

/** `SignatureScheme algorithm; opaque signature<0..2^16-1>`. @example decodeCertificateVerify(msg.body).scheme */
export function decodeCertificateVerify(body: Uint8Array): CertificateVerify {
  const r = new Reader(body, 'CertificateVerify');
  const scheme = r.u16('algorithm');
  const signature = r.vec16(0, 0xffff, 'signature');
  r.expectEnd();
  return { scheme, signature };
}

/** @example encodeCertificateVerify({ scheme: 0x0403, signature: derSignature }) */
export function encodeCertificateVerify(cv: CertificateVerify): Uint8Array {
  return encode((w) => {
    w.u16(cv.scheme);
    w.vec16((v) => v.bytes(cv.signature));
  });
}

/**
 * CertificateRequest (RFC 9846 §4.4.2).
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { decodeExtensions, encodeExtensions, type Extension } from './extension.js';

/** A decoded CertificateRequest body. */
export interface CertificateRequest {
  readonly context: Uint8Array;
  readonly extensions: readonly Extension[];
}

/** @example encodeCertificateRequest({ context: new Uint8Array(0), extensions: [{ type: 13, data: schemes }] }) */
export function encodeCertificateRequest(cr: CertificateRequest): Uint8Array {
  return encode((w) => {
    w.vec8((v) => v.bytes(cr.context));
    encodeExtensions(w, cr.extensions);
  });
}

/** `opaque certificate_request_context<0..2^8-1>; Extension extensions<0..2^16-1>`. @example decodeCertificateRequest(msg.body).extensions */
export function decodeCertificateRequest(body: Uint8Array): CertificateRequest {
  const r = new Reader(body, 'CertificateRequest');
  const context = r.vec8(0, 255, 'certificate_request_context');
  const extensions = decodeExtensions(r, 'CertificateRequest');
  r.expectEnd();
  return { context, extensions };
}

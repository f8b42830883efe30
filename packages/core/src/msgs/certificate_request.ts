/**
 * CertificateRequest (RFC 9846 §4.4.2).
 */
import { Reader } from '../codec/reader.js';
import { decodeExtensions, type Extension } from './extension.js';

/** A decoded CertificateRequest body. */
export interface CertificateRequest {
  readonly context: Uint8Array;
  readonly extensions: readonly Extension[];
}

/** @example decodeCertificateRequest(msg.body).extensions */
export function decodeCertificateRequest(body: Uint8Array): CertificateRequest {
  const r = new Reader(body, 'CertificateRequest');
  const context = r.vec8(0, 255, 'certificate_request_context');
  const extensions = decodeExtensions(r, 'CertificateRequest');
  r.expectEnd();
  return { context, extensions };
}

/**
 * Certificate (RFC 9846 §4.5.1), X.509 certificate type only.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { InvalidMessageError } from '../errors.js';
import { Limits } from '../limits.js';
import { decodeExtensions, encodeExtensions, type Extension } from './extension.js';

/** One certificate and its per-certificate extensions (OCSP, SCT). */
export interface CertificateEntry {
  readonly data: Uint8Array;
  readonly extensions: readonly Extension[];
}

/** A decoded Certificate body. */
export interface Certificate {
  readonly context: Uint8Array;
  readonly entries: readonly CertificateEntry[];
}

/** @example encodeCertificate({ context: new Uint8Array(0), entries: [{ data: leafDer, extensions: [] }] }) */
export function encodeCertificate(c: Certificate): Uint8Array {
  return encode((w) => {
    w.vec8((v) => v.bytes(c.context));
    w.vec24((l) => {
      for (const e of c.entries) {
        l.vec24((d) => d.bytes(e.data));
        encodeExtensions(l, e.extensions);
      }
    });
  });
}

/**
 * Decodes a Certificate body; more than Limits.maxCertificates entries is a decode_error (a
 * chain that long is an attack on our verifier, not a real PKI).
 *
 * @example
 * const chain = decodeCertificate(msg.body).entries.map((e) => e.data);
 */
export function decodeCertificate(body: Uint8Array): Certificate {
  const r = new Reader(body, 'Certificate');
  const context = r.vec8(0, 255, 'certificate_request_context');
  const list = r.sub24(0, 0xffffff, 'certificate_list');
  const entries: CertificateEntry[] = [];
  while (!list.done) {
    if (entries.length >= Limits.maxCertificates) throw new InvalidMessageError('decode_error', `more than ${Limits.maxCertificates} certificates`);
    const data = list.vec24(1, 0xffffff, 'cert_data');
    entries.push({ data, extensions: decodeExtensions(list, 'CertificateEntry') });
  }
  r.expectEnd();
  return { context, entries };
}

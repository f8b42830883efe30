/**
 * The server's CertificateEntry extensions (RFC 9846 §4.5.1): each must answer an extension of our
 * ClientHello and be allowed in a Certificate (§4.3); the leaf's status_request (an OCSP response,
 * §4.5.1.1) and signed_certificate_timestamp (RFC 6962 §3.3.1) are what we keep for the verifier.
 */
import type { CertificateEntry } from '../msgs/certificate.js';
import { decodeCertificateStatus, decodeSctList } from '../msgs/certificate_status.js';
import { ExtensionType } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { checkResponseExtensions } from './extension_checks.js';

/** What the leaf's entry carried besides the certificate. */
export interface LeafStatus {
  /** The DER OCSPResponse stapled to the leaf, if any. */
  readonly ocspResponse: Uint8Array | undefined;
  /** The leaf's SignedCertificateTimestampList as sent (RFC 6962 §3.3), if any. */
  readonly signedCertificateTimestamps: Uint8Array | undefined;
}

/**
 * Checks every entry's extensions (unsupported_extension for one we did not offer, §4.3) and
 * decodes the status extensions of every entry, so a malformed one fails the handshake wherever
 * it is; returns the leaf's. §4.5.1.1 lets a server staple responses for other certificates of
 * the chain too: those are checked for form and not used (the verifier judges the leaf only).
 *
 * @example
 * const { ocspResponse } = readCertificateEntries(cert.entries, n.sentExtensions);
 */
export function readCertificateEntries(entries: readonly CertificateEntry[], sent: ReadonlySet<number>): LeafStatus {
  let leaf: LeafStatus = { ocspResponse: undefined, signedCertificateTimestamps: undefined };
  entries.forEach((e, i) => {
    checkResponseExtensions(e.extensions, sent, 'CT', 'CertificateEntry');
    const status = findExtension(e.extensions, ExtensionType.status_request);
    const sct = findExtension(e.extensions, ExtensionType.signed_certificate_timestamp);
    const ocspResponse = status === undefined ? undefined : decodeCertificateStatus(status.data);
    if (sct !== undefined) decodeSctList(sct.data);
    if (i === 0) leaf = { ocspResponse, signedCertificateTimestamps: sct?.data };
  });
  return leaf;
}

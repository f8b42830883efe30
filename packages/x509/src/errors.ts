/**
 * One typed error per reason a chain is refused, each mapped to its TLS alert (RFC 9846 §6.2).
 */
import { CertificateError } from '@puretls/core';

/** Why a certificate chain was refused. */
export type X509Reason =
  | 'bad-encoding'
  | 'expired'
  | 'not-yet-valid'
  | 'unknown-issuer'
  | 'bad-signature'
  | 'not-a-ca'
  | 'ca-used-as-leaf'
  | 'path-too-long'
  | 'name-constraints'
  | 'wrong-eku'
  | 'wrong-key-usage'
  | 'unsupported-critical-extension'
  | 'duplicate-extension'
  | 'weak-algorithm'
  | 'weak-key'
  | 'key-too-large'
  | 'unsupported-algorithm'
  | 'name-mismatch'
  | 'too-much-work'
  | 'ocsp-malformed'
  | 'ocsp-unsuccessful'
  | 'ocsp-unauthorized-responder'
  | 'ocsp-bad-signature'
  | 'ocsp-cert-id-mismatch'
  | 'ocsp-not-yet-valid'
  | 'ocsp-expired'
  | 'ocsp-revoked'
  | 'ocsp-unknown-status'
  | 'ocsp-staple-required'
  | 'revoked'
  | 'revocation-unknown';

/** The alerts the reasons map to. */
type X509Alert = 'bad_certificate' | 'certificate_expired' | 'unknown_ca' | 'unsupported_certificate' | 'decrypt_error' | 'certificate_revoked' | 'bad_certificate_status_response' | 'certificate_unknown';

const ALERT: Record<X509Reason, X509Alert> = {
  'bad-encoding': 'bad_certificate',
  expired: 'certificate_expired',
  'not-yet-valid': 'certificate_expired',
  'unknown-issuer': 'unknown_ca',
  'bad-signature': 'bad_certificate',
  'not-a-ca': 'bad_certificate',
  'ca-used-as-leaf': 'bad_certificate',
  'path-too-long': 'bad_certificate',
  'name-constraints': 'bad_certificate',
  'wrong-eku': 'unsupported_certificate',
  'wrong-key-usage': 'unsupported_certificate',
  'unsupported-critical-extension': 'unsupported_certificate',
  'duplicate-extension': 'bad_certificate',
  'weak-algorithm': 'unsupported_certificate',
  'weak-key': 'unsupported_certificate',
  'key-too-large': 'unsupported_certificate',
  'unsupported-algorithm': 'unsupported_certificate',
  'name-mismatch': 'bad_certificate',
  'too-much-work': 'bad_certificate',
  // RFC 9846 §6.2: bad_certificate_status_response for an invalid or unacceptable stapled OCSP
  // response (and for one missing where it is required); certificate_revoked for a revoked leaf.
  'ocsp-malformed': 'bad_certificate_status_response',
  'ocsp-unsuccessful': 'bad_certificate_status_response',
  'ocsp-unauthorized-responder': 'bad_certificate_status_response',
  'ocsp-bad-signature': 'bad_certificate_status_response',
  'ocsp-cert-id-mismatch': 'bad_certificate_status_response',
  'ocsp-not-yet-valid': 'bad_certificate_status_response',
  'ocsp-expired': 'bad_certificate_status_response',
  'ocsp-revoked': 'certificate_revoked',
  'ocsp-unknown-status': 'bad_certificate_status_response',
  'ocsp-staple-required': 'bad_certificate_status_response',
  // A supplied CRL lists the certificate (RFC 5280 §6.3), or none usable covers it (fail closed).
  revoked: 'certificate_revoked',
  'revocation-unknown': 'certificate_unknown',
};

/**
 * A refused chain: `reason` says why, `certificate` is the DER it concerns, `alert` the TLS alert.
 *
 * @example
 * throw new X509Error('expired', 'leaf expired at 2020-01-01T00:00:00Z', leafDer);
 */
export class X509Error extends CertificateError {
  override name = 'X509Error';
  /** Why the chain was refused; it also selects the alert (e.g. 'expired' -> certificate_expired, 'unknown-issuer' -> unknown_ca). */
  declare readonly reason: X509Reason;
  constructor(reason: X509Reason, message: string, certificate?: Uint8Array, options?: { cause?: unknown }) {
    super(reason, ALERT[reason], message, certificate, options);
  }
}

/** The TLS alert name for a reason. @example alertFor('expired') // 'certificate_expired' */
export function alertFor(reason: X509Reason): string {
  return ALERT[reason];
}

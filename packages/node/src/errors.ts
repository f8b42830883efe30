/**
 * Errors as Node code expects them: every error a TlsSocket emits carries a string `code`.
 * Certificate errors get the OpenSSL-style codes Node's own TLS uses, so code written for
 * `tls.connect` (which inspects `err.code`) keeps working.
 */
import { TlsError, UnexpectedEofError } from '@puretls/core';
import { X509Error, type X509Reason } from '@puretls/x509';
import { WaitError } from './wait.js';

const CERT_CODES: Partial<Record<X509Reason, string>> = {
  expired: 'CERT_HAS_EXPIRED',
  'not-yet-valid': 'CERT_NOT_YET_VALID',
  'unknown-issuer': 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'bad-signature': 'CERT_SIGNATURE_FAILURE',
  'not-a-ca': 'INVALID_CA',
  'path-too-long': 'PATH_LENGTH_EXCEEDED',
  'wrong-eku': 'INVALID_PURPOSE',
  'wrong-key-usage': 'INVALID_PURPOSE',
  'name-mismatch': 'ERR_TLS_CERT_ALTNAME_INVALID',
  'name-constraints': 'PERMITTED_SUBTREE_VIOLATION',
  revoked: 'CERT_REVOKED',
  'revocation-unknown': 'UNABLE_TO_GET_CRL',
  // OpenSSL's X509_V_ERR_CERT_REVOKED, as Node names it.
  'ocsp-revoked': 'CERT_REVOKED',
};

/**
 * The Node-style code for an error: OpenSSL-style for certificates, `ERR_PURETLS_*` for other TLS
 * failures, `ERR_PURETLS_TRUNCATED` for a TCP close without close_notify, `ETIMEDOUT` /
 * `ABORT_ERR` for waits.
 *
 * @example
 * errorCode(new X509Error('expired', 'leaf expired')); // 'CERT_HAS_EXPIRED'
 */
export function errorCode(e: unknown): string | undefined {
  if (e instanceof X509Error) return CERT_CODES[e.reason as X509Reason] ?? 'CERT_REJECTED';
  if (e instanceof UnexpectedEofError) return 'ERR_PURETLS_TRUNCATED';
  if (e instanceof TlsError) return `ERR_PURETLS_${e.category.toUpperCase().replace('-', '_')}`;
  if (e instanceof WaitError) return e.reason === 'timeout' ? 'ETIMEDOUT' : e.reason === 'aborted' ? 'ABORT_ERR' : 'ECONNRESET';
  return (e as { code?: string } | undefined)?.code;
}

/**
 * The error with its `code` set (the same object), ready to emit.
 *
 * @example
 * socket.destroy(withCode(err));
 */
export function withCode(e: unknown): Error {
  const err = e instanceof Error ? e : new Error(String(e));
  const code = errorCode(err);
  if (code !== undefined && (err as { code?: unknown }).code === undefined) Object.defineProperty(err, 'code', { value: code, enumerable: true, configurable: true });
  return err;
}

/**
 * The server refused our 0-RTT data and the connection agreed on another ALPN protocol than the
 * ticket's, so the bytes are not resent (RFC 9846 §4.3.10: a TLS implementation MUST NOT
 * automatically resend early data unless the negotiated connection selects the same ALPN
 * protocol). They are in `data`, for the application to judge under the new protocol.
 *
 * @example
 * socket.on('error', (e) => { if (e instanceof EarlyDataRefusedError) console.log(e.ticketAlpn, e.negotiatedAlpn, e.data.length); });
 */
export class EarlyDataRefusedError extends Error {
  override name = 'EarlyDataRefusedError';
  /** Always `'ERR_PURETLS_EARLY_DATA_REFUSED'`. */
  readonly code = 'ERR_PURETLS_EARLY_DATA_REFUSED';
  constructor(
    /** The 0-RTT bytes the server refused, in order. */
    readonly data: Uint8Array,
    /** The ALPN protocol of the ticket's connection (undefined: none). */
    readonly ticketAlpn: string | undefined,
    /** The ALPN protocol this connection agreed on (undefined: none). */
    readonly negotiatedAlpn: string | undefined,
  ) {
    const name = (p: string | undefined) => (p === undefined ? 'none' : JSON.stringify(p));
    super(`the server refused ${data.length} bytes of 0-RTT early data and the connection agreed on ALPN ${name(negotiatedAlpn)}, not the ticket's ${name(ticketAlpn)}: they are not resent (RFC 9846 §4.3.10)`);
  }
}

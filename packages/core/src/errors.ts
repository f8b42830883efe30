/**
 * The error taxonomy of puretls (after rustls): every fatal problem is a {@link TlsError} with a
 * category saying whose fault it is and the alert (RFC 9846 §6) that was, or would be, sent.
 */
import { AlertDescription, type AlertName, alertName } from './msgs/alert.js';

/** Whose fault a fatal error is. */
export type ErrorCategory =
  /** The peer sent something well-formed that the protocol forbids (wrong order, bad MAC, ...). */
  | 'peer-misbehaved'
  /** The peer wants something we do not support (old version, no common suite, ...). */
  | 'peer-incompatible'
  /** A message or record did not decode. */
  | 'invalid-message'
  /** The peer sent us a fatal alert. */
  | 'alert-received'
  /** The peer's certificate was rejected. */
  | 'certificate'
  /** The caller used the API wrongly; no alert is sent for this. */
  | 'api-misuse'
  /** Something went wrong on our side (crypto provider failure, ...). */
  | 'internal'
  /** The server did not accept our Encrypted Client Hello (RFC 9849 §6.1.6); `ech_required` was sent. */
  | 'ech-rejected';

/**
 * A fatal TLS error. `alert` is the description sent to the peer (or received, for
 * `alert-received`); it is `undefined` for API misuse, which sends nothing.
 *
 * @example
 * try { conn.handshake(); } catch (e) {
 *   if (e instanceof TlsError) console.log(e.category, e.alertName, e.message);
 * }
 */
export class TlsError extends Error {
  override name = 'TlsError';
  constructor(
    /** Whose fault the error is; also the `ERR_PURETLS_*` code the Node driver derives. */
    readonly category: ErrorCategory,
    /** The AlertDescription code (RFC 9846 §6, 0-255) sent to the peer, or received for `alert-received`; undefined when nothing is sent. */
    readonly alert: number | undefined,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }

  /** The alert description's name, e.g. `'decode_error'`. */
  get alertName(): string | undefined {
    return this.alert === undefined ? undefined : alertName(this.alert);
  }
}

/**
 * The peer broke a protocol rule.
 *
 * @example
 * throw new PeerMisbehavedError('unexpected_message', 'ServerHello after EncryptedExtensions');
 */
export class PeerMisbehavedError extends TlsError {
  override name = 'PeerMisbehavedError';
  constructor(alert: AlertName, message: string, options?: { cause?: unknown }) {
    super('peer-misbehaved', AlertDescription[alert], message, options);
  }
}

/**
 * The peer chose something we do not support.
 *
 * @example
 * throw new PeerIncompatibleError('protocol_version', 'server chose TLS 1.2');
 */
export class PeerIncompatibleError extends TlsError {
  override name = 'PeerIncompatibleError';
  constructor(alert: AlertName, message: string, options?: { cause?: unknown }) {
    super('peer-incompatible', AlertDescription[alert], message, options);
  }
}

/**
 * A message failed to decode. The alert is `decode_error` unless the field was well-formed but had
 * an illegal value (`illegal_parameter`) or the record was too large (`record_overflow`).
 *
 * @example
 * throw new InvalidMessageError('decode_error', 'ServerHello truncated');
 */
export class InvalidMessageError extends TlsError {
  override name = 'InvalidMessageError';
  constructor(alert: AlertName, message: string, options?: { cause?: unknown }) {
    super('invalid-message', AlertDescription[alert], message, options);
  }
}

/**
 * The peer sent a fatal alert (any alert other than close_notify and user_canceled).
 *
 * @example
 * if (e instanceof AlertReceivedError && e.alert === 42) console.log('server: bad_certificate');
 */
export class AlertReceivedError extends TlsError {
  override name = 'AlertReceivedError';
  /** @param explanation what the alert means where it arrived, appended to the message */
  constructor(description: number, explanation?: string) {
    super('alert-received', description, `received fatal alert ${alertName(description)} (${description})${explanation === undefined ? '' : `: ${explanation}`}`);
  }
}

/**
 * The server's certificate chain was rejected. `reason` is a stable machine-readable code
 * (e.g. `'expired'`, `'unknown-issuer'`), `certificate` the DER of the certificate concerned.
 *
 * @example
 * throw new CertificateError('expired', 'certificate_expired', 'leaf expired 2020-01-01', leafDer);
 */
export class CertificateError extends TlsError {
  override name = 'CertificateError';
  constructor(
    /** A stable machine-readable code for why the chain was refused, e.g. `'expired'`, `'unknown-issuer'` (see X509Reason in @puretls/x509). */
    readonly reason: string,
    alert: AlertName,
    message: string,
    /** The DER of the certificate concerned (the leaf, or the intermediate or anchor that failed), when known. */
    readonly certificate?: Uint8Array,
    options?: { cause?: unknown },
  ) {
    super('certificate', AlertDescription[alert], message, options);
  }
}

/**
 * The server did not accept our Encrypted Client Hello (RFC 9849 §6.1.6). The handshake went on
 * with the ClientHelloOuter and the server proved it holds a certificate for the config's
 * `publicName`, then we ended it with `ech_required`: nothing was sent to, or taken from, the real
 * server name. `retryConfigs` is the server's ECHConfigList, if it sent one: retry once on a new
 * connection with it as `ech` (never with ECH turned off, §6.1.6). Without retry configs the
 * server has securely disabled ECH, and a retry without ECH is the application's choice.
 *
 * @example
 * catch (e) { if (e instanceof EchRejectedError && e.retryConfigs) reconnect({ ...cfg, ech: e.retryConfigs }); }
 */
export class EchRejectedError extends TlsError {
  override name = 'EchRejectedError';
  constructor(
    /** The ECHConfigList from the server's EncryptedExtensions (RFC 9849 §5), as sent. */
    readonly retryConfigs: Uint8Array | undefined,
    /** The name the server's certificate was checked against: the config's public_name. */
    readonly publicName: string,
  ) {
    super('ech-rejected', AlertDescription.ech_required, retryConfigs === undefined
      ? `the server (as ${publicName}) did not accept Encrypted Client Hello and sent no retry configs: it has ECH turned off`
      : `the server (as ${publicName}) did not accept Encrypted Client Hello; retry with the ECHConfigList it sent (retryConfigs)`);
  }
}

/**
 * The caller used the API wrongly (write before the handshake, oversized input, ...). No alert is
 * sent and the connection stays usable unless the message says otherwise.
 *
 * @example
 * throw new ApiMisuseError('write() after shutdown()');
 */
export class ApiMisuseError extends TlsError {
  override name = 'ApiMisuseError';
  constructor(message: string) {
    super('api-misuse', undefined, message);
  }
}

/**
 * A failure on our side, sent to the peer as internal_error.
 *
 * @example
 * throw new InternalError('crypto provider returned a short key');
 */
export class InternalError extends TlsError {
  override name = 'InternalError';
  constructor(message: string, options?: { cause?: unknown }) {
    super('internal', AlertDescription.internal_error, message, options);
  }
}

/**
 * The transport closed before the peer's close_notify (a possible truncation attack, RFC 9846
 * §6.1), or during the handshake. Nothing is sent: the transport is gone.
 *
 * @example
 * client.receiveEof();
 * client.read(); // throws UnexpectedEofError
 */
export class UnexpectedEofError extends TlsError {
  override name = 'UnexpectedEofError';
  constructor(message: string) {
    super('peer-misbehaved', undefined, message);
  }
}

/**
 * Alert protocol values (RFC 9846 §6).
 *
 * Unknown descriptions received from a peer are kept as plain numbers, never crashed on.
 */

/**
 * TLS AlertDescription codepoints (RFC 9846 §6).
 *
 * @example
 * AlertDescription.decode_error; // 50
 */
export const AlertDescription = {
  close_notify: 0,
  unexpected_message: 10,
  bad_record_mac: 20,
  record_overflow: 22,
  handshake_failure: 40,
  bad_certificate: 42,
  unsupported_certificate: 43,
  certificate_revoked: 44,
  certificate_expired: 45,
  certificate_unknown: 46,
  illegal_parameter: 47,
  unknown_ca: 48,
  access_denied: 49,
  decode_error: 50,
  decrypt_error: 51,
  protocol_version: 70,
  insufficient_security: 71,
  internal_error: 80,
  inappropriate_fallback: 86,
  user_canceled: 90,
  missing_extension: 109,
  unsupported_extension: 110,
  unrecognized_name: 112,
  bad_certificate_status_response: 113,
  unknown_psk_identity: 115,
  certificate_required: 116,
  general_error: 117,
  no_application_protocol: 120,
  /** RFC 9849 §11.2: ECH was offered and not accepted. */
  ech_required: 121,
} as const;

/** A known alert description name, e.g. `'decode_error'`. */
export type AlertName = keyof typeof AlertDescription;

const namesByCode = new Map<number, AlertName>(
  (Object.entries(AlertDescription) as [AlertName, number][]).map(([n, c]) => [c, n]),
);

/**
 * The name of an alert description, or `alert(N)` for one we do not know.
 *
 * @example
 * alertName(50); // 'decode_error'
 * alertName(255); // 'alert(255)'
 */
export function alertName(code: number): string {
  return namesByCode.get(code) ?? `alert(${code})`;
}

/**
 * AlertLevel (RFC 9846 §6). In TLS 1.3 the level is ignored on receipt; we send `fatal` for errors.
 *
 * @example
 * new Uint8Array([AlertLevel.warning, AlertDescription.close_notify]);
 */
export const AlertLevel = { warning: 1, fatal: 2 } as const;

/**
 * The TLS Feature extension (RFC 7633 §4): a certificate listing status_request ("must-staple")
 * is only acceptable with a valid stapled OCSP response (§4.2.3).
 */
import { X509Error } from '../errors.js';
import type { ParsedCertificate } from '../parse/certificate.js';
import { children, derSmallUnsigned, expectTag, malformed, MalformedError } from '../parse/der.js';
import { single } from '../parse/extensions.js';
import { InvalidMessageError } from '@puretls/core';

/** id-pe-tlsfeature (RFC 7633 §6). */
export const TLS_FEATURE = '1.3.6.1.5.5.7.1.24';

/** The TLS extension number of status_request (RFC 6066 §8). */
const STATUS_REQUEST = 5;

/**
 * The TLS extension numbers the certificate's TLS Feature extension lists (Features ::= SEQUENCE
 * OF INTEGER, each a TLS extension type), or undefined without one. Malformed: X509Error('bad-encoding').
 *
 * @example
 * tlsFeatures(leaf); // [5] for a must-staple certificate
 */
export function tlsFeatures(cert: ParsedCertificate): readonly number[] | undefined {
  const ext = cert.extensions.find((e) => e.oid === TLS_FEATURE);
  if (ext === undefined) return undefined;
  try {
    const list = children(single(ext.value, 0x30)).map((e) => derSmallUnsigned(expectTag(e, 0x02, 'TLS feature'), 0xffff));
    if (list.length === 0) throw malformed('empty TLS Feature extension');
    return list;
  } catch (e) {
    if (!(e instanceof MalformedError || e instanceof InvalidMessageError)) throw e;
    throw new X509Error('bad-encoding', `malformed TLS Feature extension: ${e.message}`, cert.der, { cause: e });
  }
}

/**
 * Whether the certificate is must-staple: its TLS Feature extension lists status_request.
 *
 * @example
 * if (mustStaple(leaf) && staple === undefined) refuse();
 */
export function mustStaple(cert: ParsedCertificate): boolean {
  return tlsFeatures(cert)?.includes(STATUS_REQUEST) ?? false;
}

/**
 * Who may sign an OCSP response about a certificate (RFC 6960 §4.2.2.2): the CA that issued it,
 * or a responder certificate that CA issued for the purpose (extKeyUsage id-kp-OCSPSigning),
 * valid now. Locally configured trusted responders are not supported.
 */
import { InvalidMessageError, type CryptoProvider } from '@puretls/core';
import { X509Error } from '../errors.js';
import { MalformedError, nameKey, normaliseName } from '../parse/der.js';
import { parseCertificate, type ParsedCertificate } from '../parse/certificate.js';
import type { AlgorithmPolicy } from '../parse/signature_algorithm.js';
import { digest, sameBytes, subjectPublicKeyBits } from './cert_id.js';
import type { ParsedOcspResponse, ResponderId } from './response.js';
import { signedBy } from './signed_by.js';

/** id-kp-OCSPSigning (RFC 6960 §4.2.2.2). */
export const OCSP_SIGNING = '1.3.6.1.5.5.7.3.9';

/** keyUsage digitalSignature (RFC 5280 §4.2.1.3, bit 0). */
const DIGITAL_SIGNATURE = 0;

/**
 * Whether a ResponderID names this certificate: byName against its subject (RFC 5280 §7.1
 * comparison), byKey against the SHA-1 of its subjectPublicKey.
 *
 * @example
 * responderIdNames(resp.responderId, issuer, nobleProvider);
 */
export function responderIdNames(id: ResponderId, cert: ParsedCertificate, provider: CryptoProvider): boolean {
  if (id.kind === 'key') return sameBytes(id.keyHash, digest(provider, 'sha1', subjectPublicKeyBits(cert.spki)));
  try {
    return nameKey(normaliseName(id.name)) === cert.subjectKey;
  } catch (e) {
    if (!(e instanceof MalformedError || e instanceof InvalidMessageError)) throw e;
    return false; // a Name we cannot read names nobody
  }
}

/** What the verification of a response needs to pick its signer. */
export interface ResponderContext {
  readonly issuer: ParsedCertificate;
  readonly now: number;
  readonly provider: CryptoProvider;
  readonly policy: AlgorithmPolicy;
}

/**
 * The certificate whose key must have signed `resp`: the issuer, or a delegated responder among
 * `resp.certs` that the issuer signed, with id-kp-OCSPSigning, valid at `now`. Anything else is
 * X509Error('ocsp-unauthorized-responder').
 *
 * @example
 * const signer = authorizedResponder(resp, { issuer, now, provider, policy: {} });
 */
export function authorizedResponder(resp: ParsedOcspResponse, c: ResponderContext): ParsedCertificate {
  if (responderIdNames(resp.responderId, c.issuer, c.provider)) return c.issuer;
  const why: string[] = [];
  for (const der of resp.certs) {
    let cert: ParsedCertificate;
    try {
      cert = parseCertificate(der);
    } catch (e) {
      if (!(e instanceof X509Error)) throw e;
      continue; // a malformed extra certificate cannot be the signer
    }
    if (!responderIdNames(resp.responderId, cert, c.provider)) continue;
    const refusal = delegationRefusal(cert, c);
    if (refusal === undefined) return cert;
    why.push(`${cert.subjectText} ${refusal}`);
  }
  const detail = why.length > 0 ? why.join('; ') : 'no certificate in the response matches its responderID';
  throw new X509Error('ocsp-unauthorized-responder', `OCSP response is not signed by ${c.issuer.subjectText} nor by a responder it authorized (RFC 6960 §4.2.2.2): ${detail}`);
}

/** Why `cert` may not answer for the issuer's certificates, or undefined if it may. */
function delegationRefusal(cert: ParsedCertificate, c: ResponderContext): string | undefined {
  if (cert.issuerKey !== c.issuer.subjectKey) return 'is not issued by the certificate\'s issuer';
  if (!(cert.extKeyUsage ?? []).includes(OCSP_SIGNING)) return 'lacks the id-kp-OCSPSigning extended key usage';
  if (cert.keyUsage !== undefined && !cert.keyUsage.has(DIGITAL_SIGNATURE)) return 'has a keyUsage without digitalSignature';
  if (c.now < cert.notBefore || c.now > cert.notAfter) return 'is not valid at this time';
  try {
    if (!signedBy(c.issuer, cert.signatureAlgorithm, cert.tbs, cert.signature, cert.der, c)) return 'does not verify with the issuer\'s key';
  } catch (e) {
    if (!(e instanceof X509Error)) throw e;
    return `has a signature the policy refuses (${e.message})`;
  }
  return undefined;
}

/**
 * Verifying a stapled OCSP response about the leaf (RFC 6960 §3.2, §4.2.2): successful, signed by
 * an authorized responder, about this very certificate, current, and not revoked.
 */
import { InvalidMessageError, type CryptoProvider } from '@puretls/core';
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { MalformedError } from '../parse/der.js';
import type { ParsedCertificate } from '../parse/certificate.js';
import type { AlgorithmPolicy } from '../parse/signature_algorithm.js';
import { certIdMatches } from './cert_id.js';
import { authorizedResponder } from './responder.js';
import { parseOcspResponse, type ParsedOcspResponse, type SingleResponse } from './response.js';
import { signedBy } from './signed_by.js';

/** What a response is checked against. */
export interface OcspCheck {
  /** The certificate the response must be about. */
  readonly leaf: ParsedCertificate;
  /** Its issuer on the verified path (the next certificate, or the trust anchor). */
  readonly issuer: ParsedCertificate;
  /** Validation time, ms since the epoch. */
  readonly now: number;
  /** Hashes and signature verification (the chain verifier's provider). */
  readonly provider: CryptoProvider;
  /** The algorithm policy of the chain (SHA-1 and weak keys refused for the response's signature too). */
  readonly policy: AlgorithmPolicy;
}

/** An accepted response: the leaf's status as the responder gave it. */
export interface OcspVerdict {
  /** 'good', or 'unknown' (the responder does not know the certificate). Revoked is an error. */
  readonly status: 'good' | 'unknown';
  /** The SingleResponse's thisUpdate (ms since the epoch). */
  readonly thisUpdate: number;
  /** Its nextUpdate, if given (ms since the epoch). */
  readonly nextUpdate: number | undefined;
  /** When the response was signed (ms since the epoch). */
  readonly producedAt: number;
  /** Whether the issuer signed it, or a responder it delegated to. */
  readonly signer: 'issuer' | 'delegated';
}

const iso = (t: number): string => new Date(t).toISOString();

/**
 * Verifies `der` (an OCSPResponse) for `c.leaf`. Throws X509Error: 'ocsp-malformed',
 * 'ocsp-unsuccessful', 'ocsp-unauthorized-responder', 'ocsp-bad-signature',
 * 'ocsp-cert-id-mismatch', 'ocsp-not-yet-valid', 'ocsp-expired', or 'ocsp-revoked'
 * (alert certificate_revoked). An 'unknown' status is returned: the caller decides.
 *
 * @example
 * const verdict = verifyOcspResponse(staple, { leaf: path.chain[0]!, issuer: path.chain[1] ?? path.anchor, now, provider, policy: {} });
 */
export function verifyOcspResponse(der: Uint8Array, c: OcspCheck): OcspVerdict {
  const resp = parse(der, c.leaf);
  const signer = authorizedResponder(resp, c);
  let verified: boolean;
  try {
    verified = signedBy(signer, resp.signatureAlgorithm, resp.tbs, resp.signature, c.leaf.der, c);
  } catch (e) {
    // The algorithm or key refused by policy (SHA-1, a weak key, a mismatch): the response's fault.
    if (!(e instanceof X509Error)) throw e;
    throw new X509Error('ocsp-bad-signature', `OCSP response signature refused: ${e.message}`, c.leaf.der, { cause: e });
  }
  if (!verified) throw new X509Error('ocsp-bad-signature', `OCSP response signature does not verify with ${signer.subjectText}'s key`, c.leaf.der);
  const single = resp.responses.find((r) => certIdMatches(r.certId, c.leaf, c.issuer, c.provider));
  if (single === undefined) {
    throw new X509Error('ocsp-cert-id-mismatch', `OCSP response is not about ${c.leaf.subjectText} (no CertID with its serial, issuer name and issuer key)`, c.leaf.der);
  }
  checkCurrent(single, c);
  if (single.status === 'revoked') {
    throw new X509Error('ocsp-revoked', `${c.leaf.subjectText} was revoked at ${iso(single.revocationTime!)} (stapled OCSP response from ${signer.subjectText})`, c.leaf.der);
  }
  return { status: single.status, thisUpdate: single.thisUpdate, nextUpdate: single.nextUpdate, producedAt: resp.producedAt, signer: signer === c.issuer ? 'issuer' : 'delegated' };
}

/** A successful BasicOCSPResponse, or the typed refusal. */
function parse(der: Uint8Array, leaf: ParsedCertificate): ParsedOcspResponse {
  let r: ReturnType<typeof parseOcspResponse>;
  try {
    r = parseOcspResponse(der);
  } catch (e) {
    // Anything but an explicit refusal would be a missing check: still refused, the cause shows it.
    const explicit = e instanceof MalformedError || e instanceof InvalidMessageError;
    throw new X509Error('ocsp-malformed', `malformed OCSP response: ${explicit ? '' : 'unchecked '}${e instanceof Error ? e.message : String(e)}`, leaf.der, { cause: e });
  }
  if (r.basic === undefined) throw new X509Error('ocsp-unsuccessful', `OCSP response status is ${r.status}, not successful`, leaf.der);
  return r.basic;
}

/**
 * RFC 6960 §4.2.2.1 and §3.2 (5), (6): thisUpdate not in the future and nextUpdate, when given, not
 * in the past, each with X509Limits.ocspClockSkewMs of slack; without nextUpdate, thisUpdate no
 * older than X509Limits.ocspMaxAgeMs.
 */
function checkCurrent(s: SingleResponse, c: OcspCheck): void {
  const skew = X509Limits.ocspClockSkewMs;
  if (s.thisUpdate > c.now + skew) throw new X509Error('ocsp-not-yet-valid', `OCSP response thisUpdate ${iso(s.thisUpdate)} is after ${iso(c.now)}`, c.leaf.der);
  if (s.nextUpdate !== undefined && s.nextUpdate < s.thisUpdate) throw new X509Error('ocsp-malformed', 'OCSP response nextUpdate is before its thisUpdate', c.leaf.der);
  if (s.nextUpdate !== undefined && c.now > s.nextUpdate + skew) throw new X509Error('ocsp-expired', `OCSP response expired: nextUpdate ${iso(s.nextUpdate)} is before ${iso(c.now)}`, c.leaf.der);
  if (s.nextUpdate === undefined && c.now > s.thisUpdate + X509Limits.ocspMaxAgeMs) {
    throw new X509Error('ocsp-expired', `OCSP response without nextUpdate is older than ${X509Limits.ocspMaxAgeMs / 86_400_000} days (thisUpdate ${iso(s.thisUpdate)})`, c.leaf.der);
  }
}

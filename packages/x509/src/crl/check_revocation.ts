/**
 * The revocation check of a validated path against the application's CRLs (RFC 5280 §6.3),
 * for complete, direct CRLs signed by the certificate's own issuer with the key that signed it.
 *
 * Policy: when CRLs are supplied, every certificate of the path except the trust anchor must be
 * covered by a usable CRL of its issuer (fail closed, as x509-limbo expects: a CRL without a
 * cRLNumber, with a critical one, or signed by a CA without cRLSign leaves the leaf's status
 * unknown, and the chain is refused). A certificate listed on a usable CRL is 'revoked'; one no
 * usable CRL covers is 'revocation-unknown', with the reasons each candidate CRL did not count.
 */
import { InvalidMessageError, toHex } from '@puretls/core';
import { X509Error } from '../errors.js';
import type { ParsedCertificate } from '../parse/certificate.js';
import { MalformedError } from '../parse/der.js';
import type { CrlStore } from './crl_store.js';
import { certificateDistributionNames } from './distribution_point.js';
import type { ParsedCrl } from './parse_crl.js';

/** What a signature check needs: the signed bytes, algorithm and signature, and a label for messages. */
export interface SignedObject {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  readonly signature: Uint8Array;
  readonly subjectText: string;
  /** What stands for `tbs` in a SignatureCache key, when not `tbs` itself (a large CRL's digest). */
  readonly signatureCacheTbs?: Uint8Array;
}

/** Verifies `signed` with `issuer`'s key under the verifier's policy; throws an X509Error if it does not. */
export type VerifySignature = (signed: SignedObject, issuer: ParsedCertificate) => void;

/** keyUsage cRLSign (RFC 5280 §4.2.1.3). */
const CRL_SIGN = 6;

const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');

/**
 * Checks every certificate of `chain` (leaf first; `anchor` issued the last) against `crls`.
 *
 * @example
 * checkRevocation(path.chain, path.anchor, CrlStore.fromDer([crlDer]), now, verifySignature);
 */
export function checkRevocation(chain: readonly ParsedCertificate[], anchor: ParsedCertificate, crls: CrlStore, now: number, verify: VerifySignature): void {
  for (let i = 0; i < chain.length; i++) checkCertificate(chain[i]!, chain[i + 1] ?? anchor, crls, now, verify);
}

function checkCertificate(cert: ParsedCertificate, issuer: ParsedCertificate, crls: CrlStore, now: number, verify: VerifySignature): void {
  const serial = toHex(cert.serial);
  const refused: string[] = [];
  let covered = false;
  for (const crl of crls.forIssuer(cert.issuerKey)) {
    const why = whyNotApplicable(crl, cert, issuer, now, verify);
    if (why !== undefined) {
      refused.push(`the CRL of ${crl.issuerText} (cRLNumber ${crl.crlNumber ?? 'absent'}): ${why}`);
      continue;
    }
    // §6.3.3 (i): the serial is on a CRL that applies. certificateHold too: not valid while on hold.
    if (crl.revokedSerials.has(serial)) throw new X509Error('revoked', `${cert.subjectText} (serial ${serial}) is revoked by the CRL of ${crl.issuerText}`, cert.der);
    // §6.3.3 (b)(2)(iii)/(d): a CRL for only some reasons does not settle the status alone.
    if (crl.scope?.onlySomeReasons !== true) covered = true;
  }
  if (!covered) {
    const detail = refused.length === 0 ? `no CRL from ${issuer.subjectText} was supplied` : refused.join('; ');
    throw new X509Error('revocation-unknown', `the revocation status of ${cert.subjectText} is unknown: ${detail}`, cert.der);
  }
}

/** Why `crl` cannot decide `cert`'s status (RFC 5280 §6.3.3), undefined when it can. The signature is checked last. */
function whyNotApplicable(crl: ParsedCrl, cert: ParsedCertificate, issuer: ParsedCertificate, now: number, verify: VerifySignature): string | undefined {
  if (crl.problem !== undefined) return crl.problem;
  const aki = crl.authorityKeyId;
  const ski = issuer.subjectKeyId;
  if (aki !== undefined && ski !== undefined && toHex(aki) !== toHex(ski)) return `signed by another key than ${issuer.subjectText}'s (authorityKeyIdentifier)`;
  // §6.3.3 (f): a keyUsage, when present in the CRL issuer's certificate, must assert cRLSign.
  if (issuer.keyUsage !== undefined && !issuer.keyUsage.has(CRL_SIGN)) return `${issuer.subjectText}'s keyUsage lacks cRLSign`;
  // §6.3.3 (a)(2), §5.1.2.4/5: one-second granularity, like certificate validity.
  const t = Math.floor(now / 1000) * 1000;
  if (t < crl.thisUpdate) return `not valid before its thisUpdate ${iso(crl.thisUpdate)}`;
  if (crl.nextUpdate !== undefined && t > crl.nextUpdate) return `stale: its nextUpdate ${iso(crl.nextUpdate)} has passed`;
  const scope = scopeProblem(crl, cert);
  if (scope !== undefined) return scope;
  try {
    verify({ der: crl.der, tbs: crl.tbs, signatureAlgorithm: crl.signatureAlgorithm, signature: crl.signature, signatureCacheTbs: crl.signatureCacheTbs, subjectText: `the CRL of ${crl.issuerText}` }, issuer);
  } catch (e) {
    if (!(e instanceof X509Error) || e.reason === 'too-much-work') throw e;
    return `its signature was refused (${e.reason}: ${e.message})`;
  }
  return undefined;
}

/** §6.3.3 (b)(2): whether the issuingDistributionPoint's scope takes in `cert`. */
function scopeProblem(crl: ParsedCrl, cert: ParsedCertificate): string | undefined {
  const scope = crl.scope;
  if (scope === undefined) return undefined;
  if (scope.indirectCRL) return 'an indirect CRL (not supported)';
  if (scope.onlyContainsAttributeCerts) return 'it covers only attribute certificates';
  const isCa = cert.basicConstraints?.ca === true;
  if (scope.onlyContainsUserCerts && isCa) return 'it covers only end-entity certificates';
  if (scope.onlyContainsCACerts && !isCa) return 'it covers only CA certificates';
  if (scope.relativeName) return 'its distribution point is a nameRelativeToCRLIssuer (not supported)';
  if (scope.fullNames === undefined) return undefined;
  let names: Uint8Array[] | undefined;
  try {
    names = certificateDistributionNames(cert);
  } catch (e) {
    if (!(e instanceof MalformedError || e instanceof InvalidMessageError)) throw e;
    return `${cert.subjectText}'s cRLDistributionPoints is malformed`;
  }
  const ours = new Set(scope.fullNames.map(toHex));
  if (names === undefined || !names.some((n) => ours.has(toHex(n)))) return `its distribution point is not one of ${cert.subjectText}'s cRLDistributionPoints`;
  return undefined;
}

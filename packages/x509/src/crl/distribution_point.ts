/**
 * The scope of a CRL: its issuingDistributionPoint (RFC 5280 §5.2.5) and the certificate's
 * cRLDistributionPoints (§4.2.1.13) it is matched against (§6.3.3 (b)).
 */
import { OID, type ParsedCertificate } from '../parse/certificate.js';
import { children, derBoolean, expectTag, malformed, type DerElement } from '../parse/der.js';
import { single } from '../parse/extensions.js';

/** What an issuingDistributionPoint says (§5.2.5); the BOOLEANs are DEFAULT FALSE. */
export interface IssuingDistributionPoint {
  /** The DER of each GeneralName of its distributionPoint fullName, undefined when absent. */
  readonly fullNames: readonly Uint8Array[] | undefined;
  /** Whether the distributionPoint is a nameRelativeToCRLIssuer (not matched: such a CRL covers nothing here). */
  readonly relativeName: boolean;
  /** The CRL covers only end-entity certificates (no basicConstraints cA). */
  readonly onlyContainsUserCerts: boolean;
  /** The CRL covers only CA certificates. */
  readonly onlyContainsCACerts: boolean;
  /** Whether onlySomeReasons is present: the CRL then covers only some reasons (§5.2.5). */
  readonly onlySomeReasons: boolean;
  /** The CRL may list certificates of other issuers (§5.2.5; not supported: such a CRL covers nothing here). */
  readonly indirectCRL: boolean;
  /** The CRL covers only attribute certificates (so no certificate of a TLS path). */
  readonly onlyContainsAttributeCerts: boolean;
}

/** DistributionPointName (§4.2.1.13): [0] fullName GeneralNames or [1] nameRelativeToCRLIssuer. */
function distributionPointName(e: DerElement): { fullNames: Uint8Array[] | undefined; relative: boolean } {
  const choice = single(e.value);
  if (choice.tag === 0xa0) {
    const names = children(choice).map((n) => n.raw);
    if (names.length === 0) throw malformed('empty fullName');
    return { fullNames: names, relative: false };
  }
  if (choice.tag === 0xa1) return { fullNames: undefined, relative: true };
  throw malformed(`DistributionPointName has tag 0x${choice.tag.toString(16)}`);
}

/**
 * Parses an issuingDistributionPoint extnValue: each field at most once, in order, a DEFAULT FALSE
 * never encoded FALSE (DER), and at most one of the three "only contains" flags (§5.2.5).
 *
 * @example
 * parseIssuingDistributionPoint(ext.value).onlyContainsUserCerts;
 */
export function parseIssuingDistributionPoint(v: Uint8Array): IssuingDistributionPoint {
  const fields = children(single(v, 0x30));
  let last = -1;
  const flag = (tag: number) => {
    const f = fields.find((x) => x.tag === tag);
    if (f === undefined) return false;
    if (!derBoolean(f)) throw malformed('issuingDistributionPoint flag encoded FALSE (DER default)');
    return true;
  };
  for (const f of fields) {
    const n = [0xa0, 0x81, 0x82, 0x83, 0x84, 0x85].indexOf(f.tag);
    if (n <= last) throw malformed('issuingDistributionPoint fields unknown, repeated or out of order');
    last = n;
  }
  const reasons = fields.find((x) => x.tag === 0x83);
  // ReasonFlags (§5.3.1): a BIT STRING, implicitly tagged; at least its unused-bits octet.
  if (reasons !== undefined && (reasons.value.length < 2 || reasons.value[0]! > 7)) throw malformed('bad onlySomeReasons');
  const dp = fields.find((x) => x.tag === 0xa0);
  const name = dp === undefined ? { fullNames: undefined, relative: false } : distributionPointName(dp);
  const out: IssuingDistributionPoint = {
    fullNames: name.fullNames,
    relativeName: name.relative,
    onlyContainsUserCerts: flag(0x81),
    onlyContainsCACerts: flag(0x82),
    onlySomeReasons: reasons !== undefined,
    indirectCRL: flag(0x84),
    onlyContainsAttributeCerts: flag(0x85),
  };
  if ([out.onlyContainsUserCerts, out.onlyContainsCACerts, out.onlyContainsAttributeCerts].filter(Boolean).length > 1) {
    throw malformed('more than one of onlyContainsUserCerts, onlyContainsCACerts, onlyContainsAttributeCerts');
  }
  if (fields.length === 0) throw malformed('empty issuingDistributionPoint');
  return out;
}

/**
 * The fullName GeneralNames (DER each) of the certificate's cRLDistributionPoints whose CRL its
 * issuer signs (no cRLIssuer, §4.2.1.13), or undefined when the certificate has no such extension.
 *
 * @example
 * certificateDistributionNames(leaf); // [DER of URI:http://crl.example/ca.crl]
 */
export function certificateDistributionNames(cert: ParsedCertificate): Uint8Array[] | undefined {
  const ext = cert.extensions.find((x) => x.oid === OID.crlDistributionPoints);
  if (ext === undefined) return undefined;
  const out: Uint8Array[] = [];
  for (const point of children(single(ext.value, 0x30))) {
    const fields = children(expectTag(point, 0x30, 'DistributionPoint'));
    if (fields.some((f) => f.tag === 0xa2)) continue;
    const dp = fields.find((f) => f.tag === 0xa0);
    if (dp !== undefined) out.push(...(distributionPointName(dp).fullNames ?? []));
  }
  return out;
}

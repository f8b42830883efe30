/**
 * A parsed certificate revocation list (RFC 5280 §5.1), read strictly with the engine's DER reader
 * like a certificate: the exact TBSCertList bytes the signature covers, the revoked serials as a
 * Set (one lookup per certificate, never a scan), and the CRL and entry extensions we act on.
 * What the RFC 5280 §5 profile forbids but does not make the encoding invalid (a missing
 * CRLNumber, a critical extension we cannot process, a delta CRL) is not an error here: it is
 * the CRL's `problem`, and such a CRL is never used to decide a certificate's status (§5.2, §5.3).
 */
import { InvalidMessageError, nobleProvider, toHex } from '@puretls/core';
import { derUnsigned } from '@puretls/core/der';
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { parseExtension, type RawExtension } from '../parse/certificate.js';
import { children, DerReader, derTime, expectTag, malformed, MalformedError, nameKey, normaliseName, signedParts, type DerElement, type NormalName } from '../parse/der.js';
import { parseAuthorityKeyId, single } from '../parse/extensions.js';
import { nameText } from '../parse/name_text.js';
import { parseIssuingDistributionPoint, type IssuingDistributionPoint } from './distribution_point.js';

/** CRL and CRL entry extension OIDs (RFC 5280 §5.2, §5.3). @example CRL_OID.crlNumber // '2.5.29.20' */
export const CRL_OID = {
  authorityKeyId: '2.5.29.35',
  issuerAltName: '2.5.29.18',
  crlNumber: '2.5.29.20',
  deltaCrlIndicator: '2.5.29.27',
  issuingDistributionPoint: '2.5.29.28',
  freshestCrl: '2.5.29.46',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  reasonCode: '2.5.29.21',
  invalidityDate: '2.5.29.24',
  certificateIssuer: '2.5.29.29',
} as const;

/** What the revocation check needs from a CRL. */
export interface ParsedCrl {
  /** The whole CRL as given (DER). */
  readonly der: Uint8Array;
  /** The DER of the TBSCertList, tag and length included: the bytes the signature covers (RFC 5280 §5.1.1.1). */
  readonly tbs: Uint8Array;
  /** The DER of the signatureAlgorithm, checked identical to the one inside the TBS (§5.1.1.2). */
  readonly signatureAlgorithm: Uint8Array;
  /** The signatureValue's bytes without the unused-bits octet (§5.1.1.3). */
  readonly signature: Uint8Array;
  /** The issuer Name normalised (RFC 5280 §7.1). */
  readonly issuer: NormalName;
  /** `issuer` as a string key, equal to a certificate's `issuerKey` when that certificate's issuer issued this CRL. */
  readonly issuerKey: string;
  /** The issuer as text, for messages. */
  readonly issuerText: string;
  /** thisUpdate, ms since the epoch (§5.1.2.4). */
  readonly thisUpdate: number;
  /** nextUpdate, ms since the epoch (§5.1.2.5); undefined when absent (then the CRL has a `problem`). */
  readonly nextUpdate: number | undefined;
  /** The revoked serial numbers as lower-case hex of their INTEGER contents (as ParsedCertificate.serial encodes them). */
  readonly revokedSerials: ReadonlySet<string>;
  /** The authorityKeyIdentifier's keyIdentifier, when present (§5.2.1). */
  readonly authorityKeyId: Uint8Array | undefined;
  /** The cRLNumber (§5.2.3), undefined when absent. */
  readonly crlNumber: bigint | undefined;
  /** The issuingDistributionPoint (§5.2.5), undefined when absent: then the CRL covers every certificate of its issuer. */
  readonly scope: IssuingDistributionPoint | undefined;
  /** Why the CRL must not be used to decide any certificate's status, undefined when it may be. */
  readonly problem: string | undefined;
  /**
   * What stands for the TBSCertList in a SignatureCache key: `CRL` and the SHA-256 of `tbs`,
   * computed once (hashing a multi-megabyte CRL on every verification would cost milliseconds).
   * No certificate's TBS (a SEQUENCE, 0x30...) can equal it.
   */
  readonly signatureCacheTbs: Uint8Array;
}

/**
 * Parses a DER CRL strictly. A malformed encoding is an X509Error('bad-encoding') whose cause is
 * the explicit check that refused it; a well-formed CRL the profile does not let us use parses
 * with a `problem`.
 *
 * @example
 * const crl = parseCrl(der);
 * crl.revokedSerials.has(toHex(cert.serial));
 */
export function parseCrl(der: Uint8Array): ParsedCrl {
  try {
    return parse(der);
  } catch (e) {
    if (e instanceof X509Error) throw e;
    const explicit = e instanceof MalformedError || e instanceof InvalidMessageError;
    throw new X509Error('bad-encoding', `malformed CRL: ${explicit ? '' : 'unchecked '}${e instanceof Error ? e.message : String(e)}`, undefined, { cause: e });
  }
}

/** The Extensions of a CRL or entry: a non-empty SEQUENCE, no OID twice (RFC 5280 §4.1 Extensions, §5.2). */
function extensionsOf(e: DerElement): RawExtension[] {
  const list = children(expectTag(e, 0x30, 'Extensions')).map(parseExtension);
  if (list.length === 0) throw malformed('empty extensions');
  const seen = new Set<string>();
  for (const x of list) {
    if (seen.has(x.oid)) throw malformed(`extension ${x.oid} appears twice`);
    seen.add(x.oid);
  }
  return list;
}

/** A serial number's key: the minimally encoded, non-negative INTEGER contents as hex. */
function serialKey(e: DerElement): string {
  derUnsigned(expectTag(e, 0x02, 'userCertificate'));
  return toHex(e.value);
}

/**
 * Reads revokedCertificates (§5.1.2.6): each entry a serial, a revocationDate, optional entry
 * extensions. Returns the serials and the first entry problem (§5.3: a critical entry extension
 * we cannot process makes the whole CRL unusable).
 */
function readEntries(list: DerElement): { serials: Set<string>; problem: string | undefined } {
  const serials = new Set<string>();
  let problem: string | undefined;
  const r = new DerReader(list.value);
  if (r.done) throw malformed('empty revokedCertificates (RFC 5280 §5.1.2.6: absent when nothing is revoked)');
  let count = 0;
  while (!r.done) {
    if (++count > X509Limits.maxCrlEntries) throw malformed(`more than ${X509Limits.maxCrlEntries} revoked certificates`);
    const entry = new DerReader(r.read(0x30).value);
    serials.add(serialKey(entry.read()));
    derTime(entry.read());
    if (!entry.done) problem ??= entryProblem(extensionsOf(entry.read()));
    entry.end();
  }
  return { serials, problem };
}

/** reasonCode removeFromCRL (RFC 5280 §5.3.1): only in delta CRLs. */
const REMOVE_FROM_CRL = 8;

function entryProblem(exts: readonly RawExtension[]): string | undefined {
  for (const x of exts) {
    if (x.oid === CRL_OID.reasonCode) {
      const reason = single(x.value, 0x0a).value;
      if (reason.length !== 1 || reason[0]! > 10 || reason[0] === 7) throw malformed('bad reasonCode');
      if (reason[0] === REMOVE_FROM_CRL) return 'an entry has reasonCode removeFromCRL, which only a delta CRL may hold (RFC 5280 §5.3.1)';
    } else if (x.oid === CRL_OID.invalidityDate) {
      derTime(single(x.value, 0x18));
    } else if (x.oid === CRL_OID.certificateIssuer) {
      return 'an entry names a certificateIssuer: indirect CRLs are not supported (RFC 5280 §5.3.3)';
    } else if (x.critical) {
      return `an entry has unsupported critical extension ${x.oid} (RFC 5280 §5.3)`;
    }
  }
  return undefined;
}

/** CRL-level profile checks (RFC 5280 §5.2): the first reason the CRL may not be used. */
function crlProblem(version: number, exts: readonly RawExtension[], nextUpdate: number | undefined): string | undefined {
  if (version !== 2) return 'a v1 CRL (no cRLNumber; RFC 5280 §5.1.2.1)';
  const byOid = (oid: string) => exts.find((x) => x.oid === oid);
  const number = byOid(CRL_OID.crlNumber);
  if (number === undefined) return 'no cRLNumber (RFC 5280 §5.2.3: conforming CRL issuers MUST include it)';
  if (number.critical) return 'a critical cRLNumber (RFC 5280 §5.2.3: it MUST be non-critical)';
  if (byOid(CRL_OID.authorityKeyId)?.critical === true) return 'a critical authorityKeyIdentifier (RFC 5280 §5.2.1)';
  if (byOid(CRL_OID.deltaCrlIndicator) !== undefined) return 'a delta CRL (RFC 5280 §5.2.4; only complete CRLs are supported)';
  if (nextUpdate === undefined) return 'no nextUpdate (RFC 5280 §5.1.2.5: conforming CRL issuers MUST include it)';
  const understoodCritical = new Set<string>([CRL_OID.issuingDistributionPoint]);
  const unknown = exts.find((x) => x.critical && !understoodCritical.has(x.oid));
  if (unknown !== undefined) return `unsupported critical extension ${unknown.oid} (RFC 5280 §5.2)`;
  return undefined;
}

function tbsDigest(tbs: Uint8Array): Uint8Array {
  const h = nobleProvider.createHash('sha256');
  h.update(tbs);
  const digest = h.digest();
  const out = new Uint8Array(3 + digest.length);
  out.set([0x43, 0x52, 0x4c]);
  out.set(digest, 3);
  return out;
}

function parse(der: Uint8Array): ParsedCrl {
  if (der.length > X509Limits.maxCrlBytes) throw malformed(`CRL larger than ${X509Limits.maxCrlBytes} bytes`);
  const { tbs: tbsEl, algorithm: sigAlg, signature: sigBits } = signedParts(der);
  const tbs = new DerReader(tbsEl.value);
  let version = 1;
  if (tbs.peekTag() === 0x02) {
    // §5.1.2.1: version, when present, MUST be v2 (1); v1 is the absent default.
    const v = tbs.read(0x02).value;
    if (v.length !== 1 || v[0] !== 1) throw malformed('CRL version is not v2');
    version = 2;
  }
  const innerSigAlg = tbs.read(0x30);
  if (innerSigAlg.raw.length !== sigAlg.raw.length || innerSigAlg.raw.some((b, i) => b !== sigAlg.raw[i])) throw malformed('signature algorithm mismatch between TBSCertList and CRL');
  const issuerEl = tbs.read(0x30);
  const thisUpdate = derTime(tbs.read());
  const nextUpdate = tbs.peekTag() === 0x17 || tbs.peekTag() === 0x18 ? derTime(tbs.read()) : undefined;
  const entries = tbs.peekTag() === 0x30 ? readEntries(tbs.read(0x30)) : { serials: new Set<string>(), problem: undefined };
  let exts: RawExtension[] = [];
  if (tbs.peekTag() === 0xa0) {
    if (version !== 2) throw malformed('crlExtensions in a v1 CRL');
    exts = extensionsOf(single(tbs.read(0xa0).value));
  }
  tbs.end();
  const ext = (oid: string) => exts.find((x) => x.oid === oid)?.value;
  const aki = ext(CRL_OID.authorityKeyId);
  const number = ext(CRL_OID.crlNumber);
  const crlNumber = number === undefined ? undefined : derUnsigned(single(number, 0x02));
  // §5.2.3: at most 20 octets.
  if (number !== undefined && single(number, 0x02).value.length > 21) throw malformed('cRLNumber longer than 20 octets');
  const idp = ext(CRL_OID.issuingDistributionPoint);
  const scope = idp === undefined ? undefined : parseIssuingDistributionPoint(idp);
  const issuer = normaliseName(issuerEl.raw);
  let issuerText: string | undefined;
  let cacheTbs: Uint8Array | undefined;
  const tbsBytes = tbsEl.raw;
  return {
    get signatureCacheTbs(): Uint8Array {
      cacheTbs ??= tbsDigest(tbsBytes);
      return cacheTbs;
    },
    der,
    tbs: tbsEl.raw,
    signatureAlgorithm: sigAlg.raw,
    signature: sigBits.value.subarray(1),
    issuer,
    issuerKey: nameKey(issuer),
    get issuerText(): string {
      issuerText ??= nameText(issuerEl.raw);
      return issuerText;
    },
    thisUpdate,
    nextUpdate,
    revokedSerials: entries.serials,
    authorityKeyId: aki === undefined ? undefined : parseAuthorityKeyId(aki).keyIdentifier,
    crlNumber,
    scope,
    problem: crlProblem(version, exts, nextUpdate) ?? entries.problem,
  };
}

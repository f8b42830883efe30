/**
 * A parsed X.509 certificate (RFC 5280 §4.1): the envelope read with the engine's strict DER reader
 * (so the exact TBS bytes are what the signature covers), the extensions we act on decoded from their
 * raw DER, and display text rendered by our own name_text.ts.
 */
import { InvalidMessageError } from '@puretls/core';
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { children, derBoolean, DerReader, derOid, derTime, expectTag, malformed, MalformedError, nameKey, normaliseName, signedParts, type DerElement, type NormalName } from './der.js';
import { bitString, checkAuthorityInfoAccess, commonNames, parseAuthorityKeyId, parseBasicConstraints, parseExtKeyUsage, parseNameConstraints, single, type NameConstraints } from './extensions.js';
import { decodeGeneralNames, type GeneralName } from './general_names.js';
import { nameText } from './name_text.js';

export type { NameConstraints };

/** One extension as found. */
export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** What the verifier needs from a certificate. */
export interface ParsedCertificate {
  /** The whole certificate as given to {@link parseCertificate} (DER; the same bytes, not a copy). */
  readonly der: Uint8Array;
  /** The DER of the TBSCertificate, tag and length included: exactly the bytes the signature covers (RFC 5280 §4.1.1.1). */
  readonly tbs: Uint8Array;
  /** The DER of the signatureAlgorithm AlgorithmIdentifier (RFC 5280 §4.1.1.2), checked identical to the one inside the TBS. */
  readonly signatureAlgorithm: Uint8Array;
  /** The signatureValue: the BIT STRING's bytes without its unused-bits octet (RFC 5280 §4.1.1.3). */
  readonly signature: Uint8Array;
  /** The X.509 version as a number: 1, 2 or 3 (not the encoded 0-2, RFC 5280 §4.1.2.1). */
  readonly version: number;
  /** The serialNumber's INTEGER contents, big-endian as encoded (a leading 0x00 kept), at most 20 octets of value (RFC 5280 §4.1.2.2). */
  readonly serial: Uint8Array;
  /** The issuer Name, normalised for comparison (RFC 5280 §7.1); for display see `subjectText`. */
  readonly issuer: NormalName;
  /** The subject Name, normalised for comparison (RFC 5280 §7.1); for display see `subjectText`. */
  readonly subject: NormalName;
  /** `issuer` as a string key: equal to the issuing certificate's `subjectKey` when the names match. */
  readonly issuerKey: string;
  /** `subject` as a string key, to match against a child's `issuerKey` (the trust store's index). */
  readonly subjectKey: string;
  /** The DER of the subject Name as encoded, before normalisation. */
  readonly subjectDer: Uint8Array;
  /** Start of the validity period, milliseconds since the epoch (UTC, RFC 5280 §4.1.2.5). */
  readonly notBefore: number;
  /** End of the validity period (inclusive), milliseconds since the epoch (UTC, RFC 5280 §4.1.2.5). */
  readonly notAfter: number;
  /** The DER of the SubjectPublicKeyInfo, tag and length included (RFC 5280 §4.1.2.7); parse it with `CryptoProvider.parsePublicKey`. */
  readonly spki: Uint8Array;
  /** Every extension in certificate order, undecoded; empty for a v1/v2 certificate. No OID appears twice. */
  readonly extensions: readonly RawExtension[];
  /** basicConstraints: undefined when absent. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLen: number | undefined } | undefined;
  /** keyUsage bits (bit 0 = digitalSignature ... bit 8 = decipherOnly), undefined when absent. */
  readonly keyUsage: ReadonlySet<number> | undefined;
  /** extKeyUsage KeyPurposeIds as dotted OIDs (e.g. {@link OID}.serverAuth), undefined when absent (RFC 5280 §4.2.1.12). */
  readonly extKeyUsage: readonly string[] | undefined;
  /** subjectAltName entries in order, undefined when the extension is absent (RFC 5280 §4.2.1.6). */
  readonly subjectAltNames: readonly GeneralName[] | undefined;
  /** nameConstraints permitted and excluded subtrees, undefined when absent (RFC 5280 §4.2.1.10). */
  readonly nameConstraints: NameConstraints | undefined;
  /** The subjectKeyIdentifier octets, undefined when absent (RFC 5280 §4.2.1.2). */
  readonly subjectKeyId: Uint8Array | undefined;
  /** Whether subjectAltName and extKeyUsage are critical (Web PKI rules depend on it). */
  readonly sanCritical: boolean;
  /** Whether extKeyUsage is marked critical (false when absent). */
  readonly ekuCritical: boolean;
  /** The subject's commonName values, as text. */
  readonly commonNames: readonly string[];
  /** The authorityKeyIdentifier's keyIdentifier octets, undefined when the extension or that field is absent (RFC 5280 §4.2.1.1). */
  readonly authorityKeyId: Uint8Array | undefined;
  /**
   * Whether an authorityKeyIdentifier, if present, holds exactly a keyIdentifier (CABF BR
   * §7.1.2.1.3). Always true unless parsed as an anchor, which is read as it is (RFC 5280 §6.1.1 (d)).
   */
  readonly authorityKeyIdKeyOnly: boolean;
  /** Human-readable subject, for messages. */
  readonly subjectText: string;
}

/** Extension OIDs (RFC 5280 §4.2). @example cert.extensions.find((e) => e.oid === OID.subjectAltName); */
export const OID = {
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectAltName: '2.5.29.17',
  nameConstraints: '2.5.29.30',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  certificatePolicies: '2.5.29.32',
  crlDistributionPoints: '2.5.29.31',
  authorityInfoAccess: '1.3.6.1.5.5.7.1.1',
  sctList: '1.3.6.1.4.1.11129.2.4.2',
  policyConstraints: '2.5.29.36',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  anyExtendedKeyUsage: '2.5.29.37.0',
} as const;

/**
 * Parses a DER certificate strictly. Any malformation is an X509Error('bad-encoding') whose
 * `cause` is the explicit check that refused it (a MalformedError, or the engine's DER reader's
 * InvalidMessageError). With `anchor`, fields that RFC 5280 §6.1.1 (d) does not make part of a
 * trust anchor are read as they are: a zero serial number, a full authorityKeyIdentifier.
 *
 * @example
 * const cert = parseCertificate(der);
 * cert.basicConstraints?.ca;
 */
export function parseCertificate(der: Uint8Array, opts: { anchor?: boolean } = {}): ParsedCertificate {
  try {
    return parse(der, opts.anchor === true);
  } catch (e) {
    if (e instanceof X509Error) throw e;
    // Anything else (a TypeError or RangeError) would be a missing check: still refused, but the
    // cause shows it, and the hostile-input tests fail on it.
    const explicit = e instanceof MalformedError || e instanceof InvalidMessageError;
    throw new X509Error('bad-encoding', `malformed certificate: ${explicit ? '' : 'unchecked '}${e instanceof Error ? e.message : String(e)}`, der, { cause: e });
  }
}

/** The serialNumber (RFC 5280 §4.1.2.2): a positive INTEGER of at most 20 octets, minimally encoded. */
function checkSerial(serial: Uint8Array, anchor: boolean): void {
  if (serial.length === 0 || (serial[0]! & 0x80) !== 0) throw malformed('serialNumber is empty or negative');
  // X.690 §8.3.2: a leading 00 only before a byte with its top bit set.
  if (serial.length > 1 && serial[0] === 0 && (serial[1]! & 0x80) === 0) throw malformed('serialNumber is not minimally encoded');
  if (serial.length > (serial[0] === 0 ? 21 : 20)) throw malformed('serialNumber longer than 20 octets');
  // Some long-lived roots predate this rule; a configured anchor is trusted as it is.
  if (!anchor && serial.length === 1 && serial[0] === 0) throw malformed('serialNumber is zero');
}

/**
 * One Extension (RFC 5280 §4.1): extnID, critical DEFAULT FALSE, extnValue OCTET STRING (CRLs use
 * the same syntax, §5.1).
 *
 * @example
 * parseExtension(element).oid; // '2.5.29.19'
 */
export function parseExtension(ext: DerElement): RawExtension {
  const f = children(expectTag(ext, 0x30, 'Extension'));
  const oid = derOid(expectTag(f[0], 0x06, 'extnID'));
  let critical = false;
  let i = 1;
  if (f[i]?.tag === 0x01) {
    critical = derBoolean(f[i++]!);
    if (!critical) throw malformed('critical FALSE explicitly encoded (DER default)');
  }
  const value = expectTag(f[i++], 0x04, `extnValue of ${oid}`);
  if (i !== f.length) throw malformed(`trailing fields in extension ${oid}`);
  return { oid, critical, value: value.value };
}

function parse(der: Uint8Array, anchor: boolean): ParsedCertificate {
  if (der.length > X509Limits.maxCertificateBytes) throw malformed('certificate too large');
  const { tbs: tbsEl, algorithm: sigAlg, signature: sigBits } = signedParts(der);
  const tbs = new DerReader(tbsEl.value);
  let version = 1;
  if (tbs.peekTag() === 0xa0) {
    const v = single(tbs.read(0xa0).value, 0x02).value;
    if (v.length !== 1 || v[0]! > 2) throw malformed('bad version');
    version = v[0]! + 1;
    if (version === 1) throw malformed('explicit v1 version (DER default)');
  }
  const serial = tbs.read(0x02).value;
  checkSerial(serial, anchor);
  const innerSigAlg = tbs.read(0x30);
  // RFC 5280 §4.1.1.2: the two signature algorithm fields MUST be identical.
  if (innerSigAlg.raw.length !== sigAlg.raw.length || innerSigAlg.raw.some((b, i) => b !== sigAlg.raw[i])) throw malformed('signature algorithm mismatch between TBS and certificate');
  const issuerEl = tbs.read(0x30);
  const validity = new DerReader(tbs.read(0x30).value);
  const notBefore = derTime(validity.read());
  const notAfter = derTime(validity.read());
  validity.end();
  const subjectEl = tbs.read(0x30);
  const spki = tbs.read(0x30).raw;
  if (tbs.peekTag() === 0x81) tbs.read();
  if (tbs.peekTag() === 0x82) tbs.read();
  const extensions: RawExtension[] = [];
  if (tbs.peekTag() === 0xa3) {
    if (version !== 3) throw malformed('extensions in a non-v3 certificate');
    const list = single(tbs.read(0xa3).value, 0x30);
    for (const el of children(list)) {
      const ext = parseExtension(el);
      if (extensions.some((x) => x.oid === ext.oid)) throw new X509Error('duplicate-extension', `extension ${ext.oid} appears twice (RFC 5280 §4.2)`, der);
      extensions.push(ext);
    }
    if (extensions.length === 0) throw malformed('empty extensions');
  }
  tbs.end();
  const ext = (oid: string) => extensions.find((x) => x.oid === oid)?.value;
  const bc = ext(OID.basicConstraints);
  const ku = ext(OID.keyUsage);
  const eku = ext(OID.extKeyUsage);
  const san = ext(OID.subjectAltName);
  const nc = ext(OID.nameConstraints);
  const ski = ext(OID.subjectKeyId);
  const aki = ext(OID.authorityKeyId);
  const aia = ext(OID.authorityInfoAccess);
  if (aia !== undefined) checkAuthorityInfoAccess(aia);
  const critical = (oid: string) => extensions.find((x) => x.oid === oid)?.critical === true;
  // RFC 5280 §4.2.1.1/§4.2.1.2: AKI and SKI are never critical; §4.2.1.10 and §4.2.1.11: name and
  // policy constraints always are.
  if (critical(OID.authorityKeyId) || critical(OID.subjectKeyId)) throw malformed('critical key identifier extension');
  if ((nc !== undefined && !critical(OID.nameConstraints)) || (ext(OID.policyConstraints) !== undefined && !critical(OID.policyConstraints))) {
    throw malformed('name or policy constraints not marked critical');
  }
  const akiFields = aki === undefined ? undefined : parseAuthorityKeyId(aki);
  const akiKeyOnly = akiFields === undefined || (akiFields.keyIdentifier !== undefined && !akiFields.issuerAndSerial);
  if (!anchor && !akiKeyOnly) throw malformed('authorityKeyIdentifier must hold exactly a keyIdentifier');
  const subjectAltNames = san === undefined ? undefined : decodeGeneralNames(san);
  if ((subjectAltNames?.length ?? 0) > X509Limits.maxSubjectAltNames) throw malformed('too many subjectAltNames');
  const issuer = normaliseName(issuerEl.raw);
  const subject = normaliseName(subjectEl.raw);
  // Rendered only when a message needs it (most certificates never appear in one).
  let subjectText: string | undefined;
  const subjectDer = subjectEl.raw;
  return {
    get subjectText(): string {
      subjectText ??= nameText(subjectDer);
      return subjectText;
    },
    der,
    tbs: tbsEl.raw,
    signatureAlgorithm: sigAlg.raw,
    signature: sigBits.value.subarray(1),
    version,
    serial,
    issuer,
    subject,
    issuerKey: nameKey(issuer),
    subjectKey: nameKey(subject),
    subjectDer: subjectEl.raw,
    notBefore,
    notAfter,
    spki,
    extensions,
    basicConstraints: bc === undefined ? undefined : parseBasicConstraints(bc),
    keyUsage: ku === undefined ? undefined : bitString(single(ku)),
    extKeyUsage: eku === undefined ? undefined : parseExtKeyUsage(eku),
    subjectAltNames,
    nameConstraints: nc === undefined ? undefined : parseNameConstraints(nc),
    subjectKeyId: ski === undefined ? undefined : single(ski, 0x04).value,
    authorityKeyId: akiFields?.keyIdentifier,
    authorityKeyIdKeyOnly: akiKeyOnly,
    sanCritical: critical(OID.subjectAltName),
    ekuCritical: critical(OID.extKeyUsage),
    commonNames: commonNames(subjectEl.raw),
  };
}

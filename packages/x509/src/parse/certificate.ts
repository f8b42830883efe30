/**
 * A parsed X.509 certificate (RFC 5280 §4.1): the envelope read with the engine's strict DER reader
 * (so the exact TBS bytes are what the signature covers), the extensions we act on decoded from their
 * raw DER, and display text rendered by our own name_text.ts.
 */
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { children, derBoolean, DerReader, derOid, derTime, nameKey, normaliseName, type DerElement, type NormalName } from './der.js';
import { decodeGeneralName, decodeGeneralNames, type GeneralName } from './general_names.js';
import { nameText } from './name_text.js';

/** A name-constraint subtree base (minimum 0, no maximum: anything else is refused). */
export interface NameConstraints {
  readonly permitted: readonly GeneralName[] | undefined;
  readonly excluded: readonly GeneralName[];
}

/** One extension as found. */
export interface RawExtension {
  readonly oid: string;
  readonly critical: boolean;
  readonly value: Uint8Array;
}

/** What the verifier needs from a certificate. */
export interface ParsedCertificate {
  readonly der: Uint8Array;
  readonly tbs: Uint8Array;
  readonly signatureAlgorithm: Uint8Array;
  readonly signature: Uint8Array;
  readonly version: number;
  readonly serial: Uint8Array;
  readonly issuer: NormalName;
  readonly subject: NormalName;
  readonly issuerKey: string;
  readonly subjectKey: string;
  readonly subjectDer: Uint8Array;
  readonly notBefore: number;
  readonly notAfter: number;
  readonly spki: Uint8Array;
  readonly extensions: readonly RawExtension[];
  /** basicConstraints: undefined when absent. */
  readonly basicConstraints: { readonly ca: boolean; readonly pathLen: number | undefined } | undefined;
  /** keyUsage bits (bit 0 = digitalSignature ... bit 8 = decipherOnly), undefined when absent. */
  readonly keyUsage: ReadonlySet<number> | undefined;
  readonly extKeyUsage: readonly string[] | undefined;
  readonly subjectAltNames: readonly GeneralName[] | undefined;
  readonly nameConstraints: NameConstraints | undefined;
  readonly subjectKeyId: Uint8Array | undefined;
  /** Whether subjectAltName and extKeyUsage are critical (Web PKI rules depend on it). */
  readonly sanCritical: boolean;
  readonly ekuCritical: boolean;
  /** The subject's commonName values, as text. */
  readonly commonNames: readonly string[];
  readonly authorityKeyId: Uint8Array | undefined;
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

function bitString(e: DerElement): Set<number> {
  if (e.tag !== 0x03 || e.value.length === 0 || e.value[0]! > 7) throw new Error('bad BIT STRING');
  const bits = new Set<number>();
  for (let i = 1; i < e.value.length; i++) for (let b = 0; b < 8; b++) if (e.value[i]! & (0x80 >> b)) bits.add((i - 1) * 8 + b);
  return bits;
}

function single(value: Uint8Array, tag?: number): DerElement {
  const r = new DerReader(value);
  const e = r.read(tag);
  r.end();
  return e;
}

function parseBasicConstraints(v: Uint8Array): ParsedCertificate['basicConstraints'] {
  const items = children(single(v, 0x30));
  let ca = false;
  let pathLen: number | undefined;
  let i = 0;
  if (items[i]?.tag === 0x01) {
    ca = derBoolean(items[i++]!);
    if (!ca) throw new Error('basicConstraints cA FALSE explicitly encoded (DER default)');
  }
  if (items[i]?.tag === 0x02) {
    const n = items[i++]!.value;
    if (n.length > 2 || (n[0]! & 0x80)) throw new Error('bad pathLenConstraint');
    pathLen = n.reduce((a, b) => a * 256 + b, 0);
  }
  if (i !== items.length) throw new Error('trailing data in basicConstraints');
  return { ca, pathLen };
}

function parseNameConstraints(v: Uint8Array): NameConstraints {
  let permitted: GeneralName[] | undefined;
  let excluded: GeneralName[] = [];
  for (const part of children(single(v, 0x30))) {
    if (part.tag !== 0xa0 && part.tag !== 0xa1) throw new Error('bad NameConstraints');
    const subtrees = children(part).map((st) => {
      const fields = children(st);
      if (st.tag !== 0x30 || fields.length !== 1) throw new Error('GeneralSubtree with minimum/maximum is not supported');
      return decodeGeneralName(fields[0]!);
    });
    if (subtrees.length === 0) throw new Error('empty GeneralSubtrees');
    for (const st of subtrees) if (st.kind === 'dns' && !/^([a-z0-9-]+(\.[a-z0-9-]+)*)?$/i.test(st.value)) throw new Error(`invalid DNS name constraint ${JSON.stringify(st.value)}`);
    if (part.tag === 0xa0) permitted = subtrees;
    else excluded = subtrees;
  }
  if (permitted === undefined && excluded.length === 0) throw new Error('nameConstraints with neither permitted nor excluded subtrees');
  return { permitted, excluded };
}

/** AuthorityKeyIdentifier (RFC 5280 §4.2.1.1); the Web PKI allows only the keyIdentifier field. */
function parseAuthorityKeyId(v: Uint8Array): Uint8Array {
  const fields = children(single(v, 0x30));
  if (fields.length !== 1 || fields[0]!.tag !== 0x80) throw new Error('authorityKeyIdentifier must hold exactly a keyIdentifier');
  return fields[0]!.value;
}

/** AuthorityInfoAccess (RFC 5280 §4.2.2.1): a non-empty SEQUENCE OF {OID, GeneralName}. */
function checkAuthorityInfoAccess(v: Uint8Array): void {
  const list = children(single(v, 0x30));
  if (list.length === 0) throw new Error('empty authorityInfoAccess');
  for (const ad of list) {
    const f = children(ad);
    if (ad.tag !== 0x30 || f.length !== 2) throw new Error('malformed AccessDescription');
    derOid(f[0]!);
    decodeGeneralName(f[1]!);
  }
}

/** commonName (2.5.4.3) values of a Name, as text. */
function commonNames(nameDer: Uint8Array): string[] {
  const out: string[] = [];
  for (const set of children(single(nameDer, 0x30))) {
    for (const atv of children(set)) {
      const f = children(atv);
      if (derOid(f[0]!) === '2.5.4.3') out.push(new TextDecoder().decode(f[1]!.value));
    }
  }
  return out;
}

/**
 * Parses a DER certificate strictly. Any malformation is an X509Error('bad-encoding'). With
 * `anchor`, a zero serial number (found in some old roots) is tolerated.
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
    throw new X509Error('bad-encoding', `malformed certificate: ${e instanceof Error ? e.message : String(e)}`, der);
  }
}

function parse(der: Uint8Array, anchor: boolean): ParsedCertificate {
  if (der.length > X509Limits.maxCertificateBytes) throw new Error('certificate too large');
  const outer = new DerReader(der);
  const cert = outer.read(0x30);
  outer.end();
  const top = new DerReader(cert.value);
  const tbsEl = top.read(0x30);
  const sigAlg = top.read(0x30);
  const sigBits = top.read(0x03);
  top.end();
  if (sigBits.value[0] !== 0) throw new Error('signature BIT STRING with unused bits');
  const tbs = new DerReader(tbsEl.value);
  let version = 1;
  if (tbs.peekTag() === 0xa0) {
    const v = single(tbs.read(0xa0).value, 0x02).value;
    if (v.length !== 1 || v[0]! > 2) throw new Error('bad version');
    version = v[0]! + 1;
    if (version === 1) throw new Error('explicit v1 version (DER default)');
  }
  const serial = tbs.read(0x02).value;
  // RFC 5280 §4.1.2.2: a positive integer of at most 20 octets.
  if (serial.length === 0 || serial.length > 21 || (serial[0]! & 0x80) !== 0) throw new Error('bad serialNumber');
  // Some long-lived roots predate this rule; a configured anchor is trusted as it is.
  if (!anchor && serial.every((b) => b === 0)) throw new Error('serialNumber is zero');
  const innerSigAlg = tbs.read(0x30);
  // RFC 5280 §4.1.1.2: the two signature algorithm fields MUST be identical.
  if (innerSigAlg.raw.length !== sigAlg.raw.length || innerSigAlg.raw.some((b, i) => b !== sigAlg.raw[i])) throw new Error('signature algorithm mismatch between TBS and certificate');
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
    if (version !== 3) throw new Error('extensions in a non-v3 certificate');
    const list = single(tbs.read(0xa3).value, 0x30);
    for (const ext of children(list)) {
      const f = children(ext);
      const oid = derOid(f[0]!);
      let critical = false;
      let i = 1;
      if (f[i]?.tag === 0x01) {
        critical = derBoolean(f[i++]!);
        if (!critical) throw new Error('critical FALSE explicitly encoded (DER default)');
      }
      const value = f[i++];
      if (value?.tag !== 0x04 || i !== f.length) throw new Error(`bad extension ${oid}`);
      if (extensions.some((x) => x.oid === oid)) throw new X509Error('duplicate-extension', `extension ${oid} appears twice (RFC 5280 §4.2)`, der);
      extensions.push({ oid, critical, value: value.value });
    }
    if (extensions.length === 0) throw new Error('empty extensions');
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
  if (critical(OID.authorityKeyId) || critical(OID.subjectKeyId)) throw new Error('critical key identifier extension');
  if ((nc !== undefined && !critical(OID.nameConstraints)) || (ext(OID.policyConstraints) !== undefined && !critical(OID.policyConstraints))) {
    throw new Error('name or policy constraints not marked critical');
  }
  const subjectAltNames = san === undefined ? undefined : decodeGeneralNames(san);
  if ((subjectAltNames?.length ?? 0) > X509Limits.maxSubjectAltNames) throw new Error('too many subjectAltNames');
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
    extKeyUsage: eku === undefined ? undefined : children(single(eku, 0x30)).map(derOid),
    subjectAltNames,
    nameConstraints: nc === undefined ? undefined : parseNameConstraints(nc),
    subjectKeyId: ski === undefined ? undefined : single(ski, 0x04).value,
    authorityKeyId: aki === undefined ? undefined : parseAuthorityKeyId(aki),
    sanCritical: critical(OID.subjectAltName),
    ekuCritical: critical(OID.extKeyUsage),
    commonNames: commonNames(subjectEl.raw),
  };
}

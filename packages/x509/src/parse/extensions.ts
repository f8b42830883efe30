/**
 * Decoders of the certificate extensions the verifier acts on (RFC 5280 §4.2), each from the raw
 * extnValue. Every field is reached through an explicit presence-and-tag check (expectTag), so a
 * malformed extension is a MalformedError, never a TypeError from reading a missing element.
 */
import { children, derBoolean, DerReader, derOid, derSmallUnsigned, expectTag, malformed, type DerElement } from './der.js';
import { decodeGeneralName, type GeneralName } from './general_names.js';

/** A name-constraint subtree base (minimum 0, no maximum: anything else is refused). */
export interface NameConstraints {
  readonly permitted: readonly GeneralName[] | undefined;
  readonly excluded: readonly GeneralName[];
}

/**
 * The one element a value holds (with `tag`, if given).
 *
 * @example
 * single(ext.value, 0x04).value; // a subjectKeyIdentifier
 */
export function single(value: Uint8Array, tag?: number): DerElement {
  const r = new DerReader(value);
  const e = r.read(tag);
  r.end();
  return e;
}

/**
 * A BIT STRING's set bits, bit 0 first (keyUsage, RFC 5280 §4.2.1.3).
 *
 * @example
 * bitString(single(ku)).has(5); // keyCertSign
 */
export function bitString(e: DerElement): Set<number> {
  if (e.tag !== 0x03 || e.value.length === 0 || e.value[0]! > 7) throw malformed('bad BIT STRING');
  const bits = new Set<number>();
  for (let i = 1; i < e.value.length; i++) for (let b = 0; b < 8; b++) if (e.value[i]! & (0x80 >> b)) bits.add((i - 1) * 8 + b);
  return bits;
}

/** The largest pathLenConstraint we represent (Web PKI paths are far shorter). */
const MAX_PATH_LEN = 255;

/**
 * basicConstraints (RFC 5280 §4.2.1.9): cA (DEFAULT FALSE, so never encoded FALSE) and an optional
 * minimally encoded pathLenConstraint.
 *
 * @example
 * parseBasicConstraints(ext.value); // { ca: true, pathLen: 0 }
 */
export function parseBasicConstraints(v: Uint8Array): { readonly ca: boolean; readonly pathLen: number | undefined } {
  const items = children(single(v, 0x30));
  let ca = false;
  let pathLen: number | undefined;
  let i = 0;
  if (items[i]?.tag === 0x01) {
    ca = derBoolean(items[i++]!);
    if (!ca) throw malformed('basicConstraints cA FALSE explicitly encoded (DER default)');
  }
  if (items[i]?.tag === 0x02) pathLen = derSmallUnsigned(items[i++]!, MAX_PATH_LEN);
  if (i !== items.length) throw malformed('trailing data in basicConstraints');
  return { ca, pathLen };
}

/** One GeneralSubtree: a base only (RFC 5280 §4.2.1.10: minimum 0 and no maximum in the Web PKI). */
function subtree(st: DerElement): GeneralName {
  const fields = children(expectTag(st, 0x30, 'GeneralSubtree'));
  if (fields.length !== 1) throw malformed('GeneralSubtree with minimum/maximum is not supported');
  const base = decodeGeneralName(fields[0]!);
  if (base.kind === 'dns' && !/^([a-z0-9-]+(\.[a-z0-9-]+)*)?$/i.test(base.value)) throw malformed(`invalid DNS name constraint ${JSON.stringify(base.value)}`);
  return base;
}

/**
 * nameConstraints (RFC 5280 §4.2.1.10): permitted [0] and excluded [1] subtrees, at least one.
 *
 * @example
 * parseNameConstraints(ext.value).excluded; // GeneralName[]
 */
export function parseNameConstraints(v: Uint8Array): NameConstraints {
  let permitted: GeneralName[] | undefined;
  let excluded: GeneralName[] = [];
  for (const part of children(single(v, 0x30))) {
    if (part.tag !== 0xa0 && part.tag !== 0xa1) throw malformed('bad NameConstraints');
    const subtrees = children(part).map(subtree);
    if (subtrees.length === 0) throw malformed('empty GeneralSubtrees');
    if (part.tag === 0xa0) permitted = subtrees;
    else excluded = subtrees;
  }
  if (permitted === undefined && excluded.length === 0) throw malformed('nameConstraints with neither permitted nor excluded subtrees');
  return { permitted, excluded };
}

/** The fields of an AuthorityKeyIdentifier (RFC 5280 §4.2.1.1), each optional, in order. */
export interface AuthorityKeyIdFields {
  readonly keyIdentifier: Uint8Array | undefined;
  /** authorityCertIssuer [1] and/or authorityCertSerialNumber [2] present (the CABF profile forbids them). */
  readonly issuerAndSerial: boolean;
}

/**
 * authorityKeyIdentifier as RFC 5280 §4.2.1.1 defines it: [0] keyIdentifier, [1] authorityCertIssuer,
 * [2] authorityCertSerialNumber, each at most once and in that order. The Web PKI profile (only a
 * keyIdentifier) is applied by the caller, so trust anchors can be read as they are.
 *
 * @example
 * parseAuthorityKeyId(ext.value).keyIdentifier;
 */
export function parseAuthorityKeyId(v: Uint8Array): AuthorityKeyIdFields {
  const fields = children(single(v, 0x30));
  let last = -1;
  for (const f of fields) {
    const n = f.tag === 0x80 ? 0 : f.tag === 0xa1 ? 1 : f.tag === 0x82 ? 2 : -1;
    if (n <= last) throw malformed('authorityKeyIdentifier fields unknown, repeated or out of order');
    last = n;
  }
  // §4.2.1.1: authorityCertIssuer and authorityCertSerialNumber appear together or not at all.
  if (fields.some((f) => f.tag === 0xa1) !== fields.some((f) => f.tag === 0x82)) throw malformed('authorityCertIssuer without authorityCertSerialNumber or the reverse');
  const keyId = fields.find((f) => f.tag === 0x80);
  return { keyIdentifier: keyId?.value, issuerAndSerial: fields.some((f) => f.tag !== 0x80) };
}

/**
 * AuthorityInfoAccess (RFC 5280 §4.2.2.1): a non-empty SEQUENCE OF {OID, GeneralName}.
 *
 * @example
 * checkAuthorityInfoAccess(ext.value); // throws MalformedError if malformed
 */
export function checkAuthorityInfoAccess(v: Uint8Array): void {
  const list = children(single(v, 0x30));
  if (list.length === 0) throw malformed('empty authorityInfoAccess');
  for (const ad of list) {
    const f = children(expectTag(ad, 0x30, 'AccessDescription'));
    if (f.length !== 2) throw malformed('malformed AccessDescription');
    derOid(expectTag(f[0], 0x06, 'accessMethod'));
    decodeGeneralName(f[1]!);
  }
}

/**
 * extKeyUsage (RFC 5280 §4.2.1.12): a non-empty SEQUENCE OF KeyPurposeId.
 *
 * @example
 * parseExtKeyUsage(ext.value); // ['1.3.6.1.5.5.7.3.1']
 */
export function parseExtKeyUsage(v: Uint8Array): string[] {
  const purposes = children(single(v, 0x30)).map((e) => derOid(expectTag(e, 0x06, 'KeyPurposeId')));
  if (purposes.length === 0) throw malformed('empty extKeyUsage');
  return purposes;
}

/**
 * commonName (2.5.4.3) values of a Name, as text (the Name already passed normaliseName).
 *
 * @example
 * commonNames(cert.subjectDer); // ['example.com']
 */
export function commonNames(nameDer: Uint8Array): string[] {
  const out: string[] = [];
  for (const set of children(single(nameDer, 0x30))) {
    for (const atv of children(set)) {
      const r = new DerReader(atv.value);
      const type = derOid(r.read(0x06));
      const value = r.read();
      if (type === '2.5.4.3') out.push(new TextDecoder().decode(value.value));
    }
  }
  return out;
}

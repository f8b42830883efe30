/**
 * DER helpers for X.509 on top of the engine's strict DER reader: times, booleans, names.
 */
import { toHex } from '@puretls/core';
import { derOid, DerReader, derUnsigned, type DerElement } from '@puretls/core/der';

export { DerReader, derOid, type DerElement };

/**
 * A structure refused by an explicit check (as opposed to a runtime error, which would be a bug):
 * parseCertificate turns it into X509Error('bad-encoding') with this as its `cause`.
 *
 * @example
 * if (items.length === 0) throw malformed('empty extension');
 */
export class MalformedError extends Error {
  override name = 'MalformedError';
}

/** A {@link MalformedError} to throw. @example throw malformed('bad BOOLEAN'); */
export const malformed = (why: string): MalformedError => new MalformedError(why);

/**
 * The element, or a MalformedError unless it exists and has `tag` (so no caller reads a missing
 * field of a short SEQUENCE).
 *
 * @example
 * const oid = derOid(expectTag(fields[0], 0x06, 'extnID'));
 */
export function expectTag(e: DerElement | undefined, tag: number, what: string): DerElement {
  if (e === undefined) throw malformed(`${what} is missing`);
  if (e.tag !== tag) throw malformed(`${what} has tag 0x${e.tag.toString(16)}, not 0x${tag.toString(16)}`);
  return e;
}

/**
 * A non-negative INTEGER no larger than `max`, minimally encoded (X.690 §8.3.2: `00 01` and
 * `00 00` are refused by the engine's derUnsigned, as are negative values).
 *
 * @example
 * derSmallUnsigned(expectTag(items[1], 0x02, 'pathLenConstraint'), 255); // 0
 */
export function derSmallUnsigned(e: DerElement, max: number): number {
  const n = derUnsigned(e);
  if (n > BigInt(max)) throw malformed(`INTEGER ${n} is above ${max}`);
  return Number(n);
}

/**
 * Parses UTCTime (0x17, YYMMDDHHMMSSZ, RFC 5280 §4.1.2.5.1) or GeneralizedTime (0x18,
 * YYYYMMDDHHMMSSZ, §4.1.2.5.2) to milliseconds since the epoch. Anything else is refused.
 *
 * @example
 * derTime(reader.read()); // 1700000000000
 */
export function derTime(e: DerElement): number {
  const s = new TextDecoder().decode(e.value);
  const m = e.tag === 0x17 ? /^(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : e.tag === 0x18 ? /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})Z$/.exec(s) : null;
  if (m === null) throw malformed(`bad time ${JSON.stringify(s)}`);
  let year = Number(m[1]);
  if (e.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  const [mo, d, h, mi, se] = m.slice(2).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) throw malformed(`bad time ${s}`);
  const t = Date.UTC(year, mo - 1, d, h, mi, se);
  if (new Date(t).getUTCDate() !== d) throw malformed(`bad date ${s}`);
  return t;
}

/** A DER BOOLEAN (0x00 or 0xff only). @example derBoolean(e) // true */
export function derBoolean(e: DerElement): boolean {
  if (e.value.length !== 1 || (e.value[0] !== 0 && e.value[0] !== 0xff)) throw malformed('bad BOOLEAN');
  return e.value[0] === 0xff;
}

/** The elements of a constructed value. @example children(seq).map((c) => c.tag) */
export function children(e: DerElement): DerElement[] {
  const r = new DerReader(e.value);
  const out: DerElement[] = [];
  while (!r.done) out.push(r.read());
  return out;
}

/** DirectoryString-like tags (RFC 5280 §4.1.2.4): UTF8, Printable, Teletex, IA5, Universal, BMP. */
export const STRING_TAGS: ReadonlySet<number> = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e]);

/** A Unicode scalar value: at most U+10FFFF and not a surrogate (X.680 §41, Unicode §3.9). */
const isScalar = (cp: number): boolean => cp <= 0x10ffff && (cp < 0xd800 || cp > 0xdfff);

/** BMPString: UCS-2, two octets per character (X.690 §8.23.8). */
function decodeBmp(v: Uint8Array): string {
  if (v.length % 2 !== 0) throw malformed('BMPString of an odd number of octets');
  let s = '';
  for (let i = 0; i < v.length; i += 2) s += String.fromCharCode((v[i]! << 8) | v[i + 1]!);
  return s;
}

/** UniversalString: UCS-4, four octets per character (X.690 §8.23.7); each must be a scalar value. */
function decodeUniversal(v: Uint8Array): string {
  if (v.length % 4 !== 0) throw malformed('UniversalString length is not a multiple of 4');
  let s = '';
  for (let i = 0; i < v.length; i += 4) {
    const cp = ((v[i]! << 24) | (v[i + 1]! << 16) | (v[i + 2]! << 8) | v[i + 3]!) >>> 0;
    if (!isScalar(cp)) throw malformed(`UniversalString code point 0x${cp.toString(16)} is not a Unicode scalar value`);
    s += String.fromCodePoint(cp);
  }
  return s;
}

/**
 * The text of a string-typed attribute value (one of STRING_TAGS). Malformed UCS-2/UCS-4 is refused
 * by an explicit check; UTF-8 errors become U+FFFD (they can only make a name compare unequal).
 *
 * @example
 * decodeString(reader.read()); // 'example.com'
 */
export function decodeString(e: DerElement): string {
  if (e.tag === 0x1e) return decodeBmp(e.value);
  if (e.tag === 0x1c) return decodeUniversal(e.value);
  return new TextDecoder().decode(e.value);
}

/** One attribute of a distinguished name, normalised for comparison (RFC 5280 §7.1, RFC 4518 simplified). */
export interface NameAttribute {
  readonly type: string;
  /** Case-folded, white-space-compressed text for string values; hex of the encoding otherwise. */
  readonly value: string;
}

/** A Name as RDNs (each a sorted list of attributes). */
export type NormalName = readonly (readonly NameAttribute[])[];

/**
 * Normalises a DER Name (RDNSequence) for RFC 5280 §7.1 comparison: string attributes are
 * compared case-insensitively with internal white space compressed and ends trimmed; other values
 * byte for byte; attributes within an RDN as a set.
 *
 * @example
 * nameKey(normaliseName(issuerDer)) === nameKey(normaliseName(subjectDer));
 */
export function normaliseName(nameDer: Uint8Array): NormalName {
  const outer = new DerReader(nameDer);
  const seq = outer.read(0x30);
  outer.end();
  return children(seq).map((set) => {
    if (set.tag !== 0x31) throw malformed('RDN is not a SET');
    const attrs = children(set).map((atv) => {
      const r = new DerReader(expectTag(atv, 0x30, 'AttributeTypeAndValue').value);
      const type = derOid(r.read(0x06));
      const v = r.read();
      r.end();
      const value = STRING_TAGS.has(v.tag)
        ? 's:' + decodeString(v).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
        : 'x:' + toHex(v.raw);
      return { type, value };
    });
    if (attrs.length === 0) throw malformed('empty RDN');
    return attrs.sort((a, b) => (a.type + a.value < b.type + b.value ? -1 : 1));
  });
}

/** A string key for a normalised name. @example nameKey(normaliseName(der)) */
export function nameKey(n: NormalName): string {
  return JSON.stringify(n);
}

/**
 * The three parts of a signed DER object, as certificates (RFC 5280 §4.1.1) and CRLs (§5.1.1)
 * have them: SEQUENCE { tbs SEQUENCE, signatureAlgorithm SEQUENCE, signatureValue BIT STRING },
 * nothing after it, and a signature without unused bits.
 *
 * @example
 * const { tbs, algorithm, signature } = signedParts(der);
 */
export function signedParts(der: Uint8Array): { tbs: DerElement; algorithm: DerElement; signature: DerElement } {
  const outer = new DerReader(der);
  const whole = outer.read(0x30);
  outer.end();
  const top = new DerReader(whole.value);
  const tbs = top.read(0x30);
  const algorithm = top.read(0x30);
  const signature = top.read(0x03);
  top.end();
  if (signature.value[0] !== 0) throw malformed('signature BIT STRING with unused bits');
  return { tbs, algorithm, signature };
}

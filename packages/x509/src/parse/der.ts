/**
 * DER helpers for X.509 on top of the engine's strict DER reader: times, booleans, names.
 */
import { toHex } from '@puretls/core';
import { derOid, DerReader, type DerElement } from '@puretls/core/der';

export { DerReader, derOid, type DerElement };

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
  if (m === null) throw new Error(`bad time ${JSON.stringify(s)}`);
  let year = Number(m[1]);
  if (e.tag === 0x17) year += year >= 50 ? 1900 : 2000;
  const [mo, d, h, mi, se] = m.slice(2).map(Number) as [number, number, number, number, number];
  if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 || se > 59) throw new Error(`bad time ${s}`);
  const t = Date.UTC(year, mo - 1, d, h, mi, se);
  if (new Date(t).getUTCDate() !== d) throw new Error(`bad date ${s}`);
  return t;
}

/** A DER BOOLEAN (0x00 or 0xff only). @example derBoolean(e) // true */
export function derBoolean(e: DerElement): boolean {
  if (e.value.length !== 1 || (e.value[0] !== 0 && e.value[0] !== 0xff)) throw new Error('bad BOOLEAN');
  return e.value[0] === 0xff;
}

/** The elements of a constructed value. @example children(seq).map((c) => c.tag) */
export function children(e: DerElement): DerElement[] {
  const r = new DerReader(e.value);
  const out: DerElement[] = [];
  while (!r.done) out.push(r.read());
  return out;
}

const STRING_TAGS = new Set([0x0c, 0x13, 0x14, 0x16, 0x1c, 0x1e]);

function decodeString(e: DerElement): string {
  if (e.tag === 0x1e) {
    let s = '';
    for (let i = 0; i + 1 < e.value.length; i += 2) s += String.fromCharCode((e.value[i]! << 8) | e.value[i + 1]!);
    return s;
  }
  if (e.tag === 0x1c) {
    let s = '';
    for (let i = 0; i + 3 < e.value.length; i += 4) s += String.fromCodePoint(((e.value[i]! << 24) | (e.value[i + 1]! << 16) | (e.value[i + 2]! << 8) | e.value[i + 3]!) >>> 0);
    return s;
  }
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
    if (set.tag !== 0x31) throw new Error('RDN is not a SET');
    const attrs = children(set).map((atv) => {
      const r = new DerReader(atv.value);
      const type = derOid(r.read(0x06));
      const v = r.read();
      r.end();
      const value = STRING_TAGS.has(v.tag)
        ? 's:' + decodeString(v).normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim()
        : 'x:' + toHex(v.raw);
      return { type, value };
    });
    if (attrs.length === 0) throw new Error('empty RDN');
    return attrs.sort((a, b) => (a.type + a.value < b.type + b.value ? -1 : 1));
  });
}

/** A string key for a normalised name. @example nameKey(normaliseName(der)) */
export function nameKey(n: NormalName): string {
  return JSON.stringify(n);
}

/**
 * A distinguished name as display text (RFC 4514 string syntax, in encoding order as OpenSSL and
 * @peculiar/x509 print it: `CN=leaf, O=Example`). Our own rendering, so that importing the verifier
 * needs no X.509 library and no `reflect-metadata` global (issue 8, item B). Only for messages:
 * names are compared with {@link normaliseName}, never with this text.
 */
import { toHex } from '@puretls/core';
import { children, decodeString, DerReader, derOid, STRING_TAGS } from './der.js';

/** Short names of the attribute types RFC 4514 §3 lists, plus the common ones OpenSSL prints. */
const SHORT_NAMES: Record<string, string> = {
  '2.5.4.3': 'CN',
  '2.5.4.5': 'serialNumber',
  '2.5.4.6': 'C',
  '2.5.4.7': 'L',
  '2.5.4.8': 'ST',
  '2.5.4.9': 'STREET',
  '2.5.4.10': 'O',
  '2.5.4.11': 'OU',
  '0.9.2342.19200300.100.1.1': 'UID',
  '0.9.2342.19200300.100.1.25': 'DC',
  '1.2.840.113549.1.9.1': 'E',
};

/** RFC 4514 §2.4: escape the specials, a leading '#' or space, and a trailing space. */
function escapeValue(text: string): string {
  const inner = text.replace(/[\\",+;<>=]/g, (c) => `\\${c}`).replace(/[\u0000-\u001f]/g, (c) => `\\${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return inner.replace(/^([#\s])/, '\\$1').replace(/\s$/, (c) => `\\${c}`);
}

/** One AttributeTypeAndValue as `type=value` (non-string values as `#hex` of their DER, §2.4). */
function attributeText(atv: Uint8Array): string {
  const r = new DerReader(atv);
  const oid = derOid(r.read(0x06));
  const value = r.read();
  const type = SHORT_NAMES[oid] ?? oid;
  return `${type}=${STRING_TAGS.has(value.tag) ? escapeValue(decodeString(value)) : `#${toHex(value.raw)}`}`;
}

/**
 * Renders a DER Name for messages: RDNs joined by ', ', attributes of one RDN by '+'.
 * The name must already have passed {@link normaliseName} (parseCertificate guarantees it).
 *
 * @example
 * nameText(cert.subjectDer); // 'CN=puretls test root p256'
 */
export function nameText(nameDer: Uint8Array): string {
  const rdns = children(new DerReader(nameDer).read(0x30));
  return rdns.map((set) => children(set).map((atv) => attributeText(atv.value)).join('+')).join(', ');
}

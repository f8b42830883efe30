/**
 * GeneralName (RFC 5280 §4.2.1.6) decoded from raw DER, every CHOICE kept (none silently dropped).
 */
import { children, DerReader, malformed, normaliseName, type DerElement, type NormalName } from './der.js';

/** One GeneralName. `other` keeps types we do not interpret (otherName, x400, EDI, registeredID). */
export type GeneralName =
  | { readonly kind: 'dns'; readonly value: string }
  | { readonly kind: 'ip'; readonly bytes: Uint8Array }
  | { readonly kind: 'dn'; readonly name: NormalName }
  | { readonly kind: 'email'; readonly value: string }
  | { readonly kind: 'uri'; readonly value: string }
  | { readonly kind: 'other'; readonly tag: number };

const ia5 = (e: DerElement): string => {
  for (const b of e.value) if (b > 0x7f) throw malformed('non-ASCII IA5String');
  return new TextDecoder().decode(e.value);
};

/**
 * Decodes one GeneralName element.
 *
 * @example
 * decodeGeneralName(new DerReader(bytes).read()); // { kind: 'dns', value: 'example.com' }
 */
export function decodeGeneralName(e: DerElement): GeneralName {
  switch (e.tag) {
    case 0x82:
      return { kind: 'dns', value: ia5(e) };
    case 0x87:
      return { kind: 'ip', bytes: e.value };
    case 0xa4: {
      const inner = new DerReader(e.value);
      const name = inner.read(0x30);
      inner.end();
      return { kind: 'dn', name: normaliseName(name.raw) };
    }
    case 0x81:
      return { kind: 'email', value: ia5(e) };
    case 0x86:
      return { kind: 'uri', value: ia5(e) };
    case 0xa0:
    case 0xa3:
    case 0xa5:
    case 0x88:
      return { kind: 'other', tag: e.tag };
    default:
      throw malformed(`unknown GeneralName tag 0x${e.tag.toString(16)}`);
  }
}

/**
 * Decodes GeneralNames (a SEQUENCE of at least one GeneralName).
 *
 * @example
 * decodeGeneralNames(sanExtensionValue).filter((n) => n.kind === 'dns');
 */
export function decodeGeneralNames(der: Uint8Array): GeneralName[] {
  const r = new DerReader(der);
  const seq = r.read(0x30);
  r.end();
  const names = children(seq).map(decodeGeneralName);
  if (names.length === 0) throw malformed('empty GeneralNames');
  return names;
}

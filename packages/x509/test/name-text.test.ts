// Display text of distinguished names (RFC 4514 syntax, encoding order), rendered without an X.509
// library so importing the verifier needs no reflect-metadata global.
import { describe, expect, it } from 'vitest';
import { nameText } from '../src/parse/name_text.js';
import { oid, seq, tlv } from './helpers/pki.js';

const utf8 = (s: string) => tlv(0x0c, new TextEncoder().encode(s));
const atv = (type: string, value: Uint8Array) => seq(oid(type), value);
const rdn = (...atvs: Uint8Array[]) => tlv(0x31, ...atvs);

describe('nameText', () => {
  it('renders RDNs in encoding order with short attribute names', () => {
    expect(nameText(seq(rdn(atv('2.5.4.6', utf8('US'))), rdn(atv('2.5.4.10', utf8('Acme'))), rdn(atv('2.5.4.3', utf8('host')))))).toBe('C=US, O=Acme, CN=host');
  });

  it('joins a multi-valued RDN with + and escapes RFC 4514 specials', () => {
    expect(nameText(seq(rdn(atv('2.5.4.3', utf8('a,b')), atv('2.5.4.11', utf8(' #x ')))))).toBe('CN=a\\,b+OU=\\ #x\\ ');
  });

  it('prints unknown types by OID and non-string values as #hex', () => {
    expect(nameText(seq(rdn(atv('1.2.3.4', Uint8Array.of(0x02, 0x01, 0x05)))))).toBe('1.2.3.4=#020105');
  });
});

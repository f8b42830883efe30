/**
 * The CertificateRequest's own extension bodies: certificate_authorities (RFC 9846 §4.3.4) and
 * oid_filters (§4.3.5). signature_algorithms and signature_algorithms_cert are in ext_bodies.ts.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { InvalidMessageError } from '../errors.js';
import { Limits } from '../limits.js';

/**
 * `DistinguishedName authorities<3..2^16-1>`, each `opaque DistinguishedName<1..2^16-1>`.
 *
 * @example encodeCertificateAuthorities([nameDer])
 */
export function encodeCertificateAuthorities(names: readonly Uint8Array[]): Uint8Array {
  return encode((w) => w.vec16((l) => { for (const n of names) l.vec16((d) => d.bytes(n)); }));
}

/**
 * Decodes certificate_authorities (DER Names, not parsed further). A server may list its whole
 * trust store; past `Limits.maxCertificateAuthorities` names it is a decode_error, before any
 * name beyond the bound is copied.
 *
 * @example decodeCertificateAuthorities(ext.data).length
 */
export function decodeCertificateAuthorities(body: Uint8Array): Uint8Array[] {
  const r = new Reader(body, 'certificate_authorities');
  const list = r.sub16(3, 0xffff, 'authorities');
  r.expectEnd();
  const names: Uint8Array[] = [];
  while (!list.done) {
    if (names.length >= Limits.maxCertificateAuthorities) {
      throw new InvalidMessageError('decode_error', `certificate_authorities lists more than ${Limits.maxCertificateAuthorities} names`);
    }
    names.push(list.vec16(1, 0xffff, 'DistinguishedName'));
  }
  return names;
}

/** One OIDFilter (§4.3.5): the extension OID (DER content octets) and the values it must have. */
export interface OidFilter {
  readonly oid: Uint8Array;
  readonly values: Uint8Array;
}

/**
 * `OIDFilter filters<0..2^16-1>`, each `opaque certificate_extension_oid<1..2^8-1>; opaque
 * certificate_extension_values<0..2^16-1>`.
 *
 * @example encodeOidFilters([{ oid: Uint8Array.of(0x55, 0x1d, 0x25), values: ekuDer }])
 */
export function encodeOidFilters(filters: readonly OidFilter[]): Uint8Array {
  return encode((w) => w.vec16((l) => {
    for (const f of filters) {
      l.vec8((o) => o.bytes(f.oid));
      l.vec16((v) => v.bytes(f.values));
    }
  }));
}

/**
 * Decodes oid_filters; more than `Limits.maxOidFilters` filters is a decode_error.
 *
 * @example decodeOidFilters(ext.data)[0]?.oid
 */
export function decodeOidFilters(body: Uint8Array): OidFilter[] {
  const r = new Reader(body, 'oid_filters');
  const list = r.sub16(0, 0xffff, 'filters');
  r.expectEnd();
  const filters: OidFilter[] = [];
  while (!list.done) {
    if (filters.length >= Limits.maxOidFilters) throw new InvalidMessageError('decode_error', `oid_filters holds more than ${Limits.maxOidFilters} filters`);
    const oid = list.vec8(1, 0xff, 'certificate_extension_oid');
    const values = list.vec16(0, 0xffff, 'certificate_extension_values');
    filters.push({ oid, values });
  }
  return filters;
}

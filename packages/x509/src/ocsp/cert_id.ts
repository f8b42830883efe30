/**
 * CertID matching (RFC 6960 §4.1.1): a SingleResponse is about our leaf when its serial is the
 * leaf's and its hashes, computed with the CertID's own hash algorithm, are those of the leaf's
 * issuer Name (as encoded in the leaf) and of the issuer's public key.
 */
import type { CryptoProvider } from '@puretls/core';
import { derBitStringBytes } from '@puretls/core/der';
import { children, DerReader, expectTag } from '../parse/der.js';
import type { ParsedCertificate } from '../parse/certificate.js';
import type { CertId } from './response.js';

/**
 * The DER of the issuer Name inside a TBSCertificate (RFC 5280 §4.1: [0] version, serialNumber,
 * signature, issuer): the bytes RFC 6960 §4.1.1 hashes ("the issuer's name field in the certificate
 * being checked"). The TBS already passed parseCertificate, so its shape is known.
 *
 * @example
 * issuerNameDer(leaf.tbs); // 30 2b 31 29 ...
 */
export function issuerNameDer(tbs: Uint8Array): Uint8Array {
  const f = children(new DerReader(tbs).read(0x30));
  const at = f[0]?.tag === 0xa0 ? 3 : 2;
  return expectTag(f[at], 0x30, 'issuer').raw;
}

/**
 * The subjectPublicKey BIT STRING's bytes of a SubjectPublicKeyInfo: what issuerKeyHash and a
 * byKey ResponderID hash (RFC 6960 §4.1.1, §4.2.1: "excluding the tag, length, and number of
 * unused bits").
 *
 * @example
 * sha1(subjectPublicKeyBits(issuer.spki));
 */
export function subjectPublicKeyBits(spki: Uint8Array): Uint8Array {
  const f = children(new DerReader(spki).read(0x30));
  return derBitStringBytes(expectTag(f[1], 0x03, 'subjectPublicKey'));
}

/**
 * The hash of `data` with `alg`.
 *
 * @example
 * digest(provider, 'sha1', bytes).length; // 20
 */
export function digest(provider: CryptoProvider, alg: CertId['hash'], data: Uint8Array): Uint8Array {
  const h = provider.createHash(alg);
  h.update(data);
  return h.digest();
}

/**
 * Whether `id` names `leaf` as issued by `issuer`.
 *
 * @example
 * certIdMatches(single.certId, leaf, issuer, nobleProvider); // true for the leaf's own response
 */
export function certIdMatches(id: CertId, leaf: ParsedCertificate, issuer: ParsedCertificate, provider: CryptoProvider): boolean {
  return (
    sameBytes(id.serial, leaf.serial) &&
    sameBytes(id.issuerNameHash, digest(provider, id.hash, issuerNameDer(leaf.tbs))) &&
    sameBytes(id.issuerKeyHash, digest(provider, id.hash, subjectPublicKeyBits(issuer.spki)))
  );
}

/** Byte equality (public data: no constant time needed). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

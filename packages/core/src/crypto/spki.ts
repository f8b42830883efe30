/**
 * SubjectPublicKeyInfo (RFC 5280 §4.1.2.7) parsing, and finding it inside a certificate, so the
 * engine can check CertificateVerify against the leaf without an X.509 library.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { InvalidMessageError } from '../errors.js';
import { derBitStringBytes, derOid, DerReader, DerTag, derUnsigned } from './der.js';
import type { PublicKey } from './provider.js';
import { Limits } from '../limits.js';
import { bitLength, DEFAULT_RSA_KEY_BOUNDS, RsaKeyError, rsaKeyProblem, type RsaKeyBounds } from './rsa.js';

const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  p521: '1.3.132.0.35',
  ed25519: '1.3.101.112',
  ed448: '1.3.101.113',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
} as const;

const CURVES = { [OID.p256]: ['P-256', p256], [OID.p384]: ['P-384', p384], [OID.p521]: ['P-521', p521] } as const;

function bad(why: string): InvalidMessageError {
  return new InvalidMessageError('decode_error', `SubjectPublicKeyInfo: ${why}`);
}

/**
 * Parses a DER SubjectPublicKeyInfo. EC points are checked to be on their curve; RSA keys against
 * `rsaBounds` and the exponent rule of {@link rsaKeyProblem} (an RsaKeyError), so no caller
 * ever holds an RSA key that would cost an unbounded exponentiation.
 *
 * @example
 * const key = parseSpki(spkiDer); // { kind: 'ec', curve: 'P-256', point }
 */
export function parseSpki(spki: Uint8Array, rsaBounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): PublicKey {
  const outer = new DerReader(spki);
  const seq = new DerReader(outer.read(DerTag.SEQUENCE).value);
  outer.end();
  const alg = new DerReader(seq.read(DerTag.SEQUENCE).value);
  const keyBits = derBitStringBytes(seq.read(DerTag.BIT_STRING));
  seq.end();
  const oid = derOid(alg.read(DerTag.OID));
  switch (oid) {
    case OID.ecPublicKey: {
      const curveOid = derOid(alg.read(DerTag.OID));
      alg.end();
      const entry = (CURVES as Record<string, readonly [string, typeof p256]>)[curveOid];
      if (entry === undefined) throw bad(`unsupported curve ${curveOid}`);
      const [curve, impl] = entry;
      try {
        impl.Point.fromBytes(keyBits).assertValidity();
      } catch {
        throw bad(`${curve} point is not on the curve`);
      }
      return { kind: 'ec', curve: curve as 'P-256' | 'P-384' | 'P-521', point: keyBits };
    }
    case OID.ed25519:
    case OID.ed448:
      alg.end(); // RFC 8410 §3: parameters MUST be absent
      if (keyBits.length !== (oid === OID.ed25519 ? 32 : 57)) throw bad('wrong EdDSA key length');
      return oid === OID.ed25519 ? { kind: 'ed25519', key: keyBits } : { kind: 'ed448', key: keyBits };
    case OID.rsaEncryption:
    case OID.rsassaPss: {
      const rsa = new DerReader(keyBits);
      const fields = new DerReader(rsa.read(DerTag.SEQUENCE).value);
      rsa.end();
      const nField = fields.read(DerTag.INTEGER);
      const eField = fields.read(DerTag.INTEGER);
      fields.end();
      // Sizes first, from the encoding: even reading a huge INTEGER into a bigint is work.
      if (nField.value.length > Math.ceil(rsaBounds.maxModulusBits / 8) + 1) throw new RsaKeyError('key-too-large', `RSA modulus of ${nField.value.length} bytes (maximum ${rsaBounds.maxModulusBits} bits)`);
      if (eField.value.length > Math.ceil(Limits.maxRsaPublicExponentBits / 8) + 1) throw new RsaKeyError('key-too-large', `RSA public exponent of ${eField.value.length} bytes (must be below 2^${Limits.maxRsaPublicExponentBits})`);
      const n = derUnsigned(nField);
      const e = derUnsigned(eField);
      if (n === 0n) throw bad('RSA modulus is zero');
      const problem = rsaKeyProblem({ n, e }, rsaBounds);
      if (problem !== undefined) throw problem;
      return { kind: 'rsa', n, e, bits: bitLength(n), pssOnly: oid === OID.rsassaPss };
    }
    default:
      throw bad(`unsupported algorithm ${oid}`);
  }
}

/**
 * The DER SubjectPublicKeyInfo inside a DER certificate (RFC 5280 §4.1).
 *
 * @example
 * const key = parseSpki(certificateSpki(leafDer));
 */
export function certificateSpki(cert: Uint8Array): Uint8Array {
  const outer = new DerReader(cert);
  const certificate = new DerReader(outer.read(DerTag.SEQUENCE).value);
  const tbs = new DerReader(certificate.read(DerTag.SEQUENCE).value);
  if (tbs.peekTag() === 0xa0) tbs.read(); // [0] version
  tbs.read(DerTag.INTEGER); // serialNumber
  tbs.read(DerTag.SEQUENCE); // signature
  tbs.read(DerTag.SEQUENCE); // issuer
  tbs.read(DerTag.SEQUENCE); // validity
  tbs.read(DerTag.SEQUENCE); // subject
  return tbs.read(DerTag.SEQUENCE).raw;
}

/**
 * Signature verification of the noble provider, and the TLS SignatureSchemes built on it
 * (RFC 9846 §4.3.3): ECDSA, Ed25519 (RFC 8032 strict), RSA-PSS and PKCS#1 v1.5 with our RSA.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { SignatureScheme as S } from '../../msgs/enums.js';
import type { HashAlgorithm, PublicKey, SignatureAlgorithm, SupportedSignatureScheme } from '../provider.js';
import { rsaPkcs1Verify, rsaPssVerify } from '../rsa.js';
import { WarmEcdsa } from './ecdsa_warm.js';
import { HASHES, rsaHash } from './hashes.js';

/** A signature check bound to one provider instance's ECDSA key memory. */
export type VerifyFn = (alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array) => boolean;

/**
 * Makes the verification function of one provider instance.
 *
 * @example
 * const verify = makeVerify(new WarmEcdsa());
 * verify({ kind: 'ed25519' }, key, message, signature);
 */
export function makeVerify(ecdsa: WarmEcdsa): VerifyFn {
  return (alg, key, message, signature) => {
    try {
      switch (alg.kind) {
        case 'ecdsa':
          // High-S signatures are valid (OpenSSL makes them); keys seen again verify faster.
          return key.kind === 'ec' && ecdsa.verify(key.curve, signature, HASHES[alg.hash](message), key.point);
        case 'ed25519':
          // RFC 8032 strict verification, not ZIP-215.
          return key.kind === 'ed25519' && ed25519.verify(signature, message, key.key, { zip215: false });
        case 'rsa-pkcs1':
          return key.kind === 'rsa' && !key.pssOnly && rsaPkcs1Verify(key, rsaHash(alg.hash), message, signature);
        case 'rsa-pss':
          return key.kind === 'rsa' && rsaPssVerify(key, rsaHash(alg.hash), message, signature, alg.saltLength);
      }
    } catch {
      return false;
    }
  };
}

type KeyCheck = (k: PublicKey) => boolean;
const ec = (curve: 'P-256' | 'P-384' | 'P-521'): KeyCheck => (k) => k.kind === 'ec' && k.curve === curve;
const rsae: KeyCheck = (k) => k.kind === 'rsa' && !k.pssOnly;
const rsaPss: KeyCheck = (k) => k.kind === 'rsa' && k.pssOnly;
const ed: KeyCheck = (k) => k.kind === 'ed25519';

interface SchemeSpec {
  readonly id: number;
  readonly name: string;
  readonly alg: SignatureAlgorithm;
  readonly keyFits: KeyCheck;
  /** Certificates only: PKCS#1 v1.5 and SHA-1 never sign a CertificateVerify (§4.5.2). */
  readonly certificatesOnly?: boolean;
  /** Available, but not in a default ClientHello. */
  readonly notByDefault?: boolean;
}

const pss = (hash: HashAlgorithm): SignatureAlgorithm => ({ kind: 'rsa-pss', hash });
const pkcs1 = (hash: HashAlgorithm): SignatureAlgorithm => ({ kind: 'rsa-pkcs1', hash });

/** In preference order: the order of a default signature_algorithms(_cert) list. */
const SPECS: readonly SchemeSpec[] = [
  { id: S.ecdsa_secp256r1_sha256, name: 'ecdsa_secp256r1_sha256', alg: { kind: 'ecdsa', hash: 'sha256' }, keyFits: ec('P-256') },
  { id: S.ecdsa_secp384r1_sha384, name: 'ecdsa_secp384r1_sha384', alg: { kind: 'ecdsa', hash: 'sha384' }, keyFits: ec('P-384') },
  { id: S.rsa_pss_rsae_sha256, name: 'rsa_pss_rsae_sha256', alg: pss('sha256'), keyFits: rsae },
  { id: S.rsa_pss_rsae_sha384, name: 'rsa_pss_rsae_sha384', alg: pss('sha384'), keyFits: rsae },
  { id: S.rsa_pss_rsae_sha512, name: 'rsa_pss_rsae_sha512', alg: pss('sha512'), keyFits: rsae },
  { id: S.rsa_pss_pss_sha256, name: 'rsa_pss_pss_sha256', alg: pss('sha256'), keyFits: rsaPss },
  { id: S.rsa_pss_pss_sha384, name: 'rsa_pss_pss_sha384', alg: pss('sha384'), keyFits: rsaPss },
  { id: S.rsa_pss_pss_sha512, name: 'rsa_pss_pss_sha512', alg: pss('sha512'), keyFits: rsaPss },
  { id: S.ed25519, name: 'ed25519', alg: { kind: 'ed25519' }, keyFits: ed },
  { id: S.rsa_pkcs1_sha256, name: 'rsa_pkcs1_sha256', alg: pkcs1('sha256'), keyFits: rsae, certificatesOnly: true },
  { id: S.rsa_pkcs1_sha384, name: 'rsa_pkcs1_sha384', alg: pkcs1('sha384'), keyFits: rsae, certificatesOnly: true },
  { id: S.rsa_pkcs1_sha512, name: 'rsa_pkcs1_sha512', alg: pkcs1('sha512'), keyFits: rsae, certificatesOnly: true },
  { id: S.ecdsa_secp521r1_sha512, name: 'ecdsa_secp521r1_sha512', alg: { kind: 'ecdsa', hash: 'sha512' }, keyFits: ec('P-521'), notByDefault: true },
  { id: S.rsa_pkcs1_sha1, name: 'rsa_pkcs1_sha1', alg: pkcs1('sha1'), keyFits: rsae, certificatesOnly: true, notByDefault: true },
];

/**
 * The TLS signature schemes of one provider instance.
 *
 * @example
 * const schemes = signatureSchemes(makeVerify(new WarmEcdsa()));
 */
export function signatureSchemes(verify: VerifyFn): readonly SupportedSignatureScheme[] {
  return SPECS.map((s) => ({
    id: s.id,
    name: s.name,
    certificateVerify: s.certificatesOnly !== true,
    offeredByDefault: s.notByDefault !== true,
    keyFits: s.keyFits,
    verify: (key, message, signature) => s.keyFits(key) && verify(s.alg, key, message, signature),
  }));
}

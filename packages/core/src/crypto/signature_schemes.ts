/**
 * TLS 1.3 SignatureScheme codepoints as signature algorithms plus the key each requires
 * (RFC 9846 §4.3.3). PKCS#1 v1.5 maps to nothing: it is never allowed in CertificateVerify.
 */
import { SignatureScheme as S } from '../msgs/enums.js';
import type { PublicKey, SignatureAlgorithm } from './provider.js';

/** A scheme's algorithm and the check that the certificate's key fits it. */
export interface SchemeMapping {
  readonly alg: SignatureAlgorithm;
  readonly keyCheck: (k: PublicKey) => boolean;
}

const ec = (curve: 'P-256' | 'P-384' | 'P-521') => (k: PublicKey) => k.kind === 'ec' && k.curve === curve;
const rsae = (k: PublicKey) => k.kind === 'rsa' && !k.pssOnly;
const rsaPss = (k: PublicKey) => k.kind === 'rsa' && k.pssOnly;

const TABLE = new Map<number, SchemeMapping>([
  [S.ecdsa_secp256r1_sha256, { alg: { kind: 'ecdsa', hash: 'sha256' }, keyCheck: ec('P-256') }],
  [S.ecdsa_secp384r1_sha384, { alg: { kind: 'ecdsa', hash: 'sha384' }, keyCheck: ec('P-384') }],
  [S.ecdsa_secp521r1_sha512, { alg: { kind: 'ecdsa', hash: 'sha512' }, keyCheck: ec('P-521') }],
  [S.rsa_pss_rsae_sha256, { alg: { kind: 'rsa-pss', hash: 'sha256' }, keyCheck: rsae }],
  [S.rsa_pss_rsae_sha384, { alg: { kind: 'rsa-pss', hash: 'sha384' }, keyCheck: rsae }],
  [S.rsa_pss_rsae_sha512, { alg: { kind: 'rsa-pss', hash: 'sha512' }, keyCheck: rsae }],
  [S.rsa_pss_pss_sha256, { alg: { kind: 'rsa-pss', hash: 'sha256' }, keyCheck: rsaPss }],
  [S.rsa_pss_pss_sha384, { alg: { kind: 'rsa-pss', hash: 'sha384' }, keyCheck: rsaPss }],
  [S.rsa_pss_pss_sha512, { alg: { kind: 'rsa-pss', hash: 'sha512' }, keyCheck: rsaPss }],
  [S.ed25519, { alg: { kind: 'ed25519' }, keyCheck: (k) => k.kind === 'ed25519' }],
]);

/**
 * The algorithm for a CertificateVerify scheme, or undefined if it is not allowed there.
 *
 * @example
 * tlsSchemeToAlgorithm(0x0804)?.alg; // { kind: 'rsa-pss', hash: 'sha256' }
 * tlsSchemeToAlgorithm(0x0401); // undefined: PKCS#1 v1.5
 */
export function tlsSchemeToAlgorithm(scheme: number): SchemeMapping | undefined {
  return TABLE.get(scheme);
}

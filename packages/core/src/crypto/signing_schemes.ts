/**
 * Which SignatureSchemes (RFC 9846 §4.3.3) one of our private keys signs a CertificateVerify with
 * (§4.5.2), in our preference order, shared by every provider's `createSigner` so that they all
 * offer the same lists and refuse the same keys. Never PKCS#1 v1.5 (§4.3.3: certificates only, not
 * defined for handshake messages) and never SHA-1 (§4.5.2: MUST NOT in a CertificateVerify).
 */
import { ApiMisuseError } from '../errors.js';
import { SignatureScheme as S } from '../msgs/enums.js';
import type { HashAlgorithm, PrivateKey, PrivateKeyMaterial } from './provider.js';
import { bitLength, DEFAULT_RSA_KEY_BOUNDS, rsaKeyProblem, type RsaKeyBounds } from './rsa.js';
import { rsaPssFits } from './rsa_sign.js';

/** What a CertificateVerify scheme computes: ECDSA on a curve, Ed25519, or RSA-PSS for one key type. */
export type SigningScheme =
  | { readonly id: number; readonly name: string; readonly kind: 'ecdsa'; readonly curve: 'P-256' | 'P-384'; readonly hash: HashAlgorithm; readonly hashLength: number }
  | { readonly id: number; readonly name: string; readonly kind: 'ed25519' }
  /** `pssKey`: rsa_pss_pss_* (a key under id-RSASSA-PSS) rather than rsa_pss_rsae_* (rsaEncryption). */
  | { readonly id: number; readonly name: string; readonly kind: 'rsa-pss'; readonly pssKey: boolean; readonly hash: HashAlgorithm; readonly hashLength: number };

const ecdsa = (id: number, name: string, curve: 'P-256' | 'P-384', hash: HashAlgorithm, hashLength: number): SigningScheme => ({ id, name, kind: 'ecdsa', curve, hash, hashLength });
const pss = (id: number, name: string, pssKey: boolean, hash: HashAlgorithm, hashLength: number): SigningScheme => ({ id, name, kind: 'rsa-pss', pssKey, hash, hashLength });

/**
 * Every scheme we sign with, in preference order (the verifier's order): for a given key, the
 * ones that fit it keep this order.
 *
 * @example
 * SIGNING_SCHEMES.map((s) => s.name); // ['ecdsa_secp256r1_sha256', ...]
 */
export const SIGNING_SCHEMES: readonly SigningScheme[] = [
  ecdsa(S.ecdsa_secp256r1_sha256, 'ecdsa_secp256r1_sha256', 'P-256', 'sha256', 32),
  ecdsa(S.ecdsa_secp384r1_sha384, 'ecdsa_secp384r1_sha384', 'P-384', 'sha384', 48),
  pss(S.rsa_pss_rsae_sha256, 'rsa_pss_rsae_sha256', false, 'sha256', 32),
  pss(S.rsa_pss_rsae_sha384, 'rsa_pss_rsae_sha384', false, 'sha384', 48),
  pss(S.rsa_pss_rsae_sha512, 'rsa_pss_rsae_sha512', false, 'sha512', 64),
  pss(S.rsa_pss_pss_sha256, 'rsa_pss_pss_sha256', true, 'sha256', 32),
  pss(S.rsa_pss_pss_sha384, 'rsa_pss_pss_sha384', true, 'sha384', 48),
  pss(S.rsa_pss_pss_sha512, 'rsa_pss_pss_sha512', true, 'sha512', 64),
  { id: S.ed25519, name: 'ed25519', kind: 'ed25519' },
];

/** Byte lengths of the secret scalars (RFC 5915 privateKey is the order's length; RFC 8032 seed). */
const SCALAR_BYTES = { 'P-256': 32, 'P-384': 48 } as const;

/** Whether every byte is zero (a wiped key), looking at all of them whatever they hold. */
function allZero(b: Uint8Array): boolean {
  let acc = 0;
  for (let i = 0; i < b.length; i++) acc |= b[i]!;
  return acc === 0;
}

/** The key's material, or why it cannot sign (messages name no secret value). */
function readMaterial(key: PrivateKey): PrivateKeyMaterial {
  let m: PrivateKeyMaterial;
  try {
    m = key.material;
  } catch {
    throw new ApiMisuseError('private key is destroyed or unusable');
  }
  if (typeof m !== 'object' || m === null) throw new ApiMisuseError('private key is destroyed or unusable');
  return m;
}

/**
 * The key's secret material, checked before each use: of the same kind (and curve, or n and e) as
 * its public half, of the right length, and not wiped by `destroy()`. Throws ApiMisuseError
 * otherwise. (A destroyed RSA key is recognised only if its `material` is no longer readable:
 * a bigint cannot be wiped, so `parsePrivateKey`'s keys refuse access after `destroy()`.)
 *
 * @example
 * const material = signingMaterial(key); // before every signature
 */
export function signingMaterial(key: PrivateKey): PrivateKeyMaterial {
  const m = readMaterial(key);
  const pub = key.publicKey;
  switch (m.kind) {
    case 'ec':
      if (pub.kind !== 'ec' || pub.curve !== m.curve) throw new ApiMisuseError('private key material does not match its public key');
      if (!(m.d instanceof Uint8Array) || m.d.length !== SCALAR_BYTES[m.curve]) throw new ApiMisuseError('EC private key of the wrong length');
      if (allZero(m.d)) throw new ApiMisuseError('private key is destroyed or unusable');
      return m;
    case 'ed25519':
      if (pub.kind !== 'ed25519') throw new ApiMisuseError('private key material does not match its public key');
      if (!(m.seed instanceof Uint8Array) || m.seed.length !== 32) throw new ApiMisuseError('Ed25519 private key of the wrong length');
      if (allZero(m.seed)) throw new ApiMisuseError('private key is destroyed or unusable');
      return m;
    case 'rsa':
      if (pub.kind !== 'rsa' || pub.n !== m.n || pub.e !== m.e) throw new ApiMisuseError('private key material does not match its public key');
      return m;
    default:
      throw new ApiMisuseError('unsupported private key type');
  }
}

/** Whether `s` fits this key (and, for RSA, fits its modulus and any hash its parameters fix). */
function fits(s: SigningScheme, key: PrivateKey, m: PrivateKeyMaterial): boolean {
  switch (s.kind) {
    case 'ecdsa':
      return m.kind === 'ec' && m.curve === s.curve;
    case 'ed25519':
      return m.kind === 'ed25519';
    case 'rsa-pss': {
      if (m.kind !== 'rsa' || key.publicKey.kind !== 'rsa' || key.publicKey.pssOnly !== s.pssKey) return false;
      if (s.pssKey && key.pssHash !== undefined && key.pssHash !== s.hash) return false; // RFC 4055 §3.1: the key fixes its hash
      return rsaPssFits(bitLength(m.n), s.hashLength); // RFC 8017 §9.1.1 step 3
    }
  }
}

/**
 * The codepoints `key` can sign a CertificateVerify with, in preference order: ECDSA P-256 →
 * 0x0403, P-384 → 0x0503; Ed25519 → 0x0807; rsaEncryption → 0x0804–0x0806; id-RSASSA-PSS →
 * 0x0809–0x080b (only the one of `pssHash` if the key fixes it). RSA schemes whose encoding does
 * not fit the modulus are left out. Throws ApiMisuseError for a destroyed, mismatched or
 * unsupported key, an RSA key outside `bounds`, or a key with no scheme at all.
 *
 * @example
 * signingSchemes(ecKey); // [0x0403]
 */
export function signingSchemes(key: PrivateKey, bounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): readonly number[] {
  const m = signingMaterial(key);
  if (m.kind === 'rsa') {
    const problem = rsaKeyProblem(m, bounds);
    if (problem !== undefined) throw new ApiMisuseError(`cannot sign with this RSA key: ${problem.message}`);
  }
  const ids = SIGNING_SCHEMES.filter((s) => fits(s, key, m)).map((s) => s.id);
  if (ids.length === 0) throw new ApiMisuseError('no TLS 1.3 signature scheme fits this private key');
  return ids;
}

/**
 * The scheme a `sign(scheme, ...)` call asked for, if it is one of the signer's `schemes`;
 * ApiMisuseError otherwise (PKCS#1 v1.5, SHA-1, or a scheme of another key type).
 *
 * @example
 * const s = requireSigningScheme(signer.schemes, 0x0804); // s.kind === 'rsa-pss'
 */
export function requireSigningScheme(schemes: readonly number[], scheme: number): SigningScheme {
  const s = schemes.includes(scheme) ? SIGNING_SCHEMES.find((x) => x.id === scheme) : undefined;
  if (s === undefined) throw new ApiMisuseError(`signature scheme 0x${(scheme >>> 0).toString(16).padStart(4, '0')} is not one this key signs with`);
  return s;
}

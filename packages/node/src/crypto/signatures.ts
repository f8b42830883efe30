/**
 * Signature verification on node:crypto, and the TLS SignatureSchemes built on it: the noble
 * provider's scheme objects (ids, names, keyFits, certificateVerify, offeredByDefault) with only
 * `verify` replaced. The inputs OpenSSL would judge differently from noble are refused first:
 * RSA keys out of bounds (before any exponentiation), short RSA signatures, negative PSS salt
 * lengths, small-order or non-canonical Ed25519 keys.
 */
import { constants, verify as nodeVerify } from 'node:crypto';
import { nobleProvider, SignatureScheme as S, type PublicKey, type SignatureAlgorithm, type SupportedSignatureScheme } from '@puretls/core';
import { bitLength, rsaKeyProblem, type RsaKeyBounds } from '@puretls/core/crypto';
import { keyObject, strictEd25519Key } from './public_keys.js';

/**
 * A signature check bound to one provider instance's RSA bounds.
 *
 * @example
 * const verify: VerifyFn = makeNodeVerify(DEFAULT_RSA_KEY_BOUNDS);
 */
export type VerifyFn = (alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array) => boolean;

function check(alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array, rsaBounds: RsaKeyBounds): boolean {
  switch (alg.kind) {
    case 'ecdsa':
      // DER, strictly (OpenSSL re-encodes and compares); high-S signatures are valid.
      return key.kind === 'ec' && nodeVerify(alg.hash, message, { key: keyObject(key), dsaEncoding: 'der' }, signature);
    case 'ed25519':
      // OpenSSL checks the cofactorless equation, noble the cofactored one: they differ only on
      // signatures crafted with small-order components, which no real signer makes.
      return key.kind === 'ed25519' && signature.length === 64 && strictEd25519Key(key.key) && nodeVerify(null, message, keyObject(key), signature);
    case 'rsa-pkcs1':
    case 'rsa-pss': {
      if (key.kind !== 'rsa' || (alg.kind === 'rsa-pkcs1' && key.pssOnly)) return false;
      if (rsaKeyProblem(key, rsaBounds) !== undefined) return false; // before any exponentiation
      if (signature.length !== Math.ceil(bitLength(key.n) / 8)) return false; // OpenSSL's PSS path takes shorter ones
      if (alg.kind === 'rsa-pkcs1') return nodeVerify(alg.hash, message, { key: keyObject(key), padding: constants.RSA_PKCS1_PADDING }, signature);
      const saltLength = alg.saltLength ?? hashBytes[alg.hash];
      if (!Number.isSafeInteger(saltLength) || saltLength < 0) return false; // negative values are OpenSSL's special modes
      return nodeVerify(alg.hash, message, { key: keyObject(key), padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
  }
}

const hashBytes = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;

/**
 * Makes the verification function of one provider instance; false for a wrong signature, an
 * unfit key or any bad input, never an exception.
 *
 * @example
 * const verify = makeNodeVerify(DEFAULT_RSA_KEY_BOUNDS);
 * verify({ kind: 'ed25519' }, key, message, signature);
 */
export function makeNodeVerify(rsaBounds: RsaKeyBounds): VerifyFn {
  return (alg, key, message, signature) => {
    try {
      return check(alg, key, message, signature, rsaBounds);
    } catch {
      return false;
    }
  };
}

/** The algorithm of each TLS scheme (RFC 9846 §4.3.3), by codepoint. */
const ALGORITHMS: ReadonlyMap<number, SignatureAlgorithm> = new Map<number, SignatureAlgorithm>([
  [S.ecdsa_secp256r1_sha256, { kind: 'ecdsa', hash: 'sha256' }],
  [S.ecdsa_secp384r1_sha384, { kind: 'ecdsa', hash: 'sha384' }],
  [S.ecdsa_secp521r1_sha512, { kind: 'ecdsa', hash: 'sha512' }],
  [S.rsa_pss_rsae_sha256, { kind: 'rsa-pss', hash: 'sha256' }],
  [S.rsa_pss_rsae_sha384, { kind: 'rsa-pss', hash: 'sha384' }],
  [S.rsa_pss_rsae_sha512, { kind: 'rsa-pss', hash: 'sha512' }],
  [S.rsa_pss_pss_sha256, { kind: 'rsa-pss', hash: 'sha256' }],
  [S.rsa_pss_pss_sha384, { kind: 'rsa-pss', hash: 'sha384' }],
  [S.rsa_pss_pss_sha512, { kind: 'rsa-pss', hash: 'sha512' }],
  [S.ed25519, { kind: 'ed25519' }],
  [S.rsa_pkcs1_sha256, { kind: 'rsa-pkcs1', hash: 'sha256' }],
  [S.rsa_pkcs1_sha384, { kind: 'rsa-pkcs1', hash: 'sha384' }],
  [S.rsa_pkcs1_sha512, { kind: 'rsa-pkcs1', hash: 'sha512' }],
  [S.rsa_pkcs1_sha1, { kind: 'rsa-pkcs1', hash: 'sha1' }],
]);

/**
 * The noble provider's schemes, in its order, each verifying with `verify`; a noble scheme this
 * table does not know is left out (the tests require the two lists to be equal).
 *
 * @example
 * const schemes = nodeSignatureSchemes(makeNodeVerify(DEFAULT_RSA_KEY_BOUNDS));
 */
export function nodeSignatureSchemes(verify: VerifyFn): readonly SupportedSignatureScheme[] {
  const out: SupportedSignatureScheme[] = [];
  for (const s of nobleProvider.signatureSchemes) {
    const alg = ALGORITHMS.get(s.id);
    if (alg === undefined) continue;
    const keyFits = s.keyFits;
    out.push({
      id: s.id,
      name: s.name,
      certificateVerify: s.certificateVerify,
      offeredByDefault: s.offeredByDefault,
      keyFits,
      verify: (key, message, signature) => keyFits(key) && verify(alg, key, message, signature),
    });
  }
  return out;
}

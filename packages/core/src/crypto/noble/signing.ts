/**
 * The noble provider's signer for our CertificateVerify (RFC 9846 §4.5.2): ECDSA P-256 / P-384
 * and Ed25519 with noble, RSA-PSS with our blinded, fault-checked RSA (rsa_sign.ts). The schemes
 * come from signingSchemes (shared by every provider).
 *
 * ECDSA nonces are deterministic (RFC 6979, noble's default, no extra entropy): the same key and
 * message always give the same signature, so no weak random source can leak the key through its
 * nonces. Signatures are low-S and DER-encoded (ECDSA-Sig-Value, as TLS carries it, §4.3.3).
 * Ed25519 is deterministic by definition (RFC 8032 §5.1.6).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { ApiMisuseError } from '../../errors.js';
import type { PrivateKey, RandomSource, Signer } from '../provider.js';
import { DEFAULT_RSA_KEY_BOUNDS, type RsaKeyBounds } from '../rsa.js';
import { rsaPssSign } from '../rsa_sign.js';
import { requireSigningScheme, signingMaterial, signingSchemes } from '../signing_schemes.js';
import { rsaHash } from './hashes.js';

/** noble's curves by name; `prehash` hashes with the curve's own hash (SHA-256, SHA-384), as the schemes pair them. */
const CURVES = { 'P-256': p256, 'P-384': p384 } as const;

/**
 * A {@link Signer} for `key` on noble and our RSA: `random` supplies the RSA-PSS salt and the RSA
 * blinding values (ECDSA and Ed25519 draw nothing). RSA keys must lie within `bounds` (the
 * provider's). Throws ApiMisuseError for a key it cannot sign with; `sign` throws ApiMisuseError
 * for a scheme not in `schemes` or a key destroyed since.
 *
 * @example
 * const signer = createNobleSigner(key, random);
 * signer.schemes;                         // [0x0403] for a P-256 key
 * const der = signer.sign(0x0403, content); // ECDSA-Sig-Value, DER
 */
export function createNobleSigner(key: PrivateKey, random: RandomSource, bounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): Signer {
  const schemes = signingSchemes(key, bounds);
  const first = signingMaterial(key);
  if (first.kind === 'ec' && !CURVES[first.curve].utils.isValidSecretKey(first.d)) throw new ApiMisuseError('EC private key is not a valid scalar');
  return {
    schemes,
    sign(scheme: number, message: Uint8Array): Uint8Array {
      const s = requireSigningScheme(schemes, scheme);
      const m = signingMaterial(key); // again: the key may have been destroyed since
      if (m.kind === 'ec' && s.kind === 'ecdsa') return CURVES[m.curve].sign(message, m.d, { prehash: true, lowS: true, format: 'der' });
      if (m.kind === 'ed25519' && s.kind === 'ed25519') return ed25519.sign(message, m.seed);
      if (m.kind === 'rsa' && s.kind === 'rsa-pss') return rsaPssSign(m, rsaHash(s.hash), message, random, bounds);
      throw new ApiMisuseError('private key changed type since the signer was made');
    },
  };
}

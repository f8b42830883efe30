/**
 * One signature check with a certificate's key, by the chain verifier's own steps: the key read
 * and policed by publicKeyOf, the algorithm read and matched to it by certificateSignatureAlgorithm
 * (SHA-1 and weak keys refused as for certificates), then the provider's verify.
 */
import type { CryptoProvider } from '@puretls/core';
import type { ParsedCertificate } from '../parse/certificate.js';
import { certificateSignatureAlgorithm, type AlgorithmPolicy } from '../parse/signature_algorithm.js';
import { publicKeyOf } from '../path/checks.js';

/**
 * Whether `signer`'s key made `signature` over `message` with the algorithm `algorithmDer`
 * (an AlgorithmIdentifier). Throws X509Error for an unacceptable key or algorithm, reported
 * against `subject` (the DER the signature is on).
 *
 * @example
 * signedBy(issuer, resp.signatureAlgorithm, resp.tbs, resp.signature, responseDer, { provider, policy: {} });
 */
export function signedBy(
  signer: ParsedCertificate,
  algorithmDer: Uint8Array,
  message: Uint8Array,
  signature: Uint8Array,
  subject: Uint8Array,
  c: { readonly provider: CryptoProvider; readonly policy: AlgorithmPolicy },
): boolean {
  const key = publicKeyOf(signer, c.provider, c.policy);
  const alg = certificateSignatureAlgorithm(algorithmDer, key, c.policy, subject);
  return c.provider.verify(alg, key, message, signature);
}

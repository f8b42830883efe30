/**
 * What WebPkiVerifier does with the OCSP response stapled to the leaf (RFC 9846 §4.5.1.1,
 * RFC 6066 §8) once the chain is verified: which staples are checked, and when one is required
 * (the `ocsp` option; a must-staple leaf, RFC 7633 §4.2.3).
 */
import type { CryptoProvider } from '@puretls/core';
import { X509Error } from '../errors.js';
import type { AlgorithmPolicy } from '../parse/signature_algorithm.js';
import type { VerifiedPath } from '../path/verify_chain.js';
import { mustStaple } from './tls_feature.js';
import { verifyOcspResponse, type OcspVerdict } from './verify_response.js';

/**
 * 'check-if-stapled' (default): a stapled response must be valid (else the handshake fails); none
 * is fine unless the leaf is must-staple. 'require': a valid good response is required for every
 * leaf. 'dangerously-ignore': stapled responses and must-staple are both disregarded.
 */
export type OcspMode = 'check-if-stapled' | 'require' | 'dangerously-ignore';

/** The options this step reads. */
export interface StaplePolicy {
  /** Which staples are checked and when one is required (see {@link OcspMode}). */
  readonly mode: OcspMode;
  /**
   * An 'unknown' status: 'refuse' (default) fails the handshake; 'ignore' treats the response as
   * not stapled (so it still fails where a staple is required).
   */
  readonly unknown: 'refuse' | 'ignore';
  /** Hashes and signature verification (the chain verifier's provider). */
  readonly provider: CryptoProvider;
  /** The chain's algorithm policy, applied to the response's signature too. */
  readonly policy: AlgorithmPolicy;
}

/**
 * Applies the policy to `staple` for the verified path at `now`; returns the accepted verdict (or
 * undefined when nothing was stapled or it was disregarded), throws X509Error otherwise.
 *
 * @example
 * checkStaple(path, input.ocspResponse, input.now, { mode: 'check-if-stapled', unknown: 'refuse', provider, policy: {} });
 */
export function checkStaple(path: VerifiedPath, staple: Uint8Array | undefined, now: number, p: StaplePolicy): OcspVerdict | undefined {
  if (p.mode === 'dangerously-ignore') return undefined;
  const leaf = path.chain[0]!;
  const issuer = path.chain[1] ?? path.anchor;
  const verdict = staple === undefined ? undefined : verifyOcspResponse(staple, { leaf, issuer, now, provider: p.provider, policy: p.policy });
  if (verdict?.status === 'unknown' && p.unknown === 'refuse') {
    throw new X509Error('ocsp-unknown-status', `the stapled OCSP response says the status of ${leaf.subjectText} is unknown`, leaf.der);
  }
  const accepted = verdict?.status === 'good' ? verdict : undefined;
  if (accepted === undefined && p.mode === 'require') {
    throw new X509Error('ocsp-staple-required', `no valid stapled OCSP response for ${leaf.subjectText}, and the verifier requires one`, leaf.der);
  }
  if (accepted === undefined && mustStaple(leaf)) {
    throw new X509Error('ocsp-staple-required', `${leaf.subjectText} is must-staple (TLS Feature status_request, RFC 7633) but no valid OCSP response was stapled`, leaf.der);
  }
  return accepted;
}

/**
 * The engine's default verifier: the Web PKI rules over a trust store.
 */
import type { CertificateVerifier, CryptoProvider, VerifyInput } from '@puretls/core';
import { X509Error } from './errors.js';
import type { AlgorithmPolicy } from './parse/signature_algorithm.js';
import { verifyChain } from './path/verify_chain.js';
import { SignatureCache } from './path/signature_cache.js';
import type { TrustStore } from './trust/trust_store.js';

/** Options of {@link WebPkiVerifier}. */
export interface WebPkiVerifierOptions extends AlgorithmPolicy {
  readonly roots: TrustStore;
  /** Intermediates to try besides the ones the server sends (DER). */
  readonly extraIntermediates?: readonly Uint8Array[];
  readonly provider?: CryptoProvider;
  /** Most intermediates in a path. */
  readonly maxIntermediates?: number;
  /** Where verified signatures are remembered; default: one cache per verifier. */
  readonly signatureCache?: SignatureCache;
}

/**
 * Verifies the server's chain and name synchronously; throws an {@link X509Error} with the alert.
 *
 * @example
 * const client = new TlsClient({ serverName: 'example.com', verifier: new WebPkiVerifier({ roots }) });
 */
export class WebPkiVerifier implements CertificateVerifier {
  private readonly signatureCache: SignatureCache;

  constructor(private readonly opts: WebPkiVerifierOptions) {
    this.signatureCache = opts.signatureCache ?? new SignatureCache();
  }

  verifyServerCertificate(input: VerifyInput): void {
    const [leaf, ...rest] = input.chain;
    if (leaf === undefined) throw new X509Error('bad-encoding', 'empty certificate chain');
    if (input.serverName === undefined) throw new X509Error('name-mismatch', 'no server name to verify the certificate against', leaf);
    verifyChain(leaf, {
      roots: this.opts.roots,
      intermediates: [...rest, ...(this.opts.extraIntermediates ?? [])],
      now: input.now,
      serverName: input.serverName,
      provider: this.opts.provider,
      policy: this.opts,
      maxIntermediates: this.opts.maxIntermediates,
      signatureCache: this.signatureCache,
    });
  }
}

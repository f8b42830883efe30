/**
 * The engine's default verifier: the Web PKI rules over a trust store.
 */
import { tryParseServerName, type CertificateVerifier, type CryptoProvider, type ServerName, type VerifyInput } from '@puretls/core';
import { toCrlStore, type CrlStore } from './crl/crl_store.js';
import { X509Error } from './errors.js';
import type { NameMatchOptions } from './names/hostname.js';
import type { AlgorithmPolicy } from './parse/signature_algorithm.js';
import { defaultProvider, verifyChain } from './path/verify_chain.js';
import { checkStaple, type OcspMode } from './ocsp/staple_policy.js';
import { SignatureCache } from './path/signature_cache.js';
import type { TrustStore } from './trust/trust_store.js';

/** Options of {@link WebPkiVerifier}. */
export interface WebPkiVerifierOptions extends AlgorithmPolicy, NameMatchOptions {
  /** The trust anchors chains must end at. */
  readonly roots: TrustStore;
  /** Intermediates to try besides the ones the server sends (DER). */
  readonly extraIntermediates?: readonly Uint8Array[];
  /** Signature verification and key parsing; default the noble provider (with a lower RSA minimum if the policy allows one). */
  readonly provider?: CryptoProvider;
  /** Most intermediates in a path. */
  readonly maxIntermediates?: number;
  /** Where verified signatures are remembered; default: one cache per verifier. */
  readonly signatureCache?: SignatureCache;
  /**
   * The OCSP response stapled to the leaf (RFC 6960, RFC 9846 §4.5.1.1): 'check-if-stapled'
   * (default) verifies one if stapled and accepts none unless the leaf is must-staple (RFC 7633);
   * 'require' refuses a leaf without a valid good response; 'dangerously-ignore' checks nothing.
   */
  readonly ocsp?: OcspMode;
  /** A stapled 'unknown' status: 'refuse' (default), or 'ignore' it as if nothing were stapled. */
  readonly ocspUnknown?: 'refuse' | 'ignore';
  /**
   * CRLs (a CrlStore, or DER CRLs parsed once here) to check every chain against (RFC 5280 §6.3).
   * When given, each certificate below the anchor must be covered by a usable CRL of its issuer:
   * listed -> 'revoked' (certificate_revoked), not covered -> 'revocation-unknown' (certificate_unknown).
   */
  readonly crls?: CrlStore | readonly Uint8Array[];
}

/**
 * Verifies the server's chain and name synchronously; throws an {@link X509Error} with the alert.
 *
 * @example
 * const client = new TlsClient({ serverName: 'example.com', verifier: new WebPkiVerifier({ roots }) });
 */
export class WebPkiVerifier implements CertificateVerifier {
  private readonly signatureCache: SignatureCache;
  private readonly crls: CrlStore | undefined;

  constructor(private readonly opts: WebPkiVerifierOptions) {
    this.signatureCache = opts.signatureCache ?? new SignatureCache();
    this.crls = opts.crls === undefined ? undefined : toCrlStore(opts.crls);
  }

  /**
   * Verifies `input.chain` (DER, leaf first) at `input.now` against the roots and the name
   * (`serverIdentity`, else `serverName`); returns on success, throws an {@link X509Error} otherwise.
   * A stapled `ocspResponse` is then checked per the `ocsp` option (not for `resumed` input).
   */
  verifyServerCertificate(input: VerifyInput): void {
    const [leaf, ...rest] = input.chain;
    if (leaf === undefined) throw new X509Error('bad-encoding', 'empty certificate chain');
    const serverName = nameToVerify(input, leaf);
    const path = verifyChain(leaf, {
      roots: this.opts.roots,
      intermediates: [...rest, ...(this.opts.extraIntermediates ?? [])],
      now: input.now,
      serverName,
      provider: this.opts.provider,
      policy: this.opts,
      maxIntermediates: this.opts.maxIntermediates,
      signatureCache: this.signatureCache,
      crls: this.crls,
      dangerouslyAllowPublicSuffixWildcards: this.opts.dangerouslyAllowPublicSuffixWildcards,
    });
    const provider = this.opts.provider ?? defaultProvider(this.opts);
    // A resumed session's chain (input.resumed): nothing stapled, nothing to require.
    if (input.resumed !== true) checkStaple(path, input.ocspResponse, input.now, { mode: this.opts.ocsp ?? 'check-if-stapled', unknown: this.opts.ocspUnknown ?? 'refuse', provider, policy: this.opts });
  }
}

/**
 * The name the leaf must be valid for: the typed `serverIdentity` when the engine gives one (DNS
 * name -> dNSName SANs only, IP -> iPAddress SANs only, RFC 9525 §6), else the `serverName`
 * string. verifyChain reads the text with the same grammar; a typed identity whose text would read
 * as a different kind or value (one built by hand, not by parseServerName) is refused rather
 * than let a DNS name be matched as an IP or the reverse.
 */
function nameToVerify(input: VerifyInput, leaf: Uint8Array): string {
  const id = input.serverIdentity;
  if (id === undefined) {
    if (input.serverName === undefined) throw new X509Error('name-mismatch', 'no server name to verify the certificate against', leaf);
    return input.serverName;
  }
  const text = id.kind === 'dns' ? id.name : id.text;
  if (!sameIdentity(id, tryParseServerName(text))) {
    throw new X509Error('name-mismatch', `serverIdentity ${JSON.stringify(text)} is not in the form parseServerName gives`, leaf);
  }
  return text;
}

function sameIdentity(a: ServerName, b: ReturnType<typeof tryParseServerName>): boolean {
  if (a.kind === 'dns') return b.kind === 'dns' && b.name === a.name;
  return b.kind === 'ip' && b.bytes.length === a.bytes.length && b.bytes.every((x, i) => x === a.bytes[i]);
}

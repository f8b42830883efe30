/**
 * @puretls/x509: certificate path validation (RFC 5280, Web PKI profile) and server identity
 * checks (RFC 9525) for the puretls engine.
 *
 * @example
 * import { TrustStore, WebPkiVerifier } from '@puretls/x509';
 * const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(pem) });
 */
export { CrlStore } from './crl/crl_store.js';
export { parseCrl, type ParsedCrl } from './crl/parse_crl.js';
export type { IssuingDistributionPoint } from './crl/distribution_point.js';
export { alertFor, X509Error, type X509Reason } from './errors.js';
export { X509Limits } from './limits.js';
export { canonicalDnsName, dnsIdMatches, matchesServerName, parseIp, referenceId, type NameMatchOptions, type ReferenceId } from './names/hostname.js';
export { checkNameConstraints } from './names/name_constraints.js';
export { isPublicSuffix } from './names/public_suffix.js';
export { parseCertificate, type ParsedCertificate } from './parse/certificate.js';
export { parseOcspResponse, type CertId, type ParsedOcspResponse, type ResponderId, type SingleResponse } from './ocsp/response.js';
export { verifyOcspResponse, type OcspCheck, type OcspVerdict } from './ocsp/verify_response.js';
export { checkStaple, type OcspMode, type StaplePolicy } from './ocsp/staple_policy.js';
export { mustStaple, tlsFeatures } from './ocsp/tls_feature.js';
export type { AlgorithmPolicy } from './parse/signature_algorithm.js';
export { SignatureCache } from './path/signature_cache.js';
export { verifyChain, type ChainOptions, type VerifiedPath } from './path/verify_chain.js';
export { TrustStore, type TrustStoreOptions } from './trust/trust_store.js';
export { WebPkiVerifier, type WebPkiVerifierOptions } from './verifier.js';

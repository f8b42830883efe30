import { Limits } from '@puretls/core';

/**
 * Every bound of the verifier in one place, so a hostile chain cannot make it slow or deep.
 *
 * @example
 * if (depth > X509Limits.maxIntermediates) throw ...;
 */
export const X509Limits = {
  /** Most intermediates between leaf and trust anchor (Web PKI chains have one or two). */
  maxIntermediates: 6,
  /** Most candidate-issuer signature checks in one verification (the work bound). */
  maxSignatureChecks: 64,
  /** Most path-building steps (candidate issuers considered) in one verification. */
  maxBuildSteps: 256,
  /** Most names in a subjectAltName. */
  maxSubjectAltNames: 1024,
  /** Most name-constraint subtrees times names checked for one certificate. */
  maxNameConstraintChecks: 65536,
  /** Verified signatures remembered by a SignatureCache (a few hundred bytes each). */
  signatureCacheEntries: 1024,
  /**
   * Parsed certificates remembered by a SignatureCache: a copy of the DER plus the parsed fields,
   * a few KB each (at most about 1 MB for typical certificates; a 64 KiB certificate is rare).
   */
  parsedCertificateCacheEntries: 256,
  /** Smallest RSA modulus accepted by default. */
  minRsaBits: 2048,
  /**
   * Largest RSA modulus accepted, as the engine's provider (Limits.maxRsaModulusBits): a candidate
   * issuer's key costs about bits² × exponent bits per signature check, and is checked first.
   */
  maxRsaBits: Limits.maxRsaModulusBits,
  /** RSA public exponents below 2^this (ring, BoringSSL; Limits.maxRsaPublicExponentBits). */
  maxRsaExponentBits: Limits.maxRsaPublicExponentBits,
  /** Largest certificate we parse. */
  maxCertificateBytes: 64 * 1024,
  /** Largest stapled OCSP response we parse (real ones are 1 to 4 KB; the engine's bound is the same). */
  maxOcspResponseBytes: Limits.maxOcspResponseBytes,
  /** Most certificates in an OCSP response (a delegated responder's, perhaps its issuer's: RFC 6960 §4.2.1). */
  maxOcspCertificates: 4,
  /** Most SingleResponses in one OCSP response (a staple answers for one certificate; RFC 6960 allows several). */
  maxOcspSingleResponses: 16,
  /** Clock skew allowed on thisUpdate and nextUpdate (responders sign a few seconds ahead; clocks drift). */
  ocspClockSkewMs: 5 * 60 * 1000,
  /** Oldest thisUpdate accepted from a response without nextUpdate (CA/B Forum BR §4.9.10: at most 10 days). */
  ocspMaxAgeMs: 7 * 24 * 60 * 60 * 1000,
  /** Largest CRL we parse: the big public CAs' complete CRLs are a few MB; parsed once, when supplied. */
  maxCrlBytes: 16 * 1024 * 1024,
  /** Most revoked-certificate entries in one CRL (a 16 MiB CRL of ~40-byte entries holds about 400k). */
  maxCrlEntries: 500_000,
  /** Most CRLs in one CrlStore: each is looked up by issuer name, so this bounds memory, not work. */
  maxCrls: 1024,
} as const;

/**
 * Path building with backtracking from the leaf through the candidate intermediates to a trust
 * anchor, and path validation (RFC 5280 §6, Web PKI profile). Several chains may exist: an expired
 * or constrained candidate does not hide a good one. Depth and work are bounded (X509Limits).
 */
import { createNobleProvider, Limits, nobleProvider, type CryptoProvider, type PublicKey } from '@puretls/core';
import { checkRevocation, type SignedObject } from '../crl/check_revocation.js';
import { toCrlStore, type CrlStore } from '../crl/crl_store.js';
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { matchesServerName, referenceId, type NameMatchOptions } from '../names/hostname.js';
import { checkNameConstraints } from '../names/name_constraints.js';
import { parseCertificate, type ParsedCertificate } from '../parse/certificate.js';
import { certificateSignatureAlgorithm, type AlgorithmPolicy } from '../parse/signature_algorithm.js';
import type { TrustStore } from '../trust/trust_store.js';
import { SignatureCache } from './signature_cache.js';
import { checkAnchor, checkCriticalExtensions, checkIssuer, checkKeyIdentifiers, checkKeyUsageConsistency, checkLeaf, checkValidity, isSelfIssued, publicKeyOf } from './checks.js';

/** What to verify against. */
export interface ChainOptions extends NameMatchOptions {
  /** The trust anchors a path must end at. */
  readonly roots: TrustStore;
  /** Candidate intermediates: what the server sent after its leaf, plus any extra ones. */
  readonly intermediates?: readonly Uint8Array[];
  /** Validation time, ms since the epoch. */
  readonly now: number;
  /** The DNS name or IP literal the leaf must be valid for; undefined skips the name check. */
  readonly serverName?: string | undefined;
  /** Signature verification and key parsing; default the noble provider (with a lower RSA minimum if `policy` allows one). */
  readonly provider?: CryptoProvider;
  /** Which weak algorithms and keys to accept; default none (no SHA-1, RSA of at least 2048 bits). */
  readonly policy?: AlgorithmPolicy;
  /** Most intermediates allowed (default X509Limits.maxIntermediates). */
  readonly maxIntermediates?: number;
  /** Signatures verified and certificates parsed before, to skip that work again (see SignatureCache). */
  readonly signatureCache?: SignatureCache;
  /**
   * CRLs to check the path against (RFC 5280 §6.3; a CrlStore, or DER CRLs parsed on every call).
   * When given, every certificate below the anchor must be covered by a usable CRL of its issuer,
   * else 'revocation-unknown'; one listed is 'revoked' (see crl/check_revocation.ts).
   */
  readonly crls?: CrlStore | readonly Uint8Array[];
}

/** A validated path: leaf first, then intermediates; the anchor separately. */
export interface VerifiedPath {
  /** The validated certificates, leaf first, each issued by the next; the anchor is not included. */
  readonly chain: readonly ParsedCertificate[];
  /** The trust anchor from `roots` that issued the last certificate of `chain`. */
  readonly anchor: ParsedCertificate;
}

interface Search {
  readonly opts: ChainOptions;
  readonly provider: CryptoProvider;
  readonly policy: AlgorithmPolicy;
  readonly intermediates: readonly ParsedCertificate[];
  readonly keys: Map<ParsedCertificate, PublicKey>;
  readonly crls: CrlStore | undefined;
  signatureChecks: number;
  steps: number;
  best: { depth: number; error: X509Error } | undefined;
}

/**
 * Verifies a leaf certificate: its own rules, its name, and a path to a trust anchor.
 *
 * @example
 * const path = verifyChain(leafDer, { roots, intermediates: [intermediateDer], now: clockMs, serverName: 'example.com' });
 */
export function verifyChain(leafDer: Uint8Array, opts: ChainOptions): VerifiedPath {
  const policy = opts.policy ?? {};
  const provider = opts.provider ?? defaultProvider(policy);
  // With a cache, certificates seen before are not parsed again (SignatureCache.certificate).
  const cache = opts.signatureCache;
  const parse = (der: Uint8Array) => (cache === undefined ? parseCertificate(der) : cache.certificate(der, provider));
  const leaf = parse(leafDer);
  checkCriticalExtensions(leaf);
  checkKeyUsageConsistency(leaf);
  checkKeyIdentifiers(leaf);
  checkLeaf(leaf);
  checkValidity(leaf, opts.now);
  if (opts.serverName !== undefined) checkName(leaf, opts.serverName, opts);
  const intermediates: ParsedCertificate[] = [];
  for (const der of opts.intermediates ?? []) {
    try {
      intermediates.push(parse(der));
    } catch (e) {
      // A malformed extra certificate cannot be on a valid path; others may still form one.
      if (!(e instanceof X509Error)) throw e;
    }
  }
  const crls = opts.crls === undefined ? undefined : toCrlStore(opts.crls);
  const s: Search = { opts, provider, policy, intermediates, keys: new Map(), crls, signatureChecks: 0, steps: 0, best: undefined };
  publicKeyOf(leaf, provider, policy, cache);
  const found = extend(s, [leaf]);
  if (found !== undefined) return found;
  throw s.best?.error ?? new X509Error('unknown-issuer', `no trust anchor found for ${leaf.subjectText}`, leaf.der);
}

/**
 * The noble provider; one trying smaller RSA keys if the policy dangerously allows them.
 *
 * @example
 * const provider = opts.provider ?? defaultProvider(policy);
 */
export function defaultProvider(policy: AlgorithmPolicy): CryptoProvider {
  const min = policy.dangerouslyAllowRsaBitsBelow2048;
  return min === undefined || min >= Limits.minRsaModulusBits ? nobleProvider : createNobleProvider({ rsa: { minModulusBits: min } });
}

function checkName(leaf: ParsedCertificate, serverName: string, opts: NameMatchOptions): void {
  const ref = referenceId(serverName);
  if (ref === undefined) throw new X509Error('name-mismatch', `${JSON.stringify(serverName)} is not a valid host name or IP address`, leaf.der);
  // RFC 9525 §6.3: subjectAltName only; the CN is never consulted.
  if (!matchesServerName(leaf.subjectAltNames ?? [], ref, opts)) {
    throw new X509Error('name-mismatch', `${leaf.subjectText} is not valid for ${serverName}`, leaf.der);
  }
}

function note(s: Search, depth: number, error: unknown): void {
  if (!(error instanceof X509Error)) throw error;
  if (error.reason === 'too-much-work') throw error;
  if (s.best === undefined || depth > s.best.depth) s.best = { depth, error };
}

function keyOf(s: Search, cert: ParsedCertificate): PublicKey {
  let k = s.keys.get(cert);
  if (k === undefined) {
    k = publicKeyOf(cert, s.provider, s.policy, s.opts.signatureCache);
    s.keys.set(cert, k);
  }
  return k;
}

/** Whether `issuer` signed `child` (a certificate or CRL; and the algorithm is acceptable). Counts against the work bound. */
function checkSignature(s: Search, child: SignedObject, issuer: ParsedCertificate): void {
  if (++s.signatureChecks > X509Limits.maxSignatureChecks) throw new X509Error('too-much-work', 'path building exceeded its signature budget', child.der);
  const key = keyOf(s, issuer);
  // The algorithm policy applies to every check, cached or not.
  const alg = certificateSignatureAlgorithm(child.signatureAlgorithm, key, s.policy, child.der);
  const cache = s.opts.signatureCache;
  const cacheKey = cache === undefined ? undefined : SignatureCache.key(s.provider, issuer.spki, child.signatureCacheTbs ?? child.tbs, child.signatureAlgorithm, child.signature);
  if (cacheKey !== undefined && cache!.has(cacheKey)) return;
  if (!s.provider.verify(alg, key, child.tbs, child.signature)) throw new X509Error('bad-signature', `signature on ${child.subjectText} does not verify with ${issuer.subjectText}'s key`, child.der);
  if (cacheKey !== undefined) cache!.add(cacheKey);
}

/** Key identifiers, when both present, must agree (a cheap filter before a signature check). */
function keyIdsDisagree(child: ParsedCertificate, issuer: ParsedCertificate): boolean {
  const a = child.authorityKeyId;
  const b = issuer.subjectKeyId;
  return a !== undefined && b !== undefined && (a.length !== b.length || a.some((x, i) => x !== b[i]));
}

function extend(s: Search, path: ParsedCertificate[]): VerifiedPath | undefined {
  if (++s.steps > X509Limits.maxBuildSteps) throw new X509Error('too-much-work', 'path building exceeded its step budget', path[0]!.der);
  const current = path[path.length - 1]!;
  const depth = path.length;
  // The store already leaves out anchors whose key identifier differs from the AKI.
  for (const anchor of s.opts.roots.candidates(current.issuerKey, current.authorityKeyId)) {
    try {
      checkAnchor(anchor, s.opts.now, { strict: s.opts.roots.strictAnchors });
      checkSignature(s, current, anchor);
      validatePath(path, anchor);
      // A candidate-path check: another path (another intermediate) may not be revoked.
      if (s.crls !== undefined) checkRevocation(path, anchor, s.crls, s.opts.now, (signed, by) => checkSignature(s, signed, by));
      return { chain: path, anchor };
    } catch (e) {
      note(s, depth + 1, e);
    }
  }
  const max = s.opts.maxIntermediates ?? X509Limits.maxIntermediates;
  for (const cand of s.intermediates) {
    if (cand.subjectKey !== current.issuerKey || keyIdsDisagree(current, cand)) continue;
    // Loop detection: a certificate (or the same name and key) may appear once in a path.
    if (path.some((p) => p === cand || (p.subjectKey === cand.subjectKey && sameBytes(p.spki, cand.spki)))) continue;
    try {
      // Self-issued intermediates (key rollover) do not count toward the depth (RFC 5280 §6.1.4 (l)).
      if (path.slice(1).filter((p) => !isSelfIssued(p)).length + (isSelfIssued(cand) ? 0 : 1) > max) throw new X509Error('path-too-long', `path longer than ${max} intermediates`, cand.der);
      checkCriticalExtensions(cand);
      checkIssuer(cand);
      checkKeyIdentifiers(cand);
      checkValidity(cand, s.opts.now);
      checkSignature(s, current, cand);
    } catch (e) {
      note(s, depth + 1, e);
      continue;
    }
    const found = extend(s, [...path, cand]);
    if (found !== undefined) return found;
  }
  return undefined;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/**
 * Whole-path rules once an anchor is reached: pathLenConstraint (self-issued intermediates not
 * counted, RFC 5280 §4.2.1.9) and name constraints of every CA over everything below it
 * (§4.2.1.10; self-issued intermediates exempt, the leaf never).
 */
function validatePath(path: readonly ParsedCertificate[], anchor: ParsedCertificate): void {
  const full = [...path, anchor];
  for (let i = 1; i < full.length; i++) {
    const ca = full[i]!;
    const below = full.slice(1, i).filter((c) => !isSelfIssued(c)).length;
    const pathLen = ca.basicConstraints?.pathLen;
    if (pathLen !== undefined && below > pathLen) {
      throw new X509Error('path-too-long', `${ca.subjectText} allows ${pathLen} intermediates below it, the path has ${below}`, ca.der);
    }
    const nc = ca.nameConstraints;
    if (nc === undefined) continue;
    for (let j = 0; j < i; j++) {
      const sub = full[j]!;
      if (j > 0 && isSelfIssued(sub)) continue;
      checkNameConstraints(nc, sub);
    }
  }
}

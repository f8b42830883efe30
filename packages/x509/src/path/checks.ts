/**
 * Per-certificate checks of RFC 5280 §6.1.3/§6.1.4 as the Web PKI applies them (CA/Browser Forum
 * Baseline Requirements, rustls-webpki): validity, critical extensions, CA-ness and key usage of
 * issuers, the leaf's usage, key strength.
 */
import { RsaKeyError, type CryptoProvider, type PublicKey } from '@puretls/core';
import { X509Error } from '../errors.js';
import { checkCommonName } from '../names/common_name.js';
import { OID, type ParsedCertificate } from '../parse/certificate.js';
import { checkKeyStrength, type AlgorithmPolicy } from '../parse/signature_algorithm.js';
import type { SignatureCache } from './signature_cache.js';

/** Extensions we process; any other marked critical is refused (RFC 5280 §4.2). */
const UNDERSTOOD: ReadonlySet<string> = new Set([OID.basicConstraints, OID.keyUsage, OID.extKeyUsage, OID.subjectAltName, OID.nameConstraints, OID.subjectKeyId, OID.authorityKeyId]);

const iso = (t: number) => new Date(t).toISOString();

/**
 * Validity, inclusive at both ends (RFC 5280 §4.1.2.5).
 *
 * @example
 * checkValidity(cert, clockMs);
 */
export function checkValidity(cert: ParsedCertificate, nowMs: number): void {
  // Validity has one-second granularity (RFC 5280 §4.1.2.5): compare whole seconds.
  const now = Math.floor(nowMs / 1000) * 1000;
  if (now < cert.notBefore) throw new X509Error('not-yet-valid', `${cert.subjectText} is not valid before ${iso(cert.notBefore)}`, cert.der);
  if (now > cert.notAfter) throw new X509Error('expired', `${cert.subjectText} expired at ${iso(cert.notAfter)}`, cert.der);
}

/**
 * Refuses unknown critical extensions.
 *
 * @example
 * checkCriticalExtensions(cert);
 */
export function checkCriticalExtensions(cert: ParsedCertificate): void {
  for (const e of cert.extensions) {
    if (e.critical && !UNDERSTOOD.has(e.oid)) throw new X509Error('unsupported-critical-extension', `${cert.subjectText} has unsupported critical extension ${e.oid}`, cert.der);
  }
}

/** `cert`'s key as the provider parses it; a refusal is an X509Error. */
function parsedKey(cert: ParsedCertificate, provider: CryptoProvider): PublicKey {
  try {
    return provider.parsePublicKey(cert.spki);
  } catch (e) {
    // The provider's typed refusal of an RSA key keeps its reason; any other is an unsupported key.
    if (e instanceof RsaKeyError) throw new X509Error(e.reason === 'bad-key' ? 'bad-encoding' : e.reason, `${cert.subjectText}: ${e.message}`, cert.der, { cause: e });
    throw new X509Error('unsupported-algorithm', `${cert.subjectText}: unsupported public key (${e instanceof Error ? e.message : String(e)})`, cert.der, { cause: e });
  }
}

/**
 * The certificate's public key, parsed by the provider (or remembered by `cache` from an earlier
 * parse of this certificate by this provider) and checked for strength and size before anything
 * is verified with it (a huge RSA key would cost seconds per signature check). The checks run
 * every time: they depend on the policy.
 *
 * @example
 * publicKeyOf(cert, nobleProvider, {});
 */
export function publicKeyOf(cert: ParsedCertificate, provider: CryptoProvider, policy: AlgorithmPolicy, cache?: SignatureCache): PublicKey {
  const key = cache === undefined ? parsedKey(cert, provider) : cache.publicKey(cert, provider, parsedKey);
  checkKeyStrength(key, policy, cert.der);
  // rustls-webpki: an RSA modulus is a whole number of bytes.
  if (key.kind === 'rsa' && key.bits % 8 !== 0) throw new X509Error('weak-key', `${cert.subjectText}: RSA modulus of ${key.bits} bits is not a multiple of 8`, cert.der);
  return key;
}

/**
 * An issuer must be a CA (basicConstraints cA, RFC 5280 §4.2.1.9), may sign certificates if it
 * has keyUsage (keyCertSign, §4.2.1.3), and if it has an EKU it must allow serverAuth.
 *
 * @example
 * checkIssuer(intermediate);
 */
export function checkIssuer(cert: ParsedCertificate, opts: { anchor?: boolean } = {}): void {
  if (cert.version !== 3 || cert.basicConstraints?.ca !== true) throw new X509Error('not-a-ca', `${cert.subjectText} is not a CA (basicConstraints cA is not TRUE)`, cert.der);
  // RFC 5280 §4.2.1.9: CAs mark basicConstraints critical; §4.1.2.6: a CA has a non-empty subject;
  // §4.2.1.2: CA certificates carry a subjectKeyIdentifier. The first and last are rules for the
  // issuing CA, not for a trust anchor, whose certificate only carries its name, key and
  // constraints (RFC 5280 §6.1.1 (d)): some roots in every store break them (Chunghwa ePKI, TWCA).
  if (!opts.anchor && !cert.extensions.find((e) => e.oid === OID.basicConstraints)?.critical) throw new X509Error('bad-encoding', `${cert.subjectText}: basicConstraints of a CA must be critical`, cert.der);
  if (cert.subject.length === 0) throw new X509Error('bad-encoding', 'a CA certificate has an empty subject', cert.der);
  if (!opts.anchor && cert.subjectKeyId === undefined) throw new X509Error('bad-encoding', `${cert.subjectText}: CA certificate without subjectKeyIdentifier`, cert.der);
  if (cert.keyUsage !== undefined && !cert.keyUsage.has(5)) throw new X509Error('wrong-key-usage', `${cert.subjectText} keyUsage lacks keyCertSign`, cert.der);
  if (cert.extKeyUsage !== undefined && !cert.extKeyUsage.includes(OID.serverAuth) && !cert.extKeyUsage.includes(OID.anyExtendedKeyUsage)) {
    throw new X509Error('wrong-eku', `${cert.subjectText} extendedKeyUsage does not allow serverAuth`, cert.der);
  }
}

/**
 * The end-entity rules: not a CA, digitalSignature if keyUsage is present (TLS 1.3 uses the key
 * only to sign), serverAuth in extendedKeyUsage.
 *
 * @example
 * checkLeaf(leaf);
 */
export function checkLeaf(cert: ParsedCertificate): void {
  if (cert.basicConstraints?.ca === true) throw new X509Error('ca-used-as-leaf', `${cert.subjectText} is a CA certificate used as the server certificate`, cert.der);
  if (cert.keyUsage !== undefined && !cert.keyUsage.has(0)) throw new X509Error('wrong-key-usage', `${cert.subjectText} keyUsage lacks digitalSignature`, cert.der);
  // CABF BR 7.1.2.7.6/7.1.2.7.10: EKU present, non-critical, serverAuth, never anyExtendedKeyUsage.
  const eku = cert.extKeyUsage;
  if (eku === undefined || !eku.includes(OID.serverAuth) || eku.includes(OID.anyExtendedKeyUsage) || cert.ekuCritical) {
    throw new X509Error('wrong-eku', `${cert.subjectText} extendedKeyUsage must be non-critical and include serverAuth (and not anyExtendedKeyUsage)`, cert.der);
  }
  // RFC 5280 §4.2.1.10: name constraints belong in CA certificates only.
  if (cert.nameConstraints !== undefined) throw new X509Error('bad-encoding', `${cert.subjectText}: nameConstraints in an end-entity certificate`, cert.der);
  checkSubjectAltName(cert);
}

/**
 * subjectAltName rules (RFC 5280 §4.2.1.6, CABF BR 7.1.2.7.12 and 7.1.4.3): critical exactly when
 * the subject is empty; DNS names well-formed (a wildcard only as the whole leftmost label); a
 * commonName, if any, repeating one SAN entry exactly.
 */
function checkSubjectAltName(cert: ParsedCertificate): void {
  const sans = cert.subjectAltNames ?? [];
  const bad = (why: string) => new X509Error('bad-encoding', `${cert.subjectText}: ${why}`, cert.der);
  if (cert.subjectAltNames !== undefined && cert.sanCritical !== (cert.subject.length === 0)) throw bad('subjectAltName must be critical exactly when the subject is empty');
  for (const n of sans) {
    if (n.kind === 'dns' && !/^(\*\.)?([a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)(\.[a-zA-Z0-9]([a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)*\.?$/.test(n.value)) throw bad(`malformed DNS name ${JSON.stringify(n.value)} in subjectAltName`);
    if (n.kind === 'ip' && n.bytes.length !== 4 && n.bytes.length !== 16) throw bad('IP address in subjectAltName of bad length');
  }
  checkCommonName(cert.commonNames, sans, () => cert.subjectText, cert.der);
}

/**
 * Key identifiers (RFC 5280 §4.2.1.1): every certificate except a self-signed one names its
 * issuer's key in authorityKeyIdentifier.
 *
 * @example
 * checkKeyIdentifiers(intermediate);
 */
export function checkKeyIdentifiers(cert: ParsedCertificate): void {
  if (cert.authorityKeyId === undefined && cert.issuerKey !== cert.subjectKey) {
    throw new X509Error('bad-encoding', `${cert.subjectText} has no authorityKeyIdentifier`, cert.der);
  }
}

/**
 * The rules a trust anchor's certificate must meet: valid now, a CA (cA TRUE, keyCertSign), no
 * unknown critical extension, no EKU, an AKI (if any) naming its own key. By default the anchor
 * is used as a trust anchor (RFC 5280 §6.1.1 (d): its name, key and constraints), so the rules of
 * the CA/Browser Forum profile for issued CA certificates (critical basicConstraints, a
 * subjectKeyIdentifier, an AKI of only a keyIdentifier) are not applied to it. With `strict`
 * they are (x509-limbo's root-certificate cases expect this).
 *
 * @example
 * checkAnchor(root, now);
 * checkAnchor(root, now, { strict: true });
 */
export function checkAnchor(cert: ParsedCertificate, now: number, opts: { strict?: boolean } = {}): void {
  const strict = opts.strict === true;
  checkCriticalExtensions(cert);
  checkKeyIdentifiers(cert);
  checkIssuer(cert, { anchor: !strict });
  checkValidity(cert, now);
  if (strict && !cert.authorityKeyIdKeyOnly) throw new X509Error('bad-encoding', `trust anchor ${cert.subjectText}: authorityKeyIdentifier must hold exactly a keyIdentifier (CABF BR §7.1.2.1.3)`, cert.der);
  if (cert.extKeyUsage !== undefined) throw new X509Error('wrong-eku', `trust anchor ${cert.subjectText} carries extendedKeyUsage`, cert.der);
  const aki = cert.authorityKeyId;
  const ski = cert.subjectKeyId;
  if (aki !== undefined && cert.issuerKey === cert.subjectKey && ski !== undefined && (aki.length !== ski.length || aki.some((x, i) => x !== ski[i]))) {
    throw new X509Error('bad-encoding', `trust anchor ${cert.subjectText}: authorityKeyIdentifier differs from its subjectKeyIdentifier`, cert.der);
  }
}

/**
 * keyCertSign requires cA TRUE (RFC 5280 §4.2.1.3).
 *
 * @example
 * checkKeyUsageConsistency(cert);
 */
export function checkKeyUsageConsistency(cert: ParsedCertificate): void {
  if (cert.keyUsage?.has(5) && cert.basicConstraints?.ca !== true) throw new X509Error('wrong-key-usage', `${cert.subjectText} asserts keyCertSign without being a CA`, cert.der);
}

/** True for a self-issued certificate (issuer = subject, RFC 5280 §3.3). @example isSelfIssued(root); // true */
export function isSelfIssued(cert: ParsedCertificate): boolean {
  return cert.issuerKey === cert.subjectKey;
}

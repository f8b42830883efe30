/**
 * Certificate signature algorithms (RFC 5280 §4.1.1.2; RFC 4055 for RSA-PSS; RFC 5758; RFC 8410)
 * mapped to the engine's provider algorithms, with the Web PKI policy: SHA-1 and RSA under 2048
 * bits refused unless the caller opts in with a `dangerous…` switch.
 */
import type { PublicKey, SignatureAlgorithm } from '@puretls/core';
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import { children, DerReader, derOid, derSmallUnsigned, expectTag, malformed, type DerElement } from './der.js';
import { single } from './extensions.js';

const HASH_OIDS: Record<string, 'sha1' | 'sha256' | 'sha384' | 'sha512'> = {
  '1.3.14.3.2.26': 'sha1',
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
};

const SIMPLE: Record<string, SignatureAlgorithm & { nullParams?: boolean }> = {
  '1.2.840.113549.1.1.5': { kind: 'rsa-pkcs1', hash: 'sha1', nullParams: true },
  '1.2.840.113549.1.1.11': { kind: 'rsa-pkcs1', hash: 'sha256', nullParams: true },
  '1.2.840.113549.1.1.12': { kind: 'rsa-pkcs1', hash: 'sha384', nullParams: true },
  '1.2.840.113549.1.1.13': { kind: 'rsa-pkcs1', hash: 'sha512', nullParams: true },
  '1.2.840.10045.4.1': { kind: 'ecdsa', hash: 'sha1' },
  '1.2.840.10045.4.3.2': { kind: 'ecdsa', hash: 'sha256' },
  '1.2.840.10045.4.3.3': { kind: 'ecdsa', hash: 'sha384' },
  '1.2.840.10045.4.3.4': { kind: 'ecdsa', hash: 'sha512' },
  '1.3.101.112': { kind: 'ed25519' },
};
const RSASSA_PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';

/** Policy knobs; the defaults are the Web PKI's. */
export interface AlgorithmPolicy {
  /** Accept SHA-1 signatures. Dangerous: SHA-1 collisions are practical. */
  dangerouslyAllowSha1?: boolean;
  /** Smallest RSA modulus accepted (default 2048); lowering it is dangerous. */
  dangerouslyAllowRsaBitsBelow2048?: number;
}

function hashOf(algId: DerElement): 'sha1' | 'sha256' | 'sha384' | 'sha512' {
  const f = children(expectTag(algId, 0x30, 'hash AlgorithmIdentifier'));
  const h = HASH_OIDS[derOid(expectTag(f[0], 0x06, 'hash algorithm'))];
  if (h === undefined || f.length > 2 || (f[1] !== undefined && (f[1].tag !== 0x05 || f[1].value.length !== 0))) throw malformed('unsupported hash in RSA-PSS parameters');
  return h;
}

/** RSASSA-PSS-params (RFC 4055 §3.1): hash, MGF1 over the same hash, salt length, trailer 1. */
function pssParams(params: DerElement | undefined): SignatureAlgorithm {
  if (params === undefined || params.tag !== 0x30) throw malformed('RSA-PSS without parameters');
  type H = 'sha1' | 'sha256' | 'sha384' | 'sha512';
  let hash: H = 'sha1' as H;
  let mgfHash: H = 'sha1' as H;
  let saltLength = 20;
  let lastTag = 0;
  for (const f of children(params)) {
    // [0]..[3], each at most once and in order (a SEQUENCE, X.690 §8.9).
    if (f.tag <= lastTag) throw malformed('RSA-PSS parameters repeated or out of order');
    lastTag = f.tag;
    const inner = single(f.value);
    if (f.tag === 0xa0) hash = hashOf(inner);
    else if (f.tag === 0xa1) {
      const m = children(expectTag(inner, 0x30, 'maskGenAlgorithm'));
      if (m.length !== 2 || derOid(expectTag(m[0], 0x06, 'maskGenAlgorithm OID')) !== MGF1) throw malformed('RSA-PSS mask generation is not MGF1');
      mgfHash = hashOf(m[1]!);
    } else if (f.tag === 0xa2) saltLength = derSmallUnsigned(expectTag(inner, 0x02, 'saltLength'), X509Limits.maxRsaBits / 8);
    else if (f.tag === 0xa3) {
      if (derSmallUnsigned(expectTag(inner, 0x02, 'trailerField'), 1) !== 1) throw malformed('RSA-PSS trailer field is not 1');
    } else throw malformed('unknown RSA-PSS parameter');
  }
  if (mgfHash !== hash) throw malformed('RSA-PSS MGF1 hash differs from the message hash');
  return { kind: 'rsa-pss', hash, saltLength };
}

/**
 * The signature algorithm of a certificate, checked against the policy and the issuer's key.
 *
 * @example
 * const alg = certificateSignatureAlgorithm(cert.signatureAlgorithm, issuerKey, {}, cert.der);
 */
export function certificateSignatureAlgorithm(algDer: Uint8Array, issuerKey: PublicKey, policy: AlgorithmPolicy, cert: Uint8Array): SignatureAlgorithm {
  let alg: SignatureAlgorithm;
  try {
    const r = new DerReader(algDer);
    const f = children(r.read(0x30));
    r.end();
    const oid = derOid(expectTag(f[0], 0x06, 'signature algorithm'));
    if (oid === RSASSA_PSS) {
      if (f.length !== 2) throw malformed('bad RSA-PSS AlgorithmIdentifier');
      alg = pssParams(f[1]);
    } else {
      const simple = SIMPLE[oid];
      if (simple === undefined) throw new X509Error('unsupported-algorithm', `signature algorithm ${oid} is not supported`, cert);
      // RFC 4055 §5 / RFC 5758 §3.2 / RFC 8410 §3: NULL parameters for RSA, absent for ECDSA and EdDSA.
      const ok = simple.nullParams ? f.length === 2 && f[1]!.tag === 0x05 && f[1]!.value.length === 0 : f.length === 1;
      if (!ok) throw malformed(`bad parameters for ${oid}`);
      const { nullParams: _ignored, ...rest } = simple;
      alg = rest;
    }
  } catch (e) {
    if (e instanceof X509Error) throw e;
    // Explicit refusals (MalformedError, the DER reader's InvalidMessageError) keep their cause.
    throw new X509Error('bad-encoding', `malformed signature algorithm: ${e instanceof Error ? e.message : String(e)}`, cert, { cause: e });
  }
  if ('hash' in alg && alg.hash === 'sha1' && !policy.dangerouslyAllowSha1) throw new X509Error('weak-algorithm', 'SHA-1 signature refused', cert);
  const matches =
    (alg.kind === 'ecdsa' && issuerKey.kind === 'ec') ||
    (alg.kind === 'ed25519' && issuerKey.kind === 'ed25519') ||
    (alg.kind === 'rsa-pkcs1' && issuerKey.kind === 'rsa' && !issuerKey.pssOnly) ||
    (alg.kind === 'rsa-pss' && issuerKey.kind === 'rsa');
  if (!matches) throw new X509Error('bad-signature', `signature algorithm ${alg.kind} does not fit the issuer's ${issuerKey.kind} key`, cert);
  return alg;
}

/**
 * Refuses weak and oversized public keys: RSA under the policy's minimum (2048 by default), over
 * X509Limits.maxRsaBits, or with an exponent outside 3..2^33 (whatever the provider checked).
 *
 * @example
 * checkKeyStrength(key, {}, cert.der);
 */
export function checkKeyStrength(key: PublicKey, policy: AlgorithmPolicy, cert: Uint8Array): void {
  const min = policy.dangerouslyAllowRsaBitsBelow2048 ?? X509Limits.minRsaBits;
  if (key.kind === 'rsa' && key.bits < min) throw new X509Error('weak-key', `RSA key of ${key.bits} bits (minimum ${min})`, cert);
  if (key.kind === 'rsa' && key.bits > X509Limits.maxRsaBits) throw new X509Error('key-too-large', `RSA key of ${key.bits} bits (maximum ${X509Limits.maxRsaBits})`, cert);
  if (key.kind === 'rsa' && (key.e >= 1n << BigInt(X509Limits.maxRsaExponentBits) || key.e < 3n || (key.e & 1n) === 0n)) {
    throw new X509Error(key.e < 3n || (key.e & 1n) === 0n ? 'bad-encoding' : 'key-too-large', `RSA public exponent outside 3..2^${X509Limits.maxRsaExponentBits} or even`, cert);
  }
  if (key.kind === 'ed448') throw new X509Error('unsupported-algorithm', 'Ed448 keys are not supported', cert);
}

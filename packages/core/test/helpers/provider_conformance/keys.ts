// The signature schemes the engine expects every provider to offer (the noble provider's list, in its
// order), and node:crypto key pairs and signatures for each: node is the signing oracle.
import { constants, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { SignatureScheme as S, type HashAlgorithm, type SignatureAlgorithm } from '../../../src/index.js';

/** Which keys a scheme takes: a curve, Ed25519, rsaEncryption ('rsae') or id-RSASSA-PSS ('rsapss'). */
export type KeyClass = 'P-256' | 'P-384' | 'P-521' | 'ed25519' | 'rsae' | 'rsapss';

export interface ExpectedScheme {
  readonly id: number;
  readonly name: string;
  readonly alg: SignatureAlgorithm;
  readonly keyClass: KeyClass;
  readonly certificateVerify: boolean;
  readonly offeredByDefault: boolean;
}

const scheme = (id: number, name: string, alg: SignatureAlgorithm, keyClass: KeyClass, certificateVerify = true, offeredByDefault = true): ExpectedScheme =>
  ({ id, name, alg, keyClass, certificateVerify, offeredByDefault });
const pss = (hash: HashAlgorithm): SignatureAlgorithm => ({ kind: 'rsa-pss', hash });
const pkcs1 = (hash: HashAlgorithm): SignatureAlgorithm => ({ kind: 'rsa-pkcs1', hash });

/** RFC 9846 §4.3.3 schemes, in the noble provider's preference order; PKCS#1 v1.5 and SHA-1 for certificates only. */
export const EXPECTED_SCHEMES: readonly ExpectedScheme[] = [
  scheme(S.ecdsa_secp256r1_sha256, 'ecdsa_secp256r1_sha256', { kind: 'ecdsa', hash: 'sha256' }, 'P-256'),
  scheme(S.ecdsa_secp384r1_sha384, 'ecdsa_secp384r1_sha384', { kind: 'ecdsa', hash: 'sha384' }, 'P-384'),
  scheme(S.rsa_pss_rsae_sha256, 'rsa_pss_rsae_sha256', pss('sha256'), 'rsae'),
  scheme(S.rsa_pss_rsae_sha384, 'rsa_pss_rsae_sha384', pss('sha384'), 'rsae'),
  scheme(S.rsa_pss_rsae_sha512, 'rsa_pss_rsae_sha512', pss('sha512'), 'rsae'),
  scheme(S.rsa_pss_pss_sha256, 'rsa_pss_pss_sha256', pss('sha256'), 'rsapss'),
  scheme(S.rsa_pss_pss_sha384, 'rsa_pss_pss_sha384', pss('sha384'), 'rsapss'),
  scheme(S.rsa_pss_pss_sha512, 'rsa_pss_pss_sha512', pss('sha512'), 'rsapss'),
  scheme(S.ed25519, 'ed25519', { kind: 'ed25519' }, 'ed25519'),
  scheme(S.rsa_pkcs1_sha256, 'rsa_pkcs1_sha256', pkcs1('sha256'), 'rsae', false),
  scheme(S.rsa_pkcs1_sha384, 'rsa_pkcs1_sha384', pkcs1('sha384'), 'rsae', false),
  scheme(S.rsa_pkcs1_sha512, 'rsa_pkcs1_sha512', pkcs1('sha512'), 'rsae', false),
  scheme(S.ecdsa_secp521r1_sha512, 'ecdsa_secp521r1_sha512', { kind: 'ecdsa', hash: 'sha512' }, 'P-521', true, false),
  scheme(S.rsa_pkcs1_sha1, 'rsa_pkcs1_sha1', pkcs1('sha1'), 'rsae', false, false),
];

export const KEY_CLASSES: readonly KeyClass[] = ['P-256', 'P-384', 'P-521', 'ed25519', 'rsae', 'rsapss'];

/** A node key pair, its DER SubjectPublicKeyInfo, and a second pair of the same class (the "wrong key"). */
export interface TestKey {
  readonly keyClass: KeyClass;
  readonly privateKey: KeyObject;
  readonly spki: Uint8Array;
  readonly otherSpki: Uint8Array;
}

const spkiOf = (k: KeyObject): Uint8Array => new Uint8Array(k.export({ type: 'spki', format: 'der' }));

function generate(c: KeyClass): { privateKey: KeyObject; publicKey: KeyObject } {
  switch (c) {
    case 'P-256': case 'P-384': case 'P-521': return generateKeyPairSync('ec', { namedCurve: c });
    case 'ed25519': return generateKeyPairSync('ed25519');
    case 'rsae': return generateKeyPairSync('rsa', { modulusLength: 2048 });
    case 'rsapss': return generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
  }
}

const cache = new Map<KeyClass, TestKey>();

/** One key per class, generated once per test file (RSA generation is the slow part). */
export function testKey(c: KeyClass): TestKey {
  let k = cache.get(c);
  if (k === undefined) {
    const pair = generate(c);
    k = { keyClass: c, privateKey: pair.privateKey, spki: spkiOf(pair.publicKey), otherSpki: spkiOf(generate(c).publicKey) };
    cache.set(c, k);
  }
  return k;
}

/** A signature node:crypto makes with `key` for `alg` (ECDSA in DER, PSS salt = hash length unless given). */
export function nodeSign(alg: SignatureAlgorithm, key: KeyObject, message: Uint8Array): Uint8Array {
  switch (alg.kind) {
    case 'ecdsa': return new Uint8Array(sign(alg.hash, message, key));
    case 'ed25519': return new Uint8Array(sign(null, message, key));
    case 'rsa-pkcs1': return new Uint8Array(sign(alg.hash, message, { key, padding: constants.RSA_PKCS1_PADDING }));
    case 'rsa-pss': {
      const saltLength = alg.saltLength ?? { sha1: 20, sha256: 32, sha384: 48, sha512: 64 }[alg.hash];
      return new Uint8Array(sign(alg.hash, message, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }));
    }
  }
}

// --- hand-made RSA SubjectPublicKeyInfo for any (n, e), as in rsa-bounds.test.ts -------------
const len = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
/** A DER TLV. */
export const tlv = (tag: number, body: readonly number[]): number[] => [tag, ...len(body.length), ...body];
function intBytes(x: bigint): number[] {
  let h = x.toString(16);
  if (h.length % 2) h = '0' + h;
  const b = h.match(/../g)!.map((p) => parseInt(p, 16));
  return b[0]! & 0x80 ? [0, ...b] : b;
}
/** rsaEncryption with NULL parameters (RFC 8017 §A.1). */
const RSA_ALG = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
/** id-RSASSA-PSS with absent parameters (RFC 4055 §3.1). */
const RSA_PSS_ALG = [0x30, 0x0b, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0a];

/** An rsaEncryption (or, with `pssOnly`, id-RSASSA-PSS) SubjectPublicKeyInfo for (n, e), whatever their values. */
export function rsaSpki(n: bigint, e: bigint, pssOnly = false): Uint8Array {
  return Uint8Array.from(tlv(0x30, [...(pssOnly ? RSA_PSS_ALG : RSA_ALG), ...tlv(0x03, [0, ...tlv(0x30, [...tlv(0x02, intBytes(n)), ...tlv(0x02, intBytes(e))])])]));
}

/** n and e of a node RSA public key (from its JWK export). */
export function rsaNumbers(privateKey: KeyObject): { n: bigint; e: bigint } {
  const jwk = privateKey.export({ format: 'jwk' });
  const big = (b64: string) => BigInt('0x' + Buffer.from(b64, 'base64url').toString('hex'));
  return { n: big(jwk.n!), e: big(jwk.e!) };
}

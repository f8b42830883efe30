// src/parse/signature_algorithm.ts: the certificate signature algorithms accepted, the Web PKI
// policy (no SHA-1, RSA >= 2048 bits), key/algorithm agreement and RSA-PSS parameters.
import { constants, sign } from 'node:crypto';
import type { PublicKey } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../src/parse/certificate.js';
import { certificateSignatureAlgorithm, checkKeyStrength, type AlgorithmPolicy } from '../src/parse/signature_algorithm.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { verifyChain } from '../src/path/verify_chain.js';
import { fixtureText, good, NOW, NULL, oid, seq, tlv } from './helpers/pki.js';

const HASH = { sha1: '1.3.14.3.2.26', sha224: '2.16.840.1.101.3.4.2.4', sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3' } as const;
const ECDSA = { sha1: '1.2.840.10045.4.1', sha256: '1.2.840.10045.4.3.2', sha384: '1.2.840.10045.4.3.3', sha512: '1.2.840.10045.4.3.4' } as const;
const RSA = { sha1: '1.2.840.113549.1.1.5', sha256: '1.2.840.113549.1.1.11', sha384: '1.2.840.113549.1.1.12', sha512: '1.2.840.113549.1.1.13' } as const;
const PSS = '1.2.840.113549.1.1.10';
const MGF1 = '1.2.840.113549.1.1.8';
const ED25519 = '1.3.101.112';

const ec = (curve: 'P-256' | 'P-384' | 'P-521'): PublicKey => ({ kind: 'ec', curve, point: new Uint8Array(0) });
const rsa = (bits = 2048, pssOnly = false): PublicKey => ({ kind: 'rsa', n: 1n, e: 65537n, bits, pssOnly });
const ed25519: PublicKey = { kind: 'ed25519', key: new Uint8Array(32) };
const cert = Uint8Array.of(0x30, 0x00);

const hashAlg = (h: string) => seq(oid(h), NULL);
const int = (n: number) => tlv(0x02, n < 0x80 ? [n] : [0, n]);
/** RSASSA-PSS AlgorithmIdentifier with explicit fields (each omitted when undefined). */
function pss(o: { hash?: string; mgf?: string; mgfHash?: string; salt?: number; trailer?: number; extra?: Uint8Array } = {}): Uint8Array {
  const fields: Uint8Array[] = [];
  if (o.hash !== undefined) fields.push(tlv(0xa0, hashAlg(o.hash)));
  if (o.mgfHash !== undefined) fields.push(tlv(0xa1, seq(oid(o.mgf ?? MGF1), hashAlg(o.mgfHash))));
  if (o.salt !== undefined) fields.push(tlv(0xa2, int(o.salt)));
  if (o.trailer !== undefined) fields.push(tlv(0xa3, int(o.trailer)));
  if (o.extra !== undefined) fields.push(o.extra);
  return seq(oid(PSS), seq(...fields));
}
const pssFor = (h: 'sha256' | 'sha384' | 'sha512', salt: number) => pss({ hash: HASH[h], mgfHash: HASH[h], salt });

const alg = (der: Uint8Array, key: PublicKey, policy: AlgorithmPolicy = {}) => certificateSignatureAlgorithm(der, key, policy, cert);
const refused = (der: Uint8Array, key: PublicKey, reason: string, policy: AlgorithmPolicy = {}) =>
  expect(() => alg(der, key, policy)).toThrow(expect.objectContaining({ reason, certificate: cert }));

describe('accepted algorithms', () => {
  it.each(['P-256', 'P-384', 'P-521'] as const)('ECDSA on %s with SHA-256/384/512', (curve) => {
    for (const h of ['sha256', 'sha384', 'sha512'] as const) expect(alg(seq(oid(ECDSA[h])), ec(curve))).toEqual({ kind: 'ecdsa', hash: h });
  });

  it('Ed25519 (no parameters)', () => {
    expect(alg(seq(oid(ED25519)), ed25519)).toEqual({ kind: 'ed25519' });
  });

  it.each(['sha256', 'sha384', 'sha512'] as const)('RSA PKCS#1 v1.5 with %s (NULL parameters)', (h) => {
    expect(alg(seq(oid(RSA[h]), NULL), rsa())).toEqual({ kind: 'rsa-pkcs1', hash: h });
  });

  it.each([['sha256', 32], ['sha384', 48], ['sha512', 64]] as const)('RSA-PSS with %s, MGF1 over the same hash, salt %i', (h, salt) => {
    expect(alg(pssFor(h, salt), rsa())).toEqual({ kind: 'rsa-pss', hash: h, saltLength: salt });
    expect(alg(pssFor(h, salt), rsa(2048, true))).toEqual({ kind: 'rsa-pss', hash: h, saltLength: salt });
  });

  it('RSA-PSS: hash AlgorithmIdentifiers with absent parameters and an explicit trailer field 1', () => {
    const noNull = seq(oid(PSS), seq(tlv(0xa0, seq(oid(HASH.sha256))), tlv(0xa1, seq(oid(MGF1), seq(oid(HASH.sha256)))), tlv(0xa2, int(32)), tlv(0xa3, int(1))));
    expect(alg(noNull, rsa())).toEqual({ kind: 'rsa-pss', hash: 'sha256', saltLength: 32 });
  });
});

describe('SHA-1', () => {
  it('is refused by default (weak-algorithm, unsupported_certificate)', () => {
    expect(() => alg(seq(oid(RSA.sha1), NULL), rsa())).toThrow(expect.objectContaining({ reason: 'weak-algorithm', alertName: 'unsupported_certificate' }));
    refused(seq(oid(ECDSA.sha1)), ec('P-256'), 'weak-algorithm');
    // RSA-PSS with every field defaulted is SHA-1, MGF1-SHA-1, salt 20.
    refused(pss(), rsa(), 'weak-algorithm');
  });

  it('is accepted with dangerouslyAllowSha1', () => {
    const policy = { dangerouslyAllowSha1: true };
    expect(alg(seq(oid(RSA.sha1), NULL), rsa(), policy)).toEqual({ kind: 'rsa-pkcs1', hash: 'sha1' });
    expect(alg(seq(oid(ECDSA.sha1)), ec('P-256'), policy)).toEqual({ kind: 'ecdsa', hash: 'sha1' });
    expect(alg(pss(), rsa(), policy)).toEqual({ kind: 'rsa-pss', hash: 'sha1', saltLength: 20 });
  });
});

describe('unknown and malformed algorithm identifiers', () => {
  it.each([
    ['md5WithRSAEncryption', seq(oid('1.2.840.113549.1.1.4'), NULL)],
    ['sha224WithRSAEncryption', seq(oid('1.2.840.113549.1.1.14'), NULL)],
    ['ecdsa-with-SHA224', seq(oid('1.2.840.10045.4.3.1'))],
    ['Ed448', seq(oid('1.3.101.113'))],
    ['dsa-with-sha256', seq(oid('2.16.840.1.101.3.4.3.2'))],
    ['an arbitrary OID', seq(oid('1.2.3.4.5'))],
  ])('%s is unsupported-algorithm', (_, der) => {
    refused(der, rsa(), 'unsupported-algorithm');
    expect(() => alg(der, rsa())).toThrow(expect.objectContaining({ alertName: 'unsupported_certificate' }));
  });

  it.each([
    ['RSA without NULL parameters', seq(oid(RSA.sha256)), rsa()],
    ['RSA with non-NULL parameters', seq(oid(RSA.sha256), seq()), rsa()],
    ['ECDSA with NULL parameters', seq(oid(ECDSA.sha256), NULL), ec('P-256')],
    ['Ed25519 with NULL parameters', seq(oid(ED25519), NULL), ed25519],
    ['RSA-PSS without parameters', seq(oid(PSS)), rsa()],
    ['RSA-PSS with NULL parameters', seq(oid(PSS), NULL), rsa()],
    ['not a SEQUENCE', oid(ECDSA.sha256), ec('P-256')],
    ['RSA-PSS with an extra element', seq(oid(PSS), seq(), NULL), rsa()],
  ])('%s is bad-encoding', (_, der, key) => {
    refused(der, key, 'bad-encoding');
  });
});

describe('RSA-PSS parameters that do not fit', () => {
  it.each([
    ['MGF1 over another hash', pss({ hash: HASH.sha256, mgfHash: HASH.sha384, salt: 32 })],
    ['MGF1 defaulted (SHA-1) under SHA-256', pss({ hash: HASH.sha256, salt: 32 })],
    ['a mask generation function other than MGF1', pss({ hash: HASH.sha256, mgf: '1.2.840.113549.1.1.9', mgfHash: HASH.sha256, salt: 32 })],
    ['an unsupported hash (SHA-224)', pss({ hash: HASH.sha224, mgfHash: HASH.sha224, salt: 28 })],
    ['trailer field 2', pss({ hash: HASH.sha256, mgfHash: HASH.sha256, salt: 32, trailer: 2 })],
    ['an unknown field [4]', pss({ hash: HASH.sha256, mgfHash: HASH.sha256, salt: 32, extra: tlv(0xa4, int(0)) })],
  ])('%s is bad-encoding', (_, der) => {
    refused(der, rsa(), 'bad-encoding');
  });

  it('the declared salt length is the one the signature is checked with: a signature made with another salt is bad-signature', () => {
    // Re-sign the rsa-pss fixture leaf (which declares salt 32) with salt 20, then with salt 32.
    const leaf = parseCertificate(good('rsa-pss', 'leaf'));
    expect(alg(leaf.signatureAlgorithm, rsa())).toEqual({ kind: 'rsa-pss', hash: 'sha256', saltLength: 32 });
    const key = fixtureText('good/rsa-pss/intermediate.key');
    const resigned = (saltLength: number) =>
      seq(leaf.tbs, leaf.signatureAlgorithm, tlv(0x03, [0], sign('sha256', leaf.tbs, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength })));
    const opts = { roots: TrustStore.fromDer([good('rsa-pss', 'root')]), intermediates: [good('rsa-pss', 'intermediate')], now: NOW, serverName: 'localhost' };
    expect(() => verifyChain(resigned(20), opts)).toThrow(expect.objectContaining({ reason: 'bad-signature', alertName: 'bad_certificate' }));
    expect(() => verifyChain(resigned(64), opts)).toThrow(expect.objectContaining({ reason: 'bad-signature' }));
    expect(verifyChain(resigned(32), opts).chain).toHaveLength(2);
  });
});

describe('the algorithm must fit the issuer key (bad-signature)', () => {
  it.each([
    ['ECDSA with an RSA key', seq(oid(ECDSA.sha256)), rsa()],
    ['ECDSA with an Ed25519 key', seq(oid(ECDSA.sha256)), ed25519],
    ['Ed25519 with an EC key', seq(oid(ED25519)), ec('P-256')],
    ['RSA PKCS#1 with an EC key', seq(oid(RSA.sha256), NULL), ec('P-256')],
    ['RSA PKCS#1 with an RSA-PSS-only key', seq(oid(RSA.sha256), NULL), rsa(2048, true)],
    ['RSA-PSS with an EC key', pssFor('sha256', 32), ec('P-256')],
    ['RSA-PSS with an Ed25519 key', pssFor('sha256', 32), ed25519],
  ])('%s', (_, der, key) => {
    refused(der, key, 'bad-signature');
  });

  it('a real certificate checked against the wrong fixture key fails the same way', () => {
    const leaf = parseCertificate(good('p256', 'leaf'));
    refused(leaf.signatureAlgorithm, rsa(), 'bad-signature');
  });
});

describe('checkKeyStrength', () => {
  it('refuses RSA under 2048 bits by default (weak-key, unsupported_certificate)', () => {
    expect(() => checkKeyStrength(rsa(1024), {}, cert)).toThrow(expect.objectContaining({ reason: 'weak-key', alertName: 'unsupported_certificate' }));
    expect(() => checkKeyStrength(rsa(2047), {}, cert)).toThrow(expect.objectContaining({ reason: 'weak-key' }));
    expect(() => checkKeyStrength(rsa(2048), {}, cert)).not.toThrow();
    expect(() => checkKeyStrength(rsa(4096), {}, cert)).not.toThrow();
  });

  it('dangerouslyAllowRsaBitsBelow2048 lowers the minimum', () => {
    expect(() => checkKeyStrength(rsa(1024), { dangerouslyAllowRsaBitsBelow2048: 1024 }, cert)).not.toThrow();
    expect(() => checkKeyStrength(rsa(1023), { dangerouslyAllowRsaBitsBelow2048: 1024 }, cert)).toThrow(expect.objectContaining({ reason: 'weak-key' }));
  });

  it('accepts EC and Ed25519 keys, refuses Ed448 (unsupported-algorithm)', () => {
    expect(() => checkKeyStrength(ec('P-256'), {}, cert)).not.toThrow();
    expect(() => checkKeyStrength(ed25519, {}, cert)).not.toThrow();
    expect(() => checkKeyStrength({ kind: 'ed448', key: new Uint8Array(57) }, {}, cert)).toThrow(expect.objectContaining({ reason: 'unsupported-algorithm' }));
  });
});

// 2c. Signing (our CertificateVerify, RFC 9846 §4.5.2): `createSigner` offers exactly the schemes
// of each key type, in order; its signatures verify with node:crypto (the oracle) and with the
// provider's own verify; Ed25519 equals node's byte for byte; PKCS#1 v1.5, SHA-1, other key types'
// schemes, destroyed, mismatched and out-of-bounds keys are ApiMisuseError.
import { constants, generateKeyPairSync, randomBytes, sign as nodeSign, verify as nodeVerify, type KeyObject } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TlsError, type CryptoProvider, type PrivateKey, type RandomSource, type Signer } from '../../../src/index.js';
import { makePrivateKey, partsOf, privateKeyOf } from '../private_keys.js';
import { testKey, type KeyClass } from './keys.js';
import { thrown, utf8 } from './util.js';
import type { Make } from './index.js';

const MSG = utf8('TLS 1.3, client CertificateVerify\0 conformance');
const random: RandomSource = (n) => new Uint8Array(randomBytes(n));

/** Requires `fn` to throw ApiMisuseError (category api-misuse, no alert: the caller's mistake, nothing sent). */
function expectMisuse(fn: () => unknown, label: string): void {
  const e = thrown(fn);
  expect(e, `${label}: ${String(e)}`).toBeInstanceOf(TlsError);
  const err = e as TlsError;
  expect({ name: err.name, category: err.category, alert: err.alert }, label).toEqual({ name: 'ApiMisuseError', category: 'api-misuse', alert: undefined });
}

/** The scheme → node:crypto verification parameters (ECDSA DER, PSS salt = hash length). */
const ORACLE: Record<number, { hash: string | null; pss?: number }> = {
  0x0403: { hash: 'sha256' }, 0x0503: { hash: 'sha384' }, 0x0807: { hash: null },
  0x0804: { hash: 'sha256', pss: 32 }, 0x0805: { hash: 'sha384', pss: 48 }, 0x0806: { hash: 'sha512', pss: 64 },
  0x0809: { hash: 'sha256', pss: 32 }, 0x080a: { hash: 'sha384', pss: 48 }, 0x080b: { hash: 'sha512', pss: 64 },
};

/** The key classes a client key can be, the node key behind each, and the schemes it must offer. */
const CASES: readonly { label: string; keyClass: KeyClass; pssOnly?: boolean; schemes: readonly number[] }[] = [
  { label: 'EC P-256', keyClass: 'P-256', schemes: [0x0403] },
  { label: 'EC P-384', keyClass: 'P-384', schemes: [0x0503] },
  { label: 'Ed25519', keyClass: 'ed25519', schemes: [0x0807] },
  { label: 'RSA-2048 rsaEncryption', keyClass: 'rsae', schemes: [0x0804, 0x0805, 0x0806] },
  // node's 'rsa-pss' keys have no JWK export: the same numbers, marked id-RSASSA-PSS.
  { label: 'RSA-2048 id-RSASSA-PSS', keyClass: 'rsae', pssOnly: true, schemes: [0x0809, 0x080a, 0x080b] },
];

const keyOf = (c: (typeof CASES)[number]): PrivateKey => privateKeyOf(testKey(c.keyClass).privateKey, { pssOnly: c.pssOnly === true });

function oracleVerifies(id: number, publicKey: KeyObject, message: Uint8Array, sig: Uint8Array): boolean {
  const o = ORACLE[id]!;
  if (o.pss !== undefined) return nodeVerify(o.hash, message, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: o.pss }, sig);
  return nodeVerify(o.hash, message, o.hash === null ? publicKey : { key: publicKey, dsaEncoding: 'der' }, sig);
}

/** A synchronous signature (our providers never return a promise). */
function signNow(signer: Signer, id: number, message: Uint8Array): Uint8Array {
  const sig = signer.sign(id, message);
  expect(sig, 'a synchronous Uint8Array').toBeInstanceOf(Uint8Array);
  return sig as Uint8Array;
}

export function describeSigning(make: Make): void {
  describe('signing (createSigner)', () => {
    const p: CryptoProvider = make();

    it('has createSigner', () => {
      expect(typeof p.createSigner).toBe('function');
    });

    it.each(CASES)('$label: exactly its schemes, each verifying with node:crypto and with the provider', (c) => {
      const key = keyOf(c);
      const signer = p.createSigner!(key, random);
      expect(signer.schemes).toEqual(c.schemes);
      const nodeKey = testKey(c.keyClass).privateKey;
      for (const id of signer.schemes) {
        const sig = signNow(signer, id, MSG);
        const scheme = p.signatureSchemes.find((s) => s.id === id)!;
        expect(oracleVerifies(id, nodeKey, MSG, sig), `node:crypto 0x${id.toString(16)}`).toBe(true);
        expect(oracleVerifies(id, nodeKey, MSG.subarray(1), sig), 'other message').toBe(false);
        expect(scheme.keyFits(key.publicKey) && scheme.verify(key.publicKey, MSG, sig), `provider 0x${id.toString(16)}`).toBe(true);
      }
    });

    it('Ed25519 signatures are node:crypto\'s, byte for byte (RFC 8032 is deterministic)', () => {
      const k = testKey('ed25519').privateKey;
      const sig = signNow(p.createSigner!(privateKeyOf(k), random), 0x0807, MSG);
      expect(Buffer.from(sig).equals(nodeSign(null, MSG, k))).toBe(true);
    });

    it.each(CASES)('$label: PKCS#1 v1.5, SHA-1, other key types\' and unassigned schemes are ApiMisuseError', (c) => {
      const signer = p.createSigner!(keyOf(c), random);
      const others = [0x0401, 0x0501, 0x0601, 0x0201, 0x0203, 0x0603, 0x0808, 0xfefe, ...Object.keys(ORACLE).map(Number)].filter((x) => !signer.schemes.includes(x));
      for (const id of others) expectMisuse(() => signer.sign(id, MSG), `0x${id.toString(16)}`);
    });

    it.each(CASES)('$label: a destroyed key is ApiMisuseError, at creation and at sign time', (c) => {
      const gone = keyOf(c);
      gone.destroy();
      expectMisuse(() => p.createSigner!(gone, random), 'destroyed before');
      const key = keyOf(c);
      const signer = p.createSigner!(key, random);
      key.destroy();
      expectMisuse(() => signer.sign(c.schemes[0]!, MSG), 'destroyed after');
    });

    it('keys it cannot sign with: mismatched halves, Ed448, RSA outside the provider\'s bounds (SHA-512 left out where it does not fit)', () => {
      const ec = partsOf(testKey('P-256').privateKey);
      const ec384 = partsOf(testKey('P-384').privateKey);
      const ed = partsOf(testKey('ed25519').privateKey);
      expectMisuse(() => p.createSigner!(makePrivateKey(ec.publicKey, ec384.material), random), 'curve mismatch');
      expectMisuse(() => p.createSigner!(makePrivateKey(ec.publicKey, ed.material), random), 'kind mismatch');
      expectMisuse(() => p.createSigner!(makePrivateKey({ kind: 'ed448', key: new Uint8Array(57) }, ed.material), random), 'Ed448');
      const rsa1024 = privateKeyOf(generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey);
      expectMisuse(() => p.createSigner!(rsa1024, random), 'RSA-1024 with the default bounds');
      const legacy = make({ rsaMinModulusBits: 1024 });
      const signer = legacy.createSigner!(rsa1024, random);
      expect(signer.schemes).toEqual([0x0804, 0x0805]); // emLen 128 < 64 + 64 + 2
      expect(legacy.verify({ kind: 'rsa-pss', hash: 'sha384' }, rsa1024.publicKey, MSG, signNow(signer, 0x0805, MSG))).toBe(true);
    });
  });
}

// 2b. Signatures: for every scheme, node:crypto signs with a fresh key and the provider verifies
// (through the scheme and through provider.verify); tampered inputs, wrong keys, unfit keys and
// malformed encodings are false, never a throw.
import { sign } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CryptoProvider, PublicKey, SignatureAlgorithm } from '../../../src/index.js';
import { EXPECTED_SCHEMES, KEY_CLASSES, nodeSign, rsaNumbers, rsaSpki, testKey, tlv, type ExpectedScheme } from './keys.js';
import { flip, noThrow, utf8 } from './util.js';
import type { Make } from './index.js';

const MSG = utf8('TLS 1.3, server CertificateVerify\0 conformance');

/** Ed25519 group order L (RFC 8032 §5.1). */
const ED25519_L = (1n << 252n) + 27742317777372353535851937790883648493n;

/** Both verification paths (scheme and provider.verify), which must agree; never a throw. */
function verdict(p: CryptoProvider, s: ExpectedScheme, key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  const scheme = p.signatureSchemes.find((x) => x.id === s.id)!;
  const viaScheme = noThrow(() => scheme.verify(key, message, signature));
  const viaProvider = noThrow(() => p.verify(s.alg, key, message, signature));
  expect(viaScheme, `${s.name}: scheme.verify and provider.verify disagree`).toBe(viaProvider);
  return viaScheme;
}

/** Malformed encodings of a valid signature for this scheme (each must verify to false). */
function malformed(s: ExpectedScheme, sig: Uint8Array): Record<string, Uint8Array> {
  const common = { empty: new Uint8Array(0), 'one byte short': sig.subarray(0, sig.length - 1), 'one byte added': Uint8Array.from([...sig, 0]), 'leading zero': Uint8Array.from([0, ...sig]) };
  switch (s.alg.kind) {
    case 'ecdsa': {
      const body = [...sig.subarray(2)];
      return {
        ...common,
        'BER long-form length': Uint8Array.from([0x30, 0x81, body.length, ...body]),
        'r = 0': Uint8Array.from(tlv(0x30, [...tlv(0x02, [0]), ...tlv(0x02, [1])])),
        'not a SEQUENCE': Uint8Array.from([0x31, ...sig.subarray(1)]),
        'raw r || s (IEEE P1363)': new Uint8Array(sign(s.alg.hash, MSG, { key: testKey(s.keyClass).privateKey, dsaEncoding: 'ieee-p1363' })),
      };
    }
    case 'ed25519': {
      const S = BigInt('0x' + Buffer.from(sig.subarray(32)).reverse().toString('hex')) + ED25519_L;
      const sPlusL = Buffer.from(S.toString(16).padStart(64, '0'), 'hex').reverse();
      return { ...common, 'S + L (non-canonical, RFC 8032 §5.1.7)': Uint8Array.from([...sig.subarray(0, 32), ...sPlusL]), 'all zero': new Uint8Array(64) };
    }
    default:
      return { ...common, 's >= n': new Uint8Array(sig.length).fill(0xff), zero: new Uint8Array(sig.length) };
  }
}

export function describeSignatures(make: Make): void {
  describe('signatures', () => {
    const p = make();

    it.each(EXPECTED_SCHEMES)('$name: node signatures verify; tampered, wrong-key and malformed ones are false', (s) => {
      const k = testKey(s.keyClass);
      const key = p.parsePublicKey(k.spki);
      const other = p.parsePublicKey(k.otherSpki);
      // Several signatures and sightings of the key (ECDSA: high-S ones, and any per-key caching).
      for (let i = 0; i < 4; i++) {
        const sig = nodeSign(s.alg, k.privateKey, MSG);
        expect(verdict(p, s, key, MSG, sig), `${s.name} valid signature #${i}`).toBe(true);
        expect(verdict(p, s, key, flip(MSG, i), sig), 'tampered message').toBe(false);
        expect(verdict(p, s, key, MSG, flip(sig, 5 + i)), 'tampered signature').toBe(false);
        expect(verdict(p, s, key, MSG, flip(sig, -1 - i)), 'tampered signature end').toBe(false);
        expect(verdict(p, s, other, MSG, sig), 'wrong key').toBe(false);
      }
      const sig = nodeSign(s.alg, k.privateKey, MSG);
      expect(verdict(p, s, key, MSG.subarray(1), sig), 'truncated message').toBe(false);
      for (const [label, bad] of Object.entries(malformed(s, sig))) expect(verdict(p, s, key, MSG, bad), `${s.name}: ${label}`).toBe(false);
    });

    it.each(EXPECTED_SCHEMES)('$name: keys of every other class are false (scheme and algorithm), never a throw', (s) => {
      const sig = nodeSign(s.alg, testKey(s.keyClass).privateKey, MSG);
      for (const c of KEY_CLASSES.filter((x) => x !== s.keyClass)) {
        const key = p.parsePublicKey(testKey(c).spki);
        const scheme = p.signatureSchemes.find((x) => x.id === s.id)!;
        expect(noThrow(() => scheme.verify(key, MSG, sig)), `${s.name} with a ${c} key`).toBe(false);
        expect(noThrow(() => p.verify(s.alg, key, MSG, sig)), `${s.name} algorithm with a ${c} key`).toBe(false);
      }
    });

    it('provider.verify: the hash and salt length are honoured, PKCS#1 refuses an RSASSA-PSS key', () => {
      const rsa = testKey('rsae');
      const key = p.parsePublicKey(rsa.spki);
      const salt20: SignatureAlgorithm = { kind: 'rsa-pss', hash: 'sha256', saltLength: 20 };
      const sig20 = nodeSign(salt20, rsa.privateKey, MSG);
      expect(noThrow(() => p.verify(salt20, key, MSG, sig20))).toBe(true);
      expect(noThrow(() => p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, MSG, sig20))).toBe(false);
      const pkcs = nodeSign({ kind: 'rsa-pkcs1', hash: 'sha256' }, rsa.privateKey, MSG);
      expect(noThrow(() => p.verify({ kind: 'rsa-pkcs1', hash: 'sha384' }, key, MSG, pkcs))).toBe(false);
      expect(noThrow(() => p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, MSG, pkcs))).toBe(false);
      // The rsaEncryption key's (n, e) under id-RSASSA-PSS: its valid PKCS#1 signature is refused.
      const { n, e } = rsaNumbers(rsa.privateKey);
      const pssOnly = p.parsePublicKey(rsaSpki(n, e, true));
      expect(pssOnly).toMatchObject({ kind: 'rsa', pssOnly: true, bits: 2048 });
      expect(noThrow(() => p.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, key, MSG, pkcs))).toBe(true);
      expect(noThrow(() => p.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, pssOnly, MSG, pkcs))).toBe(false);
      expect(noThrow(() => p.verify({ kind: 'rsa-pss', hash: 'sha256' }, pssOnly, MSG, nodeSign({ kind: 'rsa-pss', hash: 'sha256' }, rsa.privateKey, MSG)))).toBe(true);
      // ECDSA takes any hash with any curve in certificates (P-256 with SHA-384 here).
      const ec = testKey('P-256');
      const ecSig = nodeSign({ kind: 'ecdsa', hash: 'sha384' }, ec.privateKey, MSG);
      expect(noThrow(() => p.verify({ kind: 'ecdsa', hash: 'sha384' }, p.parsePublicKey(ec.spki), MSG, ecSig))).toBe(true);
      expect(noThrow(() => p.verify({ kind: 'ecdsa', hash: 'sha256' }, p.parsePublicKey(ec.spki), MSG, ecSig))).toBe(false);
    });
  });
}

// 1. The registry: the suites, groups and schemes the engine expects, with their ids, names and
// lengths, the default offer they make, and which keys each scheme fits.
import { describe, expect, it } from 'vitest';
import { DEFAULT_SIGNATURE_SCHEMES, defaultSignatureSchemes, type CryptoProvider, type HashAlgorithm } from '../../../src/index.js';
import { EXPECTED_SCHEMES, KEY_CLASSES, testKey } from './keys.js';
import type { Make } from './index.js';

/** RFC 9846 §B.4. */
const SUITES = [
  { id: 0x1301, name: 'TLS_AES_128_GCM_SHA256', hash: 'sha256', hashLength: 32, keyLength: 16, ivLength: 12, aead: 'aes-128-gcm' },
  { id: 0x1302, name: 'TLS_AES_256_GCM_SHA384', hash: 'sha384', hashLength: 48, keyLength: 32, ivLength: 12, aead: 'aes-256-gcm' },
  { id: 0x1303, name: 'TLS_CHACHA20_POLY1305_SHA256', hash: 'sha256', hashLength: 32, keyLength: 32, ivLength: 12, aead: 'chacha20-poly1305' },
] as const;

/** RFC 9846 §4.3.7. */
const GROUPS = [{ id: 0x001d, name: 'x25519' }, { id: 0x0017, name: 'secp256r1' }, { id: 0x0018, name: 'secp384r1' }] as const;

const HASH_LENGTHS: Record<HashAlgorithm, number> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

export function describeRegistry(make: Make): void {
  describe('registry', () => {
    const p: CryptoProvider = make();

    it.each(SUITES)('cipher suite $name with its hash, lengths and AEAD', (s) => {
      const suite = p.cipherSuites.find((x) => x.id === s.id);
      expect(suite, s.name).toBeDefined();
      expect({ name: suite!.name, hash: suite!.hash, hashLength: suite!.hashLength, keyLength: suite!.keyLength, ivLength: suite!.ivLength })
        .toEqual({ name: s.name, hash: s.hash, hashLength: s.hashLength, keyLength: s.keyLength, ivLength: s.ivLength });
      expect({ name: suite!.aead.name, keyLength: suite!.aead.keyLength, tagLength: suite!.aead.tagLength }).toEqual({ name: s.aead, keyLength: s.keyLength, tagLength: 16 });
      expect(p.hashLength(suite!.hash)).toBe(s.hashLength);
    });

    it.each(GROUPS)('group $name', (g) => {
      const group = p.groups.find((x) => x.id === g.id);
      expect(group?.name).toBe(g.name);
    });

    it.each(EXPECTED_SCHEMES)('signature scheme $name: codepoint and flags', (s) => {
      const scheme = p.signatureSchemes.find((x) => x.id === s.id);
      expect(scheme, s.name).toBeDefined();
      expect({ name: scheme!.name, certificateVerify: scheme!.certificateVerify, offeredByDefault: scheme!.offeredByDefault })
        .toEqual({ name: s.name, certificateVerify: s.certificateVerify, offeredByDefault: s.offeredByDefault });
    });

    it('codepoints are unique within each list', () => {
      for (const list of [p.cipherSuites, p.groups, p.signatureSchemes]) {
        const ids = list.map((x) => x.id);
        expect(new Set(ids).size).toBe(ids.length);
      }
    });

    it('hashLength of every hash', () => {
      for (const [alg, n] of Object.entries(HASH_LENGTHS) as [HashAlgorithm, number][]) expect(p.hashLength(alg), alg).toBe(n);
    });

    it('the default offer (suites, groups, signature_algorithms) is the engine default, in order', () => {
      expect(p.cipherSuites.map((s) => s.id).filter((id) => SUITES.some((s) => s.id === id))).toEqual([0x1301, 0x1302, 0x1303]);
      expect(p.groups.map((g) => g.id).filter((id) => GROUPS.some((g) => g.id === id))).toEqual([0x001d, 0x0017, 0x0018]);
      expect(defaultSignatureSchemes(p).map((s) => s.id).filter((id) => DEFAULT_SIGNATURE_SCHEMES.includes(id))).toEqual(DEFAULT_SIGNATURE_SCHEMES);
    });

    it('every group\'s exchange reports its group', () => {
      for (const g of p.groups.filter((x) => GROUPS.some((e) => e.id === x.id))) {
        let i = 0;
        const kx = g.start((n) => Uint8Array.from({ length: n }, () => (i++ * 37 + 11) & 0xff));
        expect(kx.group.id).toBe(g.id);
        kx.destroy();
      }
    });

    it.each(KEY_CLASSES)('keyFits verdicts for a %s key', (keyClass) => {
      const key = p.parsePublicKey(testKey(keyClass).spki);
      const verdicts = Object.fromEntries(EXPECTED_SCHEMES.map((s) => [s.name, p.signatureSchemes.find((x) => x.id === s.id)!.keyFits(key)]));
      expect(verdicts).toEqual(Object.fromEntries(EXPECTED_SCHEMES.map((s) => [s.name, s.keyClass === keyClass])));
    });

    it('parsePublicKey gives the key kind, curve, size and PSS restriction', () => {
      expect(p.parsePublicKey(testKey('P-256').spki)).toMatchObject({ kind: 'ec', curve: 'P-256' });
      expect(p.parsePublicKey(testKey('P-384').spki)).toMatchObject({ kind: 'ec', curve: 'P-384' });
      expect(p.parsePublicKey(testKey('P-521').spki)).toMatchObject({ kind: 'ec', curve: 'P-521' });
      expect(p.parsePublicKey(testKey('ed25519').spki)).toMatchObject({ kind: 'ed25519' });
      expect(p.parsePublicKey(testKey('rsae').spki)).toMatchObject({ kind: 'rsa', bits: 2048, e: 65537n, pssOnly: false });
      expect(p.parsePublicKey(testKey('rsapss').spki)).toMatchObject({ kind: 'rsa', bits: 2048, e: 65537n, pssOnly: true });
      const ec = p.parsePublicKey(testKey('P-256').spki);
      expect(ec.kind === 'ec' && ec.point.length).toBe(65);
      const ed = p.parsePublicKey(testKey('ed25519').spki);
      expect(ed.kind === 'ed25519' && ed.key.length).toBe(32);
    });
  });
}

// RSA public keys are checked before any exponentiation (issue 8, item 1): a 16384-bit modulus or
// a 16383-bit public exponent would cost seconds of CPU per verification (one per candidate issuer
// in path building, one for CertificateVerify). Counted, not timed: modPow is spied on.
import { constants, generateKeyPairSync, sign } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ modPow: 0, bigInts: 0 }));
vi.mock('../../src/codec/hex.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/codec/hex.js')>();
  return { ...orig, bigIntFromBytes: (b: Uint8Array) => { calls.bigInts++; return orig.bigIntFromBytes(b); } };
});
vi.mock('../../src/crypto/modpow.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('../../src/crypto/modpow.js')>();
  return { modPow: (b: bigint, e: bigint, m: bigint) => { calls.modPow++; return orig.modPow(b, e, m); } };
});

const { createNobleProvider, nobleProvider } = await import('../../src/crypto/noble/index.js');
const { RsaKeyError, rsaPkcs1Verify } = await import('../../src/crypto/rsa.js');
const { Limits } = await import('../../src/limits.js');
import type { PublicKey } from '../../src/crypto/provider.js';

// --- a hand-made SubjectPublicKeyInfo for any (n, e) -------------------------------------------
const len = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
const tlv = (tag: number, body: number[]): number[] => [tag, ...len(body.length), ...body];
function intBytes(x: bigint): number[] {
  let hex = x.toString(16);
  if (hex.length % 2) hex = '0' + hex;
  const b = hex.match(/../g)!.map((h) => parseInt(h, 16));
  return b[0]! & 0x80 ? [0, ...b] : b;
}
const RSA_ALG = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
const rsaSpki = (n: bigint, e: bigint): Uint8Array => Uint8Array.from(tlv(0x30, [...RSA_ALG, ...tlv(0x03, [0, ...tlv(0x30, [...tlv(0x02, intBytes(n)), ...tlv(0x02, intBytes(e))])])]));

/** The hostile key of the issue: a 16384-bit modulus and a 16383-bit exponent (both odd). */
const hugeN = (1n << 16383n) + 1n;
const hugeE = (1n << 16382n) + 1n;
const n4096 = (1n << 4095n) + 1n;
const msg = new TextEncoder().encode('CertificateVerify content');
const rsaKey = (n: bigint, e: bigint): PublicKey => ({ kind: 'rsa', n, e, bits: n.toString(2).length, pssOnly: false });

beforeEach(() => { calls.modPow = 0; calls.bigInts = 0; });

describe('RSA key bounds, before any exponentiation', () => {
  it('parsePublicKey refuses a 16384-bit modulus (key-too-large) without exponentiating', () => {
    expect(() => nobleProvider.parsePublicKey(rsaSpki(hugeN, 65537n))).toThrow(expect.objectContaining({ name: 'RsaKeyError', reason: 'key-too-large', alertName: 'unsupported_certificate' }));
    expect(calls.modPow).toBe(0);
  });

  it('parsePublicKey refuses an oversized modulus or exponent from its encoded length, before reading either INTEGER', () => {
    const bigN = (1n << (8n * 60_000n)) + 1n; // a 60,000-byte INTEGER, within a 64 KiB certificate
    expect(() => nobleProvider.parsePublicKey(rsaSpki(bigN, 65537n))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
    expect(() => nobleProvider.parsePublicKey(rsaSpki(n4096, (1n << (8n * 1000n)) + 1n))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
    expect(calls.bigInts).toBe(0);
    expect(nobleProvider.parsePublicKey(rsaSpki(n4096, 65537n))).toMatchObject({ bits: 4096 });
    expect(calls.bigInts).toBe(2);
  });

  it('parsePublicKey refuses a 16383-bit public exponent (key-too-large)', () => {
    expect(() => nobleProvider.parsePublicKey(rsaSpki(n4096, hugeE))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
    expect(() => nobleProvider.parsePublicKey(rsaSpki(n4096, 1n << 33n | 1n))).toThrow(RsaKeyError);
    expect(nobleProvider.parsePublicKey(rsaSpki(n4096, (1n << 33n) - 1n))).toMatchObject({ kind: 'rsa', bits: 4096 });
  });

  it('parsePublicKey refuses an even or too-small exponent and an even modulus (bad-key)', () => {
    for (const [n, e] of [[n4096, 65536n], [n4096, 1n], [n4096 + 1n, 65537n]] as const) {
      expect(() => nobleProvider.parsePublicKey(rsaSpki(n, e))).toThrow(expect.objectContaining({ reason: 'bad-key', alertName: 'bad_certificate' }));
    }
  });

  it('parsePublicKey refuses a modulus under 2048 bits (weak-key) and accepts 2048 to 8192', () => {
    expect(() => nobleProvider.parsePublicKey(rsaSpki((1n << 2046n) + 1n, 65537n))).toThrow(expect.objectContaining({ reason: 'weak-key' }));
    expect(nobleProvider.parsePublicKey(rsaSpki((1n << 2047n) + 1n, 65537n))).toMatchObject({ bits: Limits.minRsaModulusBits });
    expect(nobleProvider.parsePublicKey(rsaSpki((1n << 8191n) + 1n, 65537n))).toMatchObject({ bits: Limits.maxRsaModulusBits });
    expect(() => nobleProvider.parsePublicKey(rsaSpki((1n << 8192n) + 1n, 65537n))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
  });

  it('verify (the CertificateVerify path) with a hand-built huge key is false with no exponentiation', () => {
    const sig = new Uint8Array(2048).fill(1);
    for (const key of [rsaKey(hugeN, hugeE), rsaKey(hugeN, 65537n), rsaKey(n4096, hugeE)]) {
      expect(nobleProvider.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, sig)).toBe(false);
      expect(nobleProvider.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, key, msg, sig)).toBe(false);
    }
    expect(calls.modPow).toBe(0);
  });

  it('a good 2048-bit signature still costs exactly one exponentiation', () => {
    const pair = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const key = nobleProvider.parsePublicKey(new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' })));
    const sig = new Uint8Array(sign('sha256', msg, { key: pair.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }));
    expect(nobleProvider.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, sig)).toBe(true);
    expect(calls.modPow).toBe(1);
  });

  it('the bounds are configurable per provider (createNobleProvider({ rsa }))', () => {
    const small = rsaSpki((1n << 1023n) + 1n, 65537n);
    expect(() => nobleProvider.parsePublicKey(small)).toThrow(expect.objectContaining({ reason: 'weak-key' }));
    // The RFC 8448 runs configure exactly this: their server key has 1024 bits.
    expect(createNobleProvider({ rsa: { minModulusBits: 1024 } }).parsePublicKey(small)).toMatchObject({ bits: 1024 });
    expect(() => createNobleProvider({ rsa: { maxModulusBits: 3072 } }).parsePublicKey(rsaSpki(n4096, 65537n))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
    const strict = createNobleProvider({ rsa: { maxModulusBits: 3072 } });
    expect(strict.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, rsaKey(n4096, 65537n), msg, new Uint8Array(512))).toBe(false);
    expect(calls.modPow).toBe(0);
  });

  it('rsaPkcs1Verify called directly applies the default bounds too', () => {
    const hash = { name: 'sha256' as const, outputLen: 32, digest: () => new Uint8Array(32) };
    expect(rsaPkcs1Verify({ n: hugeN, e: hugeE }, hash, msg, new Uint8Array(2048))).toBe(false);
    expect(calls.modPow).toBe(0);
  });
});

describe('RSA modulus and exponent INTEGERs are strict DER', () => {
  const n2048 = (1n << 2047n) + 1n;
  const spkiWith = (nBody: number[], eBody: number[]) => Uint8Array.from(tlv(0x30, [...RSA_ALG, ...tlv(0x03, [0, ...tlv(0x30, [...tlv(0x02, nBody), ...tlv(0x02, eBody)])])]));
  it('a modulus with a needless leading 00 is refused (non-minimal)', () => {
    expect(() => nobleProvider.parsePublicKey(spkiWith([0, 0, ...intBytes(n2048).slice(1)], intBytes(65537n)))).toThrow(/non-minimal INTEGER/);
  });
  it('a negative modulus is refused', () => {
    expect(() => nobleProvider.parsePublicKey(spkiWith(intBytes(n2048).slice(1), intBytes(65537n)))).toThrow(/negative INTEGER/);
  });
  it('a non-minimal exponent (00 01 00 01) is refused', () => {
    expect(() => nobleProvider.parsePublicKey(spkiWith(intBytes(n2048), [0, 1, 0, 1]))).toThrow(/non-minimal INTEGER/);
  });
});

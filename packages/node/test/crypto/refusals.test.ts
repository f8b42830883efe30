// What the node:crypto provider refuses, as the noble provider does: tampered records (null, never
// an exception), malformed key shares (illegal_parameter), RSA keys outside the bounds (before
// node:crypto sees them: counted, not timed), broken random sources; and what it returns: plain
// Uint8Arrays with memory of their own, never views into Node's Buffer pool.
import { generateKeyPairSync } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ createPublicKey: 0, verify: 0 }));
vi.mock('node:crypto', async (importOriginal) => {
  const orig = await importOriginal<typeof import('node:crypto')>();
  return {
    ...orig,
    createPublicKey: (...a: Parameters<typeof orig.createPublicKey>) => { calls.createPublicKey++; return orig.createPublicKey(...a); },
    verify: (...a: Parameters<typeof orig.verify>) => { calls.verify++; return orig.verify(...a); },
  };
});

const { createNodeCryptoProvider, nodeCryptoProvider: p } = await import('../../src/crypto/index.js');
import type { PublicKey } from '@puretls/core';

beforeEach(() => { calls.createPublicKey = 0; calls.verify = 0; });
const group = (name: string) => p.groups.find((g) => g.name === name)!;
const ones = (n: number) => () => new Uint8Array(n).fill(1);

describe('AEADs', () => {
  it.each(p.cipherSuites.map((s) => s.aead))('$name: any flipped bit, a short record, other additional data: null', (aead) => {
    const a = aead.create(new Uint8Array(aead.keyLength).fill(9));
    const nonce = new Uint8Array(12).fill(3);
    const aad = Uint8Array.of(23, 3, 3, 0, 40);
    const sealed = a.seal(nonce, new Uint8Array(24).fill(0x61), aad);
    for (let i = 0; i < sealed.length; i++) {
      const bad = sealed.slice();
      bad[i]! ^= 0x80;
      expect(a.open(nonce, bad, aad)).toBeNull();
    }
    expect(a.open(nonce, sealed.subarray(0, 15), aad)).toBeNull();
    expect(a.open(nonce, sealed, Uint8Array.of(23, 3, 3, 0, 41))).toBeNull();
    expect(a.open(new Uint8Array(12), sealed, aad)).toBeNull();
    expect(a.open(new Uint8Array(8), sealed, aad)).toBeNull();
    expect(() => a.seal(new Uint8Array(8), sealed, aad)).toThrow(expect.objectContaining({ name: 'InternalError' }));
    expect(() => aead.create(new Uint8Array(aead.keyLength - 1))).toThrow(expect.objectContaining({ name: 'InternalError' }));
  });

  it('results are plain Uint8Arrays owning all of their memory (no Buffer, no pool slab)', () => {
    const aead = p.cipherSuites[0]!.aead.create(new Uint8Array(16));
    const sealed = aead.seal(new Uint8Array(12), Uint8Array.of(1, 2, 3), new Uint8Array(5));
    const opened = aead.open(new Uint8Array(12), sealed, new Uint8Array(5))!;
    const kx = group('x25519').start(ones(32));
    const outputs = [sealed, opened, p.hash('sha256', sealed), p.createHash('sha384').digest(), p.hmac('sha256', sealed, sealed),
      p.hkdfExtract('sha256', sealed, sealed), p.hkdfExpand('sha256', sealed, sealed, 40), kx.share, kx.complete(group('x25519').start(ones(32)).share),
      group('secp256r1').start(ones(32)).share];
    for (const out of outputs) {
      expect(Buffer.isBuffer(out)).toBe(false);
      expect([out.byteOffset, out.buffer.byteLength]).toEqual([0, out.length]);
    }
  });
});

describe('key shares', () => {
  it('malformed or off-curve shares and the all-zero X25519 secret are illegal_parameter', () => {
    const x = group('x25519').start(ones(32));
    const n256 = group('secp256r1').start(ones(32));
    const n384 = group('secp384r1').start(ones(48));
    const cases: Array<[typeof x, Uint8Array]> = [
      [x, new Uint8Array(31)], [x, new Uint8Array(33)],
      [x, new Uint8Array(32)], // u = 0: the all-zero secret
      [x, Uint8Array.of(1, ...new Uint8Array(31))], // u = 1, order 1
      [x, Uint8Array.from(Buffer.from('e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', 'hex'))], // order 8
      [n256, new Uint8Array(65)], [n256, Uint8Array.of(4, ...new Uint8Array(64).fill(1))], [n256, n256.share.subarray(0, 33)],
      [n256, Uint8Array.of(2, ...n256.share.subarray(1, 33))], [n256, n384.share],
      [n384, Uint8Array.of(4, ...new Uint8Array(96).fill(2))], [n384, n256.share], [n384, Uint8Array.of(5, ...n384.share.subarray(1))],
    ];
    for (const [kx, share] of cases) {
      expect(() => kx.complete(share)).toThrow(expect.objectContaining({ name: 'InvalidMessageError', alertName: 'illegal_parameter' }));
    }
  });

  it('an invalid scalar is drawn again (0, n, 2^256-1); a source that never gives one ends in InternalError after 8 draws', () => {
    const n = Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex');
    const draws = [new Uint8Array(32), new Uint8Array(n), new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(1)];
    let i = 0;
    const kx = group('secp256r1').start(() => draws[i++]!.slice());
    expect(i).toBe(4);
    expect(kx.share).toEqual(group('secp256r1').start(ones(32)).share);
    i = 0;
    expect(() => group('secp384r1').start(() => (i++, new Uint8Array(48)))).toThrow(expect.objectContaining({ name: 'InternalError' }));
    expect(i).toBe(8);
    expect(() => group('x25519').start(() => new Uint8Array(31))).toThrow(expect.objectContaining({ name: 'InternalError' }));
  });

  it('the random bytes drawn are wiped once the key is made', () => {
    const drawn: Uint8Array[] = [];
    for (const [name, len] of [['x25519', 32], ['secp256r1', 32], ['secp384r1', 48]] as const) {
      group(name).start((k) => { const b = new Uint8Array(k).fill(len); drawn.push(b); return b; }).destroy();
    }
    expect(drawn.every((b) => b.every((x) => x === 0))).toBe(true);
  });
});

// --- RSA bounds, as core's test/crypto/rsa-bounds.test.ts checks them for noble -----------------
const len = (n: number): number[] => (n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff]);
const tlv = (tag: number, body: number[]): number[] => [tag, ...len(body.length), ...body];
function intBytes(x: bigint): number[] {
  let hex = x.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const b = hex.match(/../g)!.map((h) => parseInt(h, 16));
  return b[0]! & 0x80 ? [0, ...b] : b;
}
const RSA_ALG = [0x30, 0x0d, 0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01, 0x05, 0x00];
const rsaSpki = (n: bigint, e: bigint): Uint8Array => Uint8Array.from(tlv(0x30, [...RSA_ALG, ...tlv(0x03, [0, ...tlv(0x30, [...tlv(0x02, intBytes(n)), ...tlv(0x02, intBytes(e))])])]));
const rsaKey = (n: bigint, e: bigint): PublicKey => ({ kind: 'rsa', n, e, bits: n.toString(2).length, pssOnly: false });
const hugeN = (1n << 16383n) + 1n;
const n4096 = (1n << 4095n) + 1n;

describe('RSA key bounds, before node:crypto sees the key', () => {
  it('parsePublicKey refuses keys out of bounds with RsaKeyError, as noble does', () => {
    expect(() => p.parsePublicKey(rsaSpki(hugeN, 65537n))).toThrow(expect.objectContaining({ name: 'RsaKeyError', reason: 'key-too-large', alertName: 'unsupported_certificate' }));
    expect(() => p.parsePublicKey(rsaSpki((1n << 2046n) + 1n, 65537n))).toThrow(expect.objectContaining({ reason: 'weak-key' }));
    expect(() => p.parsePublicKey(rsaSpki(n4096, 65536n))).toThrow(expect.objectContaining({ reason: 'bad-key', alertName: 'bad_certificate' }));
    expect(() => p.parsePublicKey(rsaSpki(n4096, (1n << 33n) | 1n))).toThrow(expect.objectContaining({ reason: 'key-too-large' }));
    expect(p.parsePublicKey(rsaSpki(n4096, 65537n))).toMatchObject({ kind: 'rsa', bits: 4096 });
  });

  it('verify with a hand-built key out of bounds is false without touching node:crypto', () => {
    const msg = new Uint8Array(10);
    const cases: Array<[PublicKey, number]> = [[rsaKey(hugeN, 65537n), 2048], [rsaKey(n4096, (1n << 16382n) + 1n), 512], [rsaKey((1n << 1023n) + 1n, 65537n), 128], [rsaKey(n4096, 4n), 512], [rsaKey(n4096, 1n), 512]];
    for (const [key, sigLen] of cases) {
      for (const alg of [{ kind: 'rsa-pss', hash: 'sha256' }, { kind: 'rsa-pkcs1', hash: 'sha256' }] as const) {
        expect(p.verify(alg, key, msg, new Uint8Array(sigLen).fill(1))).toBe(false);
      }
    }
    expect(calls).toEqual({ createPublicKey: 0, verify: 0 });
  });

  it('the bounds are per instance: { rsa: { minModulusBits: 1024 } } takes an RSA-1024 key, the default does not', () => {
    const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    expect(() => p.parsePublicKey(spki)).toThrow(expect.objectContaining({ reason: 'weak-key' }));
    const legacy = createNodeCryptoProvider({ rsa: { minModulusBits: 1024 } });
    const key = legacy.parsePublicKey(spki);
    expect(p.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, new Uint8Array(1), new Uint8Array(128))).toBe(false);
    expect(calls.verify).toBe(0);
    expect(legacy.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, new Uint8Array(1), new Uint8Array(128))).toBe(false);
    expect(calls.verify).toBe(1);
  });
});

// crypto/aes/ctr.ts: AES-CTR with 4 KiB round tables, against FIPS 197 and SP 800-38A vectors,
// noble's ctr32 (the same 32-bit counter, with its wrap) and node:crypto's AES-CTR.
import { createCipheriv } from 'node:crypto';
import { unsafe } from '@noble/ciphers/aes.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AesTables, ctr32, expandKey } from '../../src/crypto/aes/ctr.js';
import { InternalError } from '../../src/errors.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const hex = (s: string) => Uint8Array.from(Buffer.from(s.replace(/\s/g, ''), 'hex'));
const tables = new AesTables();

/** ctr32 into a fresh array; `ctr` is advanced as ctr32 advances it. */
function keystreamXor(key: Uint8Array, ctr: Uint8Array, src: Uint8Array): Uint8Array {
  const dst = new Uint8Array(src.length);
  ctr32(tables, unsafe.expandKeyLE(key), ctr, src, dst);
  return dst;
}

describe('AES tables', () => {
  it('hold the FIPS 197 S-box and MixColumns of it', () => {
    expect([tables.sbox[0x00], tables.sbox[0x01], tables.sbox[0x53], tables.sbox[0xff]]).toEqual([0x63, 0x7c, 0xed, 0x16]); // §5.1.1, Figure 7
    expect(new Set(tables.sbox).size).toBe(256); // a permutation
    // T0[0] = MixColumns of S(0) = 0x63 entering row 0: (2·63, 63, 63, 3·63) = (c6, 63, 63, a5), low byte first.
    expect(tables.t[0]! >>> 0).toBe(0xa56363c6);
    expect(tables.t[768]! >>> 0).toBe(0xc6a56363); // entering row 3: (s, s, 3s, 2s)
  });
});

describe('expandKey', () => {
  it('gives the FIPS 197 Appendix A.1 schedule and the words of noble expandKeyLE for any key', () => {
    const w = expandKey(tables, hex('2b7e151628aed2a6abf7158809cf4f3c'));
    const be = (i: number) => ((((w[i]! & 0xff) << 24) | (((w[i]! >>> 8) & 0xff) << 16) | (((w[i]! >>> 16) & 0xff) << 8) | (w[i]! >>> 24)) >>> 0).toString(16).padStart(8, '0');
    expect([be(4), be(5), be(43)]).toEqual(['a0fafe17', '88542cb1', 'b6630ca6']);
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })), (key) => {
      expect([...expandKey(tables, key)].map((x) => x >>> 0)).toEqual([...unsafe.expandKeyLE(key)]);
    }), { numRuns: 200 });
    expect(() => expandKey(tables, new Uint8Array(24))).toThrow(InternalError);
  }, PROPERTY_TIMEOUT_MS);
});

describe('ctr32', () => {
  it('encrypts the FIPS 197 Appendix C blocks (the key stream of one block is E_K(counter))', () => {
    const block = hex('00112233445566778899aabbccddeeff');
    expect(keystreamXor(hex('000102030405060708090a0b0c0d0e0f'), block.slice(), new Uint8Array(16))).toEqual(hex('69c4e0d86a7b0430d8cdb78070b4c55a'));
    expect(keystreamXor(hex('000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f'), block.slice(), new Uint8Array(16))).toEqual(hex('8ea2b7ca516745bfeafc49904b496089'));
  });

  it('matches SP 800-38A F.5.1 (CTR-AES128) and advances the counter by the blocks used', () => {
    const ctr = hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    const plaintext = hex('6bc1bee22e409f96e93d7e117393172a ae2d8a571e03ac9c9eb76fac45af8e51 30c81c46a35ce411e5fbc1191a0a52ef f69f2445df4f9b17ad2b417be66c3710');
    const out = keystreamXor(hex('2b7e151628aed2a6abf7158809cf4f3c'), ctr, plaintext);
    expect(out).toEqual(hex('874d6191b620e3261bef6864990db6ce 9806f66b7970fdff8617187bb9fffdff 5ae4df3edbd5d35e5b4f09020db03eab 1e031dda2fbe03d1792170a0f3009cee'));
    expect(ctr).toEqual(hex('f0f1f2f3f4f5f6f7f8f9fafbfcfdff03'));
  });

  it('agrees with noble ctr32 on every length, key size and counter, wrap included, in place or not', () => {
    const arb = fc.record({
      key: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
      ctr: fc.uint8Array({ minLength: 16, maxLength: 16 }),
      nearWrap: fc.boolean(),
      data: fc.uint8Array({ maxLength: 300 }),
      inPlace: fc.boolean(),
    });
    fc.assert(fc.property(arb, ({ key, ctr, nearWrap, data, inPlace }) => {
      if (nearWrap) ctr.set([0xff, 0xff, 0xff, 0xfe], 12); // the counter wraps to 0 within the data
      const xk = unsafe.expandKeyLE(key);
      const theirs = ctr.slice();
      const expected = unsafe.ctr32(xk, false, theirs, data.slice());
      const ours = ctr.slice();
      const buf = data.slice();
      const out = inPlace ? buf : new Uint8Array(data.length);
      ctr32(tables, xk, ours, buf, out);
      expect(out).toEqual(expected);
      expect(ours).toEqual(theirs);
      if (!inPlace) expect(buf).toEqual(data); // the source is left alone
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuses what it cannot read as words: unaligned or unequal buffers, a short counter, a bad key schedule', () => {
    const xk = unsafe.expandKeyLE(new Uint8Array(16));
    const buf = new Uint8Array(40);
    const ok = () => ctr32(tables, xk, new Uint8Array(16), buf.subarray(0, 32), buf.subarray(0, 32));
    expect(ok).not.toThrow();
    for (const bad of [
      () => ctr32(tables, xk, new Uint8Array(16), buf.subarray(1, 33), buf.subarray(4, 36)),
      () => ctr32(tables, xk, new Uint8Array(16), buf.subarray(0, 32), buf.subarray(0, 31)),
      () => ctr32(tables, xk, new Uint8Array(12), buf.subarray(0, 32), buf.subarray(0, 32)),
      () => ctr32(tables, xk.subarray(0, 40), new Uint8Array(16), buf.subarray(0, 32), buf.subarray(0, 32)),
    ]) expect(bad).toThrow(InternalError);
  });

  it('agrees with node:crypto AES-CTR (an independent implementation) away from the 32-bit wrap', () => {
    fc.assert(fc.property(fc.boolean(), fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ maxLength: 2000 }), (long, ctr, data) => {
      const key = Uint8Array.from({ length: long ? 32 : 16 }, (_, i) => (ctr[i % 16]! * 31 + i) & 0xff);
      ctr[12] = 0; // no carry past the low 32 bits: node increments all 128
      const expected = createCipheriv(long ? 'aes-256-ctr' : 'aes-128-ctr', key, ctr).update(data);
      expect(Buffer.from(keystreamXor(key, ctr.slice(), data)).equals(expected)).toBe(true);
    }), { numRuns: 200 });
  }, PROPERTY_TIMEOUT_MS);
});

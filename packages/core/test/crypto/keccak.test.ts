// Our Keccak (src/crypto/keccak) against FIPS 202 known answers and against @noble/hashes' SHA-3
// on random inputs and outputs, with every rate boundary (rate - 1, rate, rate + 1, 2 * rate)
// tried explicitly: the partial last block and the padding byte landing on the block's last byte
// are where sponges go wrong.
import { sha3_256 as nSha3_256, sha3_512 as nSha3_512, shake128 as nShake128, shake256 as nShake256 } from '@noble/hashes/sha3.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import { keccakF1600, sha3_256, sha3_512, shake128, shake256 } from '../../src/crypto/keccak/index.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const utf8 = (s: string) => new TextEncoder().encode(s);
/** Deterministic non-trivial bytes: n bytes of a simple LCG. */
function bytes(n: number, seed = 1): Uint8Array {
  const out = new Uint8Array(n);
  let x = seed;
  for (let i = 0; i < n; i++) {
    x = (Math.imul(x, 1103515245) + 12345) >>> 0;
    out[i] = x >>> 24;
  }
  return out;
}

/** A copy of `d` at byte offset 1 of its buffer (so not 4-byte aligned). */
function unaligned(d: Uint8Array): Uint8Array {
  const backing = new Uint8Array(d.length + 1);
  backing.set(d, 1);
  return backing.subarray(1);
}

/** Each function with its rate in bytes and noble's counterpart, as (data, outLength) => digest (SHA3 ignores outLength). */
type Hash = (d: Uint8Array, n: number) => Uint8Array;
const FUNCTIONS: readonly { name: string; rate: number; ours: Hash; noble: Hash; xof: boolean }[] = [
  { name: 'sha3_256', rate: 136, ours: (d: Uint8Array) => sha3_256(d), noble: (d: Uint8Array) => nSha3_256(d), xof: false },
  { name: 'sha3_512', rate: 72, ours: (d: Uint8Array) => sha3_512(d), noble: (d: Uint8Array) => nSha3_512(d), xof: false },
  { name: 'shake128', rate: 168, ours: (d: Uint8Array, n: number) => shake128(d, n), noble: (d: Uint8Array, n: number) => nShake128(d, { dkLen: n }), xof: true },
  { name: 'shake256', rate: 136, ours: (d: Uint8Array, n: number) => shake256(d, n), noble: (d: Uint8Array, n: number) => nShake256(d, { dkLen: n }), xof: true },
];

describe('keccak: FIPS 202 known answers', () => {
  const KATS: [string, () => Uint8Array, () => Uint8Array, string][] = [
    ['SHA3-256("")', () => sha3_256(new Uint8Array(0)), () => nSha3_256(new Uint8Array(0)),
      'a7ffc6f8bf1ed76651c14756a061d662f580ff4de43b49fa82d80a4b80f8434a'],
    ['SHA3-256("abc")', () => sha3_256(utf8('abc')), () => nSha3_256(utf8('abc')),
      '3a985da74fe225b2045c172d6bd390bd855f086e3e9d525b46bfe24511431532'],
    ['SHA3-512("abc")', () => sha3_512(utf8('abc')), () => nSha3_512(utf8('abc')),
      'b751850b1a57168a5693cd924b6b096e08f621827444f70d884f5d0240d2712e10e116e9192af3c91a7ec57647e3934057340b4cf408d5a56592f8274eec53f0'],
    ['SHAKE128("", 32)', () => shake128(new Uint8Array(0), 32), () => nShake128(new Uint8Array(0), { dkLen: 32 }),
      '7f9c2ba4e88f827d616045507605853ed73b8093f6efbc88eb1a6eacfa66ef26'],
    ['SHAKE256("", 64)', () => shake256(new Uint8Array(0), 64), () => nShake256(new Uint8Array(0), { dkLen: 64 }),
      '46b9dd2b0ba88d13233b3feb743eeb243fcd52ea62b81b82b50c27646ed5762fd75dc4ddd8c0f200cb05019d67b592f6fc821c49479ab48640292eacb3b7c4be'],
  ];
  for (const [name, ours, noble, want] of KATS) {
    it(name, () => {
      expect(noble()).toEqual(hex(want)); // the transcription, checked against noble first
      expect(ours()).toEqual(hex(want));
    });
  }

  it('Keccak-f[1600] of the all-zero state (lane (0, 0) = 0xf1258f7940e1dde7) and of a padded empty block', () => {
    const state = new Uint32Array(50);
    keccakF1600(state);
    expect([state[0], state[1]]).toEqual([0x40e1dde7, 0xf1258f79]);
    // The same permutation through noble's sponge: SHAKE256 of "" absorbs only the padding, so
    // permuting (0x1f at byte 0, 0x80 at byte 135) must give SHAKE256("")'s first 136 bytes.
    const s = new Uint32Array(50);
    s[0] = 0x1f;
    s[33] = 0x80000000;
    keccakF1600(s);
    const squeezed = new Uint8Array(136);
    for (let i = 0; i < 136; i++) squeezed[i] = s[i >>> 2]! >>> ((i & 3) * 8);
    expect(squeezed).toEqual(nShake256(new Uint8Array(0), { dkLen: 136 }));
  });
});

describe('keccak: every rate boundary against noble', () => {
  for (const f of FUNCTIONS) {
    const lengths = [0, 1, 3, 4, 5, f.rate - 1, f.rate, f.rate + 1, 2 * f.rate - 1, 2 * f.rate, 2 * f.rate + 1, 3 * f.rate];
    it(`${f.name}: input lengths ${lengths.join(', ')}`, () => {
      for (const n of lengths) {
        const d = bytes(n, n + 7);
        const want = f.noble(d, 32);
        expect(f.ours(d, 32), `length ${n}`).toEqual(want);
        expect(f.ours(unaligned(d), 32), `length ${n}, odd offset`).toEqual(want);
      }
    });
    if (f.xof) {
      const outs = [0, 1, 4, 5, f.rate - 1, f.rate, f.rate + 1, 2 * f.rate - 1, 2 * f.rate, 2 * f.rate + 1, 1200];
      it(`${f.name}: output lengths ${outs.join(', ')}`, () => {
        const d = bytes(34);
        for (const n of outs) expect(f.ours(d, n), `out ${n}`).toEqual(f.noble(d, n));
      });
    }
  }
});

/**
 * 0..700 random bytes, the length uniform: fc.uint8Array's own lengths are biased small (its
 * default size), which would seldom cross a 72-, 136- or 168-byte block.
 */
const data = fc.integer({ min: 0, max: 700 }).chain((n) => fc.uint8Array({ minLength: n, maxLength: n }));

describe('keccak: random inputs against noble', () => {
  for (const f of FUNCTIONS) {
    if (f.xof) {
      it(`${f.name}: 0..700 bytes in, 0..1200 bytes out`, () => {
        fc.assert(fc.property(data, fc.integer({ min: 0, max: 1200 }), (d, n) => {
          expect(f.ours(d, n)).toEqual(f.noble(d, n));
        }), { numRuns: 200 });
      }, 60_000);
    } else {
      it(`${f.name}: 0..700 bytes`, () => {
        fc.assert(fc.property(data, (d) => {
          expect(f.ours(d, 0)).toEqual(f.noble(d, 0));
        }), { numRuns: 200 });
      }, 60_000);
    }
  }

  it('unaligned and offset views hash as their bytes', () => {
    fc.assert(fc.property(data, fc.integer({ min: 0, max: 7 }), (d, off) => {
      const backing = new Uint8Array(off + d.length + 3);
      backing.set(d, off);
      const view = backing.subarray(off, off + d.length);
      expect(sha3_256(view)).toEqual(nSha3_256(d));
      expect(shake128(view, 200)).toEqual(nShake128(d, { dkLen: 200 }));
    }), { numRuns: 200 });
  }, 60_000);
});

describe('keccak: inputs and arguments', () => {
  it('does not modify its input', () => {
    const d = bytes(500, 3);
    const copy = d.slice();
    sha3_256(d);
    sha3_512(d);
    shake128(d, 300);
    shake256(d, 300);
    expect(d).toEqual(copy);
  });

  it('returns a fresh array each call', () => {
    const d = bytes(10);
    const a = shake128(d, 32);
    const b = shake128(d, 32);
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.buffer).not.toBe(b.buffer);
  });

  it('throws InternalError on a non-Uint8Array input', () => {
    for (const bad of [undefined, null, 'abc', [1, 2, 3], new Uint16Array(4), new ArrayBuffer(4), 42]) {
      expect(() => sha3_256(bad as unknown as Uint8Array)).toThrow(InternalError);
      expect(() => sha3_512(bad as unknown as Uint8Array)).toThrow(InternalError);
      expect(() => shake128(bad as unknown as Uint8Array, 32)).toThrow(InternalError);
      expect(() => shake256(bad as unknown as Uint8Array, 32)).toThrow(InternalError);
    }
  });

  it('keccakF1600 throws InternalError on a state that is not 50 words', () => {
    for (const n of [0, 49, 51, 100]) expect(() => keccakF1600(new Uint32Array(n))).toThrow(InternalError);
  });

  it('throws InternalError on an output length that is not an integer in 0..2^20', () => {
    const d = new Uint8Array(1);
    for (const bad of [-1, 1.5, NaN, Infinity, (1 << 20) + 1, 2 ** 53, '32', undefined, 32n]) {
      expect(() => shake128(d, bad as unknown as number)).toThrow(InternalError);
      expect(() => shake256(d, bad as unknown as number)).toThrow(InternalError);
    }
    expect(shake128(d, 0)).toEqual(new Uint8Array(0));
    expect(shake256(d, 1 << 20)).toHaveLength(1 << 20);
  });
});

// The noble provider's HMAC and HKDF (NobleMacs: reusable hash objects, a one-block expand path)
// give noble's bytes for any key, info and length, the published vectors, and noble's errors.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

// noble's hmac and expand, counted: after its self-check, the fast path must not call them.
const calls = vi.hoisted(() => ({ hmac: 0, expand: 0 }));
vi.mock('@noble/hashes/hmac.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('@noble/hashes/hmac.js')>();
  const counted = ((...args: Parameters<typeof orig.hmac>) => (calls.hmac++, orig.hmac(...args))) as typeof orig.hmac;
  return { ...orig, hmac: Object.assign(counted, { create: orig.hmac.create }) };
});
vi.mock('@noble/hashes/hkdf.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('@noble/hashes/hkdf.js')>();
  return { ...orig, expand: (...args: Parameters<typeof orig.expand>) => (calls.expand++, orig.expand(...args)) };
});

const { expand, extract } = await import('@noble/hashes/hkdf.js');
const { hmac } = await import('@noble/hashes/hmac.js');
const { createNobleProvider } = await import('../../../src/crypto/noble/index.js');
const { HASHES } = await import('../../../src/crypto/noble/hashes.js');
const { NobleMacs } = await import('../../../src/crypto/noble/hmac.js');

const hex = (s: string) => Uint8Array.from(s.match(/../g) ?? [], (b) => parseInt(b, 16));
const ascii = (s: string) => new TextEncoder().encode(s);
const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i);
const ALGS = ['sha256', 'sha384', 'sha512', 'sha1'] as const;

describe('NobleMacs against RFC 5869 (HKDF-SHA-256) and RFC 4231 (HMAC)', () => {
  const cases = [
    { // RFC 5869 A.1
      ikm: new Uint8Array(22).fill(0x0b), salt: range(0x00, 0x0c), info: range(0xf0, 0xf9), length: 42,
      prk: '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
      okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    },
    { // RFC 5869 A.2: inputs longer than a block
      ikm: range(0x00, 0x4f), salt: range(0x60, 0xaf), info: range(0xb0, 0xff), length: 82,
      prk: '06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244',
      okm: 'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
    },
    { // RFC 5869 A.3: empty salt and info
      ikm: new Uint8Array(22).fill(0x0b), salt: new Uint8Array(0), info: new Uint8Array(0), length: 42,
      prk: '19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04',
      okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    },
  ];

  it('extracts and expands the RFC 5869 SHA-256 vectors, and their first block and its prefixes on the one-block path', () => {
    const macs = new NobleMacs();
    for (const c of cases) {
      const prk = macs.hkdfExtract('sha256', c.salt, c.ikm);
      expect(prk).toEqual(hex(c.prk));
      expect(macs.hkdfExpand('sha256', prk, c.info, c.length)).toEqual(hex(c.okm));
      // OKM's first bytes are T(1)'s: lengths up to one hash length take the one-block path.
      for (const n of [1, 12, 16, 31, 32]) expect(macs.hkdfExpand('sha256', prk, c.info, n)).toEqual(hex(c.okm).subarray(0, n));
    }
  });

  it('computes the RFC 4231 HMAC vectors, including a key longer than the block (hashed first)', () => {
    const macs = new NobleMacs();
    const jefe = { key: ascii('Jefe'), data: ascii('what do ya want for nothing?') };
    const long = { key: new Uint8Array(131).fill(0xaa), data: ascii('Test Using Larger Than Block-Size Key - Hash Key First') };
    expect(macs.hmac('sha256', jefe.key, jefe.data)).toEqual(hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'));
    expect(macs.hmac('sha384', jefe.key, jefe.data)).toEqual(hex('af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649'));
    expect(macs.hmac('sha256', long.key, long.data)).toEqual(hex('60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54'));
    expect(macs.hmac('sha384', long.key, long.data)).toEqual(hex('4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952'));
  });
});

describe('NobleMacs against noble', () => {
  const bytes = (max: number) => fc.uint8Array({ maxLength: max });

  it('HMAC and HKDF-Extract equal noble\'s for any hash, key (empty, short, block-sized, longer) and data', () => {
    const macs = new NobleMacs();
    fc.assert(fc.property(fc.constantFrom(...ALGS), bytes(300), bytes(300), (alg, key, data) => {
      expect(macs.hmac(alg, key, data)).toEqual(hmac(HASHES[alg], key, data));
      expect(macs.hkdfExtract(alg, key, data)).toEqual(extract(HASHES[alg], data, key));
    }), { numRuns: 400 });
  });

  it('HKDF-Expand equals noble\'s for any hash, PRK, info and length (zero, within one block, several blocks)', () => {
    const macs = new NobleMacs();
    const input = fc.record({
      alg: fc.constantFrom(...ALGS),
      extra: fc.integer({ min: 0, max: 150 }), // PRK bytes beyond the hash length (longer than a block too)
      seed: fc.uint8Array({ minLength: 214, maxLength: 214 }),
      info: bytes(200),
      length: fc.oneof(fc.integer({ min: 0, max: 64 }), fc.integer({ min: 0, max: 600 })),
    });
    fc.assert(fc.property(input, ({ alg, extra, seed, info, length }) => {
      const prk = seed.subarray(0, HASHES[alg].outputLen + extra);
      expect(macs.hkdfExpand(alg, prk, info, length)).toEqual(expand(HASHES[alg], prk, info, length));
    }), { numRuns: 500 });
  });

  it('interleaved calls on one instance do not leak state into each other (each is a fresh HMAC)', () => {
    const macs = new NobleMacs();
    const keys = [new Uint8Array(0), new Uint8Array(32).fill(1), new Uint8Array(200).fill(2), new Uint8Array(48).fill(3)];
    for (let round = 0; round < 3; round++) {
      for (const alg of ALGS) {
        for (const key of keys) {
          expect(macs.hmac(alg, key, key)).toEqual(hmac(HASHES[alg], key, key));
          const prk = new Uint8Array(HASHES[alg].outputLen).fill(round + 5);
          expect(macs.hkdfExpand(alg, prk, key, 7)).toEqual(expand(HASHES[alg], prk, key, 7));
        }
      }
    }
  });

  it('keeps noble\'s errors: a PRK shorter than the hash, a length over 255 blocks, a fractional length', () => {
    const macs = new NobleMacs();
    const msg = (f: () => unknown) => { try { f(); return 'no error'; } catch (e) { return (e as Error).message; } };
    const cases: Array<[Uint8Array, number]> = [[new Uint8Array(31), 16], [new Uint8Array(32), 255 * 32 + 1], [new Uint8Array(32), 1.5]];
    for (const [prk, length] of cases) {
      const expected = msg(() => expand(HASHES.sha256, prk, new Uint8Array(0), length));
      expect(expected).not.toBe('no error');
      expect(msg(() => macs.hkdfExpand('sha256', prk, new Uint8Array(0), length))).toBe(expected);
    }
    // And the instance still works after a refused call.
    const prk = new Uint8Array(32).fill(9);
    expect(macs.hkdfExpand('sha256', prk, Uint8Array.of(1), 16)).toEqual(expand(HASHES.sha256, prk, Uint8Array.of(1), 16));
  });

  it('the provider answers hmac, hkdfExtract and hkdfExpand with the same bytes as noble', () => {
    const p = createNobleProvider();
    const key = range(1, 48);
    const data = range(50, 90);
    expect(p.hmac('sha384', key, data)).toEqual(hmac(HASHES.sha384, key, data));
    expect(p.hkdfExtract('sha256', key, data)).toEqual(extract(HASHES.sha256, data, key));
    expect(p.hkdfExpand('sha384', key, data, 48)).toEqual(expand(HASHES.sha384, key, data, 48));
  });

  it('takes the fast path after one self-check per hash, and leaves no key material in its scratch', () => {
    const macs = new NobleMacs();
    const prk = range(1, 48);
    macs.hkdfExpand('sha384', prk, Uint8Array.of(1), 48); // the first call runs the self-check
    const before = { ...calls };
    for (let i = 0; i < 20; i++) {
      macs.hkdfExpand('sha384', prk, Uint8Array.of(i), 12);
      macs.hmac('sha384', prk, Uint8Array.of(i));
      macs.hkdfExtract('sha384', prk, Uint8Array.of(i));
    }
    expect(calls).toEqual(before);
    // The reusable HMAC's hash objects are destroyed (state zeroed) and its pad and digest zero.
    type Scratch = { pad: Uint8Array; digest: Uint8Array; inner: { destroyed: boolean }; outer: { destroyed: boolean } };
    const fast = (macs as unknown as { byHash: Record<string, Scratch> }).byHash.sha384!;
    expect(fast.pad).toEqual(new Uint8Array(128));
    expect(fast.digest).toEqual(new Uint8Array(48));
    expect([fast.inner.destroyed, fast.outer.destroyed]).toEqual([true, true]);
  });
});

// Our X25519 (src/crypto/x25519) against RFC 7748's test vectors (§5.2, §6.1) and against noble's
// x25519 on random and edge-case inputs: top bit set, non-canonical u >= p, low-order points.
import { x25519 as noble } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cswap, fe, invert, mul, pack, unpack } from '../../src/crypto/x25519/field.js';
import { x25519, x25519Base } from '../../src/crypto/x25519/ladder.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const P = 2n ** 255n - 19n;
/** 32 little-endian bytes of n (n < 2^256). */
function le(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}
const ZERO = new Uint8Array(32);

/** u-coordinates of small order (dividing 8) on the curve or its twist: 0, 1, p - 1, two of order 8. */
const LOW_ORDER: readonly bigint[] = [
  0n,
  1n,
  P - 1n,
  325606250916557431795983626356110631294008115727848805560023387167927233504n,
  39382357235489614581723060781553021112529911719440698176882885853963445705823n,
];

/** noble's answer, or 32 zero bytes where noble refuses a low-order u (RFC 7748 §6.1's all-zero output). */
function nobleOrZero(k: Uint8Array, u: Uint8Array): Uint8Array {
  try {
    return noble.scalarMult(k, u);
  } catch (e) {
    const masked = u.slice();
    masked[31]! &= 0x7f;
    let n = 0n;
    for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(masked[i]!);
    if (!LOW_ORDER.includes(n % P)) throw e; // any other refusal is a real difference
    return new Uint8Array(32);
  }
}

describe('x25519: RFC 7748 §5.2 test vectors', () => {
  it('the two scalar/u pairs', () => {
    expect(x25519(
      hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4'),
      hex('e6db6867583030db3594c1a424b15f7c726624ec26b3353b10a903a6d0ab1c4c'),
    )).toEqual(hex('c3da55379de9c6908e94ea4df28d084f32eccf03491c71f754b4075577a28552'));
    // This u has its top bit set (…93): §5 masks it.
    expect(x25519(
      hex('4b66e9d4d1b4673c5ad22691957d6af5c11b6421e0ea01d42ca4169e7918ba0d'),
      hex('e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493'),
    )).toEqual(hex('95cbde9476e8907d7aade45cb4b873f88b595a68799fa152e6f8f7647aac7957'));
  });

  it('the iterated test: 1 and 1,000 iterations', () => {
    // k = u = 9; each round, (k, u) = (X25519(k, u), k).
    let k = le(9n);
    let u = le(9n);
    const after: Record<number, Uint8Array> = {};
    for (let i = 1; i <= 1000; i++) {
      const r = x25519(k, u);
      u = k;
      k = r;
      if (i === 1 || i === 1000) after[i] = k;
    }
    expect(after[1]).toEqual(hex('422c8e7a6227d7bca1350b3e2bb7279f7897b87bb6854b783c60e80311ae3079'));
    expect(after[1000]).toEqual(hex('684cf59ba83309552800ef566f2f4d3c1c3887c49360e3875f2eb94d99532c51'));
  }, 60_000);
});

describe('x25519: RFC 7748 §6.1 Diffie-Hellman', () => {
  const alicePriv = hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
  const alicePub = hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a');
  const bobPriv = hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
  const bobPub = hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f');
  const shared = hex('4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742');

  it('public keys', () => {
    expect(x25519Base(alicePriv)).toEqual(alicePub);
    expect(x25519Base(bobPriv)).toEqual(bobPub);
    expect(x25519(alicePriv, le(9n))).toEqual(alicePub);
  });

  it('shared secret, both ways', () => {
    expect(x25519(alicePriv, bobPub)).toEqual(shared);
    expect(x25519(bobPriv, alicePub)).toEqual(shared);
  });
});

describe('x25519: edge cases', () => {
  const k = hex('a546e36bf0527c9d3b16154b82465edd62144c0ac1fc5a18506a2244ba449ac4');

  it('low-order u (with or without the top bit, canonical or u + p) gives 32 zero bytes', () => {
    for (const n of LOW_ORDER) {
      const forms = [n, n | (1n << 255n), ...(n + P < 2n ** 255n ? [n + P] : [])];
      for (const f of forms) expect(x25519(k, le(f))).toEqual(ZERO);
    }
  });

  it('non-canonical u in [p, 2^255) acts as u - p; the top bit is ignored', () => {
    for (const n of [9n, 2n, 18n]) {
      const expected = x25519(k, le(n));
      expect(x25519(k, le(n + P))).toEqual(expected);
      expect(x25519(k, le(n | (1n << 255n)))).toEqual(expected);
    }
    // 2^255 - 1 ≡ 18 and 2^256 - 1 masks to it.
    expect(x25519(k, le(2n ** 256n - 1n))).toEqual(x25519(k, le(18n)));
  });

  it('the output is canonical (below p) and the inputs are left unchanged', () => {
    const u = hex('e5210f12786811d3f4b7959d0538ae2c31dbe7106fc03c3efc4cd549c715a493');
    const kCopy = k.slice();
    const uCopy = u.slice();
    const out = x25519(k, u);
    expect(out[31]! & 0x80).toBe(0);
    expect(k).toEqual(kCopy);
    expect(u).toEqual(uCopy);
  });

  it('inputs of the wrong length or type throw TypeError', () => {
    const good = new Uint8Array(32);
    const bad: unknown[] = [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0), new Uint16Array(32),
      new Array(32).fill(0), new ArrayBuffer(32), 'x'.repeat(32), undefined, null, 9];
    for (const b of bad) {
      const v = b as Uint8Array;
      expect(() => x25519(v, good)).toThrow(TypeError);
      expect(() => x25519(good, v)).toThrow(TypeError);
      expect(() => x25519Base(v)).toThrow(TypeError);
    }
  });
});

describe('x25519 field', () => {
  const asInt = (b: Uint8Array) => b.reduceRight((n, x) => (n << 8n) | BigInt(x), 0n);
  /** A field element of 16-bit limbs holding n exactly (n < 2^256, not reduced). */
  const limbs = (n: bigint) => fe(Array.from({ length: 16 }, (_, i) => Number((n >> BigInt(16 * i)) & 0xffffn)));

  it('pack is canonical for every value of 16-bit limbs: p, 2p, 2^256 - 1 and neighbours', () => {
    for (const n of [0n, 1n, P - 1n, P, P + 1n, 2n ** 255n - 1n, 2n ** 255n, 2n * P - 1n, 2n * P, 2n * P + 1n, 2n ** 256n - 1n]) {
      expect(asInt(pack(limbs(n)))).toBe(n % P);
    }
  });

  it('pack reduces limbs that are negative or above 16 bits', () => {
    const t = fe([-1, 0x1ffff, -0x10000, 5]);
    const n = -1n + 0x1ffffn * 2n ** 16n - 0x10000n * 2n ** 32n + 5n * 2n ** 48n;
    expect(asInt(pack(t))).toBe(((n % P) + P) % P);
    expect(asInt(pack(fe([-19])))).toBe(P - 19n);
    // Carries that run through all 16 limbs and wrap (×38) into limb 0, pushing it out of range again.
    expect(asInt(pack(fe([-65531])))).toBe(P - 65531n);
    expect(asInt(pack(fe([0x1ffff, ...new Array<number>(15).fill(0xffff)])))).toBe((2n ** 256n + 0xffffn) % P);
  });

  it('unpack masks bit 255 and keeps u >= p as is', () => {
    expect(asInt(pack(unpack(le(2n ** 256n - 1n))))).toBe((2n ** 255n - 1n) % P);
    expect(unpack(le(P + 3n))).toEqual(limbs(P + 3n));
  });

  it('invert: z · z^(p-2) = 1, and 0 maps to 0', () => {
    for (const n of [1n, 2n, 9n, P - 1n, 2n ** 200n + 12345n]) {
      const z = limbs(n);
      const zi = fe();
      invert(zi, z);
      const one = fe();
      mul(one, z, zi);
      expect(asInt(pack(one))).toBe(1n);
    }
    const zi = fe();
    invert(zi, fe());
    expect(pack(zi)).toEqual(ZERO);
  });

  it('cswap swaps on 1 and not on 0', () => {
    const a = limbs(123456789n), b = limbs(P - 5n);
    cswap(a, b, 0);
    expect(asInt(pack(a))).toBe(123456789n);
    cswap(a, b, 1);
    expect(asInt(pack(a))).toBe(P - 5n);
    expect(asInt(pack(b))).toBe(123456789n);
  });
});

describe('x25519: agrees with noble', () => {
  const bytes32 = fc.uint8Array({ minLength: 32, maxLength: 32 });
  const special = fc.constantFrom(
    ...LOW_ORDER,
    P, P + 1n, P + 9n, 2n ** 255n - 1n, 9n, 2n, P - 2n,
  ).chain((n) => fc.boolean().map((top) => le(top ? n | (1n << 255n) : n)));
  const u = fc.oneof(bytes32, bytes32.map((b) => { const c = b.slice(); c[31]! |= 0x80; return c; }), special);

  it('x25519(k, u) equals noble scalarMult (zero where noble refuses a low-order u)', () => {
    fc.assert(fc.property(bytes32, u, (k, uu) => {
      expect(x25519(k, uu)).toEqual(nobleOrZero(k, uu));
    }), { numRuns: 200 });
  }, 120_000);

  it('x25519Base(k) equals noble getPublicKey', () => {
    fc.assert(fc.property(bytes32, (k) => {
      expect(x25519Base(k)).toEqual(noble.getPublicKey(k));
    }), { numRuns: 200 });
  }, 120_000);
});

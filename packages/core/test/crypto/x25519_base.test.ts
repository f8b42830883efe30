// Fixed-base X25519 public keys (src/crypto/x25519/base.ts, edwards.ts) against RFC 7748 §6.1,
// our ladder's x25519Base and noble's x25519.getPublicKey; the edwards25519 constants against
// RFC 8032 §5.1 and noble's ed25519.Point.BASE.
import { ed25519, x25519 as noble } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { recode, X25519BaseTable } from '../../src/crypto/x25519/base.js';
import {
  addCached, addPoints, BASE_X, BASE_Y, basePoint, type Cached, D, D2, double, type Point, point, scratch,
} from '../../src/crypto/x25519/edwards.js';
import { type Fe, fe, invert, mul } from '../../src/crypto/x25519/field.js';
import { x25519Base } from '../../src/crypto/x25519/ladder.js';

const hex = (s: string) => Uint8Array.from(s.match(/../g)!.map((b) => parseInt(b, 16)));
const P = 2n ** 255n - 19n;
const mod = (n: bigint) => ((n % P) + P) % P;
/** The value of a field element (limbs may be negative or above 2^16), reduced mod p. */
function val(a: ArrayLike<number>): bigint {
  let n = 0n;
  for (let i = 15; i >= 0; i--) n = (n << 16n) + BigInt(a[i]!);
  return mod(n);
}
/** The affine (x, y) of an extended point. */
function affine(p: Point): { x: bigint; y: bigint } {
  const zi = fe();
  invert(zi, p.Z);
  const x = fe(), y = fe();
  mul(x, p.X, zi);
  mul(y, p.Y, zi);
  return { x: val(x), y: val(y) };
}
/** The scalar of 32 little-endian bytes. */
function scalarOf(b: Uint8Array): bigint {
  let n = 0n;
  for (let i = 31; i >= 0; i--) n = (n << 8n) | BigInt(b[i]!);
  return n;
}
function le(n: bigint): Uint8Array {
  const out = new Uint8Array(32);
  for (let i = 0; i < 32; i++) out[i] = Number((n >> BigInt(8 * i)) & 0xffn);
  return out;
}

// One table for the whole file, as the provider will hold one.
const table = new X25519BaseTable();
const SLOW = 60_000; // property tests run a few hundred BigInt-backed noble calls

describe('edwards25519 constants (RFC 8032 §5.1)', () => {
  it('d = -121665/121666 and 2d', () => {
    expect(mod(val(D) * 121666n)).toBe(mod(-121665n));
    expect(val(D)).toBe(37095705934669439343138083508754565189542113879843219016388785533085940283555n);
    expect(val(D2)).toBe(mod(2n * val(D)));
  });

  it('B: y = 4/5, x even, on the curve, equal to noble ed25519.Point.BASE', () => {
    const x = val(BASE_X), y = val(BASE_Y);
    expect(mod(5n * y)).toBe(4n);
    expect(x & 1n).toBe(0n);
    expect(mod(-x * x + y * y)).toBe(mod(1n + val(D) * x * x * y * y));
    const nb = ed25519.Point.BASE.toAffine();
    expect({ x, y }).toEqual({ x: nb.x, y: nb.y });
    expect(affine(basePoint())).toEqual({ x: nb.x, y: nb.y });
  });
});

describe('edwards25519 point formulas (RFC 8032 §5.1.4) against noble', () => {
  const B = ed25519.Point.BASE;
  const s = scratch();
  const d2 = fe(D2);

  it('double, add, add of cached, identity', () => {
    const b = basePoint();
    const b2 = point();
    double(b2, b, s);
    expect(affine(b2)).toEqual(B.double().toAffine());
    const b3 = point();
    addPoints(b3, b2, b, d2, s);
    expect(affine(b3)).toEqual(B.multiply(3n).toAffine());
    // Complete formulas: P + P by the addition formula, and P + identity.
    const sum = point();
    addPoints(sum, b3, b3, d2, s);
    expect(affine(sum)).toEqual(B.multiply(6n).toAffine());
    addPoints(sum, b3, point(), d2, s);
    expect(affine(sum)).toEqual(B.multiply(3n).toAffine());
    // b + cached(2B) = 3B, with (y + x, y - x, 2dxy) from noble's affine 2B.
    const { x, y } = B.double().toAffine();
    const c = (n: bigint): Fe => fe(Array.from({ length: 16 }, (_, i) => Number((mod(n) >> BigInt(16 * i)) & 0xffffn)));
    const cached: Cached = { ypx: c(y + x), ymx: c(y - x), t2d: c(2n * val(D) * x * y) };
    addCached(sum, b, cached, s);
    expect(affine(sum)).toEqual(B.multiply(3n).toAffine());
  });
});

describe('recode: signed radix-16 digits', () => {
  it('Σ e_i·16^i = k with e_i in [-8, 8], for clamped k', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (b) => {
      const k = b.slice();
      k[0]! &= 248;
      k[31]! &= 127;
      k[31]! |= 64;
      const e = recode(k);
      let n = 0n;
      for (let i = 63; i >= 0; i--) {
        expect(e[i]).toBeGreaterThanOrEqual(-8);
        expect(e[i]).toBeLessThanOrEqual(8);
        n = n * 16n + BigInt(e[i]!);
      }
      expect(n).toBe(scalarOf(k));
    }), { numRuns: 200 });
  });
});

describe('X25519BaseTable.publicKey', () => {
  it('RFC 7748 §6.1: Alice and Bob', () => {
    expect(table.publicKey(hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a')))
      .toEqual(hex('8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a'));
    expect(table.publicKey(hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb')))
      .toEqual(hex('de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f'));
  });

  it('equals x25519Base and noble getPublicKey on random scalars', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (k) => {
      const ours = table.publicKey(k);
      expect(ours).toEqual(x25519Base(k));
      expect(ours).toEqual(noble.getPublicKey(k));
    }), { numRuns: 200 });
  }, SLOW);

  it('equals x25519Base and noble on edge scalars', () => {
    const edges: Uint8Array[] = [
      new Uint8Array(32),
      new Uint8Array(32).fill(0xff),
      le(1n << 254n),
      le(1n), le(2n), le(7n), le(8n), le(9n), le(255n),
      le((1n << 255n) - 1n),
      le((1n << 254n) + 8n),
      // Every nibble 8 (0x88…): each digit carries, the worst case of recode.
      new Uint8Array(32).fill(0x88),
      new Uint8Array(32).fill(0x77),
      // The group order L and its multiples near the clamped range.
      le(2n ** 252n + 27742317777372353535851937790883648493n),
      le(8n * (2n ** 252n + 27742317777372353535851937790883648493n) - 8n),
    ];
    for (const k of edges) {
      const before = k.slice();
      const ours = table.publicKey(k);
      expect(ours).toEqual(x25519Base(k));
      expect(ours).toEqual(noble.getPublicKey(k));
      expect(k).toEqual(before); // the argument is not clamped in place
    }
  }, SLOW);

  it('two tables give the same keys', () => {
    const other = new X25519BaseTable();
    fc.assert(fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (k) => {
      expect(other.publicKey(k)).toEqual(table.publicKey(k));
    }), { numRuns: 50 });
  }, SLOW);

  it('TypeError on anything but a 32-byte Uint8Array', () => {
    for (const bad of [new Uint8Array(31), new Uint8Array(33), new Uint8Array(0), [...new Uint8Array(32)], 'x'.repeat(32), null, undefined, new Uint16Array(32)]) {
      expect(() => table.publicKey(bad as unknown as Uint8Array)).toThrow(TypeError);
    }
  });
});

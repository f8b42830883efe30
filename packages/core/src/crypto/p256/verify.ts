/**
 * ECDSA P-256 signature verification over a prehashed digest (FIPS 186-5 §6.4.2; SEC 1 §4.1.4),
 * on the field and point arithmetic of `field.ts` and `point.ts`.
 *
 * R = u1·G + u2·Q is computed by Strauss–Shamir interleaving: one shared chain of doublings, with
 * each scalar recoded in width-w NAF (nonzero digits odd, |d| < 2^(w-1), at least w - 1 zeros
 * between them) and added from tables of odd multiples. Two layouts:
 *
 * - a key seen once (bytes): its table is 8 Jacobian points (Q, 3Q, ..., 15Q, w = 5) built per
 *   call; 257 doublings, about 43 additions for u2 and 28 for u1 (G table, w = 8);
 * - a prepared key ({@link P256Verifier.prepareKey}): u1 and u2 are cut into four 64-bit pieces
 *   and piece j uses a table of odd multiples of 2^(64j)·Q (and of G), affine, so the chain is
 *   only 65 doublings long (a fixed-base "multi-table" method; cf. Lim–Lee combs).
 *
 * VARIABLE TIME: everything here (signature, digest, key, G) is public, so branches and table
 * indices may depend on the data. Not for secret scalars.
 *
 * No module-level mutable state: the G table belongs to a {@link P256Verifier} instance, built on
 * its first verification; prepared keys own their tables.
 */
import { bigIntFromBytes } from '../../codec/hex.js';
import { InternalError } from '../../errors.js';
import { eq, type Fe, fe, fromBigInt } from './field.js';
import { mul, square } from './field_mul.js';
import { decodePoint, toAffineBatch } from './affine.js';
import {
  type Affine, addAffine, addCached, basePoint, type CachedPoint, cached, copyPoint, dbl, jacobian,
  type Jacobian, setAffine, Temps,
} from './point.js';

/** The order n of G (SEC 2 §2.4.2). */
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
/** p - n: x(R) in [n, p) happens only for x(R) mod n = r < p - n (about 2^128). */
const P_MINUS_N = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn - N;
/** Bits per piece and pieces per scalar of the fixed-base tables (4 × 64 = 256 bits of n). */
const SPAN = 64;
const PIECES = 4;
/** wNAF widths: G's table (4 × 64 points, 64 KiB), a prepared key's (4 × 32 points, 32 KiB), a cold key's (8 points). */
const G_WINDOW = 8;
const KEY_WINDOW = 7;
const COLD_WINDOW = 5;
/** Doubles per stored point: x then y, 16 limbs each. */
const STRIDE = 32;

/**
 * Odd multiples (2i+1)·2^(SPAN·j)·B for pieces j < PIECES and i < 2^(w-2), affine and canonical,
 * flattened: point (j, i) at index j·2^(w-2) + i, STRIDE doubles each. None is infinity (all are
 * multiples below n of a point of prime order n).
 */
function buildTable(base: Affine, w: number): Float64Array {
  const per = 1 << (w - 2);
  const t = new Temps();
  const points: Jacobian[] = [];
  const b = jacobian(base);
  const twice = jacobian();
  for (let j = 0; j < PIECES; j++) {
    if (j > 0) for (let k = 0; k < SPAN; k++) dbl(b, t);
    copyPoint(twice, b);
    dbl(twice, t);
    const tw = cached(twice);
    let cur = jacobian();
    copyPoint(cur, b);
    points.push(cur);
    for (let i = 1; i < per; i++) {
      const next = jacobian();
      copyPoint(next, cur);
      addCached(next, tw, false, t);
      points.push(next);
      cur = next;
    }
  }
  const data = new Float64Array(points.length * STRIDE);
  toAffineBatch(points).forEach((a, k) => {
    data.set(a.x, k * STRIDE);
    data.set(a.y, k * STRIDE + 16);
  });
  return data;
}

/**
 * The width-w NAF of a non-negative k below 2^len: digits[i] is the digit of 2^i, len + 1 of them
 * (a carry may reach bit len). Scan upwards; where the bit differs from the carry a window of w
 * bits (plus the carry) becomes one odd digit, taken negative when its top bit is set, which
 * carries one into the bits above.
 */
function wnaf(k: bigint, w: number, len: number): Int16Array {
  const words = new Uint32Array((len >> 5) + 2);
  for (let i = 0; i < words.length && k > 0n; i++, k >>= 32n) words[i] = Number(k & 0xffffffffn);
  const bits = (at: number, count: number): number => {
    const q = at >>> 5, s = at & 31;
    let v = words[q]! >>> s;
    if (s + count > 32) v |= words[q + 1]! << (32 - s);
    return v & ((1 << count) - 1);
  };
  const out = new Int16Array(len + 1);
  let carry = 0;
  for (let i = 0; i < len; ) {
    if (bits(i, 1) === carry) {
      i++;
      continue;
    }
    const take = Math.min(w, len - i);
    let d = bits(i, take) + carry; // odd
    carry = (d >> (w - 1)) & 1;
    d -= carry << w;
    out[i] = d;
    i += take;
  }
  out[len] = carry;
  return out;
}

/**
 * k⁻¹ mod n for 0 < k < n (n is prime): the extended Euclidean algorithm, with Lehmer's speed-up
 * (Knuth TAOCP vol. 2, §4.5.2, Algorithm L): the quotients are found on the leading 48 bits in
 * float arithmetic (exact: every intermediate stays below 2^50) while both bounds on them agree,
 * and only the resulting 2×2 matrix touches the bigints. About three times as fast as plain
 * BigInt Euclid on V8. Invariants: x·k ≡ a and u·k ≡ b (mod n), b > a ≥ 0.
 */
function invertScalar(k: bigint): bigint {
  let a = k, b = N, x = 1n, u = 0n;
  while (a !== 0n) {
    const bits = b.toString(16).length * 4;
    const shift = BigInt(Math.max(0, bits - 48));
    let bh = Number(b >> shift), ah = Number(a >> shift);
    let A = 1, B = 0, C = 0, D = 1;
    while (ah + C !== 0 && ah + D !== 0) {
      const q = Math.floor((bh + A) / (ah + C));
      if (q !== Math.floor((bh + B) / (ah + D))) break;
      const c = A - q * C, d = B - q * D, r = bh - q * ah;
      A = C; B = D; C = c; D = d; bh = ah; ah = r;
    }
    if (B === 0) { // no agreed quotient: one plain step
      const q = b / a;
      const a2 = b - q * a, x2 = u - q * x;
      b = a; u = x; a = a2; x = x2;
    } else {
      const bA = BigInt(A), bB = BigInt(B), bC = BigInt(C), bD = BigInt(D);
      const b2 = bA * b + bB * a, a2 = bC * b + bD * a, u2 = bA * u + bB * x, x2 = bC * u + bD * x;
      b = b2; a = a2; u = u2; x = x2;
    }
  }
  return u < 0n ? u + N : u;
}

/** R = acc: x(R) mod n = r, tested as X = r·Z² or (r + n)·Z² (x = X/Z², no inversion). */
function xMatches(acc: Jacobian, r: bigint, t: Temps): boolean {
  const zz = t.a, v = t.b;
  square(zz, acc.z);
  mul(v, fromBigInt(r), zz);
  if (eq(v, acc.x, t.s)) return true;
  if (r >= P_MINUS_N) return false;
  mul(v, fromBigInt(r + N), zz);
  return eq(v, acc.x, t.s);
}

/**
 * Scratch space of one verification, kept by the verifier between calls (verification is
 * synchronous, so no two calls share it at once): allocating typed arrays costs more on V8 than
 * the arithmetic they would hold.
 */
class Workspace {
  readonly t = new Temps();
  readonly acc = jacobian();
  readonly px = fe();
  readonly py = fe();
  /** A cold key's table: Q, 3Q, ..., (2^(COLD_WINDOW-1) - 1)·Q, and two points to build it. */
  readonly odd: CachedPoint[] = Array.from({ length: 1 << (COLD_WINDOW - 2) }, () => cached(jacobianOne()));
  readonly cur = jacobian();
  readonly twice = jacobian();
}

/** (1, 1, 1): a placeholder with Z ≠ 0 to shape the table's entries before they are filled. */
function jacobianOne(): Jacobian {
  return jacobian({ x: fe([1]), y: fe([1]) });
}

/**
 * A public key prepared for repeated verification: its fixed-base table, 4 pieces × 32 affine
 * points, one `Float64Array` of 4096 doubles = 32 KiB (plus a few dozen bytes of object). Get one
 * from {@link P256Verifier.prepareKey}; it costs about three cold verifications, and each later
 * verification with it about half of one, so it pays off from the third or fourth use of a key.
 *
 * @example
 * const key = verifier.prepareKey(pointBytes);
 * verifier.verify(key, digest, r, s);
 */
export class PreparedP256Key {
  /** @param table the fixed-base table of {@link buildTable} for KEY_WINDOW; use prepareKey. */
  constructor(readonly table: Float64Array) {}
}

/**
 * Verifies ECDSA P-256 signatures (FIPS 186-5 §6.4.2; SEC 1 §4.1.4). Owns G's precomputed table
 * (64 KiB, built on the first verification: about 1.5-3 ms once). One per provider.
 *
 * @example
 * const verifier = new P256Verifier();
 * verifier.verify(pointBytes, sha256(message), r, s); // true or false
 */
export class P256Verifier {
  private gTable: Float64Array | undefined;
  private readonly ws = new Workspace();

  /**
   * Validates a public key (SEC 1 §3.2.2.1) and precomputes its table (32 KiB, about 1-1.5 ms).
   * Throws InternalError for a key that is not a valid point.
   *
   * @example
   * const key = verifier.prepareKey(Uint8Array.of(0x04, ...x, ...y));
   */
  prepareKey(pointBytes: Uint8Array): PreparedP256Key {
    const q = decodePoint(pointBytes);
    if (q === undefined) throw new InternalError('P-256 public key is not a valid point');
    return new PreparedP256Key(buildTable(q, KEY_WINDOW));
  }

  /**
   * Whether (r, s) is a valid signature of `digest` (a hash value, not the message) under `key`
   * (SEC 1 point bytes, uncompressed or compressed, or a prepared key). False for an invalid key.
   * High-S signatures are valid, as ECDSA defines them. A digest longer than 32 bytes is cut to
   * its leftmost 256 bits (bits2int, SEC 1 §4.1.3 step 5 / FIPS 186-5 §6.4.2 step 3).
   *
   * @example
   * verifier.verify(pointBytes, digest, r, s);
   */
  verify(key: Uint8Array | PreparedP256Key, digest: Uint8Array, r: bigint, s: bigint): boolean {
    // FIPS 186-5 §6.4.2 step 2 / SEC 1 §4.1.4 step 1: r and s in [1, n - 1].
    if (r < 1n || r >= N || s < 1n || s >= N) return false;
    let e = bigIntFromBytes(digest);
    if (digest.length > 32) e >>= BigInt(8 * digest.length - 256);
    e %= N;
    const w = invertScalar(s); // steps 4-5: w = s⁻¹, u1 = e·w, u2 = r·w
    const u1 = (e * w) % N;
    const u2 = (r * w) % N;
    const g = (this.gTable ??= buildTable(basePoint(), G_WINDOW));
    let acc: Jacobian;
    if (key instanceof PreparedP256Key) acc = this.prepared(g, key.table, u1, u2);
    else {
      const q = decodePoint(key);
      if (q === undefined) return false;
      acc = this.cold(g, q, u1, u2);
    }
    if (acc.inf) return false; // step 6: R = O is invalid
    return xMatches(acc, r, this.ws.t); // steps 7-8
  }

  /** u1·G + u2·Q for a key without a table: 257 doublings, G from its first piece. */
  private cold(g: Float64Array, q: Affine, u1: bigint, u2: bigint): Jacobian {
    const { t, acc, px, py, odd, cur, twice } = this.ws;
    setAffine(cur, q.x, q.y);
    setAffine(twice, q.x, q.y);
    dbl(twice, t);
    const twiceCached = cached(twice, t.q);
    cached(cur, odd[0]);
    for (let i = 1; i < odd.length; i++) {
      addCached(cur, twiceCached, false, t);
      cached(cur, odd[i]);
    }
    const d1 = wnaf(u1, G_WINDOW, 256);
    const d2 = wnaf(u2, COLD_WINDOW, 256);
    acc.inf = true;
    for (let i = 256; i >= 0; i--) {
      dbl(acc, t);
      const a = d1[i]!;
      if (a !== 0) addFromTable(acc, g, (Math.abs(a) - 1) >> 1, a < 0, px, py, t);
      const b = d2[i]!;
      if (b !== 0) addCached(acc, odd[(Math.abs(b) - 1) >> 1]!, b < 0, t);
    }
    return acc;
  }

  /** u1·G + u2·Q with Q's table: four 64-bit pieces of each scalar, 65 doublings. */
  private prepared(g: Float64Array, k: Float64Array, u1: bigint, u2: bigint): Jacobian {
    const { t, acc, px, py } = this.ws;
    const mask = (1n << BigInt(SPAN)) - 1n;
    const gd: Int16Array[] = [], kd: Int16Array[] = [];
    for (let j = 0; j < PIECES; j++) {
      gd.push(wnaf((u1 >> BigInt(SPAN * j)) & mask, G_WINDOW, SPAN));
      kd.push(wnaf((u2 >> BigInt(SPAN * j)) & mask, KEY_WINDOW, SPAN));
    }
    const gPer = 1 << (G_WINDOW - 2), kPer = 1 << (KEY_WINDOW - 2);
    acc.inf = true;
    for (let i = SPAN; i >= 0; i--) {
      dbl(acc, t);
      for (let j = 0; j < PIECES; j++) {
        const a = gd[j]![i]!;
        if (a !== 0) addFromTable(acc, g, j * gPer + ((Math.abs(a) - 1) >> 1), a < 0, px, py, t);
        const b = kd[j]![i]!;
        if (b !== 0) addFromTable(acc, k, j * kPer + ((Math.abs(b) - 1) >> 1), b < 0, px, py, t);
      }
    }
    return acc;
  }
}

/** acc += ±(point `index` of a flattened table), copied out into px, py first. */
function addFromTable(acc: Jacobian, table: Float64Array, index: number, negate: boolean, px: Fe, py: Fe, t: Temps): void {
  const o = index * STRIDE;
  for (let i = 0; i < 16; i++) {
    px[i] = table[o + i]!;
    py[i] = table[o + 16 + i]!;
  }
  addAffine(acc, px, py, negate, t);
}

/**
 * Fast X25519 public keys: X25519(k, 9) (RFC 7748 §6.1) computed as k·B on edwards25519 with a
 * precomputed table, then mapped to Curve25519's u-coordinate by the birational map of
 * RFC 7748 §4.1, u = (1 + y)/(1 - y). Same answers as `x25519Base` in `ladder.ts`, about three
 * times faster once the table exists.
 *
 * The scalar is written k = Σ e_i·16^i, i = 0..63, with signed digits e_i in [-8, 8], and split
 * by parity of i: 16^(2m) = 256^m and 16^(2m+1) = 16·256^m, so
 *
 *   k·B = 16·(Σ_m e_(2m+1)·256^m·B) + Σ_m e_(2m)·256^m·B,   m = 0..31.
 *
 * The table holds j·256^m·B for m = 0..31 and j = 1..8 (256 points), so k·B costs 64 table
 * additions and 4 doublings. Each lookup reads all 8 entries of row m and keeps one by mask, and
 * a negative digit negates the entry by masks too: the scalar never picks an index, a branch or
 * a number of operations.
 */
import { add, carry, cswap, type Fe, fe, invert, mul, pack, sub } from './field.js';
import {
  addCached, addPoints, basePoint, type Cached, copyPoint, D2, double, type Point, point, scratch,
  wipeScratch,
} from './edwards.js';

/** Rows of the table: one per 256^m, m = 0..31. */
const ROWS = 32;
/** Entries per row: j·256^m·B for j = 1..8. */
const PER_ROW = 8;
/** Limbs per entry: y + x, y - x, 2·d·x·y, 16 limbs each. */
const ENTRY = 48;

function check32(x: unknown): asserts x is Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError('x25519: scalar must be a Uint8Array');
  if (x.length !== 32) throw new TypeError(`x25519: scalar must be 32 bytes, not ${x.length}`);
}

/**
 * decodeScalar25519 (RFC 7748 §5) on a copy: clear bits 0, 1, 2 and 255, set bit 254.
 */
function clamp(scalar: Uint8Array): Uint8Array {
  const k = scalar.slice();
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  return k;
}

/**
 * The 64 signed radix-16 digits of a clamped scalar k: k = Σ e_i·16^i with e_i in [-8, 8].
 * Digit by digit, v = nibble + carry in [0, 16] becomes v - 16 with a carry of 1 when v ≥ 8,
 * computed with shifts, not a test. The top nibble of a clamped k is in [4, 7], so the last
 * digit, nibble + carry, is at most 8 and needs no further carry.
 *
 * @example
 * const e = recode(clamp(privateKey)); // Int32Array(64)
 */
export function recode(k: Uint8Array): Int32Array {
  const e = new Int32Array(64);
  let c = 0;
  for (let i = 0; i < 63; i++) {
    const v = ((k[i >>> 1]! >>> (4 * (i & 1))) & 15) + c;
    c = (v + 8) >> 4;
    e[i] = v - (c << 4);
  }
  e[63] = (k[31]! >>> 4) + c;
  return e;
}

/** a = -a when bit is 1, a unchanged when 0, by a mask over both values. Integer limbs. */
function cnegate(a: Fe, bit: number): void {
  const mask = -(bit & 1);
  for (let i = 0; i < 16; i++) {
    const v = a[i]! | 0;
    a[i] = v ^ (mask & (v ^ -v));
  }
}

/** Carries a sum or difference twice, leaving limbs 1..15 in [0, 2^16). */
function carry2(a: Fe): void {
  carry(a);
  carry(a);
}

/**
 * Writes into `out` (ypx, ymx, t2d of one point, 48 limbs, viewed by `sel`) the point
 * `digit`·256^m·B of row m: for |digit| = j the j-th entry, for digit 0 the identity (1, 1, 0),
 * and for a negative digit its negation (y - x, y + x, -2·d·x·y), since -(x, y) = (-x, y).
 *
 * Mask w_j is all ones exactly when |digit| = j ((|digit| ^ j) - 1 is negative only for 0); each
 * limb is the OR of all eight entries' limbs under their masks, so every entry is read the same
 * way whatever the digit. The identity's two ones are added as z = 1 when |digit| = 0.
 */
function select(out: Float64Array, sel: Cached, table: Int32Array, m: number, digit: number): void {
  const neg = digit >>> 31;
  const abs = (digit ^ -neg) + neg;
  const w1 = -(((abs ^ 1) - 1) >>> 31), w2 = -(((abs ^ 2) - 1) >>> 31);
  const w3 = -(((abs ^ 3) - 1) >>> 31), w4 = -(((abs ^ 4) - 1) >>> 31);
  const w5 = -(((abs ^ 5) - 1) >>> 31), w6 = -(((abs ^ 6) - 1) >>> 31);
  const w7 = -(((abs ^ 7) - 1) >>> 31), w8 = -(((abs ^ 8) - 1) >>> 31);
  const row = m * PER_ROW * ENTRY;
  for (let l = 0; l < ENTRY; l++) {
    const o = row + l;
    out[l] = (w1 & table[o]!) | (w2 & table[o + ENTRY]!) | (w3 & table[o + 2 * ENTRY]!)
      | (w4 & table[o + 3 * ENTRY]!) | (w5 & table[o + 4 * ENTRY]!) | (w6 & table[o + 5 * ENTRY]!)
      | (w7 & table[o + 6 * ENTRY]!) | (w8 & table[o + 7 * ENTRY]!);
  }
  const z = (abs - 1) >>> 31; // 1 when abs = 0 (abs is in [0, 8])
  out[0]! += z;
  out[16]! += z;
  cswap(sel.ypx, sel.ymx, neg);
  cnegate(sel.t2d, neg);
}

/** Limbs of one extended point in the flat arrays of the build: X, Y, Z, T at 0, 16, 32, 48. */
const EXT = 64;

/** a = the 16 limbs of `flat` from `off`. */
function load(a: Fe, flat: Float64Array, off: number): void {
  for (let i = 0; i < 16; i++) a[i] = flat[off + i]!;
}

/**
 * j·256^m·B for m = 0..31 and j = 1..8, row after row, as extended points in one flat array
 * (a few working points, no allocation per point). Even multiples are doublings (j = 2i from
 * i), odd ones additions of 256^m·B; 256^(m+1)·B = 32·(8·256^m·B) is five doublings.
 */
function multiples(): Float64Array {
  const s = scratch();
  const d2 = fe(D2);
  const ext = new Float64Array(ROWS * PER_ROW * EXT);
  const p = basePoint();
  const row: Point[] = Array.from({ length: PER_ROW }, () => point());
  for (let m = 0; m < ROWS; m++) {
    copyPoint(row[0]!, p);
    for (let j = 2; j <= PER_ROW; j++) {
      if (j % 2 === 0) double(row[j - 1]!, row[j / 2 - 1]!, s);
      else addPoints(row[j - 1]!, row[j - 2]!, p, d2, s);
    }
    for (let j = 0; j < PER_ROW; j++) {
      const off = (m * PER_ROW + j) * EXT;
      const q = row[j]!;
      ext.set(q.X, off);
      ext.set(q.Y, off + 16);
      ext.set(q.Z, off + 32);
      ext.set(q.T, off + 48);
    }
    double(p, row[PER_ROW - 1]!, s);
    for (let i = 1; i < 5; i++) double(p, p, s);
  }
  wipeScratch(s);
  return ext;
}

/**
 * The table entries (y + x, y - x, 2·d·x·y) of the extended points in `ext`, made affine with one
 * field inversion for all of them (Montgomery's trick): with prefix products π_i = Z_0···Z_i,
 * Z_i⁻¹ = π_(i-1)·π_i⁻¹, and π_(i-1)⁻¹ = π_i⁻¹·Z_i.
 */
function affineEntries(ext: Float64Array): Int32Array {
  const n = ROWS * PER_ROW;
  const prefix = new Float64Array(n * 16);
  const acc = fe([1]), z = fe(), inv = fe(), zi = fe(), x = fe(), y = fe(), t = fe(), u = fe();
  const d2 = fe(D2);
  for (let i = 0; i < n; i++) {
    load(z, ext, i * EXT + 32);
    mul(acc, acc, z);
    prefix.set(acc, i * 16);
  }
  invert(inv, acc);
  const table = new Int32Array(n * ENTRY);
  for (let i = n - 1; i >= 0; i--) {
    if (i > 0) {
      load(u, prefix, (i - 1) * 16);
      mul(zi, inv, u);
    } else {
      zi.set(inv);
    }
    load(z, ext, i * EXT + 32);
    mul(inv, inv, z);
    load(x, ext, i * EXT);
    mul(x, x, zi);
    load(y, ext, i * EXT + 16);
    mul(y, y, zi);
    mul(t, x, y);
    mul(t, t, d2);
    const off = i * ENTRY;
    add(u, y, x);
    carry2(u);
    table.set(u, off);
    sub(u, y, x);
    carry2(u);
    table.set(u, off + 16);
    table.set(t, off + 32);
  }
  return table;
}

/**
 * A table of multiples of the edwards25519 base point B (RFC 8032 §5.1) for fast X25519 public
 * keys: 256 affine points, 48 limbs each, about 49 KB as an Int32Array. Building one takes about
 * 1.5 ms once the field code is compiled (the first build in a process also pays the JIT's
 * warm-up of `field.ts`, as the first ladder call does). The caller owns it (there is no shared
 * instance) and may build it lazily, on the first key. It is read-only after construction.
 *
 * @example
 * const table = new X25519BaseTable();
 * const publicKey = table.publicKey(privateKey); // equals x25519Base(privateKey)
 */
export class X25519BaseTable {
  /** Row m, entry j - 1: (y + x, y - x, 2·d·x·y) of j·256^m·B, affine, limbs as integers. */
  readonly #table: Int32Array;

  constructor() {
    this.#table = affineEntries(multiples());
  }

  /**
   * X25519(k, 9) (RFC 7748 §6.1): the public key of the private key `scalar`, clamped as
   * decodeScalar25519 does (RFC 7748 §5) on a copy. Computed as k·B on edwards25519, whose image
   * under the birational map of RFC 7748 §4.1 is k times the Curve25519 base point u = 9; for
   * (X:Y:Z:T), u = (1 + y)/(1 - y) = (Z + Y)/(Z - Y). A clamped k is a multiple of 8 in
   * [2^254, 2^255), never a multiple of B's order, so Z - Y ≠ 0.
   *
   * @throws TypeError if `scalar` is not a 32-byte Uint8Array.
   * @example
   * const publicKey = table.publicKey(privateKey); // 32 bytes
   */
  publicKey(scalar: Uint8Array): Uint8Array {
    check32(scalar);
    const k = clamp(scalar);
    const e = recode(k);
    const buf = new Float64Array(ENTRY);
    const sel: Cached = { ypx: buf.subarray(0, 16), ymx: buf.subarray(16, 32), t2d: buf.subarray(32, 48) };
    const acc = point();
    const s = scratch();
    for (let m = 0; m < ROWS; m++) {
      select(buf, sel, this.#table, m, e[2 * m + 1]!);
      addCached(acc, acc, sel, s);
    }
    for (let i = 0; i < 4; i++) double(acc, acc, s);
    for (let m = 0; m < ROWS; m++) {
      select(buf, sel, this.#table, m, e[2 * m]!);
      addCached(acc, acc, sel, s);
    }
    const num = fe(), den = fe();
    add(num, acc.Z, acc.Y);
    sub(den, acc.Z, acc.Y);
    invert(den, den);
    mul(num, num, den);
    const out = pack(num);

    k.fill(0);
    e.fill(0);
    buf.fill(0);
    wipeScratch(s);
    for (const v of [acc.X, acc.Y, acc.Z, acc.T, num, den]) v.fill(0);
    return out;
  }
}

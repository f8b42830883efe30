/**
 * ML-KEM's byte codecs (FIPS 203 §4.2.1): ByteEncode_d / ByteDecode_d (Algorithms 5 and 6) fused
 * with Compress_d / Decompress_d for the ciphertext's widths (d = 10 for u, 4 for v, 1 for the
 * message), and the plain 12-bit codec of the encapsulation key. Bits are packed little-endian:
 * coefficient i occupies bits d·i … d·i + d − 1 of the byte string.
 */
import { divq, N, Q, type Poly } from './params.js';

/**
 * Compress_d(x) = ⌈(2^d / q) · x⌋ mod 2^d (§4.2.1, eq. 4.7). The rounding is floor((2^d·x + 1664) / q):
 * q is odd, so 2^d·x / q is never a half. {@link divq} divides without a data-dependent time.
 */
function compress(x: number, d: number): number {
  return divq((x << d) + 1664) & ((1 << d) - 1);
}

/** Decompress_d(y) = ⌈(q / 2^d) · y⌋ (eq. 4.8). */
function decompress(y: number, d: number): number {
  return (Q * y + (1 << (d - 1))) >> d;
}

/**
 * ByteEncode_12(f) of `count` polynomials into `out` at `offset` (384 bytes each, §4.2.1): the
 * encapsulation key's t̂ and the decapsulation key's ŝ.
 *
 * @example
 * encode12(ek, 0, tHat); // ek[0..1152) = ByteEncode_12(t̂[0]) ‖ … ‖ ByteEncode_12(t̂[2])
 */
export function encode12(out: Uint8Array, offset: number, polys: readonly Poly[]): void {
  let o = offset;
  for (const f of polys) {
    for (let i = 0; i < N; i += 2) {
      const a = f[i]!;
      const b = f[i + 1]!;
      out[o++] = a;
      out[o++] = (a >> 8) | (b << 4);
      out[o++] = b >> 4;
    }
  }
}

/**
 * ByteDecode_12 of one polynomial (384 bytes of `bytes` from `offset`), or null when a value is
 * not below q: FIPS 203 §7.2's modulus check on an encapsulation key (ByteEncode_12(ByteDecode_12(t))
 * must give t back).
 *
 * @example
 * const t0 = decode12(ek, 0); // null for a malformed key
 */
export function decode12(bytes: Uint8Array, offset: number): Poly | null {
  const f = new Uint16Array(N);
  let bad = 0;
  for (let i = 0, o = offset; i < N; i += 2, o += 3) {
    const x1 = bytes[o + 1]!;
    const a = bytes[o]! | ((x1 & 0x0f) << 8);
    const b = (x1 >> 4) | (bytes[o + 2]! << 4);
    bad |= (Q - 1 - a) | (Q - 1 - b); // negative, sign bit set, when a or b ≥ q
    f[i] = a;
    f[i + 1] = b;
  }
  return bad < 0 ? null : f;
}

/**
 * ByteEncode_10(Compress_10(u)) for each polynomial of `u` into `out` from `offset` (320 bytes each):
 * the ciphertext's c1. Four 10-bit values fill five bytes.
 *
 * @example
 * encodeU(ct, 0, u);
 */
export function encodeU(out: Uint8Array, offset: number, u: readonly Poly[]): void {
  let o = offset;
  for (const f of u) {
    for (let i = 0; i < N; i += 4) {
      const c0 = compress(f[i]!, 10);
      const c1 = compress(f[i + 1]!, 10);
      const c2 = compress(f[i + 2]!, 10);
      const c3 = compress(f[i + 3]!, 10);
      out[o++] = c0;
      out[o++] = (c0 >> 8) | (c1 << 2);
      out[o++] = (c1 >> 6) | (c2 << 4);
      out[o++] = (c2 >> 4) | (c3 << 6);
      out[o++] = c3 >> 2;
    }
  }
}

/**
 * Decompress_10(ByteDecode_10(·)) of one polynomial, 320 bytes of `bytes` from `offset`, into `f`
 * (every coefficient written) or a new polynomial.
 *
 * @example
 * const u0 = decodeU(ct, 0);
 */
export function decodeU(bytes: Uint8Array, offset: number, f: Poly = new Uint16Array(N)): Poly {
  for (let i = 0, o = offset; i < N; i += 4, o += 5) {
    const b0 = bytes[o]!;
    const b1 = bytes[o + 1]!;
    const b2 = bytes[o + 2]!;
    const b3 = bytes[o + 3]!;
    const b4 = bytes[o + 4]!;
    f[i] = decompress(b0 | ((b1 & 0x03) << 8), 10);
    f[i + 1] = decompress((b1 >> 2) | ((b2 & 0x0f) << 6), 10);
    f[i + 2] = decompress((b2 >> 4) | ((b3 & 0x3f) << 4), 10);
    f[i + 3] = decompress((b3 >> 6) | (b4 << 2), 10);
  }
  return f;
}

/**
 * ByteEncode_4(Compress_4(v)) into `out` from `offset` (128 bytes): the ciphertext's c2.
 *
 * @example
 * encodeV(ct, 960, v);
 */
export function encodeV(out: Uint8Array, offset: number, v: Poly): void {
  for (let i = 0, o = offset; i < N; i += 2) out[o++] = compress(v[i]!, 4) | (compress(v[i + 1]!, 4) << 4);
}

/**
 * Decompress_4(ByteDecode_4(·)) of 128 bytes of `bytes` from `offset`, into `f` (every coefficient
 * written) or a new polynomial.
 *
 * @example
 * const v = decodeV(ct, 960);
 */
export function decodeV(bytes: Uint8Array, offset: number, f: Poly = new Uint16Array(N)): Poly {
  for (let i = 0, o = offset; i < N; i += 2, o++) {
    const b = bytes[o]!;
    f[i] = decompress(b & 0x0f, 4);
    f[i + 1] = decompress(b >> 4, 4);
  }
  return f;
}

/**
 * ByteEncode_1(Compress_1(w)): the 32-byte message of a K-PKE plaintext polynomial (Algorithm
 * 15, line 7). Secret: no branch on w.
 *
 * @example
 * const m = encodeMessage(w); // 32 bytes
 */
export function encodeMessage(w: Poly): Uint8Array {
  const m = new Uint8Array(32);
  for (let i = 0; i < N; i++) m[i >> 3]! |= compress(w[i]!, 1) << (i & 7);
  return m;
}

/**
 * Decompress_1(ByteDecode_1(m)) (Algorithm 14, line 20): each bit of the 32-byte `m` as 0 or
 * ⌈q/2⌋ = 1665, by a mask, not a branch; into `f` (every coefficient written) or a new polynomial.
 *
 * @example
 * const mu = decodeMessage(m);
 */
export function decodeMessage(m: Uint8Array, f: Poly = new Uint16Array(N)): Poly {
  for (let i = 0; i < N; i++) f[i] = -((m[i >> 3]! >> (i & 7)) & 1) & 1665;
  return f;
}

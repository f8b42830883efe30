/**
 * AES-CTR encryption (FIPS 197, NIST SP 800-38A) with the classic four 256-entry round tables:
 * 4 KiB that stay in the L1 cache. noble 2.x merges pairs of tables into two 64Ki-entry tables
 * and a 64Ki-entry S-box (about 640 KiB together), which halves the lookups of a round but misses
 * the cache on nearly every lookup whenever anything else ran in between: a handshake's few
 * records, opened between other work, ran several times slower than in a loop.
 *
 * Words are little-endian, as noble's `expandKeyLE` lays out its round keys (byte 0 of a column
 * in the low bits), so its key schedule is used as it is. The Int32Array views of the data read
 * those words only on a little-endian host: the caller checks (aes_gcm.ts falls back to noble).
 */
import { InternalError } from '../../errors.js';

/** The encryption round tables: T0..T3 (MixColumns of the S-box, one per row) and the S-box. */
export class AesTables {
  readonly t0 = new Int32Array(256);
  readonly t1 = new Int32Array(256);
  readonly t2 = new Int32Array(256);
  readonly t3 = new Int32Array(256);
  readonly sbox = new Uint8Array(256);

  /** @example const tables = new AesTables(); // about 4 KiB, built in microseconds */
  constructor() {
    // The S-box from the multiplicative inverse in GF(2^8) and the affine map (FIPS 197 §5.1.1),
    // walking the field by powers of the generator 3.
    const pow = new Uint8Array(256);
    const log = new Uint8Array(256);
    for (let i = 0, x = 1; i < 256; i++) {
      pow[i] = x;
      log[x] = i;
      x ^= xtime(x); // x * 3
    }
    for (let a = 0; a < 256; a++) {
      const inv = a === 0 ? 0 : pow[(255 - log[a]!) % 255]!;
      let s = inv;
      for (let r = 1; r <= 4; r++) s ^= ((inv << r) | (inv >>> (8 - r))) & 0xff;
      this.sbox[a] = s ^ 0x63;
    }
    for (let a = 0; a < 256; a++) {
      const s = this.sbox[a]!;
      const s2 = xtime(s);
      // A byte entering row 0 of a column leaves MixColumns as (2s, s, s, 3s), rows 0..3 (§5.1.3).
      const w = s2 | (s << 8) | (s << 16) | ((s2 ^ s) << 24);
      this.t0[a] = w;
      this.t1[a] = (w << 8) | (w >>> 24);
      this.t2[a] = (w << 16) | (w >>> 16);
      this.t3[a] = (w << 24) | (w >>> 8);
    }
    pow.fill(0);
    log.fill(0);
  }
}

/**
 * The AES key schedule (FIPS 197 §5.2) as little-endian words: 44 for a 16-byte key, 60 for a
 * 32-byte one. The same words as noble's `expandKeyLE`, from this module's S-box.
 *
 * @example
 * const xk = expandKey(tables, key16); // xk.length === 44
 */
export function expandKey(tb: AesTables, key: Uint8Array): Int32Array {
  if (key.length !== 16 && key.length !== 32) throw new InternalError('aes: a 16- or 32-byte key');
  const nk = key.length / 4;
  const w = new Int32Array(4 * (nk + 7)); // Nr + 1 round keys of four words; Nr = Nk + 6
  for (let i = 0; i < nk; i++) w[i] = key[4 * i]! | (key[4 * i + 1]! << 8) | (key[4 * i + 2]! << 16) | (key[4 * i + 3]! << 24);
  const sub = (x: number) => tb.sbox[x & 0xff]! | (tb.sbox[(x >>> 8) & 0xff]! << 8) | (tb.sbox[(x >>> 16) & 0xff]! << 16) | (tb.sbox[x >>> 24]! << 24);
  for (let i = nk, rcon = 1; i < w.length; i++) {
    let t = w[i - 1]!;
    if (i % nk === 0) {
      t = sub((t >>> 8) | (t << 24)) ^ rcon; // SubWord(RotWord(t)) xor Rcon: its byte is the word's first
      rcon = xtime(rcon);
    } else if (nk > 6 && i % nk === 4) {
      t = sub(t);
    }
    w[i] = w[i - nk]! ^ t;
  }
  return w;
}

/** Multiplication by x in GF(2^8) mod x^8 + x^4 + x^3 + x + 1. */
const xtime = (b: number): number => ((b << 1) ^ (b & 0x80 ? 0x1b : 0)) & 0xff;

const bswap = (n: number): number => ((n >>> 24) | ((n >>> 8) & 0xff00) | ((n << 8) & 0xff0000) | (n << 24)) >>> 0;

/**
 * AES-CTR with a 32-bit big-endian counter in the last four bytes of `ctr` (SP 800-38D's GCTR):
 * `dst` = `src` XOR the key stream, `ctr` advanced past the whole blocks used. `src` and `dst`
 * are 4-byte aligned, of equal length (they may be the same bytes); the host is little-endian.
 *
 * @example
 * ctr32(tables, unsafe.expandKeyLE(key), counterBlock, data, data); // in place
 */
export function ctr32(tb: AesTables, xk: Int32Array | Uint32Array, ctr: Uint8Array, src: Uint8Array, dst: Uint8Array): void {
  if (src.length !== dst.length || src.byteOffset % 4 !== 0 || dst.byteOffset % 4 !== 0 || ctr.length !== 16 || (xk.length !== 44 && xk.length !== 60)) {
    throw new InternalError('aes ctr32: src and dst of one length, 4-byte aligned; a 16-byte counter; an AES-128 or AES-256 key schedule');
  }
  const { t0, t1, t2, t3, sbox } = tb;
  const rounds = xk.length / 4 - 1; // 10 or 14; the last has no MixColumns
  const c0 = ctr[0]! | (ctr[1]! << 8) | (ctr[2]! << 16) | (ctr[3]! << 24);
  const c1 = ctr[4]! | (ctr[5]! << 8) | (ctr[6]! << 16) | (ctr[7]! << 24);
  const c2 = ctr[8]! | (ctr[9]! << 8) | (ctr[10]! << 16) | (ctr[11]! << 24);
  let n = ((ctr[12]! << 24) | (ctr[13]! << 16) | (ctr[14]! << 8) | ctr[15]!) >>> 0;
  const whole = src.length >>> 4;
  const s32 = new Int32Array(src.buffer, src.byteOffset, whole * 4);
  const d32 = new Int32Array(dst.buffer, dst.byteOffset, whole * 4);
  const k = new Int32Array(4);
  for (let b = 0; b <= whole; b++) {
    if (b === whole && (src.length & 15) === 0) break;
    let s0 = c0 ^ xk[0]!;
    let s1 = c1 ^ xk[1]!;
    let s2 = c2 ^ xk[2]!;
    let s3 = bswap(n) ^ xk[3]!;
    let r = 4;
    for (let round = 1; round < rounds; round++) {
      const u0 = t0[s0 & 0xff]! ^ t1[(s1 >>> 8) & 0xff]! ^ t2[(s2 >>> 16) & 0xff]! ^ t3[s3 >>> 24]! ^ xk[r]!;
      const u1 = t0[s1 & 0xff]! ^ t1[(s2 >>> 8) & 0xff]! ^ t2[(s3 >>> 16) & 0xff]! ^ t3[s0 >>> 24]! ^ xk[r + 1]!;
      const u2 = t0[s2 & 0xff]! ^ t1[(s3 >>> 8) & 0xff]! ^ t2[(s0 >>> 16) & 0xff]! ^ t3[s1 >>> 24]! ^ xk[r + 2]!;
      const u3 = t0[s3 & 0xff]! ^ t1[(s0 >>> 8) & 0xff]! ^ t2[(s1 >>> 16) & 0xff]! ^ t3[s2 >>> 24]! ^ xk[r + 3]!;
      s0 = u0;
      s1 = u1;
      s2 = u2;
      s3 = u3;
      r += 4;
    }
    const k0 = (sbox[s0 & 0xff]! | (sbox[(s1 >>> 8) & 0xff]! << 8) | (sbox[(s2 >>> 16) & 0xff]! << 16) | (sbox[s3 >>> 24]! << 24)) ^ xk[r]!;
    const k1 = (sbox[s1 & 0xff]! | (sbox[(s2 >>> 8) & 0xff]! << 8) | (sbox[(s3 >>> 16) & 0xff]! << 16) | (sbox[s0 >>> 24]! << 24)) ^ xk[r + 1]!;
    const k2 = (sbox[s2 & 0xff]! | (sbox[(s3 >>> 8) & 0xff]! << 8) | (sbox[(s0 >>> 16) & 0xff]! << 16) | (sbox[s1 >>> 24]! << 24)) ^ xk[r + 2]!;
    const k3 = (sbox[s3 & 0xff]! | (sbox[(s0 >>> 8) & 0xff]! << 8) | (sbox[(s1 >>> 16) & 0xff]! << 16) | (sbox[s2 >>> 24]! << 24)) ^ xk[r + 3]!;
    if (b < whole) {
      const i = b * 4;
      d32[i] = s32[i]! ^ k0;
      d32[i + 1] = s32[i + 1]! ^ k1;
      d32[i + 2] = s32[i + 2]! ^ k2;
      d32[i + 3] = s32[i + 3]! ^ k3;
      n = (n + 1) >>> 0;
    } else {
      // The last, partial block: the leading bytes of the key stream (SP 800-38A §6.5).
      k[0] = k0;
      k[1] = k1;
      k[2] = k2;
      k[3] = k3;
      const stream = new Uint8Array(k.buffer);
      for (let i = whole * 16, j = 0; i < src.length; i++, j++) dst[i] = src[i]! ^ stream[j]!;
      k.fill(0);
    }
  }
  ctr[12] = n >>> 24;
  ctr[13] = (n >>> 16) & 0xff;
  ctr[14] = (n >>> 8) & 0xff;
  ctr[15] = n & 0xff;
}

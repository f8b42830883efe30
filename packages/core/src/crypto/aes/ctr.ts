/**
 * AES-CTR encryption (FIPS 197, NIST SP 800-38A) with the classic four 256-entry round tables:
 * 4 KiB that stay in the L1 cache. noble 2.x merges pairs of tables into two 64Ki-entry tables
 * and a 64Ki-entry S-box (about 640 KiB together), which halves the lookups of a round but misses
 * the cache on nearly every lookup whenever anything else ran in between: a handshake's few
 * records, opened between other work, ran several times slower than in a loop. Measured in one
 * process: 7 handshake records (1.6 KB) took 0.29 ms on noble's ctr32, 0.14 ms here.
 *
 * Like noble's, this is table-based AES: its lookups are at secret indices, so it is not
 * constant-time against an attacker who can time the cache (a smaller table narrows that channel
 * but does not close it). The native providers (Node's and WebCrypto) use AES instructions.
 *
 * Words are little-endian (byte 0 of a column in the low bits), the layout of noble's
 * `expandKeyLE`, which `expandKey` reproduces. The Int32Array views of the data read those words
 * only on a little-endian host: the caller checks (aes_gcm.ts falls back to noble).
 */
import { InternalError } from '../../errors.js';

/**
 * The encryption round tables: T0..T3 (MixColumns of the S-box, one per row of the input byte)
 * as one array of 1024 words, T_r at 256·r, and the S-box itself for the last round.
 */
export class AesTables {
  readonly t = new Int32Array(1024);
  readonly sbox = new Uint8Array(256);

  /** @example const tables = new AesTables(); // 4.25 KiB, built in microseconds */
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
      // A byte entering row 0 of a column leaves MixColumns as (2s, s, s, 3s), rows 0..3 (§5.1.3);
      // entering row r, the same rotated by r bytes.
      const w = s2 | (s << 8) | (s << 16) | ((s2 ^ s) << 24);
      this.t[a] = w;
      this.t[256 + a] = (w << 8) | (w >>> 24);
      this.t[512 + a] = (w << 16) | (w >>> 16);
      this.t[768 + a] = (w << 24) | (w >>> 8);
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

/**
 * AES-CTR with a 32-bit big-endian counter in the last four bytes of `ctr` (SP 800-38D's GCTR):
 * `dst` = `src` XOR the key stream, `ctr` advanced past the whole blocks used. `src` and `dst`
 * are 4-byte aligned, of equal length (they may be the same bytes); the host is little-endian.
 *
 * @example
 * ctr32(tables, expandKey(tables, key), counterBlock, data, data); // in place
 */
export function ctr32(tb: AesTables, xk: Int32Array | Uint32Array, ctr: Uint8Array, src: Uint8Array, dst: Uint8Array): void {
  if (src.length !== dst.length || src.byteOffset % 4 !== 0 || dst.byteOffset % 4 !== 0 || ctr.length !== 16 || (xk.length !== 44 && xk.length !== 60)) {
    throw new InternalError('aes ctr32: src and dst of one length, 4-byte aligned; a 16-byte counter; an AES-128 or AES-256 key schedule');
  }
  const word = (i: number) => ctr[i]! | (ctr[i + 1]! << 8) | (ctr[i + 2]! << 16) | (ctr[i + 3]! << 24);
  const [c0, c1, c2] = [word(0), word(4), word(8)];
  let n = ((ctr[12]! << 24) | (ctr[13]! << 16) | (ctr[14]! << 8) | ctr[15]!) >>> 0;
  const whole = src.length >>> 4;
  n = blocks(tb, xk, c0, c1, c2, n, new Int32Array(src.buffer, src.byteOffset, whole * 4), new Int32Array(dst.buffer, dst.byteOffset, whole * 4), whole);
  const rest = src.length & 15;
  if (rest > 0) {
    // The last, partial block: the leading bytes of the next key stream block (SP 800-38A §6.5),
    // which does not advance the counter (noble's contract too).
    const block = new Uint8Array(16);
    block.set(src.subarray(whole * 16));
    const words = new Int32Array(block.buffer);
    blocks(tb, xk, c0, c1, c2, n, words, words, 1);
    dst.set(block.subarray(0, rest), whole * 16);
    block.fill(0);
  }
  ctr[12] = n >>> 24;
  ctr[13] = (n >>> 16) & 0xff;
  ctr[14] = (n >>> 8) & 0xff;
  ctr[15] = n & 0xff;
}

/**
 * `count` whole blocks: the key stream for counters n, n+1, ... (words c0..c2 then n, big-endian)
 * XORed from `src` into `dst`; returns the counter after them. The hot loop: one table, the first
 * round key folded into the fixed counter words, no branch but the loops'.
 */
function blocks(tb: AesTables, xk: Int32Array | Uint32Array, c0: number, c1: number, c2: number, n: number, src: Int32Array, dst: Int32Array, count: number): number {
  const { t, sbox: s } = tb;
  const rounds = xk.length / 4 - 1; // 10 or 14; the last has no MixColumns
  const k0 = xk[0]! ^ c0;
  const k1 = xk[1]! ^ c1;
  const k2 = xk[2]! ^ c2;
  const k3 = xk[3]!;
  for (let b = 0; b < count; b++) {
    let s0 = k0;
    let s1 = k1;
    let s2 = k2;
    let s3 = ((n >>> 24) | ((n >>> 8) & 0xff00) | ((n << 8) & 0xff0000) | (n << 24)) ^ k3;
    let r = 4;
    for (let round = 1; round < rounds; round++) {
      // Round r: SubBytes, ShiftRows (row j from column i + j) and MixColumns in four lookups a column.
      const u0 = t[s0 & 0xff]! ^ t[256 | ((s1 >>> 8) & 0xff)]! ^ t[512 | ((s2 >>> 16) & 0xff)]! ^ t[768 | (s3 >>> 24)]! ^ xk[r]!;
      const u1 = t[s1 & 0xff]! ^ t[256 | ((s2 >>> 8) & 0xff)]! ^ t[512 | ((s3 >>> 16) & 0xff)]! ^ t[768 | (s0 >>> 24)]! ^ xk[r + 1]!;
      const u2 = t[s2 & 0xff]! ^ t[256 | ((s3 >>> 8) & 0xff)]! ^ t[512 | ((s0 >>> 16) & 0xff)]! ^ t[768 | (s1 >>> 24)]! ^ xk[r + 2]!;
      const u3 = t[s3 & 0xff]! ^ t[256 | ((s0 >>> 8) & 0xff)]! ^ t[512 | ((s1 >>> 16) & 0xff)]! ^ t[768 | (s2 >>> 24)]! ^ xk[r + 3]!;
      s0 = u0;
      s1 = u1;
      s2 = u2;
      s3 = u3;
      r += 4;
    }
    // The last round: SubBytes and ShiftRows only.
    const i = b * 4;
    dst[i] = src[i]! ^ (s[s0 & 0xff]! | (s[(s1 >>> 8) & 0xff]! << 8) | (s[(s2 >>> 16) & 0xff]! << 16) | (s[s3 >>> 24]! << 24)) ^ xk[r]!;
    dst[i + 1] = src[i + 1]! ^ (s[s1 & 0xff]! | (s[(s2 >>> 8) & 0xff]! << 8) | (s[(s3 >>> 16) & 0xff]! << 16) | (s[s0 >>> 24]! << 24)) ^ xk[r + 1]!;
    dst[i + 2] = src[i + 2]! ^ (s[s2 & 0xff]! | (s[(s3 >>> 8) & 0xff]! << 8) | (s[(s0 >>> 16) & 0xff]! << 16) | (s[s1 >>> 24]! << 24)) ^ xk[r + 2]!;
    dst[i + 3] = src[i + 3]! ^ (s[s3 & 0xff]! | (s[(s0 >>> 8) & 0xff]! << 8) | (s[(s1 >>> 16) & 0xff]! << 16) | (s[s2 >>> 24]! << 24)) ^ xk[r + 3]!;
    n = (n + 1) >>> 0;
  }
  return n;
}

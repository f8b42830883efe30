/**
 * GHASH (NIST SP 800-38D §6.4) for one hash key H, reused for every record of an AES-GCM key.
 *
 * This is noble's `GHASH` (`@noble/ciphers/_polyval.js`) with its 4-bit windows, rebuilt so the
 * per-key work is small: noble's constructor makes 256 objects for the doubled keys and a
 * 512-object table per key (we then copied that into an Int32Array and wiped the objects, four
 * keys per handshake).
 * Here the same table values are written straight into one Int32Array (8 KiB per key), and the
 * per-record path reads aligned input where it lies. `AesGcmSelfCheck` (aes_gcm.ts) compares the
 * result with noble's `gcm()` before any key uses it.
 */
import { InternalError } from '../../errors.js';

/** 32 windows of 4 bits, 16 entries each, 4 words per entry. */
const TABLE_WORDS = 32 * 16 * 4;
/** Whether the host is little-endian: GHASH words are then the bytes' own order in a Uint32Array. */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

/** One 32-bit word with its bytes reversed (noble's `swapLE`). */
const swap = (n: number): number => ((n & 0xff) << 24) | (((n >>> 8) & 0xff) << 16) | (((n >>> 16) & 0xff) << 8) | (n >>> 24);

/** `n`'s four bytes into `out[at, at + 4)`, least significant first. */
function putWord(out: Uint8Array, at: number, n: number): void {
  out[at] = n;
  out[at + 1] = n >>> 8;
  out[at + 2] = n >>> 16;
  out[at + 3] = n >>> 24;
}

/**
 * noble's 4-bit-window GHASH table for the 16-byte hash key `h`: entry `w * 16 + v` (four words at
 * `(w * 16 + v) * 4`) is the XOR of the doubled keys H·x^(4w+j) for each bit j of `v`, most
 * significant bit first, stored byte-swapped as noble stores them. Same values as noble's
 * `new GHASH(h, 4096).t` flattened in order, without noble's 768 objects per key (doublings and
 * table entries). The doubled-key words are locals; the table itself is the key's, kept with it.
 *
 * @example
 * const table = ghashTable(h); // Int32Array(2048)
 */
export function ghashTable(h: Uint8Array): Int32Array {
  if (h.length !== 16) throw new InternalError('ghash: the hash key is 16 bytes');
  const t = new Int32Array(TABLE_WORDS);
  // H as four big-endian words, as noble reads it; doubled in place as the windows go by.
  let k0 = ((h[0]! << 24) | (h[1]! << 16) | (h[2]! << 8) | h[3]!) >>> 0;
  let k1 = ((h[4]! << 24) | (h[5]! << 16) | (h[6]! << 8) | h[7]!) >>> 0;
  let k2 = ((h[8]! << 24) | (h[9]! << 16) | (h[10]! << 8) | h[11]!) >>> 0;
  let k3 = ((h[12]! << 24) | (h[13]! << 16) | (h[14]! << 8) | h[15]!) >>> 0;
  for (let base = 0; base < TABLE_WORDS; base += 64) {
    // The one-bit entries 8, 4, 2, 1 are four successive doublings (noble's `doubles[4w + j]`).
    for (let bit = 8; bit > 0; bit >>>= 1) {
      const at = base + bit * 4;
      t[at] = swap(k0);
      t[at + 1] = swap(k1);
      t[at + 2] = swap(k2);
      t[at + 3] = swap(k3);
      // noble's mul2: V >> 1, and R = 0xe1 || 0^120 folded in when a bit falls off (SP 800-38D §6.3).
      const carry = k3 & 1;
      k3 = ((k2 << 31) | (k3 >>> 1)) >>> 0;
      k2 = ((k1 << 31) | (k2 >>> 1)) >>> 0;
      k1 = ((k0 << 31) | (k1 >>> 1)) >>> 0;
      k0 = ((k0 >>> 1) ^ (0xe1000000 & -carry)) >>> 0;
    }
    // Every other entry is its top bit's entry XOR the rest's (already filled: the rest is smaller).
    for (let v = 3; v < 16; v++) {
      const top = 1 << (31 - Math.clz32(v));
      if (top === v) continue;
      const at = base + v * 4;
      const a = base + top * 4;
      const b = base + (v ^ top) * 4;
      t[at] = t[a]! ^ t[b]!;
      t[at + 1] = t[a + 1]! ^ t[b + 1]!;
      t[at + 2] = t[a + 2]! ^ t[b + 2]!;
      t[at + 3] = t[a + 3]! ^ t[b + 3]!;
    }
  }
  return t;
}

/**
 * GHASH under one hash key, reusable: the table stays, the accumulator starts at zero per call.
 *
 * @example
 * const g = new KeyedGhash(h);
 * g.hashInto(aad, ciphertext, out16); // out16: 16 bytes, GHASH_H(A, C) (SP 800-38D §7.1 step 5)
 */
export class KeyedGhash {
  private s0 = 0;
  private s1 = 0;
  private s2 = 0;
  private s3 = 0;
  private readonly table: Int32Array;
  /** The zero-padded last block and the lengths block (scratch, wiped after use). */
  private readonly block = new Uint8Array(16);
  private readonly blockView = new DataView(this.block.buffer);

  constructor(h: Uint8Array) {
    this.table = ghashTable(h);
  }

  /** Y = (Y xor X) · H for one block X given as four little-endian words (noble's `_updateBlock`). */
  private mulBlock(s0: number, s1: number, s2: number, s3: number): void {
    const t = this.table;
    s0 ^= this.s0;
    s1 ^= this.s1;
    s2 ^= this.s2;
    s3 ^= this.s3;
    let o0 = 0;
    let o1 = 0;
    let o2 = 0;
    let o3 = 0;
    let w = 0; // window index times 16 entries times 4 words
    for (let word = 0; word < 4; word++) {
      const num = word === 0 ? s0 : word === 1 ? s1 : word === 2 ? s2 : s3;
      for (let bytePos = 0; bytePos < 32; bytePos += 8) {
        const byte = (num >>> bytePos) & 0xff;
        let e = w + ((byte >>> 4) << 2);
        o0 ^= t[e]!;
        o1 ^= t[e + 1]!;
        o2 ^= t[e + 2]!;
        o3 ^= t[e + 3]!;
        e = w + 64 + ((byte & 15) << 2);
        o0 ^= t[e]!;
        o1 ^= t[e + 1]!;
        o2 ^= t[e + 2]!;
        o3 ^= t[e + 3]!;
        w += 128;
      }
    }
    this.s0 = o0;
    this.s1 = o1;
    this.s2 = o2;
    this.s3 = o3;
  }

  /** Absorbs `data` zero-padded to whole blocks: aligned input on a little-endian host is read in place. */
  private absorb(data: Uint8Array): void {
    const whole = data.length >>> 4;
    if (LITTLE_ENDIAN && data.byteOffset % 4 === 0) {
      const w = new Uint32Array(data.buffer, data.byteOffset, whole * 4);
      for (let i = 0; i < w.length; i += 4) this.mulBlock(w[i]!, w[i + 1]!, w[i + 2]!, w[i + 3]!);
    } else {
      const v = new DataView(data.buffer, data.byteOffset, data.length);
      for (let i = 0; i < whole * 16; i += 16) this.mulBlock(v.getUint32(i, true), v.getUint32(i + 4, true), v.getUint32(i + 8, true), v.getUint32(i + 12, true));
    }
    if ((data.length & 15) !== 0) {
      const { block, blockView: v } = this;
      block.fill(0);
      block.set(data.subarray(whole * 16));
      this.mulBlock(v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true));
      block.fill(0);
    }
  }

  /** The GHASH of aad and data (each zero-padded to a block) and their bit lengths, into `out[0, 16)`. */
  hashInto(aad: Uint8Array, data: Uint8Array, out: Uint8Array): void {
    this.s0 = this.s1 = this.s2 = this.s3 = 0;
    if (aad.length > 0) this.absorb(aad);
    if (data.length > 0) this.absorb(data);
    // Bit lengths as two 64-bit big-endian numbers; records are far below 2^32 bits.
    const v = this.blockView;
    v.setUint32(0, Math.floor(aad.length / 2 ** 29));
    v.setUint32(4, (aad.length * 8) >>> 0);
    v.setUint32(8, Math.floor(data.length / 2 ** 29));
    v.setUint32(12, (data.length * 8) >>> 0);
    this.mulBlock(v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true), v.getUint32(12, true));
    this.block.fill(0);
    // Each word's bytes least significant first, as noble's digestInto writes them on any host.
    putWord(out, 0, this.s0);
    putWord(out, 4, this.s1);
    putWord(out, 8, this.s2);
    putWord(out, 12, this.s3);
    this.s0 = this.s1 = this.s2 = this.s3 = 0; // the unmasked GHASH is not left behind
  }
}

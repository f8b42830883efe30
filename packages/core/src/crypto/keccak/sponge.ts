/**
 * The FIPS 202 functions ML-KEM (FIPS 203 §4.1) needs: SHA3-256, SHA3-512 (§6.1), SHAKE128 and
 * SHAKE256 (§6.2), one-shot over Uint8Array, all the sponge construction of §4 (§3's
 * Keccak-p[1600, 24] as f, pad10*1 of §5.1) with a different rate and domain-separation suffix.
 *
 * The state is 50 32-bit words (see {@link keccakF1600}); bytes go in and out little-endian per
 * lane (FIPS 202 §B.1): through a 32-bit view where the platform is little-endian and the input
 * 4-byte aligned, else assembled with shifts, so the result does not depend on the platform's
 * byte order. The state is wiped before each function returns, as the input may be secret.
 */
import { InternalError } from '../../errors.js';
import { keccakF1600 } from './permutation.js';

/** The largest output a SHAKE call may ask for: 1 MiB, far beyond any use in ML-KEM. */
const MAX_OUT = 1 << 20;

/** Whether a Uint32Array over bytes reads them little-endian, as FIPS 202's lanes are (§B.1). */
const LITTLE_ENDIAN = new Uint8Array(Uint32Array.of(1).buffer)[0] === 1;

function checkData(fn: string, data: unknown): asserts data is Uint8Array {
  if (!(data instanceof Uint8Array)) throw new InternalError(`${fn}: the input must be a Uint8Array`);
}

function checkOutLength(fn: string, outLength: unknown): asserts outLength is number {
  if (typeof outLength !== 'number' || !Number.isSafeInteger(outLength) || outLength < 0 || outLength > MAX_OUT) {
    throw new InternalError(`${fn}: the output length must be an integer from 0 to ${MAX_OUT}, not ${String(outLength)}`);
  }
}

/**
 * SPONGE[Keccak-p[1600, 24], pad10*1, rate](data || suffix, outLength) (FIPS 202 §4, §5.1),
 * `rate` in bytes (a multiple of 8), `suffix` the domain bits with pad10*1's first 1 already
 * appended as one byte: 0x06 for SHA3 (bits 01, §6.1), 0x1f for SHAKE (bits 1111, §6.2).
 */
function sponge(data: Uint8Array, rate: number, suffix: number, outLength: number): Uint8Array {
  const s = new Uint32Array(50);
  const rateWords = rate >>> 2;
  const len = data.length;
  let p = 0;
  // Absorb every full block (§4 step 6): through a 32-bit view when the platform is little-endian
  // and the input 4-byte aligned, else a byte at a time.
  if (len >= rate && LITTLE_ENDIAN && (data.byteOffset & 3) === 0) {
    const words = new Uint32Array(data.buffer, data.byteOffset, (len - (len % rate)) >>> 2);
    for (let q = 0; q < words.length; q += rateWords) {
      for (let i = 0; i < rateWords; i++) s[i]! ^= words[q + i]!;
      keccakF1600(s);
    }
    p = words.length << 2;
  }
  for (; len - p >= rate; ) {
    for (let i = 0; i < rateWords; i++, p += 4) {
      s[i]! ^= data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
    }
    keccakF1600(s);
  }
  // The last, partial block (possibly empty) with the suffix and pad10*1's final 1 bit (§5.1).
  const tail = len - p;
  const whole = tail >>> 2;
  for (let i = 0; i < whole; i++, p += 4) {
    s[i]! ^= data[p]! | (data[p + 1]! << 8) | (data[p + 2]! << 16) | (data[p + 3]! << 24);
  }
  for (let k = whole << 2; k < tail; k++, p++) s[k >>> 2]! ^= data[p]! << ((k & 3) << 3);
  s[tail >>> 2]! ^= suffix << ((tail & 3) << 3);
  s[rateWords - 1]! ^= 0x80000000;
  keccakF1600(s);
  // Squeeze (§4 steps 8-10): rate bytes per permutation, permuting only when more are needed.
  const out = new Uint8Array(outLength);
  for (let o = 0; ; ) {
    const n = Math.min(rate, outLength - o);
    const words = n >>> 2;
    for (let i = 0; i < words; i++, o += 4) {
      const w = s[i]!;
      out[o] = w;
      out[o + 1] = w >>> 8;
      out[o + 2] = w >>> 16;
      out[o + 3] = w >>> 24;
    }
    for (let k = words << 2; k < n; k++, o++) out[o] = s[k >>> 2]! >>> ((k & 3) << 3);
    if (o >= outLength) break;
    keccakF1600(s);
  }
  s.fill(0);
  return out;
}

/**
 * SHA3-256 (FIPS 202 §6.1): Keccak[512] with rate 136 bytes, 32-byte digest.
 *
 * @throws InternalError if `data` is not a Uint8Array.
 * @example
 * sha3_256(new TextEncoder().encode('abc')); // 3a985da7…11431532 (32 bytes)
 */
export function sha3_256(data: Uint8Array): Uint8Array {
  checkData('sha3_256', data);
  return sponge(data, 136, 0x06, 32);
}

/**
 * SHA3-512 (FIPS 202 §6.1): Keccak[1024] with rate 72 bytes, 64-byte digest.
 *
 * @throws InternalError if `data` is not a Uint8Array.
 * @example
 * sha3_512(new TextEncoder().encode('abc')); // b751850b…4eec53f0 (64 bytes)
 */
export function sha3_512(data: Uint8Array): Uint8Array {
  checkData('sha3_512', data);
  return sponge(data, 72, 0x06, 64);
}

/**
 * SHAKE128 (FIPS 202 §6.2): Keccak[256] with rate 168 bytes, `outLength` bytes of output.
 *
 * @throws InternalError if `data` is not a Uint8Array or `outLength` is not an integer in 0..2^20.
 * @example
 * shake128(new Uint8Array(0), 32); // 7f9c2ba4…fa66ef26
 */
export function shake128(data: Uint8Array, outLength: number): Uint8Array {
  checkData('shake128', data);
  checkOutLength('shake128', outLength);
  return sponge(data, 168, 0x1f, outLength);
}

/**
 * SHAKE256 (FIPS 202 §6.2): Keccak[512] with rate 136 bytes, `outLength` bytes of output.
 *
 * @throws InternalError if `data` is not a Uint8Array or `outLength` is not an integer in 0..2^20.
 * @example
 * shake256(new Uint8Array(0), 64); // 46b9dd2b…b3b7c4be
 */
export function shake256(data: Uint8Array, outLength: number): Uint8Array {
  checkData('shake256', data);
  checkOutLength('shake256', outLength);
  return sponge(data, 136, 0x1f, outLength);
}

/**
 * Strict base64 decoding (RFC 4648 §4) for PEM bodies (RFC 7468 §3): the standard alphabet only,
 * padding to a whole quantum, '=' only at the end and unused bits zero, so every byte string has
 * exactly one accepted encoding. Whitespace is removed by the PEM reader before this runs.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** Sextet value of each character code below 128, or -1. */
const VALUES: Int8Array = (() => {
  const table = new Int8Array(128).fill(-1);
  for (let i = 0; i < ALPHABET.length; i++) table[ALPHABET.charCodeAt(i)] = i;
  return table;
})();

function sextet(text: string, i: number): number {
  const c = text.charCodeAt(i);
  return c < 128 ? VALUES[c]! : -1;
}

/**
 * The bytes `text` encodes, or undefined if it is not canonical padded base64.
 *
 * @example
 * decodeBase64('AAE='); // Uint8Array [0, 1]
 * decodeBase64('AAF='); // undefined: the unused bits are not zero
 */
export function decodeBase64(text: string): Uint8Array | undefined {
  if (text.length % 4 !== 0) return undefined;
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    const a = sextet(text, i);
    const b = sextet(text, i + 1);
    const c = last && pad === 2 ? 0 : sextet(text, i + 2);
    const d = last && pad >= 1 ? 0 : sextet(text, i + 3);
    if ((a | b | c | d) < 0) return undefined;
    const n = (a << 18) | (b << 12) | (c << 6) | d;
    out[o++] = n >>> 16;
    if (last && pad === 2) {
      if ((n & 0xffff) !== 0) return undefined; // unused bits of the last quantum
      break;
    }
    out[o++] = (n >>> 8) & 0xff;
    if (last && pad === 1) {
      if ((n & 0xff) !== 0) return undefined;
      break;
    }
    out[o++] = n & 0xff;
  }
  return out;
}

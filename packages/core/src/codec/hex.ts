/**
 * Lower-case hex of bytes: index keys, key log lines, big-integer parsing.
 */

/**
 * The bytes as lower-case hex.
 *
 * @example
 * toHex(Uint8Array.of(0, 255)); // '00ff'
 */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (let i = 0; i < bytes.length; i++) s += HEX_PAIRS[bytes[i]!]!;
  return s;
}

/** '00' to 'ff' (a constant): no number-to-string conversion and padding per byte (signature cache keys, RSA moduli, each handshake). */
const HEX_PAIRS: readonly string[] = Array.from({ length: 256 }, (_, b) => b.toString(16).padStart(2, '0'));

/**
 * The bytes as an unsigned big-endian integer. Linear in the length (V8 parses a hex string in
 * one pass), where shifting a bigint byte by byte is quadratic: a 64 KiB INTEGER from a hostile
 * certificate costs about 20 ms this way and about a second that way.
 *
 * @example
 * bigIntFromBytes(Uint8Array.of(1, 0)); // 256n
 */
export function bigIntFromBytes(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt('0x' + toHex(bytes));
}

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
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

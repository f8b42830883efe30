/**
 * Constant-time comparison for MACs, Finished verify_data and PSK binders (RFC 9846 §F.4).
 */

/**
 * True when `a` and `b` hold the same bytes. Runs in time that depends only on the lengths.
 *
 * @example
 * if (!equalBytes(received, expected)) throw new PeerMisbehavedError('decrypt_error', 'bad Finished');
 */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

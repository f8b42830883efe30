/**
 * Byte strings one after another, in one new array: handshake flights, HPKE labels, hybrid key
 * shares.
 */

/**
 * The parts back to back, in a new array.
 *
 * @example
 * concatBytes(enc, pkR); // kem_context (RFC 9180 §4.1)
 */
export function concatBytes(...parts: readonly Uint8Array[]): Uint8Array {
  return concatList(parts);
}

/**
 * {@link concatBytes} of a list, which may be long: spreading one into arguments overflows the
 * stack past some 100,000 elements (a flight cut into one-byte records).
 *
 * @example
 * concatList(records); // every record's bytes, in order
 */
export function concatList(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const p of parts) length += p.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

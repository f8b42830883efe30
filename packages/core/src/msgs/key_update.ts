/**
 * KeyUpdate (RFC 9846 §4.7.3).
 */
import { Reader } from '../codec/reader.js';
import { InvalidMessageError } from '../errors.js';

/** @example encodeKeyUpdate(1) // update_requested */
export function encodeKeyUpdate(request: number): Uint8Array {
  return Uint8Array.of(request);
}

/** `KeyUpdateRequest request_update`: 0 or 1, anything else illegal_parameter. @example decodeKeyUpdate(Uint8Array.of(1)) // 1 */
export function decodeKeyUpdate(body: Uint8Array): number {
  const r = new Reader(body, 'KeyUpdate');
  const v = r.u8('request_update');
  r.expectEnd();
  if (v > 1) throw new InvalidMessageError('illegal_parameter', `KeyUpdate request_update ${v}`);
  return v;
}

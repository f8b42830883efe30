/**
 * Finished (RFC 9846 §4.5.3): verify_data of exactly Hash.length bytes.
 */
import { InvalidMessageError } from '../errors.js';

/** @example encodeFinished(verifyData) // the body is the verify_data itself */
export function encodeFinished(verifyData: Uint8Array): Uint8Array {
  return verifyData.slice();
}

/** @example decodeFinished(msg.body, 32) */
export function decodeFinished(body: Uint8Array, hashLength: number): Uint8Array {
  if (body.length !== hashLength) throw new InvalidMessageError('decode_error', `Finished of ${body.length} bytes, expected ${hashLength}`);
  return body;
}

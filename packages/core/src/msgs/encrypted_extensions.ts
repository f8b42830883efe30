/**
 * EncryptedExtensions (RFC 9846 §4.4.1).
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { decodeExtensions, encodeExtensions, type Extension } from './extension.js';

/** A decoded EncryptedExtensions body. */
export interface EncryptedExtensions {
  readonly extensions: readonly Extension[];
}

/** @example encodeEncryptedExtensions({ extensions: [] }) // Uint8Array [0, 0] */
export function encodeEncryptedExtensions(ee: EncryptedExtensions): Uint8Array {
  return encode((w) => encodeExtensions(w, ee.extensions));
}

/** @example decodeEncryptedExtensions(Uint8Array.of(0, 0)).extensions // [] */
export function decodeEncryptedExtensions(body: Uint8Array): EncryptedExtensions {
  const r = new Reader(body, 'EncryptedExtensions');
  const extensions = decodeExtensions(r, 'EncryptedExtensions');
  r.expectEnd();
  return { extensions };
}

/**
 * EncryptedExtensions (RFC 9846 §4.4.1).
 */
import { Reader } from '../codec/reader.js';
import { decodeExtensions, type Extension } from './extension.js';

/** A decoded EncryptedExtensions body. */
export interface EncryptedExtensions {
  readonly extensions: readonly Extension[];
}

/** @example decodeEncryptedExtensions(Uint8Array.of(0, 0)).extensions // [] */
export function decodeEncryptedExtensions(body: Uint8Array): EncryptedExtensions {
  const r = new Reader(body, 'EncryptedExtensions');
  const extensions = decodeExtensions(r, 'EncryptedExtensions');
  r.expectEnd();
  return { extensions };
}

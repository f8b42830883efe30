/**
 * `@puretls/core/der`: the strict DER reader and the SubjectPublicKeyInfo parser, shared with the
 * certificate verifier (one DER grammar for the engine and `@puretls/x509`).
 *
 * @example
 * import { DerReader, parseSpki } from '@puretls/core/der';
 * const key = parseSpki(spkiBytes);
 */
export { DerReader, DerTag, derBitStringBytes, derOid, derUnsigned, type DerElement } from './crypto/der.js';
export { certificateSpki, parseSpki } from './crypto/spki.js';

/** The record layer. */
export { Deframer, type RawRecord } from './deframer.js';
export { encodePlaintextRecord, fragmentRecords } from './plaintext.js';
export { RecordDecrypter, RecordEncrypter } from './protection.js';

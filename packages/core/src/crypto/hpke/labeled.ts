/**
 * HPKE's labeled HKDF (RFC 9180 §4): every Extract and Expand is bound to the protocol version
 * string and the suite that uses it, so keys from one suite or one step can never stand in for
 * another's.
 */
import { concatBytes as concat } from '../../codec/concat.js';
import type { CryptoProvider, HashAlgorithm } from '../provider.js';

const encoder = new TextEncoder();
/** "HPKE-v1" (RFC 9180 §4). */
const VERSION = encoder.encode('HPKE-v1');

/**
 * A suite_id with the provider and hash its labeled KDF runs on. The KEM's KDF and the key
 * schedule's KDF are separate instances: the KEM's suite_id is "KEM" ‖ kem_id (§4.1), the key
 * schedule's "HPKE" ‖ kem_id ‖ kdf_id ‖ aead_id (§5.1).
 *
 * @example
 * const kdf = labeledKdf(nobleProvider, 'sha256', kemSuiteId(0x0020));
 * const prk = kdf.extract(new Uint8Array(0), 'eae_prk', dh);
 */
export interface LabeledKdf {
  /** LabeledExtract(salt, label, ikm) = Extract(salt, "HPKE-v1" ‖ suite_id ‖ label ‖ ikm). */
  extract(salt: Uint8Array, label: string, ikm: Uint8Array): Uint8Array;
  /** LabeledExpand(prk, label, info, L) = Expand(prk, I2OSP(L, 2) ‖ "HPKE-v1" ‖ suite_id ‖ label ‖ info, L). */
  expand(prk: Uint8Array, label: string, info: Uint8Array, length: number): Uint8Array;
}

/**
 * The labeled KDF for one suite_id over the provider's HKDF.
 *
 * @example
 * const kdf = labeledKdf(provider, 'sha256', hpkeSuiteId(0x0020, 0x0001, 0x0001));
 * const exp = kdf.expand(secret, 'exp', context, 32);
 */
export function labeledKdf(provider: CryptoProvider, hash: HashAlgorithm, suiteId: Uint8Array): LabeledKdf {
  return {
    extract(salt, label, ikm) {
      const labeled = concat(VERSION, suiteId, encoder.encode(label), ikm);
      const prk = provider.hkdfExtract(hash, salt, labeled);
      labeled.fill(0); // it holds the input key material
      return prk;
    },
    expand(prk, label, info, length) {
      const labeled = concat(Uint8Array.of(length >>> 8, length & 0xff), VERSION, suiteId, encoder.encode(label), info);
      return provider.hkdfExpand(hash, prk, labeled, length);
    },
  };
}

/**
 * The KEM's suite_id, "KEM" ‖ I2OSP(kem_id, 2) (RFC 9180 §4.1).
 *
 * @example
 * kemSuiteId(0x0020); // 4b 45 4d 00 20
 */
export function kemSuiteId(kemId: number): Uint8Array {
  return concat(encoder.encode('KEM'), u16(kemId));
}

/**
 * The key schedule's suite_id, "HPKE" ‖ I2OSP(kem_id, 2) ‖ I2OSP(kdf_id, 2) ‖ I2OSP(aead_id, 2)
 * (RFC 9180 §5.1).
 *
 * @example
 * hpkeSuiteId(0x0020, 0x0001, 0x0001); // 48 50 4b 45 00 20 00 01 00 01
 */
export function hpkeSuiteId(kemId: number, kdfId: number, aeadId: number): Uint8Array {
  return concat(encoder.encode('HPKE'), u16(kemId), u16(kdfId), u16(aeadId));
}

function u16(v: number): Uint8Array {
  return Uint8Array.of(v >>> 8, v & 0xff);
}

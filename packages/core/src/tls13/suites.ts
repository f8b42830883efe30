/**
 * The TLS 1.3 cipher suites (RFC 9846 §B.4): each fixes the AEAD and the HKDF hash.
 */
import type { AeadAlgorithm, HashAlgorithm } from '../crypto/provider.js';
import { CipherSuite } from '../msgs/enums.js';

/** What a cipher suite means for the key schedule and the record layer. */
export interface SuiteParams {
  readonly id: number;
  readonly name: string;
  readonly hash: HashAlgorithm;
  readonly hashLength: number;
  readonly aead: AeadAlgorithm;
  readonly keyLength: number;
  /** Per-record nonce length (RFC 9846 §5.3): 12 for all three suites. */
  readonly ivLength: number;
}

/**
 * The three TLS 1.3 suites we implement, in our default preference order.
 *
 * @example
 * SUITES.map((s) => s.name);
 */
export const SUITES: readonly SuiteParams[] = [
  { id: CipherSuite.TLS_AES_128_GCM_SHA256, name: 'TLS_AES_128_GCM_SHA256', hash: 'sha256', hashLength: 32, aead: 'aes-128-gcm', keyLength: 16, ivLength: 12 },
  { id: CipherSuite.TLS_AES_256_GCM_SHA384, name: 'TLS_AES_256_GCM_SHA384', hash: 'sha384', hashLength: 48, aead: 'aes-256-gcm', keyLength: 32, ivLength: 12 },
  { id: CipherSuite.TLS_CHACHA20_POLY1305_SHA256, name: 'TLS_CHACHA20_POLY1305_SHA256', hash: 'sha256', hashLength: 32, aead: 'chacha20-poly1305', keyLength: 32, ivLength: 12 },
];

/**
 * The parameters of a suite by codepoint, or undefined if we do not implement it.
 *
 * @example
 * suiteById(0x1301)?.name; // 'TLS_AES_128_GCM_SHA256'
 */
export function suiteById(id: number): SuiteParams | undefined {
  return SUITES.find((s) => s.id === id);
}

/**
 * Cipher suites are supplied by the crypto provider (`CryptoProvider.cipherSuites`, RFC 9846 §B.4);
 * the key schedule and the record layer see them through this name.
 */
import type { SupportedCipherSuite } from '../crypto/provider.js';

/** What a cipher suite means for the key schedule and the record layer. */
export type SuiteParams = SupportedCipherSuite;

/**
 * ServerHello and HelloRetryRequest (RFC 9846 §4.2.3, §4.2.4): one structure, told apart by the
 * magic random.
 */
import { Reader } from '../codec/reader.js';
import { equalBytes } from '../codec/ct.js';
import { decodeExtensions, type Extension } from './extension.js';

/** A decoded ServerHello (or HelloRetryRequest) body. */
export interface ServerHello {
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly legacySessionIdEcho: Uint8Array;
  readonly cipherSuite: number;
  readonly legacyCompressionMethod: number;
  readonly extensions: readonly Extension[];
}

/**
 * SHA-256("HelloRetryRequest"), the random of a HelloRetryRequest (RFC 9846 §4.2.3).
 *
 * @example
 * equalBytes(sh.random, HELLO_RETRY_REQUEST_RANDOM);
 */
export const HELLO_RETRY_REQUEST_RANDOM: Uint8Array = Uint8Array.from([
  0xcf, 0x21, 0xad, 0x74, 0xe5, 0x9a, 0x61, 0x11, 0xbe, 0x1d, 0x8c, 0x02, 0x1e, 0x65, 0xb8, 0x91,
  0xc2, 0xa2, 0x11, 0x16, 0x7a, 0xbb, 0x8c, 0x5e, 0x07, 0x9e, 0x09, 0xe2, 0xc8, 0xa8, 0x33, 0x9c,
]);

/**
 * True when the message is a HelloRetryRequest.
 *
 * @example
 * if (isHelloRetryRequest(sh)) sendSecondClientHello();
 */
export function isHelloRetryRequest(sh: ServerHello): boolean {
  return equalBytes(sh.random, HELLO_RETRY_REQUEST_RANDOM);
}

/**
 * Decodes a ServerHello body. A body that ends right after legacy_compression_method is valid
 * TLS 1.2 syntax (RFC 5246 §7.4.1.3: the extensions block is optional) and decodes with no
 * extensions; the caller then sees no supported_versions and refuses the version (RFC 9846
 * §4.2.3: protocol_version, or illegal_parameter for a downgrade sentinel), rather than the
 * decoder calling a legitimate old server undecodable. A TLS 1.3 ServerHello always has
 * supported_versions, so it can never take this path.
 *
 * @example
 * const sh = decodeServerHello(msg.body);
 */
export function decodeServerHello(body: Uint8Array): ServerHello {
  const r = new Reader(body, 'ServerHello');
  const legacyVersion = r.u16('legacy_version');
  const random = r.bytes(32, 'random');
  const legacySessionIdEcho = r.vec8(0, 32, 'legacy_session_id_echo');
  const cipherSuite = r.u16('cipher_suite');
  const legacyCompressionMethod = r.u8('legacy_compression_method');
  const extensions = r.done ? [] : decodeExtensions(r, 'ServerHello');
  r.expectEnd();
  return { legacyVersion, random, legacySessionIdEcho, cipherSuite, legacyCompressionMethod, extensions };
}

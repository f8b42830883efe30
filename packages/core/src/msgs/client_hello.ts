/**
 * ClientHello (RFC 9846 §4.2.2).
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { decodeExtensions, encodeExtensions, type Extension } from './extension.js';

/** A decoded ClientHello body. */
export interface ClientHello {
  readonly legacyVersion: number;
  readonly random: Uint8Array;
  readonly legacySessionId: Uint8Array;
  readonly cipherSuites: readonly number[];
  readonly legacyCompressionMethods: Uint8Array;
  readonly extensions: readonly Extension[];
}

/**
 * Encodes a ClientHello body (no handshake header).
 *
 * @example
 * const body = encodeClientHello({ legacyVersion: 0x0303, random, legacySessionId, cipherSuites: [0x1301], legacyCompressionMethods: Uint8Array.of(0), extensions });
 */
export function encodeClientHello(ch: ClientHello): Uint8Array {
  return encode((w) => {
    w.u16(ch.legacyVersion).bytes(ch.random);
    w.vec8((v) => v.bytes(ch.legacySessionId));
    w.vec16((v) => { for (const s of ch.cipherSuites) v.u16(s); });
    w.vec8((v) => v.bytes(ch.legacyCompressionMethods));
    encodeExtensions(w, ch.extensions);
  });
}

/**
 * Decodes a ClientHello body. TLS 1.3 requires the extensions block, so it is not optional here.
 *
 * @example
 * const ch = decodeClientHello(msg.body);
 */
export function decodeClientHello(body: Uint8Array): ClientHello {
  const r = new Reader(body, 'ClientHello');
  const legacyVersion = r.u16('legacy_version');
  const random = r.bytes(32, 'random');
  const legacySessionId = r.vec8(0, 32, 'legacy_session_id');
  const cipherSuites = r.u16List(2, 0xfffe, 'cipher_suites');
  const legacyCompressionMethods = r.vec8(1, 255, 'legacy_compression_methods');
  const extensions = decodeExtensions(r, 'ClientHello');
  r.expectEnd();
  return { legacyVersion, random, legacySessionId, cipherSuites, legacyCompressionMethods, extensions };
}

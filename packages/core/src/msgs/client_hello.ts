/**
 * ClientHello (RFC 9846 §4.2.2).
 */
import { encode } from '../codec/writer.js';
import { encodeExtensions, type Extension } from './extension.js';

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


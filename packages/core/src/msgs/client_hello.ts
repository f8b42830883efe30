/**
 * ClientHello (RFC 9846 §4.2.2).
 */
import { Writer } from '../codec/writer.js';
import { HandshakeType } from './enums.js';
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
  const w = new Writer(clientHelloLength(ch));
  writeClientHello(w, ch);
  return w.finish();
}

/**
 * The ClientHello as a handshake message (RFC 9846 §4: type, 24-bit length, body), encoded once
 * into a buffer of exactly its size: no growing, no second copy for the header.
 *
 * @example
 * transcript.add(encodeClientHelloMessage(hello));
 */
export function encodeClientHelloMessage(ch: ClientHello): Uint8Array {
  const n = clientHelloLength(ch);
  const w = new Writer(4 + n);
  w.u8(HandshakeType.client_hello).u24(n);
  writeClientHello(w, ch);
  return w.finish();
}

/**
 * The length of `ch`'s encoded body, computed without encoding it: what padding (RFC 7685) and
 * the ECH payload length (RFC 9849 §6.1.3, §6.2) depend on.
 *
 * @example
 * clientHelloLength(hello) === encodeClientHello(hello).length; // true
 */
export function clientHelloLength(ch: ClientHello): number {
  // legacy_version, random, then three vectors with 1-, 2- and 1-byte lengths, and the extensions' 2.
  let n = 2 + ch.random.length + 1 + ch.legacySessionId.length + 2 + 2 * ch.cipherSuites.length + 1 + ch.legacyCompressionMethods.length + 2;
  for (const e of ch.extensions) n += 4 + e.data.length;
  return n;
}

function writeClientHello(w: Writer, ch: ClientHello): void {
  w.u16(ch.legacyVersion).bytes(ch.random);
  w.vec8((v) => v.bytes(ch.legacySessionId));
  w.vec16((v) => { for (const s of ch.cipherSuites) v.u16(s); });
  w.vec8((v) => v.bytes(ch.legacyCompressionMethods));
  encodeExtensions(w, ch.extensions);
}


// The server's side of the wire format, for the scripted test servers and the codec round trips:
// encoders of server messages and decoders of client messages. A TLS client never needs them, so
// they are not in the shipped sources (packages/core/src).
import { encode, type Writer } from '../../src/codec/writer.js';
import { Reader } from '../../src/codec/reader.js';
import { InvalidMessageError } from '../../src/errors.js';
import type { CertificateRequest } from '../../src/msgs/certificate_request.js';
import type { CertificateVerify } from '../../src/msgs/certificate_verify.js';
import type { ClientHello } from '../../src/msgs/client_hello.js';
import type { EncryptedExtensions } from '../../src/msgs/encrypted_extensions.js';
import { decodeExtensions, encodeExtensions } from '../../src/msgs/extension.js';
import { readKeyShareEntry, type KeyShareEntry, type PskIdentity } from '../../src/msgs/ext_bodies.js';
import type { NewSessionTicket } from '../../src/msgs/new_session_ticket.js';
import type { ServerHello } from '../../src/msgs/server_hello.js';

const reader = (body: Uint8Array, what: string): Reader => new Reader(body, what);

function done<T>(r: Reader, value: T): T {
  r.expectEnd();
  return value;
}

/** @example encodeEncryptedExtensions({ extensions: [] }) // Uint8Array [0, 0] */
export function encodeEncryptedExtensions(ee: EncryptedExtensions): Uint8Array {
  return encode((w) => encodeExtensions(w, ee.extensions));
}

/**
 * Encodes a ServerHello body.
 *
 * @example
 * encodeServerHello({ legacyVersion: 0x0303, random, legacySessionIdEcho, cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions });
 */
export function encodeServerHello(sh: ServerHello): Uint8Array {
  return encode((w) => {
    w.u16(sh.legacyVersion).bytes(sh.random);
    w.vec8((v) => v.bytes(sh.legacySessionIdEcho));
    w.u16(sh.cipherSuite).u8(sh.legacyCompressionMethod);
    encodeExtensions(w, sh.extensions);
  });
}

/** @example encodeNewSessionTicket({ lifetime: 7200, ageAdd: 1, nonce, ticket, extensions: [] }) */
export function encodeNewSessionTicket(t: NewSessionTicket): Uint8Array {
  return encode((w) => {
    w.u32(t.lifetime).u32(t.ageAdd);
    w.vec8((v) => v.bytes(t.nonce));
    w.vec16((v) => v.bytes(t.ticket));
    encodeExtensions(w, t.extensions);
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

/** @example encodeKeyShareServer({ group: 0x1d, keyExchange: pub }) */
export function encodeKeyShareServer(entry: KeyShareEntry): Uint8Array {
  return encode((w) => w.u16(entry.group).vec16((k) => k.bytes(entry.keyExchange)));
}

/** @example encodeKeyShareHrr(0x0017) */
export function encodeKeyShareHrr(group: number): Uint8Array {
  return encode((w) => w.u16(group));
}

/** @example encodeSupportedVersionsServer(0x0304) */
export function encodeSupportedVersionsServer(version: number): Uint8Array {
  return encode((w) => w.u16(version));
}

/** @example encodePreSharedKeyServer(0) */
export function encodePreSharedKeyServer(index: number): Uint8Array {
  return encode((w) => w.u16(index));
}

/** `KeyShareEntry client_shares<0..2^16-1>`. @example decodeKeyShareClient(body) */
export function decodeKeyShareClient(body: Uint8Array): KeyShareEntry[] {
  const r = reader(body, 'key_share');
  const l = r.sub16(0, 0xffff, 'client_shares');
  const out: KeyShareEntry[] = [];
  while (!l.done) out.push(readKeyShareEntry(l));
  return done(r, out);
}

/** `ProtocolVersion versions<2..254>`. @example decodeSupportedVersionsClient(body) // [0x0304] */
export function decodeSupportedVersionsClient(body: Uint8Array): number[] {
  const r = reader(body, 'supported_versions');
  const l = r.sub8(2, 254, 'versions');
  if (l.remaining % 2 !== 0) throw l.fail('odd length');
  const out: number[] = [];
  while (!l.done) out.push(l.u16());
  return done(r, out);
}

/** `PskKeyExchangeMode ke_modes<1..255>`. @example decodePskModes(Uint8Array.of(1, 1)) // [1] */
export function decodePskModes(body: Uint8Array): number[] {
  const r = reader(body, 'psk_key_exchange_modes');
  return done(r, [...r.vec8(1, 255, 'ke_modes')]);
}

/** Host names in a client's server_name (type 0 only; other types are skipped). @example decodeServerNameClient(body) // ['example.com'] */
export function decodeServerNameClient(body: Uint8Array): string[] {
  const r = reader(body, 'server_name');
  const list = r.sub16(1, 0xffff, 'server_name_list');
  const names: string[] = [];
  while (!list.done) {
    const type = list.u8('name_type');
    const name = list.vec16(1, 0xffff, 'host_name');
    if (type === 0) names.push(new TextDecoder().decode(name));
  }
  return done(r, names);
}

/** Padding must be all zeros (RFC 7685 §3). @example decodePadding(new Uint8Array(4)) // 4 */
export function decodePadding(body: Uint8Array): number {
  if (body.some((b) => b !== 0)) throw new InvalidMessageError('illegal_parameter', 'padding extension is not all zeros');
  return body.length;
}

/** `OfferedPsks`. @example decodePreSharedKeyClient(body).identities */
export function decodePreSharedKeyClient(body: Uint8Array): { identities: PskIdentity[]; binders: Uint8Array[] } {
  const r = reader(body, 'pre_shared_key');
  const ids = r.sub16(7, 0xffff, 'identities');
  const identities: PskIdentity[] = [];
  while (!ids.done) identities.push({ identity: ids.vec16(1, 0xffff, 'identity'), obfuscatedTicketAge: ids.u32('obfuscated_ticket_age') });
  const bs = r.sub16(33, 0xffff, 'binders');
  const binders: Uint8Array[] = [];
  while (!bs.done) binders.push(bs.vec8(32, 255, 'binder'));
  return done(r, { identities, binders });
}


export { encodeCertificateRequest } from '../../src/msgs/certificate_request.js';
export { encodeCertificateVerify } from '../../src/msgs/certificate_verify.js';

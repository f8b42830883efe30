/**
 * Extension bodies (RFC 9846 §4.3 and the RFCs each extension comes from). Each `encodeX` returns
 * the body; each `decodeX` consumes the whole body or throws an InvalidMessageError.
 */
import { Reader } from '../codec/reader.js';
import { encode } from '../codec/writer.js';
import { InternalError, InvalidMessageError } from '../errors.js';

const te = new TextEncoder();

function reader(body: Uint8Array, what: string): Reader {
  return new Reader(body, what);
}

function done<T>(r: Reader, value: T): T {
  r.expectEnd();
  return value;
}

/**
 * Fails unless the body is empty (server_name and early_data answers, RFC 6066 §3, RFC 9846 §4.3.10).
 *
 * @example
 * decodeEmpty(ext.data, 'server_name');
 */
export function decodeEmpty(body: Uint8Array, what: string): void {
  if (body.length !== 0) throw new InvalidMessageError('decode_error', `${what}: expected an empty body`);
}

// ---- server_name (RFC 6066 §3) ----

/**
 * RFC 6066 §3: "HostName" is the ASCII (A-label) form, "without a trailing dot". Callers pass a
 * name from parseServerName; anything else reaching here is our bug, refused rather than sent.
 *
 * @example encodeServerNameClient('xn--bcher-kva.example')
 */
export function encodeServerNameClient(host: string): Uint8Array {
  if (!/^[\x21-\x7e]{1,253}$/.test(host) || host.endsWith('.')) {
    throw new InternalError(`server_name must be an ASCII host name without a trailing dot, got ${JSON.stringify(host)}`);
  }
  const name = te.encode(host);
  return encode((w) => w.vec16((l) => l.u8(0).vec16((n) => n.bytes(name))));
}

// ---- u16 lists: supported_groups (§4.3.7), signature_algorithms(_cert) (§4.3.3) ----

function encodeU16List(values: readonly number[]): Uint8Array {
  return encode((w) => w.vec16((l) => { for (const v of values) l.u16(v); }));
}

function decodeU16List(body: Uint8Array, what: string): number[] {
  const r = reader(body, what);
  return done(r, r.u16List(2, 0xfffe, what));
}

/** @example encodeNamedGroupList([0x001d, 0x0017]) */
export function encodeNamedGroupList(groups: readonly number[]): Uint8Array {
  return encodeU16List(groups);
}

/** `NamedGroup named_group_list<2..2^16-1>`. @example decodeNamedGroupList(body) // [29, 23] */
export function decodeNamedGroupList(body: Uint8Array): number[] {
  return decodeU16List(body, 'supported_groups');
}

/** @example encodeSignatureSchemeList([0x0804, 0x0403]) */
export function encodeSignatureSchemeList(schemes: readonly number[]): Uint8Array {
  return encodeU16List(schemes);
}

/** `SignatureScheme supported_signature_algorithms<2..2^16-2>`. @example decodeSignatureSchemeList(body) */
export function decodeSignatureSchemeList(body: Uint8Array): number[] {
  return decodeU16List(body, 'signature_algorithms');
}

// ---- supported_versions (§4.3.1) ----

/** @example encodeSupportedVersionsClient([0x0304]) */
export function encodeSupportedVersionsClient(versions: readonly number[]): Uint8Array {
  return encode((w) => w.vec8((l) => { for (const v of versions) l.u16(v); }));
}

/** `ProtocolVersion selected_version`. @example decodeSupportedVersionsServer(Uint8Array.of(3, 4)) // 0x0304 */
export function decodeSupportedVersionsServer(body: Uint8Array): number {
  const r = reader(body, 'supported_versions');
  return done(r, r.u16('selected_version'));
}

// ---- key_share (§4.3.8) ----

/** One KeyShareEntry. */
export interface KeyShareEntry {
  readonly group: number;
  readonly keyExchange: Uint8Array;
}

/**
 * One `KeyShareEntry` (group, key_exchange<1..2^16-1>) from a reader.
 *
 * @example
 * const entry = readKeyShareEntry(reader);
 */
export function readKeyShareEntry(r: Reader): KeyShareEntry {
  const group = r.u16('group');
  return { group, keyExchange: r.vec16(1, 0xffff, 'key_exchange') };
}

/** @example encodeKeyShareClient([{ group: 0x1d, keyExchange: pub }]) */
export function encodeKeyShareClient(entries: readonly KeyShareEntry[]): Uint8Array {
  return encode((w) => w.vec16((l) => { for (const e of entries) l.u16(e.group).vec16((k) => k.bytes(e.keyExchange)); }));
}

/** `KeyShareEntry server_share`. @example decodeKeyShareServer(body).group */
export function decodeKeyShareServer(body: Uint8Array): KeyShareEntry {
  const r = reader(body, 'key_share');
  return done(r, readKeyShareEntry(r));
}

/** `NamedGroup selected_group` in a HelloRetryRequest. @example decodeKeyShareHrr(Uint8Array.of(0, 0x17)) // 23 */
export function decodeKeyShareHrr(body: Uint8Array): number {
  const r = reader(body, 'key_share');
  return done(r, r.u16('selected_group'));
}

// ---- psk_key_exchange_modes (§4.3.9) ----

/** @example encodePskModes([1]) */
export function encodePskModes(modes: readonly number[]): Uint8Array {
  return encode((w) => w.vec8((l) => { for (const m of modes) l.u8(m); }));
}

// ---- cookie (§4.3.2) ----

/** @example encodeCookie(cookieBytes) */
export function encodeCookie(cookie: Uint8Array): Uint8Array {
  return encode((w) => w.vec16((c) => c.bytes(cookie)));
}

/** `opaque cookie<1..2^16-1>`. @example decodeCookie(body) */
export function decodeCookie(body: Uint8Array): Uint8Array {
  const r = reader(body, 'cookie');
  return done(r, r.vec16(1, 0xffff, 'cookie'));
}

// ---- ALPN (RFC 7301 §3.1) ----

/** @example encodeAlpn([new TextEncoder().encode('h2')]) */
export function encodeAlpn(protocols: readonly Uint8Array[]): Uint8Array {
  return encode((w) => w.vec16((l) => { for (const p of protocols) l.vec8((n) => n.bytes(p)); }));
}

/** `ProtocolName protocol_name_list<2..2^16-1>`, each name 1..255 bytes. @example decodeAlpn(body) */
export function decodeAlpn(body: Uint8Array): Uint8Array[] {
  const r = reader(body, 'application_layer_protocol_negotiation');
  const l = r.sub16(2, 0xffff, 'protocol_name_list');
  const out: Uint8Array[] = [];
  while (!l.done) out.push(l.vec8(1, 255, 'protocol_name'));
  return done(r, out);
}

/**
 * The server's answer: exactly one protocol name (RFC 7301 §3.1); more is illegal_parameter.
 *
 * @example
 * new TextDecoder().decode(decodeAlpnServer(body)); // 'h2'
 */
export function decodeAlpnServer(body: Uint8Array): Uint8Array {
  const names = decodeAlpn(body);
  if (names.length !== 1) throw new InvalidMessageError('illegal_parameter', `ALPN answer names ${names.length} protocols`);
  return names[0]!;
}

// ---- record_size_limit (RFC 8449 §4) ----

/** @example encodeRecordSizeLimit(16385) */
export function encodeRecordSizeLimit(limit: number): Uint8Array {
  return encode((w) => w.u16(limit));
}

/** `uint16 RecordSizeLimit`; below 64 is illegal_parameter (RFC 8449 §4). @example decodeRecordSizeLimit(Uint8Array.of(0x40, 1)) // 16385 */
export function decodeRecordSizeLimit(body: Uint8Array): number {
  const r = reader(body, 'record_size_limit');
  const v = done(r, r.u16('limit'));
  if (v < 64) throw new InvalidMessageError('illegal_parameter', `record_size_limit ${v} is below 64`);
  return v;
}

// ---- early_data (§4.3.10) ----

/** `uint32 max_early_data_size` in a NewSessionTicket. @example decodeEarlyDataNst(body) // 16384 */
export function decodeEarlyDataNst(body: Uint8Array): number {
  const r = reader(body, 'early_data');
  return done(r, r.u32('max_early_data_size'));
}

// ---- pre_shared_key (§4.3.11) ----

/** One PskIdentity. */
export interface PskIdentity {
  readonly identity: Uint8Array;
  readonly obfuscatedTicketAge: number;
}

/** @example encodePreSharedKeyClient([{ identity, obfuscatedTicketAge }], [binder]) */
export function encodePreSharedKeyClient(identities: readonly PskIdentity[], binders: readonly Uint8Array[]): Uint8Array {
  return encode((w) => {
    w.vec16((l) => { for (const i of identities) l.vec16((b) => b.bytes(i.identity)).u32(i.obfuscatedTicketAge); });
    w.vec16((l) => { for (const b of binders) l.vec8((x) => x.bytes(b)); });
  });
}

/** `uint16 selected_identity`. @example decodePreSharedKeyServer(Uint8Array.of(0, 0)) // 0 */
export function decodePreSharedKeyServer(body: Uint8Array): number {
  const r = reader(body, 'pre_shared_key');
  return done(r, r.u16('selected_identity'));
}

// ---- padding (RFC 7685), renegotiation_info (RFC 5746) ----

/** @example encodePadding(100) // 100 zero bytes */
export function encodePadding(length: number): Uint8Array {
  return new Uint8Array(length);
}

/** An empty `renegotiated_connection` (an initial handshake). @example encodeRenegotiationInfoEmpty() // [0] */
export function encodeRenegotiationInfoEmpty(): Uint8Array {
  return new Uint8Array([0]);
}


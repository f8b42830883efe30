/**
 * Extensions (RFC 9846 §4.3): kept raw and in order; the per-message table of where each may appear.
 */
import type { Reader } from '../codec/reader.js';
import type { Writer } from '../codec/writer.js';
import { InvalidMessageError } from '../errors.js';
import { Limits } from '../limits.js';

/** One extension as on the wire: its type and its body, uninterpreted. */
export interface Extension {
  readonly type: number;
  readonly data: Uint8Array;
}

/**
 * Writes `Extension extensions<0..2^16-1>`.
 *
 * @example
 * encodeExtensions(w, [{ type: 43, data: Uint8Array.of(3, 4) }]);
 */
export function encodeExtensions(w: Writer, exts: readonly Extension[]): void {
  w.vec16((v) => {
    for (const e of exts) v.u16(e.type).vec16((b) => b.bytes(e.data));
  });
}

/**
 * Reads an extension block. A type appearing twice is illegal_parameter (RFC 9846 §4.3: "There
 * MUST NOT be more than one extension of the same type"); more than Limits.maxExtensions is a
 * decode_error (no legitimate peer sends that many).
 *
 * @example
 * const exts = decodeExtensions(reader, 'ServerHello');
 */
export function decodeExtensions(r: Reader, what: string): Extension[] {
  const block = r.sub16(0, 0xffff, 'extensions');
  const out: Extension[] = [];
  const seen = new Set<number>();
  while (!block.done) {
    const type = block.u16('extension type');
    const data = block.vec16(0, 0xffff, 'extension data');
    if (seen.has(type)) throw new InvalidMessageError('illegal_parameter', `${what}: duplicate extension ${type}`);
    if (out.length >= Limits.maxExtensions) throw new InvalidMessageError('decode_error', `${what}: more than ${Limits.maxExtensions} extensions`);
    seen.add(type);
    out.push({ type, data });
  }
  return out;
}

/**
 * The extension of a type, if present.
 *
 * @example
 * findExtension(sh.extensions, ExtensionType.key_share)?.data;
 */
export function findExtension(exts: readonly Extension[], type: number): Extension | undefined {
  return exts.find((e) => e.type === type);
}

/** Messages an extension can appear in (RFC 9846 §4.3 table). */
export type ExtensionContext = 'CH' | 'SH' | 'HRR' | 'EE' | 'CT' | 'CR' | 'NST';

/** RFC 9846 §4.3, by extension codepoint. */
const WHERE: ReadonlyMap<number, readonly ExtensionContext[]> = new Map<number, ExtensionContext[]>([
  [0, ['CH', 'EE', 'CR']], // server_name
  [5, ['CH', 'CR', 'CT']], // status_request
  [10, ['CH', 'EE']], // supported_groups
  [13, ['CH', 'CR']], // signature_algorithms
  [14, ['CH', 'EE']], // use_srtp
  [15, ['CH', 'EE']], // heartbeat
  [16, ['CH', 'EE']], // application_layer_protocol_negotiation
  [18, ['CH', 'CR', 'CT']], // signed_certificate_timestamp
  [19, ['CH', 'EE']], // client_certificate_type
  [20, ['CH', 'EE']], // server_certificate_type
  [21, ['CH']], // padding
  [27, ['CH', 'CR']], // compress_certificate
  [28, ['CH', 'EE']], // record_size_limit
  [34, ['CH', 'CR', 'CT']], // delegated_credential
  [41, ['CH', 'SH']], // pre_shared_key
  [42, ['CH', 'EE', 'NST']], // early_data
  [43, ['CH', 'SH', 'HRR']], // supported_versions
  [44, ['CH', 'HRR']], // cookie
  [45, ['CH']], // psk_key_exchange_modes
  [47, ['CH', 'CR']], // certificate_authorities
  [48, ['CR']], // oid_filters
  [49, ['CH']], // post_handshake_auth
  [50, ['CH', 'CR']], // signature_algorithms_cert
  [51, ['CH', 'SH', 'HRR']], // key_share
  [52, ['CH', 'CR', 'CT']], // transparency_info
  [57, ['CH', 'EE']], // quic_transport_parameters
  [0xfe0d, ['CH', 'HRR', 'EE']], // encrypted_client_hello
]);

/**
 * Whether a *recognized* extension may appear in a message. For a type we do not recognize it
 * returns false; receivers treat unknown types per their message: in CH, CR, CT and NST they are
 * ignored, in SH, HRR and EE they cannot be answers to anything we sent (the caller reports
 * unsupported_extension before asking this).
 *
 * @example
 * extensionAllowedIn(51, 'EE'); // false: key_share in EncryptedExtensions is illegal_parameter
 */
export function extensionAllowedIn(type: number, ctx: ExtensionContext): boolean {
  return WHERE.get(type)?.includes(ctx) ?? false;
}

/**
 * Whether we know where extension `type` may appear (RFC 9846 §4.3 table): an unknown one is
 * ignored where the RFC says so, a known one out of place is illegal_parameter.
 *
 * @example
 * isKnownExtension(48); // true: oid_filters
 */
export function isKnownExtension(type: number): boolean {
  return WHERE.has(type);
}

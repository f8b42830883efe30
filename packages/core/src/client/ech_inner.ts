/**
 * EncodedClientHelloInner (RFC 9849 §5.1) and its padding (§6.1.3): what the client seals into
 * the ClientHelloOuter. The encoding empties legacy_session_id (the server copies the outer one
 * back), may replace a run of extensions with one ech_outer_extensions that points at the same
 * extensions in the outer hello, and ends in zeros that round the length up.
 */
import { ApiMisuseError } from '../errors.js';
import { clientHelloLength, encodeClientHello, type ClientHello } from '../msgs/client_hello.js';
import { encodeOuterExtensions } from '../msgs/ech_extension.js';
import { ExtensionType } from '../msgs/enums.js';
import type { Extension } from '../msgs/extension.js';

/**
 * EncodedClientHelloInner: `inner` with an empty legacy_session_id, the extensions listed in
 * `fromOuter` (which must be present and contiguous in `inner`, in that order, and never
 * encrypted_client_hello) replaced by one ech_outer_extensions, then `padding` zero bytes.
 *
 * @example
 * const encoded = encodeClientHelloInner(inner, [ExtensionType.key_share], echInnerPadding(n, sniLength, config.maximumNameLength));
 */
export function encodeClientHelloInner(inner: ClientHello, fromOuter: readonly number[], padding: number): Uint8Array {
  const extensions = compressExtensions(inner.extensions, fromOuter);
  const hello = encodeClientHello({ ...inner, legacySessionId: new Uint8Array(0), extensions });
  const out = new Uint8Array(hello.length + padding);
  out.set(hello);
  return out;
}

/**
 * The length of {@link encodeClientHelloInner}'s output before padding, computed without
 * encoding: what GREASE ECH sizes its random payload by (RFC 9849 §6.2).
 *
 * @example
 * clientHelloInnerLength(inner, [ExtensionType.key_share]) === encodeClientHelloInner(inner, [ExtensionType.key_share], 0).length;
 */
export function clientHelloInnerLength(inner: ClientHello, fromOuter: readonly number[]): number {
  return clientHelloLength({ ...inner, legacySessionId: EMPTY, extensions: compressExtensions(inner.extensions, fromOuter) });
}

const EMPTY = new Uint8Array(0);

function compressExtensions(extensions: readonly Extension[], fromOuter: readonly number[]): readonly Extension[] {
  if (fromOuter.length === 0) return extensions;
  if (fromOuter.includes(ExtensionType.encrypted_client_hello)) throw new ApiMisuseError('encrypted_client_hello cannot come from the outer hello (RFC 9849 §5.1)');
  const first = extensions.findIndex((e) => e.type === fromOuter[0]);
  const run = extensions.slice(first, first + fromOuter.length).map((e) => e.type);
  if (first < 0 || run.length !== fromOuter.length || run.some((t, i) => t !== fromOuter[i])) {
    throw new ApiMisuseError('extensions taken from the outer hello must be contiguous in the inner hello, in order (RFC 9849 §6.1)');
  }
  const marker: Extension = { type: ExtensionType.ech_outer_extensions, data: encodeOuterExtensions(fromOuter) };
  return [...extensions.slice(0, first), marker, ...extensions.slice(first + fromOuter.length)];
}

/**
 * Zero bytes to append (§6.1.3): first max(0, M − D) for a server_name of D bytes (M + 9, the size
 * of a server_name extension with an M-byte name, when there is none), then enough to make the
 * whole a multiple of 32 bytes. M is the config's maximum_name_length.
 *
 * @example
 * echInnerPadding(250, 11, 64); // 53 bytes for the name, then 17 to reach 320
 */
export function echInnerPadding(unpaddedLength: number, serverNameLength: number | undefined, maximumNameLength: number): number {
  const forName = serverNameLength === undefined ? maximumNameLength + 9 : Math.max(0, maximumNameLength - serverNameLength);
  const length = unpaddedLength + forName;
  return forName + (31 - ((length - 1) % 32));
}

/**
 * Composing the ClientHello (RFC 9846 §4.2.2) from the resolved configuration and profile.
 */
import { clientHelloLength, encodeClientHelloMessage, type ClientHello } from '../msgs/client_hello.js';
import { ExtensionType, ProtocolVersion } from '../msgs/enums.js';
import type { Extension } from '../msgs/extension.js';
import {
  encodeAlpn,
  encodeCookie,
  encodeKeyShareClient,
  encodeNamedGroupList,
  encodePadding,
  encodePskModes,
  encodeRecordSizeLimit,
  encodeRenegotiationInfoEmpty,
  encodeServerNameClient,
  encodeSignatureSchemeList,
  encodeSupportedVersionsClient,
  type KeyShareEntry,
} from '../msgs/ext_bodies.js';
import { encodeCompressCertificate } from '../msgs/compressed_certificate.js';
import { encodeStatusRequest } from '../msgs/certificate_status.js';
import type { ResolvedConfig } from './config.js';
import type { GreaseValues } from './grease.js';
import type { PaddingPolicy } from './profile.js';

/** The per-connection values that go into a ClientHello. */
export interface HelloParams {
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly keyShares: readonly KeyShareEntry[];
  /** The HelloRetryRequest cookie to echo (RFC 9846 §4.3.2). */
  readonly cookie?: Uint8Array | undefined;
  /** The pre_shared_key extension body (binder zeroed), when a ticket is offered (§4.3.11). */
  readonly psk?: Uint8Array | undefined;
  /** Whether to send early_data (0-RTT, first ClientHello only, §4.3.10). */
  readonly earlyData?: boolean;
  /** GREASE values to send (RFC 8701), when the profile asks for them. */
  readonly grease?: GreaseValues | undefined;
  /** Whether key_share gets a one-byte GREASE share: the first ClientHello only (§4.1.2: the second holds one share). */
  readonly greaseKeyShare?: boolean;
  /** The encrypted_client_hello extension body (RFC 9849 §5): inner, outer or GREASE; after the profile's extensions. */
  readonly ech?: Uint8Array | undefined;
}

/** A ClientHello composed but not encoded: its structure, and which extensions it carries. */
export interface ComposedClientHello {
  readonly hello: ClientHello;
  readonly extensionTypes: ReadonlySet<number>;
}

/** A built ClientHello: a composed one and its handshake message. */
export interface BuiltClientHello extends ComposedClientHello {
  readonly message: Uint8Array;
}

const E = ExtensionType;

/**
 * The supported_groups list to advertise.
 *
 * @example
 * advertisedGroups(cfg); // the supported_groups list as sent
 */
export function advertisedGroups(cfg: ResolvedConfig): readonly number[] {
  return cfg.profile.advertisedGroups ?? cfg.groups.map((g) => g.id);
}

/**
 * The signature_algorithms list to advertise.
 *
 * @example
 * advertisedSignatureSchemes(cfg).includes(0x0804);
 */
export function advertisedSignatureSchemes(cfg: ResolvedConfig): readonly number[] {
  return cfg.profile.advertisedSignatureSchemes ?? cfg.signatureSchemes.map((s) => s.id);
}

/** Body of each extension we may send, or undefined when this hello does not carry it. */
function extensionBody(type: number, cfg: ResolvedConfig, p: HelloParams): Uint8Array | undefined {
  const g = p.grease;
  // RFC 8701 §3.1: a GREASE value first in each list where the RFC allows one.
  const withGrease = <T>(value: T | undefined, list: readonly T[]): T[] => (value === undefined ? [...list] : [value, ...list]);
  switch (type) {
    case E.server_name:
      // RFC 6066 §3: the A-label form without the trailing dot; literal IP addresses are not permitted.
      return cfg.serverIdentity?.kind === 'dns' ? encodeServerNameClient(cfg.serverIdentity.name) : undefined;
    case E.status_request:
      // RFC 6066 §8: type ocsp, any responder the server knows, no OCSP request extensions.
      return cfg.requestOcsp ? encodeStatusRequest({ responderIdList: new Uint8Array(0), requestExtensions: new Uint8Array(0) }) : undefined;
    case E.signed_certificate_timestamp:
      // RFC 6962 §3.3.1: empty in the ClientHello.
      return cfg.requestSct ? new Uint8Array(0) : undefined;
    case E.supported_versions:
      return encodeSupportedVersionsClient(withGrease(g?.version, [ProtocolVersion.TLS13]));
    case E.supported_groups:
      return encodeNamedGroupList(withGrease(g?.group, advertisedGroups(cfg)));
    case E.key_share:
      return encodeKeyShareClient(withGrease(g !== undefined && p.greaseKeyShare === true ? { group: g.group, keyExchange: Uint8Array.of(0) } : undefined, p.keyShares));
    case E.signature_algorithms:
      return encodeSignatureSchemeList(withGrease(g?.signatureScheme, advertisedSignatureSchemes(cfg)));
    case E.signature_algorithms_cert:
      return cfg.profile.sendSignatureAlgorithmsCert ? encodeSignatureSchemeList([...cfg.signatureSchemesCert]) : undefined;
    case E.application_layer_protocol_negotiation:
      return cfg.alpnProtocols.length > 0 ? encodeAlpn(withGrease(g?.alpn, cfg.alpnProtocols)) : undefined;
    case E.record_size_limit:
      return cfg.recordSizeLimit !== undefined ? encodeRecordSizeLimit(cfg.recordSizeLimit) : undefined;
    case E.psk_key_exchange_modes:
      // Lets the server send NewSessionTickets (RFC 9846 §4.3.9), and says how it may resume.
      return encodePskModes(withGrease(g?.pskMode, cfg.pskModes));
    case E.cookie:
      return p.cookie !== undefined ? encodeCookie(p.cookie) : undefined;
    case E.renegotiation_info:
      return cfg.profile.renegotiationInfo ? encodeRenegotiationInfoEmpty() : undefined;
    case E.session_ticket:
      return cfg.profile.emptySessionTicket ? new Uint8Array(0) : undefined;
    case E.early_data:
      return p.earlyData === true ? new Uint8Array(0) : undefined;
    case E.compress_certificate: {
      // RFC 8879 §3: the algorithms we can decompress; no decompressor, no extension.
      const algorithms = cfg.certificateDecompressors.map((d) => d.algorithm);
      return algorithms.length > 0 ? encodeCompressCertificate(algorithms) : undefined;
    }
    case E.post_handshake_auth:
      // §4.3.6: empty; lets the server ask for our certificate after the handshake.
      return cfg.postHandshakeAuth ? new Uint8Array(0) : undefined;
    default:
      return undefined; // padding is added below; pre_shared_key goes last, whatever the order says.
  }
}

function helloOf(cfg: ResolvedConfig, p: HelloParams, extensions: Extension[]): ClientHello {
  return {
    legacyVersion: ProtocolVersion.TLS12,
    random: p.random,
    legacySessionId: p.sessionId,
    cipherSuites: [...(p.grease === undefined ? [] : [p.grease.cipherSuite]), ...cfg.cipherSuites.map((s) => s.id)],
    legacyCompressionMethods: new Uint8Array([0]),
    extensions,
  };
}

/** Bytes of padding extension data the policy asks for, given the unpadded message length. */
function paddingLength(policy: PaddingPolicy, unpaddedLength: number): number | undefined {
  if (policy.kind === 'none') return undefined;
  if (unpaddedLength < policy.from || unpaddedLength >= policy.to) return undefined;
  // The extension header itself takes 4 bytes; always pad at least one byte (RFC 7685 §3 allows 0,
  // but NSS and BoringSSL send at least one).
  return Math.max(policy.to - unpaddedLength - 4, 1);
}

/**
 * The extensions the profile's order gives for `p`, with the first GREASE one (RFC 8701 §3.1: an
 * empty GREASE extension first): everything of a ClientHello that does not depend on `p.ech`, so
 * a hello composed again with only an encrypted_client_hello added reuses these bodies.
 *
 * @example
 * const bodies = profileExtensions(cfg, params); // then composeClientHello(cfg, params, bodies)
 */
export function profileExtensions(cfg: ResolvedConfig, p: HelloParams): readonly Extension[] {
  const extensions: Extension[] = [];
  if (p.grease !== undefined) extensions.push({ type: p.grease.firstExtension, data: new Uint8Array(0) });
  for (const type of cfg.profile.extensionOrder) {
    const data = extensionBody(type, cfg, p);
    if (data !== undefined) extensions.push({ type, data });
  }
  return extensions;
}

/**
 * Composes a ClientHello in the profile's extension order, padded as the profile asks, without
 * encoding it: the padding is decided from the computed length, so the hello is encoded once,
 * by {@link encodeComposedHello}, or never (GREASE ECH only needs its length). `bodies` are
 * {@link profileExtensions} of the same parameters, `ech` aside.
 *
 * @example
 * const plain = composeClientHello(cfg, params); // then greaseEchExtension(cfg, plain)
 */
export function composeClientHello(cfg: ResolvedConfig, p: HelloParams, bodies: readonly Extension[] = profileExtensions(cfg, p)): ComposedClientHello {
  const extensions = [...bodies];
  if (p.ech !== undefined) extensions.push({ type: E.encrypted_client_hello, data: p.ech });
  // RFC 8701 §3.1: and a GREASE extension with a byte last (BoringSSL's places).
  if (p.grease !== undefined) extensions.push({ type: p.grease.lastExtension, data: Uint8Array.of(0) });
  // §4.3.11: pre_shared_key MUST be the last extension (its binders end the message).
  const psk: Extension[] = p.psk === undefined ? [] : [{ type: E.pre_shared_key, data: p.psk }];
  let hello = helloOf(cfg, p, [...extensions, ...psk]);
  // The padding policy is on the whole handshake message: the 4-byte header and the body.
  const padLen = cfg.profile.extensionOrder.includes(E.padding) ? paddingLength(cfg.profile.padding, 4 + clientHelloLength(hello)) : undefined;
  if (padLen !== undefined) {
    const order = cfg.profile.extensionOrder;
    const at = extensions.findIndex((e) => order.indexOf(e.type) > order.indexOf(E.padding));
    extensions.splice(at < 0 ? extensions.length : at, 0, { type: E.padding, data: encodePadding(padLen) });
    hello = helloOf(cfg, p, [...extensions, ...psk]);
  }
  return { hello, extensionTypes: new Set(hello.extensions.map((e) => e.type)) };
}

/**
 * A composed ClientHello with its handshake message (header included).
 *
 * @example
 * const { message } = encodeComposedHello(composeClientHello(cfg, params));
 */
export function encodeComposedHello(composed: ComposedClientHello): BuiltClientHello {
  return { ...composed, message: encodeClientHelloMessage(composed.hello) };
}

/**
 * Builds a ClientHello handshake message (header included) in the profile's extension order.
 *
 * @example
 * const { message } = buildClientHello(cfg, { random, sessionId, keyShares: [{ group: 0x1d, keyExchange: pub }] });
 */
export function buildClientHello(cfg: ResolvedConfig, p: HelloParams): BuiltClientHello {
  return encodeComposedHello(composeClientHello(cfg, p));
}

/**
 * ClientHello composition as configuration (not bytes): which optional extensions are sent, in
 * what order, and how the message is padded. The default profile is modern and lean; the RFC 8448
 * conformance tests build the NSS client's profile from the same fields.
 */
import { ExtensionType } from '../msgs/enums.js';

/** How to pad the ClientHello with the padding extension (RFC 7685). */
export type PaddingPolicy =
  | { readonly kind: 'none' }
  /**
   * The F5 workaround of RFC 7685 §1 as NSS and BoringSSL apply it: a ClientHello whose handshake
   * message (header included) would be `from` to `to - 1` bytes long is padded to exactly `to`
   * bytes (at least one byte of padding). NSS uses 256..512; in RFC 8448 only the second
   * ClientHello of §5 falls in that range.
   */
  | { readonly kind: 'range'; readonly from: number; readonly to: number };

/** What the ClientHello looks like beyond the negotiated parameters. */
export interface ClientHelloProfile {
  /** Extension types in the order they are written; types absent here are not sent. */
  readonly extensionOrder: readonly number[];
  /** Send an empty renegotiation_info (RFC 5746), as NSS does. */
  readonly renegotiationInfo: boolean;
  /** Send an empty session_ticket extension (RFC 5077), as NSS does. */
  readonly emptySessionTicket: boolean;
  /**
   * When set, the exact supported_groups list to advertise instead of the configured groups; it
   * may name groups we do not implement (a server selecting one is refused). Must contain every
   * configured key-share group.
   */
  readonly advertisedGroups?: readonly number[];
  /**
   * When set, the exact signature_algorithms list to advertise; it may contain legacy codepoints
   * we never accept in CertificateVerify (RFC 9846 §4.3.3 lets a client advertise them for
   * certificates). A server choosing one of those is refused.
   */
  readonly advertisedSignatureSchemes?: readonly number[];
  /** Padding policy, applied to every ClientHello. */
  readonly padding: PaddingPolicy;
  /** Whether signature_algorithms_cert is sent. */
  readonly sendSignatureAlgorithmsCert: boolean;
  /** GREASE values (RFC 8701) in the ClientHello; absent means none (the RFC 8448 profiles). */
  readonly grease?: boolean;
}

const E = ExtensionType;

/**
 * The default profile: only the extensions TLS 1.3 needs, no padding.
 *
 * @example
 * new TlsClient({ serverName: 'example.com', verifier, profile: defaultProfile });
 */
export const defaultProfile: ClientHelloProfile = {
  extensionOrder: [
    E.server_name,
    E.status_request,
    E.supported_versions,
    E.supported_groups,
    E.key_share,
    E.signature_algorithms,
    E.signature_algorithms_cert,
    E.application_layer_protocol_negotiation,
    E.signed_certificate_timestamp,
    E.record_size_limit,
    E.compress_certificate,
    E.psk_key_exchange_modes,
    E.cookie,
    E.early_data,
    E.post_handshake_auth,
    E.pre_shared_key,
  ],
  renegotiationInfo: false,
  emptySessionTicket: false,
  padding: { kind: 'none' },
  sendSignatureAlgorithmsCert: true,
  grease: true,
};

/**
 * ClientHello composition as configuration (not bytes): which optional extensions are sent, in
 * what order, and how the message is padded. The default profile is modern and lean; the
 * `nss8448` profile reproduces the ClientHello of the NSS client recorded in RFC 8448.
 */
import { ExtensionType, NamedGroup, SignatureScheme } from '../msgs/enums.js';

/** How to pad the ClientHello with the padding extension (RFC 7685). */
export type PaddingPolicy =
  | { readonly kind: 'none' }
  /**
   * Pad the handshake message (header included) up to `length` bytes when it would be shorter,
   * as NSS does for its second ClientHello in RFC 8448 §5.
   */
  | { readonly kind: 'to-length'; readonly length: number };

/** What the ClientHello looks like beyond the negotiated parameters. */
export interface ClientHelloProfile {
  /** Extension types in the order they are written; types absent here are not sent. */
  readonly extensionOrder: readonly number[];
  /** Send an empty renegotiation_info (RFC 5746), as NSS does. */
  readonly renegotiationInfo: boolean;
  /** Send an empty session_ticket extension (RFC 5077), as NSS does. */
  readonly emptySessionTicket: boolean;
  /** Groups advertised in supported_groups beyond those we implement (never given a share). */
  readonly extraGroups: readonly number[];
  /** Signature schemes advertised beyond those we verify (never accepted from the server). */
  readonly extraSignatureSchemes: readonly number[];
  /** Padding for the first and the second (after HRR) ClientHello. */
  readonly padding: { readonly first: PaddingPolicy; readonly second: PaddingPolicy };
  /** Whether signature_algorithms_cert is sent. */
  readonly sendSignatureAlgorithmsCert: boolean;
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
    E.supported_versions,
    E.supported_groups,
    E.key_share,
    E.signature_algorithms,
    E.signature_algorithms_cert,
    E.application_layer_protocol_negotiation,
    E.record_size_limit,
    E.psk_key_exchange_modes,
    E.cookie,
    E.pre_shared_key,
  ],
  renegotiationInfo: false,
  emptySessionTicket: false,
  extraGroups: [],
  extraSignatureSchemes: [],
  padding: { first: { kind: 'none' }, second: { kind: 'none' } },
  sendSignatureAlgorithmsCert: true,
};

/**
 * The ClientHello of the NSS client in the RFC 8448 traces: renegotiation_info, an empty
 * session_ticket, ffdhe groups and legacy signature codepoints advertised only, record_size_limit,
 * and (§5) padding of the second ClientHello to 512 bytes.
 *
 * @example
 * new TlsClient({ ...config, profile: nss8448Profile, recordSizeLimit: 16385, middleboxCompatibility: false });
 */
export const nss8448Profile: ClientHelloProfile = {
  extensionOrder: [
    E.server_name,
    E.renegotiation_info,
    E.supported_groups,
    E.session_ticket,
    E.key_share,
    E.supported_versions,
    E.signature_algorithms,
    E.psk_key_exchange_modes,
    E.record_size_limit,
    E.cookie,
    E.padding,
    E.pre_shared_key,
  ],
  renegotiationInfo: true,
  emptySessionTicket: true,
  extraGroups: [NamedGroup.secp521r1, NamedGroup.ffdhe2048, NamedGroup.ffdhe3072, NamedGroup.ffdhe4096, NamedGroup.ffdhe6144, NamedGroup.ffdhe8192],
  extraSignatureSchemes: [
    SignatureScheme.ecdsa_secp521r1_sha512,
    SignatureScheme.ecdsa_sha1,
    SignatureScheme.rsa_pkcs1_sha256,
    SignatureScheme.rsa_pkcs1_sha384,
    SignatureScheme.rsa_pkcs1_sha512,
    SignatureScheme.rsa_pkcs1_sha1,
    SignatureScheme.dsa_sha256_legacy,
    SignatureScheme.dsa_sha384_legacy,
    SignatureScheme.dsa_sha512_legacy,
    SignatureScheme.dsa_sha1_legacy,
  ],
  padding: { first: { kind: 'none' }, second: { kind: 'to-length', length: 512 } },
  sendSignatureAlgorithmsCert: false,
};

/**
 * Wire codepoints (RFC 9846 §4, §B.3 and the IANA registries). Values are plain numbers so that an
 * unknown codepoint from the peer is kept as-is rather than rejected by the decoder; the handshake
 * decides what is acceptable.
 */

/**
 * ContentType (RFC 9846 §5.1).
 *
 * @example
 * ContentType.handshake; // 22
 */
export const ContentType = {
  invalid: 0,
  change_cipher_spec: 20,
  alert: 21,
  handshake: 22,
  application_data: 23,
} as const;

/**
 * HandshakeType (RFC 9846 §4).
 *
 * @example
 * HandshakeType.finished; // 20
 */
export const HandshakeType = {
  client_hello: 1,
  server_hello: 2,
  new_session_ticket: 4,
  end_of_early_data: 5,
  encrypted_extensions: 8,
  certificate: 11,
  certificate_request: 13,
  certificate_verify: 15,
  finished: 20,
  key_update: 24,
  /** RFC 8879 §4: a Certificate message compressed with an algorithm of compress_certificate. */
  compressed_certificate: 25,
  message_hash: 254,
} as const;

/**
 * ProtocolVersion values.
 *
 * @example
 * ProtocolVersion.TLS13; // 0x0304
 */
export const ProtocolVersion = {
  TLS10: 0x0301,
  TLS11: 0x0302,
  TLS12: 0x0303,
  TLS13: 0x0304,
} as const;

/**
 * ExtensionType (RFC 9846 §4.3 and others).
 *
 * @example
 * ExtensionType.key_share; // 51
 */
export const ExtensionType = {
  server_name: 0,
  max_fragment_length: 1,
  status_request: 5,
  supported_groups: 10,
  ec_point_formats: 11,
  signature_algorithms: 13,
  use_srtp: 14,
  heartbeat: 15,
  application_layer_protocol_negotiation: 16,
  signed_certificate_timestamp: 18,
  client_certificate_type: 19,
  server_certificate_type: 20,
  padding: 21,
  encrypt_then_mac: 22,
  extended_master_secret: 23,
  /** RFC 8879 §3: the certificate compression algorithms the client can decompress. */
  compress_certificate: 27,
  record_size_limit: 28,
  session_ticket: 35,
  pre_shared_key: 41,
  early_data: 42,
  supported_versions: 43,
  cookie: 44,
  psk_key_exchange_modes: 45,
  certificate_authorities: 47,
  oid_filters: 48,
  post_handshake_auth: 49,
  signature_algorithms_cert: 50,
  key_share: 51,
  renegotiation_info: 0xff01,
  /** RFC 9849 §5. */
  encrypted_client_hello: 0xfe0d,
  /** RFC 9849 §5.1: only inside EncodedClientHelloInner. */
  ech_outer_extensions: 0xfd00,
} as const;

/**
 * CipherSuite (RFC 9846 §B.4).
 *
 * @example
 * CipherSuite.TLS_AES_128_GCM_SHA256; // 0x1301
 */
export const CipherSuite = {
  TLS_AES_128_GCM_SHA256: 0x1301,
  TLS_AES_256_GCM_SHA384: 0x1302,
  TLS_CHACHA20_POLY1305_SHA256: 0x1303,
} as const;
/** The IANA name of a TLS 1.3 cipher suite, e.g. `'TLS_AES_128_GCM_SHA256'` (a key of {@link CipherSuite}). */
export type CipherSuiteName = keyof typeof CipherSuite;

/**
 * NamedGroup (RFC 9846 §4.3.7, and the IANA registry for the hybrid).
 *
 * @example
 * NamedGroup.x25519; // 0x001d
 */
export const NamedGroup = {
  secp256r1: 0x0017,
  secp384r1: 0x0018,
  secp521r1: 0x0019,
  x25519: 0x001d,
  x448: 0x001e,
  ffdhe2048: 0x0100,
  ffdhe3072: 0x0101,
  ffdhe4096: 0x0102,
  ffdhe6144: 0x0103,
  ffdhe8192: 0x0104,
  /** ML-KEM-768 with P-256 (draft-ietf-tls-ecdhe-mlkem); the IANA name. */
  SecP256r1MLKEM768: 0x11eb,
  /** ML-KEM-768 with X25519 (draft-ietf-tls-ecdhe-mlkem); the IANA name, in capitals. */
  X25519MLKEM768: 0x11ec,
} as const;
/** The IANA name of a key-exchange group, e.g. `'x25519'` (a key of {@link NamedGroup}). */
export type NamedGroupName = keyof typeof NamedGroup;

/**
 * SignatureScheme (RFC 9846 §4.3.3).
 *
 * @example
 * SignatureScheme.rsa_pss_rsae_sha256; // 0x0804
 */
export const SignatureScheme = {
  rsa_pkcs1_sha256: 0x0401,
  rsa_pkcs1_sha384: 0x0501,
  rsa_pkcs1_sha512: 0x0601,
  ecdsa_secp256r1_sha256: 0x0403,
  ecdsa_secp384r1_sha384: 0x0503,
  ecdsa_secp521r1_sha512: 0x0603,
  rsa_pss_rsae_sha256: 0x0804,
  rsa_pss_rsae_sha384: 0x0805,
  rsa_pss_rsae_sha512: 0x0806,
  ed25519: 0x0807,
  ed448: 0x0808,
  rsa_pss_pss_sha256: 0x0809,
  rsa_pss_pss_sha384: 0x080a,
  rsa_pss_pss_sha512: 0x080b,
  rsa_pkcs1_sha1: 0x0201,
  ecdsa_sha1: 0x0203,
  // Legacy TLS 1.2 codepoints some clients (NSS in RFC 8448) still advertise.
  dsa_sha256_legacy: 0x0402,
  dsa_sha384_legacy: 0x0502,
  dsa_sha512_legacy: 0x0602,
  dsa_sha1_legacy: 0x0202,
} as const;
/** The IANA name of a signature scheme, e.g. `'rsa_pss_rsae_sha256'` (a key of {@link SignatureScheme}). */
export type SignatureSchemeName = keyof typeof SignatureScheme;

/**
 * CertificateCompressionAlgorithm (RFC 8879 §3, §7.3 and the IANA registry).
 *
 * @example
 * CertificateCompressionAlgorithm.brotli; // 2
 */
export const CertificateCompressionAlgorithm = {
  zlib: 1,
  brotli: 2,
  zstd: 3,
} as const;

/**
 * PskKeyExchangeMode (RFC 9846 §4.3.9).
 *
 * @example
 * PskKeyExchangeMode.psk_dhe_ke; // 1
 */
export const PskKeyExchangeMode = { psk_ke: 0, psk_dhe_ke: 1 } as const;

/**
 * KeyUpdateRequest (RFC 9846 §4.7.3).
 *
 * @example
 * KeyUpdateRequest.update_requested; // 1
 */
export const KeyUpdateRequest = { update_not_requested: 0, update_requested: 1 } as const;

/**
 * Reverse lookup: the name of a codepoint in one of the tables above, or hex.
 *
 * @example
 * codepointName(NamedGroup, 0x17); // 'secp256r1'
 */
export function codepointName(table: Record<string, number>, value: number): string {
  // for-in, not Object.entries: no array per entry (a handshake names its signature scheme this way).
  for (const k in table) if (table[k] === value) return k;
  return `0x${value.toString(16).padStart(4, '0')}`;
}

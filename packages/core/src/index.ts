/**
 * @puretls/core: a sans-I/O TLS 1.3 client engine. The public API, as an explicit list; the DER
 * and SPKI readers the verifier shares are in `@puretls/core/der`, the noble algorithm objects for
 * provider authors in `@puretls/core/crypto`.
 *
 * @example
 * import { TlsClient } from '@puretls/core';
 * const client = new TlsClient({ serverName: 'example.com', verifier });
 * client.handshake(); // 'want-write': send client.takeOutgoing(), then call again
 */
export { TlsClient } from './client/connection.js';
export { tlsExporterChannelBinding, TLS_EXPORTER_CHANNEL_BINDING_LABEL } from './client/channel_binding.js';
export type { CertificateDecompressor, CertificateRequestInfo, CertificateVerifier, ClientCertificate, ClientConfig, ConnectionInfo, ReadResult, SessionStore, SessionTicket, Status, VerifyInput, WriteResult } from './api.js';
export { MemorySessionStore, type MemorySessionStoreOptions } from './client/session_store.js';
export { decodeSessionTicket, encodeSessionTicket } from './client/session_codec.js';
export { resolveConfig, defaultSignatureSchemes, defaultSignatureSchemesCert, DEFAULT_SIGNATURE_SCHEMES, DEFAULT_SIGNATURE_SCHEMES_CERT } from './client/config.js';
export { defaultProfile, type ClientHelloProfile, type PaddingPolicy } from './client/profile.js';
export { parseServerName, tryParseServerName, type ServerName, type ServerNameProblem } from './client/server_name.js';
export { isThenable } from './client/run_verifier.js';
export type { TraceEvent } from './client/trace.js';
export {
  AlertReceivedError,
  ApiMisuseError,
  CertificateError,
  EchRejectedError,
  InternalError,
  InvalidMessageError,
  PeerIncompatibleError,
  PeerMisbehavedError,
  TlsError,
  UnexpectedEofError,
  type ErrorCategory,
} from './errors.js';
export { RsaKeyError, type RsaKeyProblem } from './crypto/rsa.js';
export { parseCertificateChain, parsePrivateKey, PrivateKeyError } from './crypto/private_key/index.js';
export { Limits } from './limits.js';
export type { RecordPadding } from './record/padding.js';
export { AlertDescription, AlertLevel, alertName, type AlertName } from './msgs/alert.js';
export {
  decodeEchConfigList,
  ECH_CONFIG_VERSION,
  encodeEchConfig,
  encodeEchConfigList,
  type EchConfig,
  type EchConfigContents,
  type EchConfigExtension,
  type HpkeSymmetricCipherSuite,
} from './msgs/ech_config.js';
export { chooseEchConfig, validPublicName, type ChosenEchConfig } from './client/ech_config_choice.js';
export {
  CertificateCompressionAlgorithm,
  CipherSuite,
  codepointName,
  ContentType,
  ExtensionType,
  HandshakeType,
  KeyUpdateRequest,
  NamedGroup,
  ProtocolVersion,
  PskKeyExchangeMode,
  SignatureScheme,
  type CipherSuiteName,
  type NamedGroupName,
  type SignatureSchemeName,
} from './msgs/enums.js';
export { toHex } from './codec/hex.js';
export { equalBytes } from './codec/ct.js';
export { createNobleProvider, nobleProvider, type NobleProviderOptions } from './crypto/noble/index.js';
export { createWebCryptoProvider, type WebCryptoEcdhSubtle, type WebCryptoEcdsaSubtle, type WebCryptoProviderOptions, type WebCryptoSubtle } from './crypto/webcrypto/index.js';
export type {
  ActiveKeyExchange,
  Aead,
  AeadAlgorithm,
  CryptoProvider,
  HashAlgorithm,
  HashContext,
  PrivateKey,
  PrivateKeyMaterial,
  PublicKey,
  RandomSource,
  SignatureAlgorithm,
  Signer,
  SupportedCipherSuite,
  SupportedGroup,
  SupportedSignatureScheme,
} from './crypto/provider.js';

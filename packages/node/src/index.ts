/**
 * @puretls/node: the puretls engine over Node sockets: the readiness waiter and pump, the
 * `TlsSocket` Duplex, `connect()` and adapters for https, undici and http2.
 *
 * @example
 * import { connect } from '@puretls/node';
 * const socket = await connect({ host: 'example.com', port: 443 });
 */
export { brotliCertificateDecompressor, certificateDecompressors, DEFAULT_CERTIFICATE_COMPRESSION, zlibCertificateDecompressor, type CertificateCompressionName } from './certificate_compression.js';
export { connect, http2Connection, httpsConnection, undiciConnector } from './connect.js';
export { EchDnsError, EchNotFoundError } from './ech_dns/errors.js';
export { resolveEchConfigs } from './ech_dns/lazy.js';
export type { EchDnsOptions, EchDnsResult } from './ech_dns/resolve_ech.js';
export { isThenable } from '@puretls/core';
export { EarlyDataRefusedError, errorCode, withCode } from './errors.js';
export { decodeSessionTicket, encodeSessionTicket, MemorySessionStore, type MemorySessionStoreOptions, type SessionStore, type SessionTicket } from '@puretls/core';
export { groupCodepoints, nodeCiphers, suiteCodepoints } from './names.js';
export { peerCertificate, type PeerCertificate } from './peer_certificate.js';
export { Pump, type PumpEvent, type PumpOptions } from './pump.js';
export { sessionTicketFrom, type SessionInput } from './session.js';
export { TlsSocket, type ConnectOptions } from './tls_socket.js';
export { nodeRootStore, nodeVerifier, type VerificationOptions, type VerificationOutcome } from './verification.js';
export { waitForActivity, WaitError, type WaitOptions } from './wait.js';

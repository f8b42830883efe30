/**
 * @puretls/core: a sans-I/O TLS 1.3 client engine.
 *
 * @example
 * import { TlsClient } from '@puretls/core';
 * const client = new TlsClient({ serverName: 'example.com', verifier });
 * client.handshake(); // 'want-write': send client.takeOutgoing(), then call again
 */
export * from './errors.js';
export * from './limits.js';
export * from './api.js';
export * from './msgs/alert.js';
export * from './msgs/enums.js';
export * from './codec/reader.js';
export * from './codec/writer.js';
export * from './codec/hex.js';
export * from './crypto/provider.js';
export * from './crypto/index.js';
export * from './tls13/suites.js';
export * from './client/profile.js';
export { TlsClient } from './client/connection.js';
export { resolveConfig, DEFAULT_SIGNATURE_SCHEMES, DEFAULT_SIGNATURE_SCHEMES_CERT } from './client/config.js';

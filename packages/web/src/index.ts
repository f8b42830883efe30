/**
 * @puretls/web: the puretls engine in a browser (or Deno, Bun, Workers) over a WebSocket. A page
 * cannot open TCP, so the TLS byte stream goes through a WebSocket-to-TCP relay
 * (`@puretls/web/relay`) that sees only ciphertext. Where the runtime gives a TCP connection as a
 * pair of WHATWG streams (`Deno.connect()`, Workers' `connect()`), `connectOverStreams` runs the
 * engine over it directly.
 *
 * @example
 * import { connectOverWebSocket } from '@puretls/web';
 * import { TrustStore, WebPkiVerifier } from '@puretls/x509';
 * const conn = await connectOverWebSocket('ws://127.0.0.1:8080', {
 *   serverName: 'localhost',
 *   verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(rootPem) }),
 * });
 *
 * @example
 * import { connectOverStreams } from '@puretls/web';
 * const conn = await connectOverStreams(await Deno.connect({ hostname: 'localhost', port: 8443 }), { serverName: 'localhost', verifier });
 */
export { connectOverWebSocket, type WebSocketTlsOptions } from './connect.js';
export { connectOverStreams, type StreamTlsOptions } from './connect_streams.js';
export type { StreamPair } from './stream_channel.js';
export { WebTlsConnection } from './connection.js';
export type { WebSocketConstructor, WebSocketLike } from './channel.js';
export { WebTransportError, type WebTransportProblem } from './errors.js';

/**
 * @puretls/web: the puretls engine in a browser (or Deno, Bun, Workers) over a WebSocket. A page
 * cannot open TCP, so the TLS byte stream goes through a WebSocket-to-TCP relay
 * (`@puretls/web/relay`) that sees only ciphertext.
 *
 * @example
 * import { connectOverWebSocket } from '@puretls/web';
 * import { TrustStore, WebPkiVerifier } from '@puretls/x509';
 * const conn = await connectOverWebSocket('ws://127.0.0.1:8080', {
 *   serverName: 'localhost',
 *   verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(rootPem) }),
 * });
 */
export { connectOverWebSocket, type WebSocketTlsOptions } from './connect.js';
export { WebTlsConnection } from './connection.js';
export type { WebSocketConstructor, WebSocketLike } from './channel.js';
export { WebTransportError, type WebTransportProblem } from './errors.js';

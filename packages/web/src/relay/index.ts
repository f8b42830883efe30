/**
 * @puretls/web/relay: the WebSocket-to-TCP relay for Node. It forwards each WebSocket to one
 * configured `host:port` and nowhere else; see the security model in the package README.
 *
 * @example
 * import { startRelay } from '@puretls/web/relay';
 * const relay = await startRelay({ target: 'localhost:8443', allowedOrigins: ['http://127.0.0.1:8000'] });
 */
export { startRelay, type Relay, type RelayEvent, type RelayOptions } from './relay.js';
export { formatHostPort, parseHostPort, type HostPort } from './address.js';
export { parseRelayArgs } from './args.js';

import type { TLSSocket } from 'node:tls';
/** node:tls loaded now, as one `connect` function resolving once the handshake is complete. */
export function nodeTlsConnector(opts: { host: string; port: number; servername: string; ca: string }): Promise<() => Promise<TLSSocket>>;

// Real loopback servers for the driver tests: a node:tls server with the good p256 fixture chain,
// and raw TCP servers (mute, scripted) whose sockets are all destroyed at close.
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket, type TlsOptions } from 'node:tls';
import { fileURLToPath } from 'node:url';

const pki = fileURLToPath(new URL('../../../../fixtures/pki/good/', import.meta.url));
/** A fixture file of fixtures/pki/good/<alg>/. */
export const fixture = (alg: string, f: string): Buffer => readFileSync(`${pki}${alg}/${f}`);
/** The p256 root, trusted by the client. */
export const ca = fixture('p256', 'root.pem').toString();
/** node:tls server options with the p256 chain for localhost, TLS 1.3 only. */
export const serverOpts: TlsOptions = { key: fixture('p256', 'leaf.key'), cert: fixture('p256', 'chain.pem'), minVersion: 'TLSv1.3' };

export interface Running { port: number; close: () => Promise<void> }

async function listen(server: Server, sockets: Set<Socket>): Promise<Running> {
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** A node:tls server on 127.0.0.1 running `onConnection` for each secure connection. */
export function tlsServer(onConnection: (s: TLSSocket) => void, extra: TlsOptions = {}): Promise<Running> {
  const server = createTlsServer({ ...serverOpts, ...extra }, (s: TLSSocket) => { s.on('error', () => {}); onConnection(s); });
  server.on('tlsClientError', () => {});
  return listen(server, new Set());
}

/** A raw TCP server on 127.0.0.1 running `onConnection` for each connection. */
export function tcpServer(onConnection: (s: Socket) => void): Promise<Running> {
  const server = createTcpServer((s) => { s.on('error', () => {}); onConnection(s); });
  return listen(server, new Set());
}

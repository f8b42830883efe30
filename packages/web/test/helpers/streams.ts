// Web-stream pairs over real TCP sockets for the connectOverStreams tests: a `node:net` socket made
// into `{ readable, writable }` with `stream.Duplex.toWeb`, as Deno.connect() gives them.
import { readFileSync } from 'node:fs';
import { connect, type AddressInfo, type Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { createServer, type TLSSocket } from 'node:tls';
import type { StreamPair } from '../../src/index.js';
import { pki } from './servers.js';

/** A connected socket and its web streams. */
export interface SocketStreams {
  socket: Socket;
  pair: StreamPair;
}

/** Connects to 127.0.0.1:`port` and resolves with the socket as a web stream pair. */
export async function socketStreams(port: number): Promise<SocketStreams> {
  const socket = connect(port, '127.0.0.1');
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  socket.on('error', () => {}); // surfaces through the streams
  return { socket, pair: Duplex.toWeb(socket) as unknown as StreamPair };
}

/** Resolves once the socket has closed (already closed: at once). */
export function socketClosed(socket: Socket): Promise<void> {
  return socket.closed ? Promise.resolve() : new Promise((r) => socket.once('close', () => r()));
}

/** A node:tls server (TLS 1.3 only) on 127.0.0.1 with the good RSA fixture chain. */
export async function tlsServer(onSecure: (s: TLSSocket) => void): Promise<{ port: number; close: () => Promise<void> }> {
  const dir = `${pki}good/rsa/`;
  const sockets = new Set<TLSSocket>();
  const server = createServer({ key: readFileSync(`${dir}leaf.key`), cert: readFileSync(`${dir}chain.pem`), minVersion: 'TLSv1.3' }, (s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
    onSecure(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

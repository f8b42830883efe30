// Loopback servers for the CLI's HTTP tests: a node:https server with the rsa fixture chain and a
// route table, and a raw node:tls server whose handler writes the bytes of a response by hand
// (chunked, trailers, truncated, close-delimited; end() sends close_notify, destroy() does not).
import { readFileSync } from 'node:fs';
import { createServer as createHttpsServer, type ServerOptions } from 'node:https';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { rsaDir } from './cli_run.js';

/** The rsa fixture's key and chain (leaf for localhost, 127.0.0.1 and ::1). */
export const tlsOpts: ServerOptions = { key: readFileSync(`${rsaDir}leaf.key`), cert: readFileSync(`${rsaDir}chain.pem`), minVersion: 'TLSv1.3' };

export interface Running { port: number; close: () => Promise<void> }

async function listen(server: Server): Promise<Running> {
  const sockets = new Set<Socket>();
  server.on('connection', (s: Socket) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** What a route saw: the request as node:http parsed it, and its body. */
export interface Seen { method: string; url: string; headers: IncomingMessage['headers']; rawHeaders: string[]; body: string }

/** A node:https server; `handler` answers each request (its body already read into `seen`). */
export function httpsServer(handler: (seen: Seen, res: ServerResponse) => void): Promise<Running & { seen: Seen[] }> {
  const seen: Seen[] = [];
  const server = createHttpsServer(tlsOpts, (req, res) => {
    const parts: Buffer[] = [];
    req.on('data', (d: Buffer) => parts.push(d));
    req.on('end', () => {
      const s = { method: req.method ?? '', url: req.url ?? '', headers: req.headers, rawHeaders: req.rawHeaders, body: Buffer.concat(parts).toString() };
      seen.push(s);
      handler(s, res);
    });
  });
  server.on('tlsClientError', () => {});
  return listen(server).then((r) => Object.assign(r, { seen }));
}

/** A raw node:tls server: `onRequest` gets the socket once the request head has arrived. */
export function rawTlsServer(onRequest: (s: TLSSocket, head: string) => void): Promise<Running> {
  const server = createTlsServer(tlsOpts, (s: TLSSocket) => {
    s.on('error', () => {});
    let head = '';
    const onData = (d: Buffer) => {
      head += d.toString('latin1');
      if (head.includes('\r\n\r\n')) { s.off('data', onData); onRequest(s, head); }
    };
    s.on('data', onData);
  });
  server.on('tlsClientError', () => {});
  return listen(server);
}

/** Writes `bytes`, then closes TCP without close_notify once they are flushed to the kernel. */
export function writeThenCut(s: TLSSocket, bytes: string | Buffer): void {
  s.write(bytes, () => s.destroy());
}

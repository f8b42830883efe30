// A plain TCP server on 127.0.0.1 for the relay tests: it records what each connection sent and
// can echo it back; connections are counted so a test can show where the relay connected.
import { createServer, type AddressInfo, type Socket } from 'node:net';

export interface TcpPeer {
  port: number;
  /** Every accepted connection, in order. */
  sockets: Socket[];
  /** Resolves with the next accepted connection (call before it connects). */
  nextConnection: () => Promise<Socket>;
  close: () => Promise<void>;
}

/** A TCP server; with `echo`, each connection's bytes are written back to it. */
export async function tcpPeer(echo: boolean): Promise<TcpPeer> {
  const sockets: Socket[] = [];
  const waiting: Array<(s: Socket) => void> = [];
  const server = createServer((s) => {
    s.on('error', () => {});
    sockets.push(s);
    if (echo) s.pipe(s);
    waiting.shift()?.(s);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    sockets,
    nextConnection: () => new Promise((r) => waiting.push(r)),
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** Resolves once the socket has closed. */
export function closedSocket(s: Socket): Promise<void> {
  return s.closed ? Promise.resolve() : new Promise((r) => s.once('close', () => r()));
}

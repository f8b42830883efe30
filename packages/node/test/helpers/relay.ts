// A raw TCP relay on 127.0.0.1 in front of a real server: bytes pass unchanged both ways (unless a
// test gives a `toClient` rewrite), the client-to-server bytes are recorded, and a test can inject
// bytes towards the server (a corrupt record makes a real TLS server send its fatal alert,
// encrypted as the client expects it).
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';

export interface RelayedPair {
  /** Every byte the client sent, in order. */
  fromClient: Buffer[];
  /** Writes bytes to the server as if the client had sent them. */
  injectToServer: (bytes: Uint8Array) => void;
  /** Resolves when the client side has ended or closed. */
  clientDone: Promise<void>;
}

/** A running relay; `next()` (called before connecting) resolves with the next connection's pair. */
export interface Relay { port: number; pairs: RelayedPair[]; next: () => Promise<RelayedPair>; close: () => Promise<void> }

/** Rewrites a chunk of the server's bytes on its way to the client; `offset` is where it starts in that stream. */
export type ToClient = (chunk: Buffer, offset: number) => Buffer;

/** A relay to `targetPort`; `toClient` (default: none) rewrites what the server sends. */
export async function relay(targetPort: number, toClient?: ToClient): Promise<Relay> {
  const sockets = new Set<Socket>();
  const pairs: RelayedPair[] = [];
  const waiting: Array<(p: RelayedPair) => void> = [];
  const server = createServer({ allowHalfOpen: true }, (client) => {
    const upstream = connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    for (const s of [client, upstream]) { sockets.add(s); s.on('error', () => {}); s.on('close', () => sockets.delete(s)); }
    const fromClient: Buffer[] = [];
    const clientDone = new Promise<void>((r) => { client.once('end', r); client.once('close', r); });
    client.on('data', (d: Buffer) => { fromClient.push(d); upstream.write(d); });
    client.on('end', () => upstream.end());
    let downstream = 0;
    upstream.on('data', (d: Buffer) => {
      const out = toClient === undefined ? d : toClient(d, downstream);
      downstream += d.length;
      client.write(out);
    });
    upstream.on('end', () => client.end());
    upstream.on('close', () => client.destroySoon());
    const pair = { fromClient, injectToServer: (b: Uint8Array) => upstream.write(b), clientDone };
    pairs.push(pair);
    waiting.shift()?.(pair);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: (server.address() as AddressInfo).port,
    pairs,
    next: () => new Promise((r) => waiting.push(r)), // call before connecting
    close: () => new Promise<void>((r) => { for (const s of sockets) s.destroy(); server.close(() => r()); }),
  };
}

/** The TLS records of a byte stream: [content type, length] of each complete record. */
export function records(bytes: Buffer): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  for (let at = 0; at + 5 <= bytes.length; ) {
    const len = bytes.readUInt16BE(at + 3);
    if (at + 5 + len > bytes.length) break;
    out.push([bytes[at]!, len]);
    at += 5 + len;
  }
  return out;
}

/**
 * The engine over a real TCP socket, for the tests that talk to `openssl s_server`: received
 * chunks queued until the engine takes them, and a loop that repeats an operation until it stops
 * asking for I/O (ok / want-read / want-write / want-async), flushing what the engine produced.
 */
import { connect, type Socket } from 'node:net';
import type { Status, TlsClient } from '../../src/index.js';

/**
 * A driver for `client` on the connected `sock`; `asyncWaits()` counts the want-async waits.
 *
 * @example
 * const { drive } = tcpDriver(sock, client);
 * await drive(() => client.handshake());
 */
export function tcpDriver(sock: Socket, client: TlsClient) {
  const chunks: Buffer[] = [];
  let ended = false;
  let wake: (() => void) | undefined;
  sock.on('data', (d: Buffer) => { chunks.push(d); wake?.(); });
  sock.on('end', () => { ended = true; wake?.(); });
  const input = async () => {
    while (chunks.length === 0 && !ended) await new Promise<void>((r) => { wake = r; });
    if (chunks.length === 0) return client.receiveEof();
    const c = chunks.shift()!;
    const taken = client.receive(c);
    if (taken < c.length) chunks.unshift(c.subarray(taken));
  };
  let asyncWaits = 0;
  async function drive<T extends { status: Status } | Status>(op: () => T): Promise<T> {
    for (;;) {
      const r = op();
      const out = client.takeOutgoing();
      if (out.length) sock.write(out);
      const s = typeof r === 'string' ? r : r.status;
      if (s === 'want-read') await input();
      else if (s === 'want-async') { asyncWaits++; await client.pendingWork(); }
      else if (s !== 'want-write') return r;
    }
  }
  return { drive, asyncWaits: () => asyncWaits };
}

/**
 * Connects to 127.0.0.1:`port`, resolving once the TCP connection is up.
 *
 * @example
 * const sock = await connectTcp(server.port);
 */
export async function connectTcp(port: number): Promise<Socket> {
  const sock = connect(port, '127.0.0.1');
  await new Promise<void>((r, j) => { sock.once('connect', r); sock.once('error', j); });
  return sock;
}

// The engine's handshake over a loopback TCP socket, for tests against a real node:tls server.
import { connect, type Socket } from 'node:net';
import type { TlsClient } from '@puretls/core';

/** Drives the engine's handshake over a socket; resolves 'ok' or the error it threw. */
export async function handshake(port: number, client: TlsClient): Promise<'ok' | unknown> {
  const socket: Socket = connect(port, '127.0.0.1');
  const inbox: Buffer[] = [];
  let wake: (() => void) | undefined;
  socket.on('data', (d: Buffer) => { inbox.push(d); wake?.(); });
  socket.on('error', () => wake?.());
  socket.on('close', () => wake?.());
  try {
    for (;;) {
      const status = client.handshake();
      const out = client.takeOutgoing();
      if (out.length > 0) socket.write(out);
      if (status === 'ok') return 'ok';
      if (status === 'want-read') {
        while (inbox.length === 0) {
          if (socket.destroyed) throw new Error('connection closed during the handshake');
          await new Promise<void>((r) => (wake = r));
        }
        const chunk = inbox.shift()!;
        const taken = client.receive(chunk);
        if (taken < chunk.length) inbox.unshift(chunk.subarray(taken));
      }
    }
  } catch (e) {
    socket.end(client.takeOutgoing()); // the alert the engine queued
    return e;
  } finally {
    socket.end();
  }
}

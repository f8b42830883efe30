// Shared by the session tests: connections that collect their 'session' Buffers, and the handshake
// message types a connection received (from the engine's trace), to tell a resumed handshake (no
// Certificate, RFC 9846 §2.2) from a full one.
import { once } from 'node:events';
import type { TraceEvent } from '@puretls/core';
import { HandshakeType } from '@puretls/core';
import { TlsSocket, type ConnectOptions } from '../../src/index.js';

/** Handshake messages a connection received, by type, in order (fed by its `trace` option). */
export function receivedMessages(): { trace: (e: TraceEvent) => void; types: number[] } {
  const types: number[] = [];
  return { trace: (e) => { if (e.kind === 'handshake' && e.direction === 'in') types.push(e.type); }, types };
}

/** Whether a Certificate message was among `types`. */
export const sawCertificate = (types: readonly number[]): boolean => types.includes(HandshakeType.certificate);

/**
 * A connection that collects its 'session' Buffers (the listener is attached before it starts,
 * as Node code does); `sessions(n)` resolves once n have arrived (the socket is read meanwhile).
 */
export function collecting(opts: ConnectOptions): { socket: TlsSocket; list: Buffer[]; sessions: (n: number) => Promise<Buffer[]> } {
  const socket = new TlsSocket(opts);
  const list: Buffer[] = [];
  socket.on('session', (b: Buffer) => list.push(b));
  socket.on('error', () => {});
  socket.resume();
  return {
    socket,
    list,
    sessions: async (n) => {
      while (list.length < n) await once(socket, 'session');
      return list;
    },
  };
}

/** Resolves once the socket has closed (destroying it if `destroy`). */
export async function closed(s: TlsSocket, destroy = true): Promise<void> {
  if (s.closed) return;
  const done = once(s, 'close');
  if (destroy) s.destroy();
  await done;
}

/** Our lines in s_server's output, in order (its own messages left out): each of ours starts with "data ". */
export const dataLines = (out: string): string[] => out.split('\n').filter((l) => l.startsWith('data '));

/** Application bytes we sent before our EndOfEarlyData or Finished: the 0-RTT data (each record: content, 1-byte type, 16-byte tag). */
export function earlyBytes(events: readonly TraceEvent[]): number {
  const end = events.findIndex((e) => e.kind === 'handshake' && e.direction === 'out' && (e.type === HandshakeType.end_of_early_data || e.type === HandshakeType.finished));
  return events.slice(0, end < 0 ? events.length : end).reduce((n, e) => (e.kind === 'record' && e.direction === 'out' && e.innerContentType === 23 ? n + e.length - 17 : n), 0);
}

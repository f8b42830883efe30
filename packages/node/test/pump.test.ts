// The readiness waiter and the pump against a real node:tls server on loopback.
import { readFileSync } from 'node:fs';
import { connect, createServer as createTcpServer, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsClient, UnexpectedEofError } from '@puretls/core';
import { Pump, waitForActivity, WaitError, type PumpEvent } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/p256/', import.meta.url));
const acceptAll = { verifyServerCertificate: () => {} };
let port = 0;
let tls: ReturnType<typeof createServer>;

beforeAll(async () => {
  tls = createServer({ key: readFileSync(pki + 'leaf.key'), cert: readFileSync(pki + 'chain.pem'), minVersion: 'TLSv1.3' }, (s: TLSSocket) => {
    s.on('data', (d: Buffer) => {
      const text = d.toString();
      if (text === 'big') s.end(Buffer.alloc(300_000, 0x62));
      else if (text === 'cut') s.destroy(); // TCP close without close_notify
      else s.write(d);
    });
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  port = (tls.address() as { port: number }).port;
});
afterAll(() => tls.close());

async function open(events?: PumpEvent[]): Promise<{ socket: Socket; client: TlsClient; pump: Pump }> {
  const socket = connect({ port, host: '127.0.0.1' });
  await new Promise<void>((r) => socket.once('connect', r));
  const client = new TlsClient({ serverName: 'localhost', verifier: acceptAll });
  const pump = new Pump(socket, client, { timeoutMs: 10_000, onEvent: (e) => events?.push(e) });
  await pump.run('handshake', () => client.handshake());
  return { socket, client, pump };
}

describe('Pump over node:tls', () => {
  it('handshakes, echoes, and reports the WANT_* it handled', async () => {
    const events: PumpEvent[] = [];
    const { client, pump, socket } = await open(events);
    expect(events.some((e) => e.kind === 'want-read')).toBe(true);
    expect(events.some((e) => e.kind === 'want-write')).toBe(true);
    await pump.run('write', () => client.write(new TextEncoder().encode('ping')));
    const r = await pump.run('read', () => client.read());
    expect(r.status === 'ok' && new TextDecoder().decode(r.data)).toBe('ping');
    socket.destroy();
  });

  it('reads 300 kB until close_notify through the bounded input buffer', async () => {
    const { client, pump, socket } = await open();
    await pump.run('write', () => client.write(new TextEncoder().encode('big')));
    let n = 0;
    for (;;) {
      const r = await pump.run('read', () => client.read());
      if (r.status === 'eof') break;
      if (r.status === 'ok') n += r.data.length;
    }
    expect(n).toBe(300_000);
    socket.destroy();
  });

  it('a TCP close without close_notify is truncation', async () => {
    const { client, pump } = await open();
    await pump.run('write', () => client.write(new TextEncoder().encode('cut')));
    await expect(pump.run('read', () => client.read())).rejects.toBeInstanceOf(UnexpectedEofError);
  });
});

describe('waitForActivity', () => {
  it('times out, and rejects on close', async () => {
    const srv = createTcpServer((s) => { setTimeout(() => s.destroy(), 50); });
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const s = connect({ port: (srv.address() as { port: number }).port, host: '127.0.0.1' });
    s.pause();
    await new Promise<void>((r) => s.once('connect', r));
    await expect(waitForActivity(s, 'read', { timeoutMs: 10 })).rejects.toMatchObject({ reason: 'timeout' });
    // The server closes: end of stream is readable, then the socket closes.
    await waitForActivity(s, 'read', { timeoutMs: 5000 });
    expect(s.read()).toBeNull();
    srv.close();
  });

  it('is ready for writing at once when nothing is queued, and honours abort', async () => {
    const srv = createTcpServer(() => {});
    await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
    const s = connect({ port: (srv.address() as { port: number }).port, host: '127.0.0.1' });
    await new Promise<void>((r) => s.once('connect', r));
    await expect(waitForActivity(s, 'write')).resolves.toBeUndefined();
    const ac = new AbortController();
    const p = waitForActivity(s, 'read', { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toBeInstanceOf(WaitError);
    s.destroy();
    srv.close();
  });

  it('a WaitError carries a fixed one-line stack (a timer\'s stack says nothing and costs ~0.4 ms to format)', () => {
    const e = new WaitError('timeout', 'no TLS connection within 300 ms');
    expect(e.stack).toBe('WaitError: no TLS connection within 300 ms\n    at (puretls wait: timeout)');
    expect(e).toMatchObject({ name: 'WaitError', reason: 'timeout', message: 'no TLS connection within 300 ms' });
  });
});

// The handshake starts a microtask after the TlsSocket constructor, while TCP connects (the
// ClientHello is made meanwhile and queued on the socket): what must still hold.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TlsSocket } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/p256/', import.meta.url));
const ca = readFileSync(pki + 'root.pem', 'utf8');
const server = createServer({ key: readFileSync(pki + 'leaf.key'), cert: readFileSync(pki + 'chain.pem'), minVersion: 'TLSv1.3' }, (s: TLSSocket) => { s.on('error', () => {}); s.resume(); });
let port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});
afterAll(() => server.close());

describe('the handshake starting while TCP connects', () => {
  it("'keylog' listeners added right after the constructor get every traffic secret", async () => {
    const s = new TlsSocket({ host: '127.0.0.1', port, servername: 'localhost', ca });
    const lines: string[] = [];
    s.on('keylog', (line: Buffer) => lines.push(line.toString().split(' ')[0]!));
    await once(s, 'secureConnect');
    expect([...lines].sort()).toEqual(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
    expect(s.timings.connect).toBeGreaterThanOrEqual(0);
    expect(s.timings.handshake).toBeGreaterThanOrEqual(s.timings.connect!);
    s.destroy();
  });

  it('a refused TCP connect fails the connection with the TCP error', async () => {
    const closed = createTcpServer();
    const free = await new Promise<number>((r) => closed.listen(0, '127.0.0.1', () => r((closed.address() as AddressInfo).port)));
    await new Promise<void>((r) => closed.close(() => r()));
    const err = await connect({ host: '127.0.0.1', port: free, servername: 'localhost', ca }).then((s) => { s.destroy(); throw new Error('connected'); }, (e: unknown) => e as Error & { code?: string });
    expect(err.code).toBe('ECONNREFUSED');
  });
});

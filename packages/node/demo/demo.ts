// The demo: a TLS 1.3 server on 127.0.0.1 (node:tls, fixture certificate), and the seed's
// nonblocking client with puretls: connect, handshake, a GET written in three pieces, the answer
// read until the server's close_notify, shutdown; every WANT_READ / WANT_WRITE the pump handled is
// printed, then a summary.
import { readFileSync } from 'node:fs';
import { connect } from 'node:net';
import { createServer } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { TlsClient } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { Pump, type PumpEvent } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/p256/', import.meta.url));
const read = (f: string) => readFileSync(pki + f);

async function startServer(): Promise<{ port: number; close: () => void }> {
  const server = createServer({ key: read('leaf.key'), cert: read('chain.pem'), minVersion: 'TLSv1.3', ALPNProtocols: ['http/1.1'] }, (sock) => {
    let req = '';
    sock.on('data', (d: Buffer) => {
      req += d.toString();
      if (!req.includes('\r\n\r\n')) return;
      const body = `Hello from node:tls over TLS 1.3. You asked for ${req.split(' ')[1]}.\n`;
      sock.end(`HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body}`);
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as { port: number }).port, close: () => server.close() };
}

async function main(): Promise<void> {
  const server = await startServer();
  console.log(`server: node:tls on 127.0.0.1:${server.port} (fixture ECDSA P-256 chain)`);
  const counts: Record<string, number> = {};
  const log = (e: PumpEvent) => {
    counts[e.kind] = (counts[e.kind] ?? 0) + 1;
    if (e.kind === 'want-read' || e.kind === 'want-write' || e.kind === 'want-async') console.log(`  ${e.op.padEnd(9)} -> ${e.kind.toUpperCase().replace('-', '_')}`);
  };
  const started = performance.now();
  const socket = connect({ host: '127.0.0.1', port: server.port });
  await new Promise<void>((r, j) => { socket.once('connect', r); socket.once('error', j); });
  console.log('client: TCP connected, nonblocking (paused) socket');
  const client = new TlsClient({
    serverName: 'localhost',
    alpnProtocols: ['http/1.1'],
    // Full Web PKI path validation and host-name check, trusting only the fixture root.
    verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(read('root.pem').toString()) }),
  });
  const pump = new Pump(socket, client, { timeoutMs: 10_000, onEvent: log });

  await pump.run('handshake', () => client.handshake());
  const handshakeMs = performance.now() - started;
  const info = client.info!;
  console.log(`client: chain verified to the fixture root for 'localhost' (${info.peerCertificates.length} certificates sent)`);
  console.log(`client: handshake done: ${info.version} ${info.cipherSuiteName} ${info.groupName}, server signed with ${info.signatureSchemeName}, ALPN ${info.alpnProtocol ?? '(none)'}`);

  const request = ['GET /hello HTTP/1.1\r\n', 'Host: localhost\r\n', 'Connection: close\r\n\r\n'];
  for (const [i, piece] of request.entries()) {
    const r = await pump.run('write', () => client.write(new TextEncoder().encode(piece)));
    console.log(`client: wrote request piece ${i + 1}/3 (${r.status === 'ok' ? r.written : 0} bytes)`);
  }

  let response = '';
  for (;;) {
    const r = await pump.run('read', () => client.read());
    if (r.status === 'eof') break;
    if (r.status === 'ok') response += new TextDecoder().decode(r.data);
  }
  console.log('client: server sent close_notify; response:');
  console.log(response.split('\r\n').map((l) => `  | ${l}`).join('\n'));
  await pump.run('shutdown', () => client.shutdown());
  socket.end();
  server.close();
  console.log(`summary: handshake ${handshakeMs.toFixed(1)} ms; pump handled ${counts['want-read'] ?? 0} WANT_READ, ${counts['want-write'] ?? 0} WANT_WRITE, ${counts['want-async'] ?? 0} WANT_ASYNC; ${counts.read ?? 0} socket reads, ${counts.wrote ?? 0} socket writes`);
  if (!response.startsWith('HTTP/1.1 200 OK')) throw new Error('unexpected response');
}

main().catch((e: unknown) => {
  console.error(`demo failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exit(1);
});

// The WebSocket transport in Node, over the relay, against openssl s_server: `ws` stands in for
// the browser's WebSocket (Node 20 has no global one). The handshake is verified to the fixture
// root, an HTTP GET gets s_server's answer, and the failures are the engine's typed errors.
import { CertificateError, TlsError, UnexpectedEofError, type CertificateVerifier } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectOverWebSocket, WebTransportError, type WebTlsConnection } from '../src/index.js';
import { goodRoot, relayedOpenSsl, type RelayedServer } from './helpers/servers.js';
import { startRelay } from '../src/relay/index.js';
import { tcpPeer } from './helpers/tcp.js';
import { ORIGIN, wsWithOrigin } from './helpers/ws.js';

const WebSocket = wsWithOrigin();
const verifier = () => new WebPkiVerifier({ roots: TrustStore.fromPem(goodRoot()) });
const decoder = new TextDecoder();

let www: RelayedServer;
let plain: RelayedServer;
let untrusted: RelayedServer;

beforeAll(async () => {
  [www, plain, untrusted] = await Promise.all([
    relayedOpenSsl('good/rsa', ['-www'], [ORIGIN]),
    relayedOpenSsl('good/rsa', [], [ORIGIN]),
    relayedOpenSsl('bad/untrusted-root', ['-www'], [ORIGIN]),
  ]);
});
afterAll(async () => {
  await Promise.all([www, plain, untrusted].map((s) => s?.stop()));
});

async function readAll(conn: WebTlsConnection): Promise<string> {
  let text = '';
  for await (const chunk of conn) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('connectOverWebSocket over the relay', () => {
  it('completes a verified TLS 1.3 handshake and an HTTP GET', async () => {
    const conn = await connectOverWebSocket(www.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket });
    expect(conn.info.version).toBe('TLSv1.3');
    expect(conn.info.peerCertificates.length).toBeGreaterThan(1);
    await conn.write('GET / HTTP/1.0\r\n\r\n');
    const answer = await readAll(conn); // s_server -www sends close_notify after its answer
    expect(answer.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    await conn.close();
    await conn.closed;
  });

  it('awaits a verifier that returns a promise (want-async)', async () => {
    const sync = verifier();
    let calls = 0;
    const asyncVerifier: CertificateVerifier = {
      verifyServerCertificate: async (input) => {
        calls++;
        await new Promise((r) => setImmediate(r));
        sync.verifyServerCertificate(input);
      },
    };
    const conn = await connectOverWebSocket(www.relay.url, { serverName: 'localhost', verifier: asyncVerifier }, { WebSocket });
    expect(calls).toBe(1);
    await conn.write('GET / HTTP/1.0\r\n\r\n');
    expect(await readAll(conn)).toMatch(/^HTTP\/1\.0 200 ok/);
    await conn.close();
  });

  it('refuses a chain under an untrusted root with a CertificateError', async () => {
    const err = await connectOverWebSocket(untrusted.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as CertificateError).category).toBe('certificate');
    expect((err as CertificateError).alertName).toBe('unknown_ca');
  });

  it('reports a WebSocket closed before close_notify as truncation, not a clean end', async () => {
    const conn = await connectOverWebSocket(plain.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket });
    await conn.write('hello\n');
    await plain.server.waitForOutput('hello');
    // Killing s_server closes its TCP socket without close_notify; the relay closes the WebSocket.
    await plain.server.stop();
    await conn.closed;
    await expect(conn.read()).rejects.toBeInstanceOf(UnexpectedEofError);
    await expect(conn.write('more')).rejects.toBeInstanceOf(WebTransportError);
    await conn.close(); // never throws
  });

  it('fails with inbound-overflow when unread data passes maxBufferedInbound', async () => {
    const srv = await relayedOpenSsl('good/rsa', [], [ORIGIN]);
    try {
      const conn = await connectOverWebSocket(srv.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket, maxBufferedInbound: 32 * 1024 });
      await conn.write('hi\n');
      await srv.server.waitForOutput('hi');
      // s_server sends its stdin to the client; the test does not read, so it piles up.
      srv.server.send(`${'x'.repeat(1023)}\n`.repeat(128));
      await conn.closed; // the transport closes the WebSocket when the bound is crossed
      const err = await conn.read().catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebTransportError);
      expect((err as WebTransportError).problem).toBe('inbound-overflow');
    } finally {
      await srv.stop();
    }
  });

  it('fails with a typed error, not a hang, when the target answers with something that is not TLS', async () => {
    const peer = await tcpPeer(false);
    const relay = await startRelay({ target: { host: '127.0.0.1', port: peer.port }, allowedOrigins: [ORIGIN] });
    try {
      const arrived = peer.nextConnection();
      const pending = connectOverWebSocket(relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket }).catch((e: unknown) => e);
      (await arrived).write('HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n');
      const err = await pending;
      expect(err).toBeInstanceOf(TlsError);
      expect((err as TlsError).category).not.toBe('internal');
    } finally {
      await relay.close();
      await peer.close();
    }
  });

  it('rejects with connect-failed when the relay refuses the Origin', async () => {
    const err = await connectOverWebSocket(www.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket: wsWithOrigin('http://evil.example') }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebTransportError);
    expect((err as WebTransportError).problem).toBe('connect-failed');
  });

  it('rejects with aborted when the signal fires before the handshake completes', async () => {
    const signal = AbortSignal.abort();
    const err = await connectOverWebSocket(www.relay.url, { serverName: 'localhost', verifier: verifier() }, { WebSocket, signal }).catch((e: unknown) => e);
    expect((err as WebTransportError).problem).toBe('aborted');
  });

  it('needs a WebSocket when the runtime has none (Node 20)', async () => {
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    delete g.WebSocket; // Node 22+ has one: take it away for this test
    try {
      await expect(connectOverWebSocket(www.relay.url, { serverName: 'localhost', verifier: verifier() })).rejects.toMatchObject({ problem: 'no-websocket' });
    } finally {
      if (saved !== undefined) g.WebSocket = saved;
    }
  });
});

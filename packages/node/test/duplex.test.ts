// TlsSocket as the transport of real Node clients against Node's own servers on loopback:
// https.request, undici and http2, plus the Duplex contract (close_notify, truncation,
// backpressure, accessors, verification options).
import { readFileSync } from 'node:fs';
import { request as httpsRequest, createServer as createHttpsServer } from 'node:https';
import { connect as http2Connect, createSecureServer } from 'node:http2';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { Agent, fetch as undiciFetch } from 'undici';
import { once } from 'node:events';
import { CertificateError, Limits } from '@puretls/core';
import { SignatureCache } from '@puretls/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, http2Connection, httpsConnection, TlsSocket, undiciConnector } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/', import.meta.url));
const read = (alg: string, f: string) => readFileSync(`${pki}${alg}/${f}`);
const ca = read('p256', 'root.pem').toString();
const serverOpts = { key: read('p256', 'leaf.key'), cert: read('p256', 'chain.pem'), minVersion: 'TLSv1.3' as const };

const closers: Array<() => void> = [];
afterAll(() => closers.forEach((c) => c()));

async function listen(server: { listen: (port: number, host: string, cb: () => void) => unknown; address: () => unknown; close: () => unknown }): Promise<number> {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  closers.push(() => server.close());
  return (server.address() as AddressInfo).port;
}

type Failure = Error & { code?: string; alertName?: string };
/** The error a connection attempt ends with (fails the test if it connected). */
const fails = (p: Promise<TlsSocket>): Promise<Failure> => p.then((s) => { s.destroy(); throw new Error('connected'); }, (e: unknown) => e as Failure);

let tlsPort = 0;
let httpsPort = 0;
let h2Port = 0;

beforeAll(async () => {
  const tls = createTlsServer({ ...serverOpts, ALPNProtocols: ['x-echo'] }, (s: TLSSocket) => {
    s.on('error', () => {});
    let buf = '';
    s.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      if (buf === 'cut') s.destroy(); // TCP close without close_notify
      else if (buf.startsWith('big:') && buf.endsWith('\n')) s.end(Buffer.alloc(Number(buf.slice(4, -1)), 0x61));
      else if (buf.startsWith('echo:')) { s.write(d); }
    });
    s.on('end', () => s.end());
  });
  tlsPort = await listen(tls);
  const https = createHttpsServer(serverOpts, (req, res) => {
    res.setHeader('content-type', 'text/plain');
    res.end(`hello ${req.method} ${req.url} over ${(req.socket as TLSSocket).getProtocol()}`);
  });
  httpsPort = await listen(https);
  const h2 = createSecureServer({ ...serverOpts, allowHTTP1: false });
  h2.on('stream', (stream, headers) => {
    stream.respond({ ':status': 200, 'content-type': 'text/plain' });
    stream.end(`h2 hello ${headers[':path']}`);
  });
  h2Port = await listen(h2);
});

describe('TlsSocket as the transport of Node clients', () => {
  it('https.request({ createConnection })', async () => {
    const body = await new Promise<string>((resolve, reject) => {
      const req = httpsRequest({ host: 'localhost', port: httpsPort, path: '/x', createConnection: httpsConnection({ ca }) as never }, (res) => {
        let b = '';
        res.on('data', (d: Buffer) => (b += d.toString()));
        res.on('end', () => resolve(`${res.statusCode} ${b}`));
      });
      req.on('error', reject);
      req.end();
    });
    expect(body).toBe('200 hello GET /x over TLSv1.3');
  });

  it('undici Agent({ connect })', async () => {
    const agent = new Agent({ connect: undiciConnector({ ca }) as never });
    try {
      const res = await undiciFetch(`https://localhost:${httpsPort}/undici`, { dispatcher: agent });
      expect(res.status).toBe(200);
      expect(await res.text()).toBe('hello GET /undici over TLSv1.3');
    } finally {
      await agent.close();
    }
  });

  it('http2.connect(url, { createConnection }) with ALPN h2', async () => {
    const sockets: TlsSocket[] = [];
    const make = http2Connection({ ca });
    const session = http2Connect(`https://localhost:${h2Port}`, { createConnection: ((url: URL) => { const s = make(url); sockets.push(s); return s; }) as never });
    try {
      const body = await new Promise<string>((resolve, reject) => {
        session.on('error', reject);
        const req = session.request({ ':path': '/h2path' });
        let b = '';
        req.on('response', (h) => expect(h[':status']).toBe(200));
        req.on('data', (d: Buffer) => (b += d.toString()));
        req.on('end', () => resolve(b));
        req.on('error', reject);
        req.end();
      });
      expect(body).toBe('h2 hello /h2path');
      expect(sockets[0]!.alpnProtocol).toBe('h2');
    } finally {
      session.close();
    }
  });
});

describe('http2Connection without h2', () => {
  it('a server that does not agree to h2 fails the session with a clear error', async () => {
    // A server with no ALPN at all: the handshake succeeds with no protocol agreed.
    const plain = createTlsServer(serverOpts, (sock: TLSSocket) => sock.on('error', () => {}));
    const port = await listen(plain);
    const session = http2Connect(`https://localhost:${port}`, { createConnection: http2Connection({ ca }) as never });
    const err = await new Promise<Error & { code?: string }>((resolve) => session.on('error', resolve));
    expect(err.message).toMatch(/did not agree to ALPN h2/);
    session.destroy();
  });
});

describe('TlsSocket, the Duplex contract', () => {
  it('reports what Node code reads, and the peer certificate in Node shape', async () => {
    const s = await connect({ host: '127.0.0.1', port: tlsPort, servername: 'localhost', ca, ALPNProtocols: ['x-echo'] });
    expect(s.getProtocol()).toBe('TLSv1.3');
    // node:tls prefers AES-256-GCM when the client offers it.
    expect(s.getCipher()).toEqual({ name: 'TLS_AES_256_GCM_SHA384', standardName: 'TLS_AES_256_GCM_SHA384', version: 'TLSv1.3' });
    // Node's own shape (node:tls reports { type: 'ECDH', name: 'X25519', size: 253 } here).
    expect(s.getEphemeralKeyInfo()).toEqual({ type: 'ECDH', name: 'X25519', size: 253 });
    expect(s.alpnProtocol).toBe('x-echo');
    expect(s.authorized).toBe(true);
    expect(s.authorizationError).toBeUndefined();
    const cert = s.getPeerCertificate(true);
    expect(cert.subject?.CN).toBe('localhost');
    expect(cert.raw).toEqual(Buffer.from(s.info!.peerCertificates[0]!));
    expect(cert.subjectaltname).toContain('DNS:localhost');
    expect(cert.issuerCertificate?.subject.CN).toMatch(/intermediate/);
    s.destroy();
  });

  it('end() sends close_notify; the peer\'s close_notify ends the readable side', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca });
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.write('big:100000\n');
    await new Promise<void>((r, j) => { s.on('end', r); s.on('error', j); });
    expect(Buffer.concat(chunks).length).toBe(100_000);
    expect(s.engine.isPeerClosed).toBe(true);
    await new Promise<void>((r) => s.on('close', r));
  });

  it('a TCP close without close_notify is truncation, not a clean end', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca });
    s.write('cut');
    const err = await new Promise<Error & { code?: string }>((resolve) => {
      s.on('error', resolve);
      s.on('end', () => resolve(Object.assign(new Error('clean end'), { code: 'END' })));
      s.resume();
    });
    expect(err.code).toBe('ERR_PURETLS_TRUNCATED');
    expect(err.name).toBe('UnexpectedEofError');
  });

  it('backpressure: a reader that stops leaves the data in the kernel, then gets all of it', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca });
    s.write('big:8000000\n');
    await new Promise((r) => setTimeout(r, 200)); // (not a timing assertion: give the server time to fill the pipe)
    // Nothing consumed yet: the Duplex buffered at most its high-water mark plus one engine chunk.
    expect(s.readableLength).toBeLessThanOrEqual(s.readableHighWaterMark + 64 * 1024);
    // The TCP socket stopped pulling from the kernel (measured: 66,827 of 8,000,000+ bytes read).
    expect(s.socket.bytesRead).toBeLessThan(1_000_000);
    let total = 0;
    for await (const d of s) total += (d as Buffer).length;
    expect(total).toBe(8_000_000);
  });

  it('backpressure: while the server does not read, writes wait (nothing piles up), then all arrive', async () => {
    let accepted!: (sock: TLSSocket) => void;
    const serverSide = new Promise<TLSSocket>((r) => (accepted = r));
    let received = 0;
    const total = 32 * 1024 * 1024;
    let allReceived!: () => void;
    const done = new Promise<void>((r) => (allReceived = r));
    const slow = createTlsServer(serverOpts, (sock: TLSSocket) => {
      accepted(sock);
      sock.pause(); // not reading: the kernel buffers fill, then the client's socket pushes back
      sock.on('data', (d: Buffer) => { received += d.length; if (received === total) allReceived(); });
    });
    const port = await listen(slow);
    let pushedBack!: () => void;
    const pushed = new Promise<void>((r) => (pushedBack = r));
    const s = await connect({ host: 'localhost', port, ca, onPumpEvent: (e) => { if (e.kind === 'want-write' && e.op === 'write') pushedBack(); } });
    const chunk = Buffer.alloc(64 * 1024, 0x78);
    const producing = (async () => {
      for (let sent = 0; sent < total; sent += chunk.length) if (!s.write(chunk)) await once(s, 'drain');
      s.end();
    })();
    await pushed; // the TCP socket is full: the write waits for 'drain' (the seed's WANT_WRITE)
    // Nothing piles up: the TCP socket holds at most one engine flush, the engine at most its bound.
    expect(s.socket.bytesWritten).toBeLessThan(total);
    expect(s.socket.writableLength).toBeLessThanOrEqual(2 * Limits.outboundHighWater);
    expect(s.engine.outgoingLength).toBeLessThanOrEqual(Limits.outboundHighWater);
    (await serverSide).resume();
    await producing;
    await done;
    expect(received).toBe(total);
  }, 30_000); // 32 MiB through AES-GCM in JavaScript: seconds on a loaded 2-core machine (no timing asserted)

  it('refuses a chain it cannot verify, with the Node-style code and the alert sent', async () => {
    const other = read('rsa', 'root.pem').toString();
    const err = await fails(connect({ host: 'localhost', port: tlsPort, ca: other }));
    expect(err).toMatchObject({ code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', alertName: 'unknown_ca' });
  });

  it('wrong host name: ERR_TLS_CERT_ALTNAME_INVALID; checkServerIdentity replaces the name check', async () => {
    const err = await fails(connect({ host: '127.0.0.1', port: tlsPort, servername: 'example.com', ca }));
    expect(err).toMatchObject({ code: 'ERR_TLS_CERT_ALTNAME_INVALID' });
    const seen: string[] = [];
    const s = await connect({ host: '127.0.0.1', port: tlsPort, servername: 'example.com', ca, checkServerIdentity: (h, c) => { seen.push(`${h} ${c.subject.CN}`); return undefined; } });
    expect(seen).toEqual(['example.com localhost']);
    s.destroy();
    const refused = await fails(connect({ host: 'localhost', port: tlsPort, ca, checkServerIdentity: () => new Error('nope') }));
    expect(refused.message).toContain('checkServerIdentity: nope');
  });

  it('rejectUnauthorized: false only with the dangerous switch, and then reports authorizationError', async () => {
    expect(() => new TlsSocket({ host: 'localhost', port: tlsPort, rejectUnauthorized: false })).toThrow(/dangerouslyAcceptUnauthorized/);
    const s = await connect({ host: 'localhost', port: tlsPort, ca: read('rsa', 'root.pem'), rejectUnauthorized: false, dangerouslyAcceptUnauthorized: true });
    expect(s.authorized).toBe(false);
    expect(s.authorizationError).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
    s.destroy();
  });

  it('defaults to tls.rootCertificates: the fixture chain is unknown there', async () => {
    const err = await fails(connect({ host: 'localhost', port: tlsPort }));
    expect(err.code).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  });

  it('timeout covers TCP connect plus handshake; signal aborts', async () => {
    // A TCP server that accepts and never answers.
    const { createServer } = await import('node:net');
    const mute = createServer(() => {});
    const port = await listen(mute);
    const t = await fails(connect({ host: 'localhost', port, ca, timeout: 150 }));
    expect(t.code).toBe('ETIMEDOUT');
    const ac = new AbortController();
    const pending = fails(connect({ host: 'localhost', port, ca, signal: ac.signal }));
    ac.abort();
    expect((await pending).code).toBe('ABORT_ERR');
  });

  it('remembers verified chain signatures in the cache it is given; null checks them every time', async () => {
    const signatureCache = new SignatureCache();
    for (let i = 0; i < 2; i++) (await connect({ host: 'localhost', port: tlsPort, ca, signatureCache })).destroy();
    expect(signatureCache.size).toBe(2); // leaf by intermediate, intermediate by root: stored once
    const s = await connect({ host: 'localhost', port: tlsPort, ca, signatureCache: null });
    expect(s.authorized).toBe(true);
    s.destroy();
  });

  it('a custom asynchronous verifier: the pump handles WANT_ASYNC; a rejection fails with its error', async () => {
    const seen: string[] = [];
    const pinned = read('p256', 'leaf.pem').toString();
    const verifier = {
      verifyServerCertificate: async ({ chain }: { chain: readonly Uint8Array[] }) => {
        await new Promise((r) => setImmediate(r));
        const leafPem = `-----BEGIN CERTIFICATE-----\n${Buffer.from(chain[0]!).toString('base64').replace(/(.{64})/g, '$1\n')}\n-----END CERTIFICATE-----`;
        if (leafPem.replace(/\s+/g, '') !== pinned.replace(/\s+/g, '')) throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the pinned leaf');
      },
    };
    const s = await connect({ host: 'localhost', port: tlsPort, verifier, onPumpEvent: (e) => seen.push(e.kind) });
    expect(seen).toContain('want-async');
    expect(s.authorized).toBe(true);
    s.destroy();
    const refuse = { verifyServerCertificate: () => Promise.reject(new CertificateError('unknown-issuer', 'bad_certificate', 'pin mismatch')) };
    const err = await fails(connect({ host: 'localhost', port: tlsPort, verifier: refuse }));
    expect(err).toMatchObject({ message: 'pin mismatch', alertName: 'bad_certificate', code: 'ERR_PURETLS_CERTIFICATE' });
  });

  it('runs over a TCP socket the caller opened (the socket option)', async () => {
    const { connect: tcp } = await import('node:net');
    const raw = tcp({ host: '127.0.0.1', port: tlsPort });
    const s = await connect({ socket: raw, servername: 'localhost', ca });
    expect(s.socket).toBe(raw);
    expect(s.authorized).toBe(true);
    s.destroy();
  });

  it('timeout: after the handshake it is the idle timeout, reported by a timeout event (the socket stays open)', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca, timeout: 50 });
    await new Promise<void>((resolve) => s.once('timeout', resolve));
    expect(s.destroyed).toBe(false);
    s.destroy();
  });

  it('setTimeout after the handshake: the TCP socket\'s idle timeout, reported by a timeout event and the callback', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca });
    let events = 0;
    s.on('timeout', () => events++);
    await new Promise<void>((resolve) => s.setTimeout(30, resolve));
    expect(events).toBe(1);
    expect(s.destroyed).toBe(false);
    s.setTimeout(0);
    s.destroy();
  });

  it('groups and suites by name', async () => {
    const s = await connect({ host: 'localhost', port: tlsPort, ca, groups: 'p384', cipherSuites: ['chacha20'] });
    expect(s.info?.groupName).toBe('secp384r1');
    expect(s.getCipher()?.name).toBe('TLS_CHACHA20_POLY1305_SHA256');
    s.destroy();
    expect(() => new TlsSocket({ host: 'localhost', port: tlsPort, ca, groups: ['x9999'] })).toThrow(/unknown group/);
  });
});

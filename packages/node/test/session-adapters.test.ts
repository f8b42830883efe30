// The adapters resume sessions across the connections they make (RFC 9846 §2.2) with no code of
// the user's: two requests through https.request({ createConnection }), two through an https.Agent
// whose createConnection is ours, two through undici's Agent({ connect }), against a node:https
// server (TLS 1.3) that closes each connection after its response; and two http2.connect()
// sessions through one http2Connection(), against a node:http2 secure server. The second handshake
// of each pair is resumed, and no Certificate message reaches the client in it.
import { once } from 'node:events';
import { connect as http2Connect, createSecureServer, type ClientHttp2Session } from 'node:http2';
import { request as httpsRequest, Agent as HttpsAgent, createServer, type RequestOptions } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TraceEvent } from '@puretls/core';
import { HandshakeType } from '@puretls/core';
import { Agent, request as undiciRequest } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { http2Connection, httpsConnection, undiciConnector, type ConnectOptions, type TlsSocket } from '../src/index.js';
import { ca, serverOpts } from './helpers/node_servers.js';

const T = 20_000; // generous: no timing is asserted
const server = createServer(serverOpts, (req, res) => {
  res.setHeader('connection', 'close'); // every request its own connection (and handshake)
  res.end(`hello ${req.url}`);
});
// TLS 1.3 only (serverOpts), tickets on (Node's default: two after each full handshake).
const h2Server = createSecureServer({ ...serverOpts, allowHTTP1: false }, (req, res) => res.end(`h2 hello ${req.url}`));
let port = 0;
let h2Port = 0;
beforeAll(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  await new Promise<void>((r) => h2Server.listen(0, '127.0.0.1', r));
  h2Port = (h2Server.address() as AddressInfo).port;
});
afterAll(async () => {
  await new Promise<void>((r) => server.close(() => r()));
  await new Promise<void>((r) => h2Server.close(() => r()));
});

/** The handshake messages each connection received, one list per ClientHello sent (connections run one after the other). */
function perConnection(): { trace: (e: TraceEvent) => void; received: number[][] } {
  const received: number[][] = [];
  return {
    received,
    trace: (e) => {
      if (e.kind !== 'handshake') return;
      if (e.direction === 'out' && e.type === HandshakeType.client_hello) received.push([]);
      else if (e.direction === 'in') received.at(-1)!.push(e.type);
    },
  };
}

function get(opts: RequestOptions): Promise<string> {
  return new Promise((resolve, reject) => {
    const req = httpsRequest({ host: '127.0.0.1', servername: 'localhost', port, ...opts }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve(`${res.statusCode} ${body}`));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end();
  });
}

/** What every pair of requests must show: a full handshake, then a resumed one without Certificate. */
function expectResumedSecond(sockets: TlsSocket[], received: number[][]): void {
  expect(sockets).toHaveLength(2);
  expect(sockets.map((s) => s.isSessionReused())).toEqual([false, true]);
  expect(received).toHaveLength(2);
  expect(received[0]).toContain(HandshakeType.certificate);
  expect(received[1]).not.toContain(HandshakeType.certificate);
  // A resumed handshake: ServerHello, EncryptedExtensions, Finished (then tickets, if the server sends more).
  expect(received[1]!.slice(0, 3)).toEqual([HandshakeType.server_hello, HandshakeType.encrypted_extensions, HandshakeType.finished]);
  expect(sockets[1]!.authorized).toBe(true);
}

describe('https: the second connection resumes', () => {
  it('https.request({ createConnection: httpsConnection() }), two requests', async () => {
    const { trace, received } = perConnection();
    const make = httpsConnection({ ca, trace });
    const sockets: TlsSocket[] = [];
    const createConnection = ((o: Parameters<typeof make>[0]) => { const s = make(o); sockets.push(s); return s; }) as never;
    expect(await get({ path: '/one', createConnection })).toBe('200 hello /one');
    expect(await get({ path: '/two', createConnection })).toBe('200 hello /two');
    expectResumedSecond(sockets, received);
  }, T);

  it('an https.Agent whose createConnection is httpsConnection(), two requests', async () => {
    const { trace, received } = perConnection();
    const make = httpsConnection({ ca, trace });
    const sockets: TlsSocket[] = [];
    const agent = new HttpsAgent({ keepAlive: false });
    // The Agent calls its own createConnection(options, callback) for each new socket.
    agent.createConnection = ((o: Parameters<typeof make>[0]) => { const s = make(o); sockets.push(s); return s; }) as never;
    try {
      expect(await get({ path: '/a', agent })).toBe('200 hello /a');
      expect(await get({ path: '/b', agent })).toBe('200 hello /b');
    } finally {
      agent.destroy();
    }
    expectResumedSecond(sockets, received);
  }, T);
});

describe('undici: the second connection resumes', () => {
  it("Agent({ connect: undiciConnector() }), two requests", async () => {
    const { trace, received } = perConnection();
    const connector = undiciConnector({ ca, trace, servername: 'localhost' });
    const sockets: TlsSocket[] = [];
    const connect = ((o: Parameters<typeof connector>[0], cb: Parameters<typeof connector>[1]) => connector(o, (err, s) => { if (s !== null) sockets.push(s); cb(err, s); })) as never;
    const agent = new Agent({ connect });
    try {
      for (const path of ['/u1', '/u2']) {
        const res = await undiciRequest(`https://127.0.0.1:${port}${path}`, { dispatcher: agent });
        expect(`${res.statusCode} ${await res.body.text()}`).toBe(`200 hello ${path}`);
      }
    } finally {
      await agent.close();
    }
    expectResumedSecond(sockets, received);
  }, T);

  it('sessionStore: null turns resumption off', async () => {
    const { trace, received } = perConnection();
    const agent = new Agent({ connect: undiciConnector({ ca, trace, servername: 'localhost', sessionStore: null }) as never });
    try {
      for (const path of ['/n1', '/n2']) {
        const res = await undiciRequest(`https://127.0.0.1:${port}${path}`, { dispatcher: agent });
        await res.body.text();
      }
    } finally {
      await agent.close();
    }
    expect(received.map((types) => types.includes(HandshakeType.certificate))).toEqual([true, true]);
  }, T);
});

/** One request on `session`: status and body. */
async function h2Get(session: ClientHttp2Session, path: string): Promise<string> {
  const req = session.request({ ':path': path });
  let status = 0;
  let body = '';
  req.on('response', (h) => { status = Number(h[':status']); });
  req.on('data', (d: Buffer) => (body += d.toString()));
  req.end();
  await once(req, 'end');
  return `${status} ${body}`;
}

/** Two http2 sessions, one after the other, through one http2Connection(defaults): each one request, then closed. */
async function twoH2Sessions(defaults: ConnectOptions): Promise<{ sockets: TlsSocket[]; bodies: string[] }> {
  const make = http2Connection(defaults);
  const sockets: TlsSocket[] = [];
  const createConnection = ((url: URL) => { const s = make(url); sockets.push(s); return s; }) as never;
  const bodies: string[] = [];
  for (const path of ['/h1', '/h2']) {
    // 127.0.0.1 dialled, localhost verified and used as the store key's name.
    const session = http2Connect(`https://127.0.0.1:${h2Port}`, { createConnection });
    session.on('error', () => {}); // a failure shows in the request below
    try {
      bodies.push(await h2Get(session, path));
    } finally {
      const closed = once(session, 'close');
      session.close();
      await closed;
    }
  }
  return { sockets, bodies };
}

describe('http2: the second session resumes', () => {
  it('two http2.connect(url, { createConnection: http2Connection() }) sessions', async () => {
    const { trace, received } = perConnection();
    const { sockets, bodies } = await twoH2Sessions({ ca, trace, servername: 'localhost' });
    expect(bodies).toEqual(['200 h2 hello /h1', '200 h2 hello /h2']);
    expect(sockets.map((s) => s.alpnProtocol)).toEqual(['h2', 'h2']);
    expectResumedSecond(sockets, received);
  }, T);

  it('sessionStore: null turns resumption off', async () => {
    const { trace, received } = perConnection();
    const { sockets, bodies } = await twoH2Sessions({ ca, trace, servername: 'localhost', sessionStore: null });
    expect(bodies).toEqual(['200 h2 hello /h1', '200 h2 hello /h2']);
    expect(sockets.map((s) => s.isSessionReused())).toEqual([false, false]);
    expect(received.map((types) => types.includes(HandshakeType.certificate))).toEqual([true, true]);
  }, T);
});

// The relay against real TCP peers and `ws` clients on 127.0.0.1: the target is fixed, the Origin
// allow-list and the connection limit refuse what they should, both sides close together, and
// bytes pass intact both ways through small high-water marks.
import { randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { parseHostPort, parseRelayArgs, startRelay, type Relay, type RelayEvent } from '../src/relay/index.js';
import { closedSocket, tcpPeer, type TcpPeer } from './helpers/tcp.js';
import { openWs, ORIGIN, receiveBytes, wsClosed } from './helpers/ws.js';

let target: TcpPeer;
let decoy: TcpPeer;
const relays: Relay[] = [];

beforeAll(async () => {
  target = await tcpPeer(true);
  decoy = await tcpPeer(true);
});
afterEach(async () => {
  await Promise.all(relays.splice(0).map((r) => r.close()));
});
afterAll(async () => {
  await target.close();
  await decoy.close();
});

async function relayTo(port: number, extra: { maxConnections?: number; maxMessageBytes?: number; highWaterMark?: number; onEvent?: (e: RelayEvent) => void } = {}): Promise<Relay> {
  const r = await startRelay({ target: { host: '127.0.0.1', port }, allowedOrigins: [ORIGIN], ...extra });
  relays.push(r);
  return r;
}

/** Resolves on the relay's next event of `kind`. */
function nextEvent(events: Array<(e: RelayEvent) => void>, kind: RelayEvent['kind']): Promise<RelayEvent> {
  return new Promise((resolve) => {
    const w = (e: RelayEvent) => {
      if (e.kind !== kind) return;
      events.splice(events.indexOf(w), 1);
      resolve(e);
    };
    events.push(w);
  });
}

describe('relay', () => {
  it('listens on loopback by default', async () => {
    const r = await relayTo(target.port);
    expect(r.url).toBe(`ws://127.0.0.1:${r.port}/`);
  });

  it('connects only to its configured target, whatever the URL names', async () => {
    const r = await relayTo(target.port);
    const before = { target: target.sockets.length, decoy: decoy.sockets.length };
    const ws = await openWs(`${r.url}127.0.0.1:${decoy.port}?target=127.0.0.1:${decoy.port}&host=127.0.0.1&port=${decoy.port}`);
    const arrived = target.nextConnection();
    ws.send(Buffer.from('hello'));
    await arrived;
    expect((await receiveBytes(ws, 5)).toString()).toBe('hello'); // echoed by the target
    expect(target.sockets.length).toBe(before.target + 1);
    expect(decoy.sockets.length).toBe(before.decoy);
    const done = wsClosed(ws);
    ws.close();
    await done;
  });

  it('refuses an Origin not on the list, and a handshake without one', async () => {
    const listeners: Array<(e: RelayEvent) => void> = [];
    const r = await relayTo(target.port, { onEvent: (e) => listeners.forEach((l) => l(e)) });
    const before = target.sockets.length;
    const refused = nextEvent(listeners, 'refused');
    await expect(openWs(r.url, 'http://evil.example')).rejects.toThrow('HTTP 403');
    expect(await refused).toEqual({ kind: 'refused', reason: 'origin', origin: 'http://evil.example' });
    await expect(openWs(r.url, null)).rejects.toThrow('HTTP 403');
    await expect(openWs(r.url, 'http://127.0.0.1:8000.evil.example')).rejects.toThrow('HTTP 403');
    expect(target.sockets.length).toBe(before);
  });

  it('refuses connections over the limit with 503, and admits again once one has closed', async () => {
    const listeners: Array<(e: RelayEvent) => void> = [];
    const r = await relayTo(target.port, { maxConnections: 2, onEvent: (e) => listeners.forEach((l) => l(e)) });
    const a = await openWs(r.url);
    const b = await openWs(r.url);
    expect(r.connections).toBe(2);
    await expect(openWs(r.url)).rejects.toThrow('HTTP 503');
    const released = nextEvent(listeners, 'close');
    const aDone = wsClosed(a);
    a.close();
    await released;
    await aDone;
    expect(r.connections).toBe(1);
    const c = await openWs(r.url);
    expect(r.connections).toBe(2);
    const done = Promise.all([wsClosed(b), wsClosed(c)]);
    for (const ws of [b, c]) ws.close();
    await done;
  });

  it('closes the TCP side when the WebSocket closes', async () => {
    const r = await relayTo(target.port);
    const arrived = target.nextConnection();
    const ws = await openWs(r.url);
    const tcp = await arrived;
    const wsDone = wsClosed(ws);
    ws.close(1000);
    await closedSocket(tcp);
    expect(await wsDone).toBe(1000);
  });

  it('closes the WebSocket when the target closes, after the bytes it sent', async () => {
    const r = await relayTo(target.port);
    const arrived = target.nextConnection();
    const ws = await openWs(r.url);
    const tcp = await arrived;
    tcp.unpipe(tcp);
    const got = receiveBytes(ws, 3);
    const wsDone = wsClosed(ws);
    tcp.end('bye');
    expect((await got).toString()).toBe('bye');
    expect(await wsDone).toBe(1000);
  });

  it('closes both sides on a message over the size limit, and on a text message', async () => {
    const r = await relayTo(target.port, { maxMessageBytes: 1024 });
    for (const send of [(ws: import('ws').WebSocket) => ws.send(Buffer.alloc(1025)), (ws: import('ws').WebSocket) => ws.send('text')]) {
      const arrived = target.nextConnection();
      const ws = await openWs(r.url);
      const tcp = await arrived;
      const wsDone = wsClosed(ws);
      send(ws);
      expect([1009, 1003]).toContain(await wsDone);
      await closedSocket(tcp);
    }
  });

  it('closes the WebSocket when the target cannot be reached', async () => {
    const gone = await tcpPeer(false);
    const port = gone.port;
    await gone.close();
    const r = await relayTo(port);
    const ws = await openWs(r.url);
    // The refused TCP connect is seen by the relay only after the 101 that opened this client.
    expect(await wsClosed(ws)).toBe(1011);
  });

  it('passes 4 MiB each way intact through small high-water marks', async () => {
    const r = await relayTo(target.port, { highWaterMark: 16 * 1024, maxMessageBytes: 64 * 1024 });
    const ws = await openWs(r.url);
    const data = randomBytes(4 * 1024 * 1024);
    const back = receiveBytes(ws, data.length);
    for (let at = 0; at < data.length; at += 60 * 1024) ws.send(data.subarray(at, at + 60 * 1024));
    expect((await back).equals(data)).toBe(true);
    const done = wsClosed(ws);
    ws.close();
    await done;
  });
});

describe('relay CLI arguments', () => {
  it('needs a target and an origin, and parses host:port forms', () => {
    expect(parseRelayArgs(['--listen', '127.0.0.1:8080', '--target', 'localhost:8443', '--origin', 'http://127.0.0.1:8000'])).toEqual({
      listen: { host: '127.0.0.1', port: 8080 },
      target: { host: 'localhost', port: 8443 },
      allowedOrigins: ['http://127.0.0.1:8000'],
    });
    expect(() => parseRelayArgs(['--origin', 'http://a'])).toThrow('--target is required');
    expect(() => parseRelayArgs(['--target', 'a:1'])).toThrow('--origin is required');
    expect(() => parseRelayArgs(['--target', 'a:1', '--origin', 'x', '--open-proxy', '1'])).toThrow('unexpected argument');
    expect(parseHostPort('[::1]:443')).toEqual({ host: '::1', port: 443 });
    for (const bad of ['localhost', 'a:70000', 'a:0', 'a b:1', ':1']) expect(() => parseHostPort(bad)).toThrow(TypeError);
  });
});

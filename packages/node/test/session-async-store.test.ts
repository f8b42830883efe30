// A sessionStore whose take() answers with a promise (a remote store), against `openssl s_server`
// (RFC 9846 §2.2, §2.3): the connection waits for the answer before its ClientHello and resumes
// with it; writes made meanwhile wait too and go out as 0-RTT, in order and once, when the ticket
// allows; a take() that rejects (and a put() that rejects) means a full handshake, not an error.
import { once } from 'node:events';
import { MemorySessionStore, type SessionStore, type SessionTicket, type TraceEvent } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { TlsSocket, type ConnectOptions } from '../src/index.js';
import { goodFile, type OpenSslServer } from './helpers/openssl.js';
import { closeAfterEachTest, server, T } from './helpers/openssl_client.js';
import { closed, collecting, dataLines, earlyBytes, receivedMessages, sawCertificate } from './helpers/sessions.js';

closeAfterEachTest();
const ca = goodFile('p256', 'root.pem');
const opts = (srv: OpenSslServer, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca, timeout: 15_000, ...extra });

/**
 * A MemorySessionStore behind promises: put() lands a microtask later, take() answers once `gate`
 * has settled and a few microtasks more (no timers). `hold()` makes the next take() wait until
 * the returned function is called.
 */
class AsyncStore implements SessionStore {
  readonly inner = new MemorySessionStore();
  takes = 0;
  private gate: Promise<void> = Promise.resolve();

  put(key: string, ticket: SessionTicket): Promise<void> {
    return Promise.resolve().then(() => this.inner.put(key, ticket));
  }

  async take(key: string, now: number): Promise<SessionTicket | undefined> {
    this.takes++;
    await this.gate;
    for (let i = 0; i < 3; i++) await Promise.resolve();
    return this.inner.take(key, now);
  }

  hold(): () => void {
    let release!: () => void;
    this.gate = new Promise<void>((r) => { release = r; });
    return release;
  }
}

/**
 * A store with the tickets of a full handshake with `srv` (s_server sends two after it). The
 * connection ends cleanly, close_notify both ways: after a TCP close without one, OpenSSL drops
 * the newest session from its cache (with -early_data its tickets are stateful), and the store
 * hands out the newest.
 */
async function filledStore(srv: OpenSslServer): Promise<AsyncStore> {
  const store = new AsyncStore();
  const c = collecting(opts(srv, { sessionStore: store }));
  await c.sessions(2);
  const done = once(c.socket, 'close');
  c.socket.end();
  await done;
  await Promise.resolve(); // the last put lands a microtask after its ticket
  expect(store.inner.size).toBeGreaterThan(0);
  return store;
}

describe('an asynchronous sessionStore', () => {
  it('the connection waits for take(): nothing goes out before the answer, then it resumes with it', async () => {
    const srv = await server([]);
    const store = await filledStore(srv);
    const before = store.inner.size;
    const release = store.hold();
    const seen = receivedMessages();
    const sent: TraceEvent[] = [];
    const s = new TlsSocket(opts(srv, { sessionStore: store, trace: (e) => { sent.push(e); seen.trace(e); } }));
    s.on('error', () => {});
    // TCP is up and the lookup still pending: no ClientHello yet (the engine does not exist).
    await once(s.socket, 'connect');
    expect(store.takes).toBe(2);
    expect(sent).toEqual([]);
    expect(() => s.engine).toThrow(/once the connection has started/);
    release();
    await once(s, 'secureConnect');
    expect(s.isSessionReused()).toBe(true);
    expect(sawCertificate(seen.types)).toBe(false);
    expect(s.authorized).toBe(true);
    expect(store.inner.size).toBe(before - 1);
    await closed(s);
  }, T);

  it('earlyData: writes made while take() is pending go out as 0-RTT once it answers, accepted, each once and in order', async () => {
    const srv = await server(['-early_data']);
    const store = await filledStore(srv);
    const release = store.hold();
    const events: TraceEvent[] = [];
    const s = new TlsSocket(opts(srv, { sessionStore: store, earlyData: true, trace: (e) => events.push(e) }));
    s.on('error', () => {});
    // Written in the constructor's tick, then later while the lookup is still pending.
    s.write('data early one\n');
    s.write('data early two\n');
    await once(s.socket, 'connect');
    s.write('data early three\n');
    expect(events).toEqual([]);
    release();
    await once(s, 'secureConnect');
    expect(s.isSessionReused()).toBe(true);
    expect(s.earlyData).toBe('accepted');
    expect(earlyBytes(events)).toBe('data early one\ndata early two\ndata early three\n'.length);
    s.write('data after the handshake\n');
    await srv.waitForOutput('data after the handshake\n');
    expect(srv.output()).toContain('Early data received:');
    expect(dataLines(srv.output())).toEqual(['data early one', 'data early two', 'data early three', 'data after the handshake']);
    await closed(s);
  }, T);

  it('earlyData: a write right after the constructor, the store answering a few microtasks later: 0-RTT, accepted', async () => {
    const srv = await server(['-early_data']);
    const store = await filledStore(srv);
    const s = new TlsSocket(opts(srv, { sessionStore: store, earlyData: true }));
    s.on('error', () => {});
    s.write('data right away\n');
    await once(s, 'secureConnect');
    expect(s.earlyData).toBe('accepted');
    s.write('data then\n');
    await srv.waitForOutput('data then\n');
    expect(dataLines(srv.output())).toEqual(['data right away', 'data then']);
    await closed(s);
  }, T);

  it('a take() that rejects, and a put() that rejects: a full handshake, no error; early writes wait for the handshake', async () => {
    const srv = await server(['-early_data']);
    const failing: SessionStore = {
      put: () => Promise.reject(new Error('store down')),
      take: () => Promise.reject(new Error('store down')),
    };
    const seen = receivedMessages();
    let puts = 0;
    const c = collecting(opts(srv, { sessionStore: { ...failing, put: (k, t) => { puts++; return failing.put(k, t); } }, trace: seen.trace }));
    await c.sessions(1); // its put() rejected: the ticket is lost, the connection unaffected
    expect(puts).toBeGreaterThan(0);
    expect(c.socket.isSessionReused()).toBe(false);
    expect(sawCertificate(seen.types)).toBe(true);
    expect(c.socket.destroyed).toBe(false);
    await closed(c.socket);

    const early = new TlsSocket(opts(srv, { sessionStore: failing, earlyData: true }));
    early.write('data not early\n');
    await once(early, 'secureConnect');
    expect(early.earlyData).toBe('not-offered');
    await srv.waitForOutput('data not early\n');
    await closed(early);
  }, T);

  it('a configuration mistake is still thrown by the constructor, before the store is asked', () => {
    const store = new AsyncStore();
    expect(() => new TlsSocket({ host: '127.0.0.1', port: 1, ca, sessionStore: store, ciphers: 'RC4-SHA' })).toThrow(TypeError);
    expect(store.takes).toBe(0);
  });
});

// Session resumption through TlsSocket (RFC 9846 §2.2) against a node:tls server (TLS 1.3, two
// tickets per connection): the 'session' event, getSession() / getTLSTicket() / isSessionReused(),
// connect({ session }) with a Buffer or a ticket, malformed sessions, tickets for another name,
// sessionStore with its servername:port key, and `authorized` on a resumed connection.
import { decodeSessionTicket, MemorySessionStore } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TlsSocket, type ConnectOptions } from '../src/index.js';
import { ca, tlsServer, type Running } from './helpers/node_servers.js';
import { closed, collecting, receivedMessages, sawCertificate } from './helpers/sessions.js';

const T = 20_000; // generous: no timing is asserted
let server: Running;
let other: Running;
beforeAll(async () => {
  // Each connection gets "hi\n" once the client has written: the tickets precede it.
  server = await tlsServer((s) => s.once('data', () => s.write('hi\n')));
  other = await tlsServer((s) => s.once('data', () => s.write('hi\n')));
});
afterAll(async () => {
  await server.close();
  await other.close();
});

const base = (extra: Partial<ConnectOptions> = {}): ConnectOptions => ({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca, timeout: 15_000, ...extra });

/** Two tickets from a full handshake with the server. */
async function tickets(): Promise<Buffer[]> {
  const c = collecting(base());
  const list = await c.sessions(2);
  await closed(c.socket);
  return list;
}

describe("the 'session' event and Node's accessors", () => {
  it("one Buffer per NewSessionTicket, each a ticket for this server; getSession() is the newest, getTLSTicket() its opaque ticket", async () => {
    const c = collecting(base());
    await new Promise<void>((r) => c.socket.once('secureConnect', () => r()));
    expect(c.socket.isSessionReused()).toBe(false);
    const [a, b] = await c.sessions(2);
    for (const buf of [a!, b!]) {
      expect(buf).toBeInstanceOf(Buffer);
      expect(decodeSessionTicket(buf)).toMatchObject({ serverName: 'localhost', cipherSuite: c.socket.info!.cipherSuite });
    }
    expect(a!.equals(b!)).toBe(false);
    expect(c.socket.getSession()!.equals(b!)).toBe(true);
    expect(c.socket.getTLSTicket()!.equals(Buffer.from(decodeSessionTicket(b!).ticket))).toBe(true);
    await closed(c.socket);
  }, T);

  it("without a 'session' listener, session or store, no ticket is kept; sessionTickets: true keeps them for listeners added after connect()", async () => {
    const plain = await connect(base());
    plain.write('x');
    await new Promise<void>((r) => plain.once('data', () => r())); // "hi\n" comes after both tickets
    expect(plain.getSession()).toBeUndefined();
    expect(plain.getTLSTicket()).toBeUndefined();
    await closed(plain);

    const kept = await connect(base({ sessionTickets: true }));
    const got: Buffer[] = [];
    kept.on('session', (b: Buffer) => got.push(b));
    kept.write('x');
    await new Promise<void>((r) => kept.once('data', () => r()));
    await Promise.resolve(); // 'session' is emitted a microtask after the engine's call
    expect(got).toHaveLength(2);
    expect(kept.getSession()!.equals(got[1]!)).toBe(true);
    await closed(kept);
  }, T);
});

describe('connect({ session })', () => {
  it('a Buffer from the event resumes: isSessionReused(), no Certificate received, authorized, the original chain reported', async () => {
    const [session] = await tickets();
    const full = receivedMessages();
    const first = await connect(base({ trace: full.trace }));
    const leaf = first.getPeerCertificate().fingerprint256;
    await closed(first);
    const seen = receivedMessages();
    const s = await connect(base({ session, trace: seen.trace }));
    expect(s.isSessionReused()).toBe(true);
    expect(s.info?.resumed).toBe(true);
    expect(sawCertificate(full.types)).toBe(true);
    expect(sawCertificate(seen.types)).toBe(false);
    expect(s.authorized).toBe(true);
    expect(s.getPeerCertificate().fingerprint256).toBe(leaf);
    s.write('x');
    await new Promise<void>((r) => s.once('data', () => r()));
    await closed(s);
  }, T);

  it('a SessionTicket object resumes too (checked by a round trip through its encoding)', async () => {
    const [session] = await tickets();
    const s = await connect(base({ session: decodeSessionTicket(session!) }));
    expect(s.isSessionReused()).toBe(true);
    await closed(s);
  }, T);

  it('a malformed Buffer is ignored, as Node ignores it: a full handshake', async () => {
    const [session] = await tickets();
    const flipped = Buffer.from(session!);
    flipped[0] = flipped[0]! ^ 0xff; // the magic
    for (const bad of [Buffer.from('garbage'), Buffer.alloc(0), session!.subarray(0, session!.length - 1), flipped, Buffer.concat([session!, Buffer.from([0])])]) {
      const seen = receivedMessages();
      const s = await connect(base({ session: bad, trace: seen.trace }));
      expect(s.isSessionReused()).toBe(false);
      expect(sawCertificate(seen.types)).toBe(true);
      await closed(s);
    }
  }, T);

  it('a session that is neither a Buffer nor a ticket is a TypeError (ERR_INVALID_ARG_TYPE, as in Node)', () => {
    for (const bad of ['abc', 42, { ticket: 'x' }]) {
      expect(() => new TlsSocket(base({ session: bad as never }))).toThrow(expect.objectContaining({ name: 'TypeError', code: 'ERR_INVALID_ARG_TYPE' }));
    }
  });

  it('a ticket for another server name is not offered: a full handshake with the chain verified', async () => {
    const [session] = await tickets(); // issued to 'localhost'
    const seen = receivedMessages();
    // 127.0.0.1 is in the leaf's SANs: the connection is fine, only the ticket does not fit it.
    const s = await connect(base({ servername: '127.0.0.1', session, trace: seen.trace }));
    expect(s.isSessionReused()).toBe(false);
    expect(sawCertificate(seen.types)).toBe(true);
    expect(s.authorized).toBe(true);
    await closed(s);
  }, T);

  it('a ticket from a connection that skipped verification does not pass a verifying one: the resumed chain is checked', async () => {
    // No `ca`: against Node's root store the fixture chain does not verify.
    const c = collecting({ host: '127.0.0.1', port: server.port, servername: 'localhost', dangerouslySkipCertificateVerification: true, timeout: 15_000 });
    const [session] = await c.sessions(1);
    await closed(c.socket);
    const err = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', session, timeout: 15_000 }).then((s) => { s.destroy(); throw new Error('connected'); }, (e: unknown) => e as Error & { code?: string });
    expect(err.code).toBe('UNABLE_TO_GET_ISSUER_CERT_LOCALLY');
  }, T);
});

describe('sessionStore', () => {
  it('the second connection to servername:port resumes with a ticket of the first; each ticket is used once', async () => {
    const store = new MemorySessionStore();
    const first = collecting(base({ sessionStore: store }));
    await first.sessions(2);
    await closed(first.socket);
    expect(store.size).toBe(2);
    const seen = receivedMessages();
    const second = await connect(base({ sessionStore: store, trace: seen.trace }));
    expect(second.isSessionReused()).toBe(true);
    expect(sawCertificate(seen.types)).toBe(false);
    expect(store.size).toBe(1); // one taken; the second connection's own tickets come later
    await closed(second);
  }, T);

  it('tickets are kept under servername:port: another port, or an explicit sessionKey, finds none', async () => {
    const store = new MemorySessionStore();
    const first = collecting(base({ sessionStore: store }));
    await first.sessions(2);
    await closed(first.socket);
    const elsewhere = await connect(base({ port: other.port, sessionStore: store }));
    expect(elsewhere.isSessionReused()).toBe(false);
    await closed(elsewhere);
    const keyed = await connect(base({ sessionStore: store, sessionKey: 'another key' }));
    expect(keyed.isSessionReused()).toBe(false);
    await closed(keyed);
    expect(store.size).toBe(2); // neither took one
    const again = await connect(base({ sessionStore: store }));
    expect(again.isSessionReused()).toBe(true);
    await closed(again);
  }, T);
});

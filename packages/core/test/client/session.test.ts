// Tickets as the application gets them (RFC 9846 §4.7.1), their encoding for storage, and the
// bounded in-memory store: round trips, every strict prefix and random bytes refused with a
// typed error, the store's bounds under a flood, one use per ticket (§C.4).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeSessionTicket, encodeSessionTicket, InvalidMessageError, Limits, MemorySessionStore, TlsClient, type SessionTicket } from '../../src/index.js';
import { ContentType, ExtensionType, HandshakeType } from '../../src/msgs/enums.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import { acceptAll } from '../helpers/scripted_client.js';
import { ScriptedServer } from '../helpers/scripted_server.js';
import { encodeNewSessionTicket } from '../helpers/server_codecs.js';
import { makeTicket } from '../helpers/psk_server.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const arbTicket: fc.Arbitrary<SessionTicket> = fc.record({
  lifetimeSeconds: fc.integer({ min: 0, max: 604800 }),
  ageAdd: fc.integer({ min: 0, max: 2 ** 32 - 1 }),
  nonce: fc.uint8Array({ maxLength: 255 }),
  ticket: fc.uint8Array({ minLength: 1, maxLength: 300 }),
  maxEarlyData: fc.option(fc.integer({ min: 0, max: 2 ** 32 - 1 }), { nil: undefined }),
  psk: fc.oneof(fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 48, maxLength: 48 })),
  cipherSuite: fc.constantFrom(0x1301, 0x1302, 0x1303),
  receivedAt: fc.integer({ min: 0, max: 2 ** 50 }),
  serverName: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
  alpnProtocol: fc.option(fc.string({ minLength: 1, maxLength: 20 }), { nil: undefined }),
  peerCertificates: fc.array(fc.uint8Array({ minLength: 1, maxLength: 64 }), { maxLength: 4 }),
  signatureScheme: fc.integer({ min: 0, max: 0xffff }),
  verified: fc.boolean(),
});

describe('encodeSessionTicket / decodeSessionTicket', () => {
  it('round-trips every field', () => {
    fc.assert(fc.property(arbTicket, (t) => {
      expect(decodeSessionTicket(encodeSessionTicket(t))).toEqual(t);
    }), { numRuns: 200 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuses every strict prefix, and trailing bytes, with InvalidMessageError', () => {
    const bytes = encodeSessionTicket(makeTicket({ alpnProtocol: 'h2', maxEarlyData: 100 }));
    for (let n = 0; n < bytes.length; n++) expect(() => decodeSessionTicket(bytes.subarray(0, n))).toThrow(InvalidMessageError);
    expect(() => decodeSessionTicket(Uint8Array.from([...bytes, 0]))).toThrow(InvalidMessageError);
  });

  it('random bytes end in InvalidMessageError or a ticket, never another error', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (junk, withMagic) => {
      const input = withMagic ? Uint8Array.from([0x50, 0x54, 0x53, 0x01, ...junk]) : junk;
      try {
        decodeSessionTicket(input);
      } catch (e) {
        expect(e).toBeInstanceOf(InvalidMessageError);
      }
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuses an input over Limits.maxSessionTicketEncoding before reading it', () => {
    expect(() => decodeSessionTicket(new Uint8Array(Limits.maxSessionTicketEncoding + 1))).toThrow(/maxSessionTicketEncoding/);
  });
});

describe('MemorySessionStore', () => {
  it('hands a ticket out once (RFC 9846 §C.4), the newest first; reuse only when asked', () => {
    const store = new MemorySessionStore();
    const a = makeTicket({ nonce: Uint8Array.of(1) });
    const b = makeTicket({ nonce: Uint8Array.of(2) });
    store.put('k', a);
    store.put('k', b);
    expect(store.take('k', a.receivedAt)).toBe(b);
    expect(store.take('k', a.receivedAt)).toBe(a);
    expect(store.take('k', a.receivedAt)).toBeUndefined();
    const reusing = new MemorySessionStore({ reuse: true });
    reusing.put('k', a);
    expect(reusing.take('k', a.receivedAt)).toBe(a);
    expect(reusing.take('k', a.receivedAt)).toBe(a);
  });

  it('drops expired tickets instead of handing them out', () => {
    const store = new MemorySessionStore();
    store.put('k', makeTicket({ lifetimeSeconds: 10 }));
    expect(store.take('k', 1_000_000 + 10_000)).toBeUndefined();
    expect(store.size).toBe(0);
  });

  it('stays bounded under a flood of tickets: per key and in all, oldest dropped', () => {
    const store = new MemorySessionStore();
    for (let i = 0; i < 10_000; i++) store.put(`host${i % 500}`, makeTicket({ nonce: Uint8Array.of(i & 0xff) }));
    expect(store.size).toBe(Limits.sessionStoreEntries);
    const one = new MemorySessionStore();
    for (let i = 0; i < 100; i++) one.put('k', makeTicket({ ageAdd: i }));
    expect(one.size).toBe(Limits.sessionStoreTicketsPerKey);
    expect(one.take('k', 1_000_000)!.ageAdd).toBe(99);
    expect(() => new MemorySessionStore({ maxEntries: 0 })).toThrow();
  });
});

describe('NewSessionTicket as received (RFC 9846 §4.7.1)', () => {
  /** A connected client and its server; tickets go to `store` under the default key (the server name). */
  function connected(store: MemorySessionStore, alpn?: string): { client: TlsClient; server: ScriptedServer; tickets: SessionTicket[] } {
    const tickets: SessionTicket[] = [];
    const server = new ScriptedServer();
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll, sessionStore: store, onSessionTicket: (t) => tickets.push(t), alpnProtocols: alpn === undefined ? undefined : [alpn], now: () => 5000 });
    client.handshake();
    client.receive(server.respond(client.takeOutgoing()));
    client.handshake();
    server.respond(client.takeOutgoing());
    expect(client.handshake()).toBe('ok');
    return { client, server, tickets };
  }
  const nst = (server: ScriptedServer, lifetime: number, extensions: { type: number; data: Uint8Array }[] = []) =>
    server.seal(ContentType.handshake, frameHandshake(HandshakeType.new_session_ticket, encodeNewSessionTicket({ lifetime, ageAdd: 7, nonce: Uint8Array.of(lifetime & 0xff), ticket: Uint8Array.of(1, 2), extensions })));

  it('keeps what resumption needs, goes to the store and the callback', () => {
    const store = new MemorySessionStore();
    const { client, server, tickets } = connected(store);
    client.receive(nst(server, 3600, [{ type: ExtensionType.early_data, data: Uint8Array.of(0, 0, 0x40, 0) }, { type: 0x7777, data: Uint8Array.of(1) }]));
    expect(client.read().status).toBe('want-read');
    expect(tickets).toHaveLength(1);
    const t = tickets[0]!;
    expect(t.serverName).toBe('server');
    expect(t.maxEarlyData).toBe(0x4000);
    expect(t.receivedAt).toBe(5000);
    expect(t.peerCertificates).toEqual(client.info!.peerCertificates);
    expect(t.psk).toHaveLength(32);
    expect(store.take('server', 5000)).toBe(t);
  });

  it('a lifetime of zero: the ticket is discarded; over seven days: illegal_parameter', () => {
    const store = new MemorySessionStore();
    const { client, server, tickets } = connected(store);
    client.receive(nst(server, 0));
    expect(client.read().status).toBe('want-read');
    expect(tickets).toHaveLength(0);
    client.receive(nst(server, 604801));
    expect(() => client.read()).toThrow(expect.objectContaining({ alert: 47 }));
  });

  it('a flood of tickets on one connection: Limits.maxSessionTickets kept, the rest dropped', () => {
    const store = new MemorySessionStore();
    const { client, server, tickets } = connected(store);
    for (let i = 0; i < 40; i++) client.receive(nst(server, 100 + i));
    expect(client.read().status).toBe('want-read');
    expect(tickets).toHaveLength(Limits.maxSessionTickets);
  });
});

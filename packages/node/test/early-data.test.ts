// 0-RTT through TlsSocket (RFC 9846 §2.3, §4.3.10) against `openssl s_server -early_data`, which
// prints what it receives (early or not) as it receives it, and keeps stateful tickets that its
// anti-replay cache lets be used once: writes issued before 'secureConnect' go out as early data;
// accepted, past the ticket's limit, refused and resent (same ALPN), refused under another ALPN
// (not resent: an EarlyDataRefusedError with the bytes).
//
// s_server writes received data to stdout at once but its own messages through a buffer flushed
// now and then, so its messages can land between two records' data. Every line of ours starts
// with "data " and records end at line ends; the lines of ours, in output order, are what arrived.
import { once } from 'node:events';
import { decodeSessionTicket, HandshakeType, type TraceEvent } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { EarlyDataRefusedError, TlsSocket, type ConnectOptions } from '../src/index.js';
import { goodFile, type OpenSslServer } from './helpers/openssl.js';
import { closeAfterEachTest, server, T } from './helpers/openssl_client.js';
import { closed, collecting, dataLines, earlyBytes } from './helpers/sessions.js';

closeAfterEachTest();
const ca = goodFile('p256', 'root.pem');
const opts = (srv: OpenSslServer, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca, timeout: 15_000, ...extra });

/** A ticket from a full handshake with `srv` (s_server sends two after the handshake). */
async function ticketFrom(srv: OpenSslServer, extra: Partial<ConnectOptions> = {}): Promise<Buffer> {
  const c = collecting(opts(srv, extra));
  const [session] = await c.sessions(1);
  await closed(c.socket);
  return session!;
}

/** `text`'s lines. */
const linesOf = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** Opens a 0-RTT connection, writes `early` in the constructor's tick, and waits for 'secureConnect'. */
async function earlyConnection(o: ConnectOptions, early: readonly string[]): Promise<{ s: TlsSocket; events: TraceEvent[]; outcome: string | undefined }> {
  const events: TraceEvent[] = [];
  const s = new TlsSocket({ ...o, earlyData: true, trace: (e) => events.push(e) });
  let outcome: string | undefined;
  s.on('earlyData', (e: string) => { outcome = e; });
  for (const chunk of early) s.write(chunk);
  await once(s, 'secureConnect');
  return { s, events, outcome };
}

describe('0-RTT with openssl s_server -early_data', () => {
  it('accepted: the bytes written before secureConnect reach the server as early data, then EndOfEarlyData, then 1-RTT data, each once and in order', async () => {
    const srv = await server(['-early_data']);
    const session = await ticketFrom(srv);
    expect(decodeSessionTicket(session).maxEarlyData).toBeGreaterThan(0);
    const { s, events, outcome } = await earlyConnection(opts(srv, { session }), ['data early one\n', 'data early two\n']);
    expect(s.isSessionReused()).toBe(true);
    expect(s.earlyData).toBe('accepted');
    expect(outcome).toBe('accepted');
    expect(earlyBytes(events)).toBe('data early one\ndata early two\n'.length);
    expect(events.some((e) => e.kind === 'handshake' && e.direction === 'out' && e.type === HandshakeType.end_of_early_data)).toBe(true);
    s.write('data after the handshake\n');
    await srv.waitForOutput('data after the handshake\n');
    await srv.waitForOutput('End of early data');
    expect(srv.output()).toContain('Early data received:');
    expect(dataLines(srv.output())).toEqual(['data early one', 'data early two', 'data after the handshake']);
  }, T);

  it("more than the ticket's max_early_data: that much goes as 0-RTT, the rest after the handshake, all of it once and in order", async () => {
    const srv = await server(['-early_data']);
    const session = await ticketFrom(srv);
    const limit = decodeSessionTicket(session).maxEarlyData!;
    // 4 writes of 10,000 bytes: distinct numbered lines of 16 bytes (records of 10,000, 6,384 and
    // 16,384 bytes end at line ends), so a lost, doubled or reordered piece shows.
    const lines = Array.from({ length: 2500 }, (_, i) => `data ${String(i).padStart(10, '0')}\n`).join('');
    const chunks = [0, 1, 2, 3].map((i) => lines.slice(i * 10_000, (i + 1) * 10_000));
    const { s, events } = await earlyConnection(opts(srv, { session }), chunks);
    expect(s.earlyData).toBe('accepted');
    expect(earlyBytes(events)).toBe(Math.min(limit, lines.length));
    s.write('data tail\n');
    await srv.waitForOutput('data tail\n');
    expect(dataLines(srv.output())).toEqual([...linesOf(lines), 'data tail']);
  }, T);

  it('refused (the ticket was used before: anti-replay), same ALPN: the early bytes are resent as 1-RTT before later writes, once', async () => {
    const srv = await server(['-early_data', '-alpn', 'http/1.1']);
    const session = await ticketFrom(srv, { ALPNProtocols: ['http/1.1'] });
    const first = await earlyConnection(opts(srv, { session, ALPNProtocols: ['http/1.1'] }), ['data first use\n']);
    expect(first.s.earlyData).toBe('accepted');
    await srv.waitForOutput('data first use\n');
    await closed(first.s);
    // The same ticket again: s_server's stateful ticket is gone, so a full handshake refuses the early data.
    const { s, outcome } = await earlyConnection(opts(srv, { session, ALPNProtocols: ['http/1.1'] }), ['data replayed request\n']);
    expect(s.isSessionReused()).toBe(false);
    expect(s.earlyData).toBe('rejected');
    expect(outcome).toBe('rejected');
    expect(s.alpnProtocol).toBe('http/1.1');
    s.write('data written after\n');
    await srv.waitForOutput('data written after\n');
    await srv.waitForOutput('Early data was rejected');
    expect(dataLines(srv.output())).toEqual(['data first use', 'data replayed request', 'data written after']);
  }, T);

  it('refused under another ALPN protocol: not resent; the socket fails with ERR_PURETLS_EARLY_DATA_REFUSED and the bytes', async () => {
    const issuer = await server(['-early_data', '-alpn', 'http/1.1']);
    const session = await ticketFrom(issuer, { ALPNProtocols: ['http/1.1'] });
    // Another server (its own ticket keys) that speaks another protocol: it cannot resume, and picks x-other.
    const other = await server(['-early_data', '-alpn', 'x-other']);
    const s = new TlsSocket({ ...opts(other, { session, ALPNProtocols: ['http/1.1', 'x-other'] }), earlyData: true });
    s.write('must not be resent\n');
    const [err] = (await once(s, 'error')) as [EarlyDataRefusedError];
    expect(err).toBeInstanceOf(EarlyDataRefusedError);
    expect(err).toMatchObject({ code: 'ERR_PURETLS_EARLY_DATA_REFUSED', ticketAlpn: 'http/1.1', negotiatedAlpn: 'x-other' });
    expect(Buffer.from(err.data).toString()).toBe('must not be resent\n');
    expect(err.message).toMatch(/RFC 9846 §4\.3\.10/);
    // s_server serves one connection at a time: once it prints a later connection's data, it is done with ours.
    const probe = collecting(opts(other, { ALPNProtocols: ['x-other'] }));
    await once(probe.socket, 'secureConnect');
    probe.socket.write('probe\n');
    await other.waitForOutput('probe\n');
    expect(other.output()).not.toContain('must not be resent');
    await closed(probe.socket);
  }, T);

  it('without earlyData, or with a ticket that allows none, writes before secureConnect wait for the handshake', async () => {
    const srv = await server(['-early_data']);
    const session = await ticketFrom(srv);
    const from = srv.output().length;
    const quiet = new TlsSocket(opts(srv, { session }));
    quiet.write('data waited one\n');
    await once(quiet, 'secureConnect');
    expect(quiet.isSessionReused()).toBe(true);
    expect(quiet.earlyData).toBe('not-offered');
    await srv.waitForOutput('data waited one\n');
    await srv.waitForOutput('No early data received', { from });
    await closed(quiet);

    const plain = await server([]); // no -early_data: its tickets carry no early_data extension
    const noEarly = await ticketFrom(plain);
    expect(decodeSessionTicket(noEarly).maxEarlyData).toBeUndefined();
    const { s, events, outcome } = await earlyConnection(opts(plain, { session: noEarly }), ['data waited two\n']);
    expect(s.isSessionReused()).toBe(true);
    expect(outcome).toBe('not-offered');
    expect(earlyBytes(events)).toBe(0);
    await plain.waitForOutput('data waited two\n');
  }, T);
});

// Resumption and 0-RTT against `openssl s_server -tls1_3` on loopback (RFC 9846 §2.2, §2.3,
// §4.3.10, §4.3.11), the engine driven over a plain socket: a full handshake collects tickets, the
// next connection resumes with one (no Certificate on the wire), 0-RTT is taken where the server
// allows it and handed back, then resent, where it does not; a HelloRetryRequest keeps the PSK.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateError, codepointName, HandshakeType, MemorySessionStore, TlsClient, type ClientConfig, type SessionTicket, type TraceEvent } from '../../src/index.js';
import { fixtures, startOpenSsl, type RunningServer } from '../helpers/openssl_server.js';
import { connectTcp, tcpDriver } from '../helpers/tcp_driver.js';

const T = 30_000;
const te = new TextEncoder();
const leaf = Buffer.from(readFileSync(fixtures + 'good/p256/leaf.pem', 'utf8').replace(/-----[^-]+-----|\s+/g, ''), 'base64');

let server: RunningServer | undefined;
afterEach(() => server?.stop());

/** The handshake message types received, from the engine's trace. */
function received(events: TraceEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'handshake' && e.direction === 'in' ? [codepointName(HandshakeType, e.type)] : []));
}

/**
 * One connection: handshake (with `early` written right after the ClientHello when given), then
 * `request`, reading until the server's output shows `until`; close. The tickets land in `store`.
 */
async function connection(port: number, store: MemorySessionStore, cfg: Partial<ClientConfig>, opts: { early?: Uint8Array; request?: Uint8Array; tickets?: number } = {}) {
  const trace: TraceEvent[] = [];
  let tickets = 0;
  const client = new TlsClient({
    serverName: 'localhost',
    verifier: { verifyServerCertificate: ({ chain }) => { if (!leaf.equals(chain[0]!)) throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the fixture leaf'); } },
    sessionStore: store,
    trace: (e) => trace.push(e),
    ...cfg,
    onSessionTicket: (t) => { tickets++; cfg.onSessionTicket?.(t); },
  });
  const sock = await connectTcp(port);
  const { drive } = tcpDriver(sock, client);
  let wroteEarly = 0;
  if (opts.early !== undefined) {
    client.handshake();
    sock.write(client.takeOutgoing());
    const w = client.write(opts.early);
    if (w.status === 'ok') wroteEarly = w.written;
    sock.write(client.takeOutgoing());
  }
  await drive(() => client.handshake());
  const rejected = client.takeRejectedEarlyData();
  if (rejected.length > 0) await drive(() => client.write(rejected));
  if (opts.request !== undefined) await drive(() => client.write(opts.request!));
  // After a full handshake s_server sends its tickets at once: read until enough arrived (no
  // timer: each read waits for the server's bytes). A resumed connection's are not needed.
  if (!client.info!.resumed) {
    // A read that found only tickets wants more input: stop it there once enough arrived.
    await drive(() => {
      const r = client.read();
      return r.status === 'want-read' && tickets >= (opts.tickets ?? 1) ? { status: 'ok' as const } : r;
    });
  }
  await drive(() => client.shutdown());
  sock.destroy();
  return { client, info: client.info!, messages: received(trace), wroteEarly, rejected };
}

/** Resolves once the server's output contains `text` (s_server prints what it receives). */
async function serverPrinted(srv: RunningServer, text: string): Promise<void> {
  for (let i = 0; i < 300 && !srv.output().includes(text); i++) await new Promise<void>((r) => srv.proc.stdout!.once('data', () => r()));
  expect(srv.output()).toContain(text);
}

describe('openssl s_server: resumption and 0-RTT', () => {
  it('tickets from a full handshake; the next connection resumes without a Certificate', async () => {
    server = await startOpenSsl(['-tls1_3', '-num_tickets', '3']);
    const store = new MemorySessionStore();
    const full = await connection(server.port, store, {});
    expect(full.info.resumed).toBe(false);
    expect(full.messages).toContain('certificate');
    expect(store.size).toBeGreaterThan(0);
    const again = await connection(server.port, store, {}, { request: te.encode('resumed-hello\n') });
    expect(again.info.resumed).toBe(true);
    expect(again.messages).not.toContain('certificate');
    expect(again.messages).not.toContain('certificate_verify');
    expect(again.info.peerCertificates).toHaveLength(2); // the original handshake's chain
    await serverPrinted(server, 'resumed-hello');
  }, T);

  it('-early_data: 0-RTT accepted, received once', async () => {
    server = await startOpenSsl(['-tls1_3', '-early_data']);
    const store = new MemorySessionStore();
    await connection(server.port, store, {});
    const r = await connection(server.port, store, { earlyData: true }, { early: te.encode('early-bytes-42\n') });
    expect(r.wroteEarly).toBe(15);
    expect(r.info.resumed).toBe(true);
    expect(r.info.earlyData).toBe('accepted');
    expect(r.rejected).toHaveLength(0);
    await serverPrinted(server, 'early-bytes-42');
    expect(server.output().split('early-bytes-42')).toHaveLength(2);
  }, T);

  it('a reused ticket: anti-replay refuses it (a full handshake), the 0-RTT data is handed back and resent once', async () => {
    server = await startOpenSsl(['-tls1_3', '-early_data']);
    const tickets: SessionTicket[] = [];
    await connection(server.port, new MemorySessionStore(), { onSessionTicket: (t) => tickets.push(t) });
    const session = tickets[0]!;
    const first = await connection(server.port, new MemorySessionStore(), { earlyData: true, session }, { early: te.encode('first-use\n') });
    expect(first.info.earlyData).toBe('accepted');
    const r = await connection(server.port, new MemorySessionStore(), { earlyData: true, session }, { early: te.encode('second-use\n') });
    // Anti-replay makes s_server's tickets single-use: the second use is a full handshake.
    expect(r.info.resumed).toBe(false);
    expect(r.info.earlyData).toBe('rejected');
    expect(new TextDecoder().decode(r.rejected)).toBe('second-use\n');
    await serverPrinted(server, 'second-use');
    expect(server.output().split('second-use')).toHaveLength(2);
  }, T);

  // With anti-replay on, s_server's tickets are single-use and the first ClientHello's lookup
  // consumes the session before its HelloRetryRequest, so the second ClientHello could not resume:
  // hence -no_anti_replay here.
  it('-no_anti_replay: the same ticket resumes twice, with 0-RTT both times', async () => {
    server = await startOpenSsl(['-tls1_3', '-early_data', '-no_anti_replay']);
    const tickets: SessionTicket[] = [];
    await connection(server.port, new MemorySessionStore(), { onSessionTicket: (t) => tickets.push(t) });
    for (const word of ['replay-one', 'replay-two']) {
      const r = await connection(server.port, new MemorySessionStore(), { earlyData: true, session: tickets[0]! }, { early: te.encode(`${word}\n`) });
      expect(r.info).toMatchObject({ resumed: true, earlyData: 'accepted' });
      await serverPrinted(server, word);
    }
  }, T);

  it('a HelloRetryRequest (-groups P-384): the PSK is kept with a new binder, 0-RTT refused and resent', async () => {
    server = await startOpenSsl(['-tls1_3', '-early_data', '-no_anti_replay', '-groups', 'P-384']);
    const store = new MemorySessionStore();
    await connection(server.port, store, {}, { tickets: 2 }); // one for each resumption below
    const plain = await connection(server.port, store, {});
    expect(plain.info).toMatchObject({ helloRetryRequest: true, resumed: true });
    const r = await connection(server.port, store, { earlyData: true }, { early: te.encode('after-hrr\n') });
    expect(r.info).toMatchObject({ helloRetryRequest: true, resumed: true, earlyData: 'rejected' });
    expect(new TextDecoder().decode(r.rejected)).toBe('after-hrr\n');
    await serverPrinted(server, 'after-hrr');
    expect(server.output().split('after-hrr')).toHaveLength(2);
  }, T);
});

// Resumption and 0-RTT against `openssl s_server -tls1_3` on loopback, the cases
// resumption-openssl.test.ts leaves out: the exact number of tickets (-num_tickets), a stateless
// server (-stateless, cookies) forcing a HelloRetryRequest while we offer a PSK, 0-RTT refused by a
// server that resumes but does not read early data, and a SHA-384 ticket meeting SHA-256 only.
//
// What we sent and received is read back from the wire (helpers/resumption.ts): the ClientHellos'
// pre_shared_key and the HelloRetryRequest, so that the binders can be recomputed with node:crypto
// alone (RFC 9846 §4.3.11.2), independently of the engine's key schedule. s_server's -www page
// says "Reused, TLSv1.3" or "New, TLSv1.3": the server's own view of the resumption.
import { afterEach, describe, expect, it } from 'vitest';
import { CipherSuite, HandshakeType, MemorySessionStore, type SessionTicket } from '../../src/index.js';
import { startOpenSsl, type RunningServer } from '../helpers/openssl_server.js';
import { Conn, expectedBinder, messageHash, occurrences, offersEarlyData, pskOfferOf, TEST_MS, waitForOutput } from '../helpers/resumption.js';

const GET = 'GET / HTTP/1.0\r\n\r\n';
const servers: RunningServer[] = [];
const conns: Conn[] = [];

afterEach(() => {
  for (const c of conns.splice(0)) c.destroy();
  for (const s of servers.splice(0)) s.stop();
});

async function server(args: string[]): Promise<RunningServer> {
  const s = await startOpenSsl(['-tls1_3', ...args]);
  servers.push(s);
  return s;
}

async function open(port: number, cfg: Parameters<typeof Conn.open>[1] = {}): Promise<Conn> {
  const c = await Conn.open(port, cfg);
  conns.push(c);
  return c;
}

/** One -www exchange: GET, the page to close_notify, close. Returns the connection and the page. */
async function getPage(port: number, cfg: Parameters<typeof Conn.open>[1] = {}): Promise<{ c: Conn; page: string }> {
  const c = await open(port, cfg);
  await c.send(GET);
  const page = await c.readToEof();
  await c.close();
  return { c, page };
}

/** The -www page's session line: "Reused, TLSv1.3, Cipher is ..." or "New, TLSv1.3, ...". */
function sessionLine(page: string): string {
  return page.split('\n').find((l) => /^(New|Reused), TLSv1\.3/.test(l)) ?? `(no session line in ${JSON.stringify(page.slice(0, 300))})`;
}

describe('openssl s_server: NewSessionTicket count (RFC 9846 §4.7.1)', () => {
  it.each([
    { args: [] as string[], n: 2, what: 'by default' },
    { args: ['-num_tickets', '5'], n: 5, what: 'with -num_tickets 5' },
  ])('$what a full handshake receives exactly $n tickets, all different; the newest resumes without a Certificate', async ({ args, n }) => {
    const srv = await server(['-www', ...args]);
    const store = new MemorySessionStore({ maxPerKey: 8 });
    const full = await getPage(srv.port, { sessionStore: store });
    // Read to close_notify: every ticket the server sent came before it, so this count is exact.
    expect(full.c.tickets).toHaveLength(n);
    expect(store.size).toBe(n);
    expect(new Set(full.c.tickets.map((t) => Buffer.from(t.ticket).toString('hex'))).size).toBe(n);
    // §4.7.1: each ticket has its own nonce, hence its own PSK.
    expect(new Set(full.c.tickets.map((t) => Buffer.from(t.psk).toString('hex'))).size).toBe(n);
    expect(sessionLine(full.page)).toMatch(/^New, TLSv1\.3/);

    const again = await getPage(srv.port, { sessionStore: store });
    expect(again.c.client.info).toMatchObject({ resumed: true, earlyData: 'not-offered' });
    // §2.2: a resumed handshake authenticates by the PSK: no Certificate, no CertificateVerify.
    expect(again.c.sawServerAuthentication()).toBe(false);
    expect(again.c.receivedTypes().slice(0, 3)).toEqual([HandshakeType.server_hello, HandshakeType.encrypted_extensions, HandshakeType.finished]);
    // The store handed out the newest ticket (and forgot it: one use each, §C.4).
    expect(Buffer.from(pskOfferOf(again.c.clientHellos()[0]!)!.identities[0]!)).toEqual(Buffer.from(full.c.tickets[n - 1]!.ticket));
    expect(sessionLine(again.page)).toMatch(/^Reused, TLSv1\.3/);
  }, TEST_MS);
});

describe('openssl s_server -stateless: a HelloRetryRequest while we offer a PSK (RFC 9846 §4.1.4, §4.3.11)', () => {
  // -groups P-384: our first ClientHello has an x25519 share only, so the server answers with a
  // HelloRetryRequest asking for secp384r1; -stateless makes it a cookie HRR that keeps no state.
  // (s_server supports -stateless only in -www mode: in its plain mode the connection ends after
  // the HRR, with openssl s_client as with us.)
  const HRR_ARGS = ['-www', '-stateless', '-groups', 'P-384'];

  it('the second ClientHello carries the PSK again with a recomputed binder; the connection resumes', async () => {
    const srv = await server(HRR_ARGS);
    const first = await getPage(srv.port);
    expect(first.c.client.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp384r1', resumed: false });
    const ticket = first.c.tickets[0]!;
    expect(ticket.cipherSuite).toBe(CipherSuite.TLS_AES_128_GCM_SHA256);

    const { c, page } = await getPage(srv.port, { session: ticket });
    expect(c.client.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp384r1', resumed: true, earlyData: 'not-offered' });
    expect(c.sawServerAuthentication()).toBe(false);
    expect(c.receivedTypes().slice(0, 4)).toEqual([HandshakeType.server_hello, HandshakeType.server_hello, HandshakeType.encrypted_extensions, HandshakeType.finished]);
    expect(sessionLine(page)).toMatch(/^Reused, TLSv1\.3/);

    const [ch1, ch2] = c.clientHellos();
    const [hrr] = c.serverHellos();
    expect(c.clientHellos()).toHaveLength(2);
    const offer1 = pskOfferOf(ch1!)!;
    const offer2 = pskOfferOf(ch2!)!;
    // §4.3.11: pre_shared_key is the last extension, in both; the same ticket as the identity.
    expect(offer1.last && offer2.last).toBe(true);
    expect(Buffer.from(offer1.identities[0]!)).toEqual(Buffer.from(ticket.ticket));
    expect(Buffer.from(offer2.identities[0]!)).toEqual(Buffer.from(ticket.ticket));
    // §4.3.11.2: each binder covers its own transcript: ClientHello1 alone, then
    // message_hash(ClientHello1) + HelloRetryRequest + the second ClientHello (truncated).
    expect(Buffer.from(offer1.binders[0]!)).toEqual(expectedBinder('sha256', ticket.psk, ch1!));
    expect(Buffer.from(offer2.binders[0]!)).toEqual(expectedBinder('sha256', ticket.psk, ch2!, Buffer.concat([messageHash('sha256', ch1!), hrr!])));
    expect(Buffer.from(offer2.binders[0]!)).not.toEqual(Buffer.from(offer1.binders[0]!));
  }, TEST_MS);

  it('0-RTT with it: refused because of the HelloRetryRequest (§4.3.10), handed back once, resent as 1-RTT; the connection still resumes', async () => {
    // -max_early_data: tickets allow 0-RTT. -no_anti_replay: with anti-replay on, s_server's
    // tickets are single-use and the lookup for the first ClientHello already consumes the
    // session, so the second could not resume (the next test).
    const srv = await server([...HRR_ARGS, '-max_early_data', '16384', '-no_anti_replay']);
    const first = await getPage(srv.port);
    const ticket = first.c.tickets[0]!;
    expect(ticket.maxEarlyData).toBe(16384);

    const c = await open(srv.port, { session: ticket, earlyData: true });
    expect(c.writeEarly(GET)).toBe(GET.length);
    expect(c.client.isHandshakeComplete).toBe(false);
    await c.handshake();
    expect(c.client.info).toMatchObject({ helloRetryRequest: true, resumed: true, earlyData: 'rejected' });
    const [ch1, ch2] = c.clientHellos();
    // §4.3.10: early_data only in the first ClientHello; the second keeps the PSK, not 0-RTT.
    expect(offersEarlyData(ch1!)).toBe(true);
    expect(offersEarlyData(ch2!)).toBe(false);
    expect(pskOfferOf(ch2!)).toBeDefined();
    expect(Buffer.from(c.client.takeRejectedEarlyData()).toString()).toBe(GET);
    expect(c.client.takeRejectedEarlyData()).toHaveLength(0); // once
    await c.send(GET);
    const page = await c.readToEof();
    await c.close();
    expect(sessionLine(page)).toMatch(/^Reused, TLSv1\.3/);
    // One request, one page: the refused 0-RTT copy was not also served.
    expect(occurrences(page, 'HTTP/1.0 200 ok')).toBe(1);
  }, TEST_MS);

  it('0-RTT with anti-replay on (the default): s_server consumed the ticket on the first ClientHello, so a full handshake after the HelloRetryRequest, no error, data resent', async () => {
    const srv = await server([...HRR_ARGS, '-max_early_data', '16384']);
    const first = await getPage(srv.port);
    const c = await open(srv.port, { session: first.c.tickets[0]!, earlyData: true });
    expect(c.writeEarly(GET)).toBe(GET.length);
    await c.handshake();
    expect(c.client.info).toMatchObject({ helloRetryRequest: true, resumed: false, earlyData: 'rejected' });
    // The PSK was offered in both ClientHellos; the server declined it and authenticated.
    expect(c.clientHellos().map((ch) => pskOfferOf(ch) !== undefined)).toEqual([true, true]);
    expect(c.sawServerAuthentication()).toBe(true);
    await c.send(c.client.takeRejectedEarlyData());
    const page = await c.readToEof();
    await c.close();
    expect(sessionLine(page)).toMatch(/^New, TLSv1\.3/);
    expect(occurrences(page, 'HTTP/1.0 200 ok')).toBe(1);
  }, TEST_MS);
});

describe('openssl s_server: 0-RTT refused by a server that resumes (RFC 9846 §4.3.10)', () => {
  it('-max_early_data without -early_data: tickets allow 0-RTT, but s_server does not read it: resumed, refused, handed back, received once when resent', async () => {
    // Plain mode: s_server prints every byte it receives as application data.
    const srv = await server(['-max_early_data', '16384']);
    const first = await open(srv.port);
    await first.send('first-connection\n');
    await waitForOutput(srv.proc, srv.output, 'first-connection\n');
    await first.ticketsAtLeast(1);
    await first.close();
    const ticket: SessionTicket = first.tickets[0]!;
    expect(ticket.maxEarlyData).toBe(16384);

    const c = await open(srv.port, { session: ticket, earlyData: true });
    expect(c.writeEarly('zero-rtt-refused-17\n')).toBe(20);
    await c.handshake();
    expect(c.client.info).toMatchObject({ resumed: true, earlyData: 'rejected', helloRetryRequest: false });
    expect(c.sawServerAuthentication()).toBe(false);
    const back = c.client.takeRejectedEarlyData();
    expect(Buffer.from(back).toString()).toBe('zero-rtt-refused-17\n');
    expect(c.client.takeRejectedEarlyData()).toHaveLength(0);
    await c.send(back);
    await c.send('after-the-resend\n');
    // The server prints in the order it processed: once this line is out, the early bytes would
    // have been printed too had they been taken, 0-RTT or resent.
    await waitForOutput(srv.proc, srv.output, 'after-the-resend\n');
    await c.close();
    expect(occurrences(srv.output(), 'zero-rtt-refused-17')).toBe(1);
    expect(srv.output().indexOf('zero-rtt-refused-17')).toBeLessThan(srv.output().indexOf('after-the-resend'));
  }, TEST_MS);
});

describe('a SHA-384 ticket where the server settles on SHA-256 (RFC 9846 §4.3.11: the PSK must match the suite hash)', () => {
  async function sha384Ticket(): Promise<SessionTicket> {
    const srv = await server(['-www', '-ciphersuites', 'TLS_AES_256_GCM_SHA384']);
    const { c } = await getPage(srv.port);
    const t = c.tickets[0]!;
    expect(t.cipherSuite).toBe(CipherSuite.TLS_AES_256_GCM_SHA384);
    expect(t.psk).toHaveLength(48);
    return t;
  }

  it('offered to a server that does only SHA-256 suites: a full handshake, no error', async () => {
    const ticket = await sha384Ticket();
    const srv = await server(['-www', '-ciphersuites', 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256']);
    const { c, page } = await getPage(srv.port, { session: ticket });
    // We offered it (our default suites include AES-256-GCM-SHA384), with a 48-byte binder.
    const offer = pskOfferOf(c.clientHellos()[0]!)!;
    expect(Buffer.from(offer.identities[0]!)).toEqual(Buffer.from(ticket.ticket));
    expect(offer.binders[0]).toHaveLength(48);
    expect(Buffer.from(offer.binders[0]!)).toEqual(expectedBinder('sha384', ticket.psk, c.clientHellos()[0]!));
    expect(c.client.info).toMatchObject({ resumed: false, cipherSuiteName: 'TLS_AES_128_GCM_SHA256' });
    expect(c.sawServerAuthentication()).toBe(true);
    expect(sessionLine(page)).toMatch(/^New, TLSv1\.3, Cipher is TLS_AES_128_GCM_SHA256/);
  }, TEST_MS);

  it('offered to the server that issued it, which picks our first suite (SHA-256): it ignores the PSK, a full handshake, no error', async () => {
    // Both suites here, so this server can open its own ticket: it is declined for its hash alone.
    const srv = await server(['-www', '-ciphersuites', 'TLS_AES_256_GCM_SHA384:TLS_AES_128_GCM_SHA256']);
    const first = await getPage(srv.port, { cipherSuites: [CipherSuite.TLS_AES_256_GCM_SHA384] });
    const ticket = first.c.tickets[0]!;
    expect(ticket.cipherSuite).toBe(CipherSuite.TLS_AES_256_GCM_SHA384);
    const { c, page } = await getPage(srv.port, { session: ticket });
    expect(pskOfferOf(c.clientHellos()[0]!)).toBeDefined();
    expect(c.client.info).toMatchObject({ resumed: false, cipherSuiteName: 'TLS_AES_128_GCM_SHA256' });
    expect(c.sawServerAuthentication()).toBe(true);
    expect(sessionLine(page)).toMatch(/^New, TLSv1\.3, Cipher is TLS_AES_128_GCM_SHA256/);
  }, TEST_MS);
});

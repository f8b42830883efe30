// TlsSocket against `openssl s_server -tls1_3` after the handshake and around it: KeyUpdate both
// ways (k / K on the server's stdin), ALPN agreed and refused, a stateless HelloRetryRequest,
// certificate requests, and truncation (s_server's q / Q close TCP without close_notify).
import { TlsError } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import type { TlsSocket } from '../src/index.js';
import { goodFile, type OpenSslServer } from './helpers/openssl.js';
import { closeAfterEachTest, connectFails, httpGet, KEY_UPDATE_RECORD, open, pumpWatch, receiver, recordBytes, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

describe('openssl s_server: KeyUpdate (plain mode, commands on its stdin)', () => {
  // s_server reads commands and lines to send from stdin. Lines sent as data start with "=>"
  // so that none is taken for a command (q, Q, r, R, k, K, P, S, ... act on the first byte).
  async function session(): Promise<{ srv: OpenSslServer; s: TlsSocket; rx: ReturnType<typeof receiver>; pump: ReturnType<typeof pumpWatch> }> {
    const srv = await server([]);
    const pump = pumpWatch();
    const s = await open(srv.port, 'p256', { onPumpEvent: pump.onPumpEvent });
    const rx = receiver(s);
    // The server has finished its side of the handshake once it prints what we sent.
    s.write('hello from puretls\n');
    await srv.waitForOutput('hello from puretls\n');
    // Its session tickets precede this line, so after it nothing else is in flight.
    srv.send('=> ready\n');
    await rx.waitFor('=> ready\n');
    return { srv, s, rx, pump };
  }

  it('server k (update_not_requested) and K (update_requested): the client follows, answers K, data flows both ways', async () => {
    const { srv, s, rx, pump } = await session();

    // k: the server's read keys change; the client must not answer.
    let r0 = pump.read();
    let w0 = pump.wrote();
    srv.send('k\n');
    await pump.processed(r0, KEY_UPDATE_RECORD);
    expect(pump.read() - r0).toBe(KEY_UPDATE_RECORD);
    expect(pump.wrote() - w0).toBe(0);
    srv.send('=> after k\n');
    await rx.waitFor('=> after k\n');

    // K: the client answers with its own KeyUpdate (update_not_requested), unprompted by a write.
    r0 = pump.read();
    w0 = pump.wrote();
    srv.send('K\n');
    await pump.processed(r0, KEY_UPDATE_RECORD);
    expect(pump.read() - r0).toBe(KEY_UPDATE_RECORD);
    expect(pump.wrote() - w0).toBe(KEY_UPDATE_RECORD);
    srv.send('=> after K\n');
    await rx.waitFor('=> after K\n');

    // Both directions still work under the new keys.
    const from = srv.output().length;
    s.write('client line after K\n');
    await srv.waitForOutput('client line after K\n', { from });
    srv.send('=> still there\n');
    await rx.waitFor('=> still there\n');
    expect(rx.text()).toBe('=> ready\n=> after k\n=> after K\n=> still there\n');
  }, T);

  it('client requestKeyUpdate(): the server updates too, data flows both ways', async () => {
    const { srv, s, rx, pump } = await session();
    const r0 = pump.read();
    const w0 = pump.wrote();
    s.requestKeyUpdate();
    expect(pump.wrote() - w0).toBe(KEY_UPDATE_RECORD);
    const from = srv.output().length;
    s.write('client line after update\n');
    await srv.waitForOutput('client line after update\n', { from });
    srv.send('=> reply\n');
    await rx.waitFor('=> reply\n');
    // The server's own KeyUpdate (its answer to update_requested) came before its data.
    expect(pump.read() - r0).toBe(KEY_UPDATE_RECORD + recordBytes('=> reply\n'.length));
    // And a second round under the updated keys.
    s.write('second client line\n');
    await srv.waitForOutput('second client line\n', { from });
    srv.send('=> second reply\n');
    await rx.waitFor('=> second reply\n');
  }, T);
});

describe('openssl s_server: ALPN', () => {
  it('-alpn h2,http/1.1 and a client offering http/1.1 agree on http/1.1', async () => {
    const srv = await server(['-www', '-alpn', 'h2,http/1.1']);
    const s = await open(srv.port, 'p256', { ALPNProtocols: ['http/1.1'] });
    expect(s.alpnProtocol).toBe('http/1.1');
    expect(s.info?.alpnProtocol).toBe('http/1.1');
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);

  it('no common protocol: the server\'s no_application_protocol alert fails the handshake', async () => {
    const srv = await server(['-www', '-alpn', 'h2']);
    const err = await connectFails({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: goodFile('p256', 'root.pem'), ALPNProtocols: ['x-nope'], timeout: 15_000 });
    expect(err).toBeInstanceOf(TlsError);
    expect(err).toMatchObject({ category: 'alert-received', alert: 120, alertName: 'no_application_protocol', code: 'ERR_PURETLS_ALERT_RECEIVED' });
    await srv.waitForOutput('no application protocol');
  }, T);
});

describe('openssl s_server: stateless HelloRetryRequest and certificate requests', () => {
  it('-stateless -groups P-256: a HelloRetryRequest with a cookie the server checks', async () => {
    // In stateless mode the server keeps nothing between the two ClientHellos: it goes on only if
    // our second ClientHello echoes its cookie.
    const srv = await server(['-www', '-stateless', '-groups', 'P-256']);
    const s = await open(srv.port);
    expect(s.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp256r1' });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);

  it('-verify 1: the server asks for a client certificate, we send none, the handshake completes', async () => {
    const srv = await server(['-www', '-verify', '1']);
    const s = await open(srv.port);
    const body = await httpGet(s);
    expect(body).toMatch(/^HTTP\/1\.0 200 ok/);
    expect(body).toContain('no client certificate available');
  }, T);

  it('-Verify 1: the server insists on a client certificate: certificate_required (116) received', async () => {
    const srv = await server(['-www', '-Verify', '1']);
    // In TLS 1.3 our side of the handshake completes (empty Certificate, Finished) before the
    // server judges it: its alert arrives on the first read.
    const s = await open(srv.port);
    const err = await httpGet(s).then(() => { throw new Error('got a response'); }, (e: unknown) => e as Error);
    expect(err).toMatchObject({ category: 'alert-received', alert: 116, alertName: 'certificate_required', code: 'ERR_PURETLS_ALERT_RECEIVED' });
  }, T);
});

describe('openssl s_server: truncation', () => {
  // Both commands close the TCP connection first (BIO_closesocket) and only then attempt
  // SSL_shutdown, so no close_notify is ever sent; Q also makes the server exit.
  it.each(['q', 'Q'])('s_server %s closes TCP without close_notify: ERR_PURETLS_TRUNCATED, not a clean end', async (cmd) => {
    const srv = await server([]);
    const s = await open(srv.port);
    const rx = receiver(s);
    s.write('hello before the cut\n');
    await srv.waitForOutput('hello before the cut\n');
    srv.send('=> last line\n');
    await rx.waitFor('=> last line\n');
    const outcome = new Promise<Error & { code?: string }>((resolve) => {
      s.once('error', resolve);
      s.once('end', () => resolve(Object.assign(new Error('clean end'), { code: 'END' })));
    });
    srv.send(`${cmd}\n`);
    const err = await outcome;
    expect(err.code).toBe('ERR_PURETLS_TRUNCATED');
    expect(err.name).toBe('UnexpectedEofError');
    expect(s.engine.isPeerClosed).toBe(false);
    await srv.waitForOutput('DONE');
    if (cmd === 'Q') expect(await srv.exited).toBe(0);
  }, T);
});

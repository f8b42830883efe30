// TlsSocket (connect()) against real `openssl s_server -tls1_3` processes on loopback: every cipher
// suite, every group and a HelloRetryRequest, every fixture key type, small and padded records
// (checked on the wire by a record-sniffing TCP relay), a certificate chain over 16 KiB, a SHA-1
// chain, KeyUpdate both ways, ALPN agreed and refused, a stateless HelloRetryRequest, certificate
// requests, and truncation (s_server's q / Q close TCP without close_notify).
import { execFileSync } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { join } from 'node:path';
import { DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme, TlsError } from '@puretls/core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions, type PumpEvent, type TlsSocket } from '../src/index.js';
import { goodFile, opensslTempDir, pemBlocks, pemToDer, pki, splitChain, startOpenSsl, stopAllOpenSsl, type GoodAlg, type OpenSslServer, type ServerCert } from './helpers/openssl.js';

const T = 20_000; // per-test timeout: generous for a loaded CI machine (no timing is asserted)

const servers: OpenSslServer[] = [];
const sockets: TlsSocket[] = [];
const closers: Array<() => void> = [];

async function server(args: readonly string[], cert: ServerCert = 'p256'): Promise<OpenSslServer> {
  const s = await startOpenSsl(args, cert);
  servers.push(s);
  return s;
}

afterEach(async () => {
  for (const s of sockets.splice(0)) s.destroy();
  for (const c of closers.splice(0)) c();
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
afterAll(stopAllOpenSsl);

/** connect() to 127.0.0.1:port, SNI and name check 'localhost', trusting the fixture root of `alg`. */
async function open(port: number, alg: GoodAlg = 'p256', extra: Partial<ConnectOptions> = {}): Promise<TlsSocket> {
  const s = await connect({ host: '127.0.0.1', port, servername: 'localhost', ca: goodFile(alg, 'root.pem'), timeout: 15_000, ...extra });
  sockets.push(s);
  return s;
}

/** The error a connection attempt ends with (fails the test if it connected). */
async function connectFails(opts: ConnectOptions): Promise<Error & { code?: string }> {
  try {
    const s = await connect(opts);
    s.destroy();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('connected, expected a failure');
}

/** s_server -www: sends GET / and reads until the stream ends (the server's close_notify). */
function httpGet(s: TlsSocket): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.once('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.once('error', reject);
    s.once('close', () => reject(new Error(`closed without a clean end after ${Buffer.concat(chunks).length} bytes`)));
    s.write('GET / HTTP/1.0\r\n\r\n');
  });
}

/** What a socket received, with a wait for some text to arrive (or the stream to fail). */
function receiver(s: TlsSocket) {
  let text = '';
  let failure: Error | undefined;
  let ended = false;
  const tick = new EventEmitter();
  s.on('data', (d: Buffer) => { text += d.toString('latin1'); tick.emit('t'); });
  s.on('end', () => { ended = true; tick.emit('t'); });
  s.on('error', (e) => { failure = e; tick.emit('t'); });
  return {
    text: () => text,
    waitFor: (want: string) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (text.includes(want)) { tick.off('t', check); resolve(); }
        else if (failure !== undefined || ended) { tick.off('t', check); reject(failure ?? new Error(`stream ended before ${JSON.stringify(want)}; got ${JSON.stringify(text)}`)); }
      };
      tick.on('t', check);
      check();
    }),
  };
}

/** Counts the bytes the pump moved and lets a test wait for the engine to have processed input. */
function pumpWatch() {
  let read = 0;
  let wrote = 0;
  let wantReads = 0;
  const tick = new EventEmitter();
  const onPumpEvent = (e: PumpEvent) => {
    if (e.kind === 'read') read += e.bytes;
    else if (e.kind === 'wrote') wrote += e.bytes;
    else if (e.kind === 'want-read') wantReads++;
    tick.emit('t');
  };
  return {
    onPumpEvent,
    read: () => read,
    wrote: () => wrote,
    /**
     * Resolves once at least `bytes` more than `since` were read and the engine, having processed
     * them, asked for more input (it flushes any answer before that).
     */
    processed: (since: number, bytes: number) => new Promise<void>((resolve) => {
      let seen = -1;
      const check = () => {
        if (seen < 0 && read >= since + bytes) seen = wantReads;
        if (seen >= 0 && wantReads > seen) { tick.off('t', check); resolve(); }
      };
      tick.on('t', check);
      check();
    }),
  };
}

/** A TLS record as seen on the wire: content type and length of the fragment. */
interface WireRecord { type: number; length: number }

/** A TCP relay on 127.0.0.1 that records the server's TLS record headers on the way to the client. */
async function recordTap(upstreamPort: number): Promise<{ port: number; fromServer: WireRecord[] }> {
  const fromServer: WireRecord[] = [];
  const srv: Server = createServer((client: Socket) => {
    const up = netConnect(upstreamPort, '127.0.0.1');
    let pending = Buffer.alloc(0);
    up.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt16BE(3)) {
        fromServer.push({ type: pending[0]!, length: pending.readUInt16BE(3) });
        pending = pending.subarray(5 + pending.readUInt16BE(3));
      }
    });
    client.pipe(up);
    up.pipe(client);
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
    closers.push(() => { client.destroy(); up.destroy(); });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => srv.close());
  return { port: (srv.address() as { port: number }).port, fromServer };
}

/** Bytes on the wire of one TLS 1.3 record carrying `n` bytes of content (AEAD tag 16 bytes, no padding). */
const recordBytes = (n: number) => 5 + n + 1 + 16;
/** A KeyUpdate record: 4-byte handshake header plus the 1-byte request. */
const KEY_UPDATE_RECORD = recordBytes(4 + 1);

describe('openssl s_server: cipher suites', () => {
  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])('%s: handshake and an HTTP round trip', async (suite) => {
    const srv = await server(['-www', '-ciphersuites', suite]);
    const s = await open(srv.port);
    expect(s.getProtocol()).toBe('TLSv1.3');
    expect(s.getCipher()?.name).toBe(suite);
    expect(s.info?.cipherSuiteName).toBe(suite);
    expect(s.authorized).toBe(true);
    const body = await httpGet(s);
    expect(body.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    expect(body).toContain(`Cipher is ${suite}`);
  }, T);
});

describe('openssl s_server: key exchange groups', () => {
  it.each([
    ['X25519', 'x25519', 'x25519'],
    ['P-256', 'p256', 'secp256r1'],
    ['P-384', 'p384', 'secp384r1'],
  ])('server -groups %s, client groups [%s]', async (serverGroup, clientGroup, name) => {
    const srv = await server(['-www', '-groups', serverGroup]);
    const s = await open(srv.port, 'p256', { groups: [clientGroup] });
    expect(s.info).toMatchObject({ groupName: name, helloRetryRequest: false });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);

  it('HelloRetryRequest: key share for x25519 only, the server insists on P-384', async () => {
    const srv = await server(['-www', '-groups', 'P-384']);
    const s = await open(srv.port, 'p256', { groups: ['x25519', 'p256', 'p384'] });
    expect(s.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp384r1' });
    expect(s.getEphemeralKeyInfo()).toEqual({ type: 'ECDH', name: 'secp384r1' });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

describe('openssl s_server: server certificate types (3-level fixture chains)', () => {
  it.each([
    ['rsa', /^rsa_pss_rsae_sha(256|384|512)$/],
    ['rsa-pss', /^rsa_pss_pss_sha(256|384|512)$/],
    ['p256', /^ecdsa_secp256r1_sha256$/],
    ['p384', /^ecdsa_secp384r1_sha384$/],
    ['ed25519', /^ed25519$/],
  ] as Array<[GoodAlg, RegExp]>)('%s', async (alg, scheme) => {
    const srv = await server(['-www'], alg);
    const s = await open(srv.port, alg);
    expect(s.authorized).toBe(true);
    expect(s.info?.signatureSchemeName).toMatch(scheme);
    const [leaf, intermediate] = [goodFile(alg, 'leaf.pem'), goodFile(alg, 'intermediate.pem')].map((p) => pemToDer(pemBlocks(p)[0]!));
    expect(s.info?.peerCertificates.map((c) => Buffer.from(c))).toEqual([leaf, intermediate]);
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

describe('openssl s_server: record sizes', () => {
  it('-max_send_frag 512: a status page of several KB in small records', async () => {
    const srv = await server(['-www', '-max_send_frag', '512']);
    const tap = await recordTap(srv.port);
    const s = await open(tap.port);
    const body = await httpGet(s);
    expect(body.length).toBeGreaterThan(4000);
    expect(body.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    expect(body.endsWith('</BODY></HTML>\r\n\r\n')).toBe(true);
    // On the wire: no encrypted record over 512 bytes of content, and the page took many of them.
    const encrypted = tap.fromServer.filter((r) => r.type === 23);
    expect(Math.max(...encrypted.map((r) => r.length))).toBeLessThanOrEqual(recordBytes(512) - 5);
    expect(encrypted.length).toBeGreaterThan(body.length / 512);
  }, T);

  it('-record_padding 1024: every encrypted record padded, the page read completely', async () => {
    const srv = await server(['-www', '-record_padding', '1024']);
    const tap = await recordTap(srv.port);
    const s = await open(tap.port);
    const body = await httpGet(s);
    expect(body.length).toBeGreaterThan(4000);
    expect(body.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    expect(body.endsWith('</BODY></HTML>\r\n\r\n')).toBe(true);
    // Inner plaintext (content + type + zeros) is a multiple of 1024: ciphertext = k * 1024 + tag.
    const encrypted = tap.fromServer.filter((r) => r.type === 23);
    expect(encrypted.length).toBeGreaterThan(3);
    expect(encrypted.map((r) => (r.length - 16) % 1024)).toEqual(encrypted.map(() => 0));
  }, T);
});

describe('openssl s_server: a certificate chain over 16 KiB', () => {
  const tmp = opensslTempDir();
  let bigLeaf = '';
  beforeAll(() => {
    // A p256 leaf (SAN localhost) carrying a 17,000-byte non-critical private extension, issued
    // by the fixture p256 intermediate.
    const g = `${pki}good/p256/`;
    const payload = 17_000;
    const ext = `0482${payload.toString(16).padStart(4, '0')}${'a5'.repeat(payload)}`;
    writeFileSync(join(tmp.dir, 'big.cnf'), [
      '[big]',
      'basicConstraints = critical,CA:FALSE',
      'keyUsage = critical,digitalSignature',
      'extendedKeyUsage = serverAuth',
      'subjectAltName = DNS:localhost,IP:127.0.0.1',
      'subjectKeyIdentifier = hash',
      'authorityKeyIdentifier = keyid',
      `1.3.6.1.4.1.55555.2 = DER:${ext}`,
      '',
    ].join('\n'));
    const csr = join(tmp.dir, 'big.csr');
    bigLeaf = join(tmp.dir, 'big.pem');
    execFileSync('openssl', ['req', '-new', '-key', `${g}leaf.key`, '-subj', '/CN=localhost', '-out', csr], { stdio: 'pipe' });
    execFileSync('openssl', ['x509', '-req', '-in', csr, '-CA', `${g}intermediate.pem`, '-CAkey', `${g}intermediate.key`, '-set_serial', '0x5e17', '-days', '30', '-sha256', '-extfile', join(tmp.dir, 'big.cnf'), '-extensions', 'big', '-out', bigLeaf], { stdio: 'pipe' });
  });
  afterAll(() => tmp.remove());

  it('the Certificate message spans several records and the chain verifies', async () => {
    const leafDer = pemToDer(readFileSync(bigLeaf, 'utf8'));
    const intermediateDer = pemToDer(goodFile('p256', 'intermediate.pem'));
    expect(leafDer.length + intermediateDer.length).toBeGreaterThan(16_384);
    const srv = await server(['-www'], { cert: bigLeaf, key: `${pki}good/p256/leaf.key`, chain: `${pki}good/p256/intermediate.pem` });
    const s = await open(srv.port);
    expect(s.authorized).toBe(true);
    expect(s.info?.peerCertificates.map((c) => Buffer.from(c))).toEqual([leafDer, intermediateDer]);
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);
});

describe('openssl s_server: a SHA-1 signed chain', () => {
  const tmp = opensslTempDir();
  afterAll(() => tmp.remove());

  // OpenSSL 3.0 serves a chain only if the client's signature_algorithms_cert covers its
  // signatures (else handshake_failure: see cli.test.ts). Advertising rsa_pkcs1_sha1 for
  // certificates gets the chain sent; the verifier must still refuse SHA-1.
  it('is refused by the verifier (weak-algorithm, unsupported_certificate) even when advertised', async () => {
    const dir = `${pki}bad/sha1-signed/`;
    const files = splitChain(readFileSync(`${dir}chain.pem`, 'utf8'), `${dir}leaf.key`, tmp.dir, 'sha1');
    const srv = await server(['-www', '-cipher', 'DEFAULT:@SECLEVEL=0'], files);
    const err = await connectFails({
      host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: readFileSync(`${dir}root.pem`, 'utf8'), timeout: 15_000,
      engine: { signatureSchemesCert: [...DEFAULT_SIGNATURE_SCHEMES_CERT, SignatureScheme.rsa_pkcs1_sha1] },
    });
    expect(err).toMatchObject({ name: 'X509Error', category: 'certificate', reason: 'weak-algorithm', alertName: 'unsupported_certificate', code: 'CERT_REJECTED' });
    await srv.waitForOutput('alert unsupported certificate');
  }, T);
});

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

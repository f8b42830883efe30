// The `trace` option (like `openssl s_client -msg`): every record, handshake message, alert and
// CCS, in wire order, against the scripted server and a real `openssl s_server`; nothing secret.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlertReceivedError, CertificateError, codepointName, InternalError, ContentType, HandshakeType, NamedGroup, TlsClient, type ClientConfig, type TraceEvent } from '../../src/index.js';
import { handshakeFields } from '../../src/client/trace_fields.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { encodeKeyShareHrr, encodeSupportedVersionsServer } from '../helpers/server_codecs.js';
import { startOpenSsl, type RunningServer } from '../helpers/openssl_server.js';
import { connectTcp, tcpDriver } from '../helpers/tcp_driver.js';
import { acceptAll, feedAndRead, handshake } from '../helpers/scripted_client.js';
import { ScriptedServer, serverCertDer } from '../helpers/scripted_server.js';

/** One event as a short line: `out record 23/22`, `in server_hello`, `in alert 0`, `out ccs`. */
function line(e: TraceEvent): string {
  switch (e.kind) {
    case 'record':
      return `${e.direction} record ${e.contentType}${e.innerContentType === undefined ? '' : `/${e.innerContentType}`}`;
    case 'handshake':
      return `${e.direction} ${codepointName(HandshakeType, e.type)}`;
    case 'alert':
      return `${e.direction} alert ${e.description}`;
    case 'change_cipher_spec':
      return `${e.direction} ccs`;
  }
}

const handshakes = (events: TraceEvent[], dir: 'in' | 'out') =>
  events.flatMap((e) => (e.kind === 'handshake' && e.direction === dir ? [codepointName(HandshakeType, e.type)] : []));
const fieldsOf = (events: TraceEvent[], dir: 'in' | 'out', type: number) =>
  events.filter((e): e is Extract<TraceEvent, { kind: 'handshake' }> => e.kind === 'handshake' && e.direction === dir && e.type === type).map((e) => e.fields);

const FLIGHT = ['in record 23/22', 'in encrypted_extensions', 'in certificate', 'in certificate_verify', 'in finished'];

describe('trace against the scripted server', () => {
  it('a full handshake, data both ways and closure, in wire order', () => {
    const events: TraceEvent[] = [];
    const o = handshake({}, { alpnProtocols: ['h2', 'http/1.1'], grease: false, trace: (e) => events.push(e) }); // GREASE: its own test
    expect(o.error).toBeUndefined();
    expect(events.map(line)).toEqual([
      'out record 22', 'out client_hello',
      'in record 22', 'in server_hello',
      ...FLIGHT,
      'out record 20', 'out ccs', 'out record 23/22', 'out finished',
    ]);
    const [chRecord, ch] = events;
    expect(chRecord).toEqual({ kind: 'record', direction: 'out', contentType: 22, length: (ch as { length: number }).length, protected: false });
    expect(fieldsOf(events, 'out', HandshakeType.client_hello)).toEqual([{
      cipher_suites: 'TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256',
      versions: 'TLS13', groups: 'X25519MLKEM768,x25519,secp256r1,secp384r1', key_share: 'X25519MLKEM768,x25519', sni: 'server', alpn: 'h2,http/1.1',
    }]);
    expect(fieldsOf(events, 'in', HandshakeType.server_hello)).toEqual([{ cipher_suite: 'TLS_AES_128_GCM_SHA256', version: 'TLS13', group: 'x25519' }]);
    expect(fieldsOf(events, 'in', HandshakeType.encrypted_extensions)).toEqual([{ extensions: '' }]);
    expect(fieldsOf(events, 'in', HandshakeType.certificate)).toEqual([{ certificates: '1', sizes: String(serverCertDer.length) }]);
    expect(fieldsOf(events, 'in', HandshakeType.certificate_verify)).toEqual([{ scheme: 'rsa_pss_rsae_sha256' }]);
    expect(fieldsOf(events, 'out', HandshakeType.finished)).toEqual([{}]);
    // Our Finished: 36 bytes, the inner type byte and the 16-byte tag (RFC 9846 §5.2).
    expect(events.at(-2)).toEqual({ kind: 'record', direction: 'out', contentType: 23, length: 36 + 1 + 16, protected: true, innerContentType: 22 });

    events.length = 0;
    expect(o.client.write(new TextEncoder().encode('ping'))).toEqual({ status: 'ok', written: 4 });
    o.server.respond(o.client.takeOutgoing());
    expect(feedAndRead(o.client, o.server.newSessionTicket())).toEqual({ status: 'want-read' });
    expect(feedAndRead(o.client, o.server.keyUpdate(false)).status).toBe('want-read');
    expect(feedAndRead(o.client, o.server.appData('pong')).status).toBe('ok');
    expect(feedAndRead(o.client, o.server.closeNotify())).toEqual({ status: 'eof' });
    o.client.requestKeyUpdate(false);
    expect(o.client.shutdown()).toBe('want-write');
    expect(events.map(line)).toEqual([
      'out record 23/23',
      'in record 23/22', 'in new_session_ticket',
      'in record 23/22', 'in key_update',
      'in record 23/23',
      'in record 23/21', 'in alert 0',
      'out record 23/22', 'out key_update',
      'out record 23/21', 'out alert 0',
    ]);
    expect(fieldsOf(events, 'in', HandshakeType.new_session_ticket)).toEqual([{ lifetime: '3600' }]);
    expect(fieldsOf(events, 'in', HandshakeType.key_update)).toEqual([{ request: 'update_not_requested' }]);
    expect(events.find((e) => e.kind === 'alert' && e.direction === 'out')).toEqual({ kind: 'alert', direction: 'out', level: 1, description: 0 });
  });

  it('a HelloRetryRequest and the second ClientHello', () => {
    const events: TraceEvent[] = [];
    const o = handshake({
      helloRetry: (ch, count) => count > 0 ? undefined : {
        legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0,
        extensions: [{ type: 43, data: encodeSupportedVersionsServer(0x0304) }, { type: 51, data: encodeKeyShareHrr(NamedGroup.secp256r1) }],
      },
    }, { grease: false, trace: (e) => events.push(e) });
    expect(o.error).toBeUndefined();
    expect(events.map(line)).toEqual([
      'out record 22', 'out client_hello',
      'in record 22', 'in server_hello',
      'out record 20', 'out ccs', 'out record 22', 'out client_hello', // §E.4: the CCS before the second flight, only once
      'in record 22', 'in server_hello',
      ...FLIGHT,
      'out record 23/22', 'out finished',
    ]);
    expect(fieldsOf(events, 'in', HandshakeType.server_hello)).toEqual([
      { cipher_suite: 'TLS_AES_128_GCM_SHA256', version: 'TLS13', group: 'secp256r1', hrr: 'yes' },
      { cipher_suite: 'TLS_AES_128_GCM_SHA256', version: 'TLS13', group: 'secp256r1' },
    ]);
    expect(fieldsOf(events, 'out', HandshakeType.client_hello).map((f) => f.key_share)).toEqual(['X25519MLKEM768,x25519', 'secp256r1']);
  });

  it('a handshake flight split over many records: each message follows the record that completes it', () => {
    const events: TraceEvent[] = [];
    const o = handshake({ encryptedRecordSize: 100 }, { trace: (e) => events.push(e) });
    expect(o.error).toBeUndefined();
    expect(handshakes(events, 'in')).toEqual(['server_hello', 'encrypted_extensions', 'certificate', 'certificate_verify', 'finished']);
    const lines = events.map(line);
    expect(lines.filter((l) => l === 'in record 23/22').length).toBeGreaterThan(10);
    const cert = lines.indexOf('in certificate');
    expect(lines[cert - 1]).toBe('in record 23/22');
  });

  it('the alert we send when refusing the certificate', () => {
    const events: TraceEvent[] = [];
    const refuse = { verifyServerCertificate: () => { throw new CertificateError('unknown-issuer', 'unknown_ca', 'no'); } };
    const o = handshake({}, { verifier: refuse, trace: (e) => events.push(e) });
    expect(o.error).toBeInstanceOf(CertificateError);
    expect(events.map(line).slice(-4)).toEqual(['out record 20', 'out ccs', 'out record 23/21', 'out alert 48']);
    expect(events.at(-1)).toEqual({ kind: 'alert', direction: 'out', level: 2, description: 48 });
  });

  it('a fatal alert received after the handshake', () => {
    const events: TraceEvent[] = [];
    const o = handshake({}, { trace: (e) => events.push(e) });
    events.length = 0;
    expect(() => feedAndRead(o.client, o.server.seal(ContentType.alert, Uint8Array.of(2, 40)))).toThrow(AlertReceivedError);
    expect(events).toEqual([
      { kind: 'record', direction: 'in', contentType: 23, length: 2 + 1 + 16, protected: true, innerContentType: 21 },
      { kind: 'alert', direction: 'in', level: 2, description: 40 },
    ]);
  });

  it('a record that does not decrypt is traced without an inner type, then our bad_record_mac', () => {
    const events: TraceEvent[] = [];
    const o = handshake({}, { trace: (e) => events.push(e) });
    events.length = 0;
    expect(() => feedAndRead(o.client, Uint8Array.from([23, 3, 3, 0, 20, ...new Uint8Array(20)]))).toThrow(/bad_record_mac|decrypt|authenticat/i);
    expect(events.map(line)).toEqual(['in record 23', 'out record 23/21', 'out alert 20']);
    expect(events[0]).toMatchObject({ protected: true });
  });

  it('a plaintext protocol_version alert in reply to the ClientHello', () => {
    const events: TraceEvent[] = [];
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll, trace: (e) => events.push(e) });
    client.handshake();
    client.takeOutgoing();
    client.receive(encodePlaintextRecord(ContentType.alert, Uint8Array.of(2, 70)));
    expect(() => client.handshake()).toThrow('received fatal alert protocol_version (70): the server supports only TLS 1.2 or older');
    expect(events.map(line)).toEqual(['out record 22', 'out client_hello', 'in record 21', 'in alert 70']);
  });
});

describe('a trace callback that throws', () => {
  it('fails the connection with an InternalError, not a crash', () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll, trace: () => { throw new Error('sink broke'); } });
    expect(() => client.handshake()).toThrow(InternalError);
    expect(() => client.handshake()).toThrow(/sink broke/);
  });
});

describe('trace summaries', () => {
  it('never throws: a message that does not decode is marked malformed', () => {
    expect(handshakeFields(HandshakeType.certificate_verify, Uint8Array.of(8))).toEqual({ malformed: expect.stringContaining('CertificateVerify') });
    expect(handshakeFields(HandshakeType.server_hello, new Uint8Array(3))).toHaveProperty('malformed');
    expect(handshakeFields(99, Uint8Array.of(1, 2))).toEqual({});
  });

  it('carries no random value, session id, key share or signature', () => {
    const events: TraceEvent[] = [];
    const cfg: Partial<ClientConfig> = { random: (n) => new Uint8Array(n).fill(0xab), trace: (e) => events.push(e) };
    expect(handshake({}, cfg).error).toBeUndefined();
    const text = JSON.stringify(events);
    expect(text).not.toMatch(/abab|[0-9a-f]{16}/i);
    for (const e of events) if (e.kind === 'handshake') for (const v of Object.values(e.fields)) expect(v.length).toBeLessThan(200);
  });
});

/** Drives one connection over TCP: handshake, a GET, the answer until close_notify, shutdown. */
async function traceOverTcp(port: number, cfg: Partial<ClientConfig>): Promise<{ events: TraceEvent[]; client: TlsClient }> {
  const events: TraceEvent[] = [];
  const client = new TlsClient({ serverName: 'localhost', dangerouslySkipCertificateVerification: true, ...cfg, trace: (e) => events.push(e) });
  const sock = await connectTcp(port);
  const { drive } = tcpDriver(sock, client);
  try {
    await drive(() => client.handshake());
    await drive(() => client.write(new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n')));
    while ((await drive(() => client.read())).status !== 'eof');
    await drive(() => client.shutdown());
  } finally {
    sock.destroy();
  }
  return { events, client };
}

describe('trace against openssl s_server', () => {
  let plain: RunningServer;
  let retry: RunningServer;
  beforeAll(async () => {
    [plain, retry] = await Promise.all([startOpenSsl(['-tls1_3', '-www']), startOpenSsl(['-tls1_3', '-www', '-groups', 'P-384'])]);
  });
  afterAll(() => { plain?.stop(); retry?.stop(); });

  it('the whole connection, in wire order', async () => {
    const { events } = await traceOverTcp(plain.port, {});
    expect(handshakes(events, 'out')).toEqual(['client_hello', 'finished']);
    expect(handshakes(events, 'in')).toEqual(['server_hello', 'encrypted_extensions', 'certificate', 'certificate_verify', 'finished', 'new_session_ticket', 'new_session_ticket']);
    const lines = events.map(line);
    expect(lines.slice(0, 4)).toEqual(['out record 22', 'out client_hello', 'in record 22', 'in server_hello']);
    // OpenSSL sends the compatibility CCS right after ServerHello (RFC 9846 §E.4), and so do we before our Finished.
    expect(lines.slice(4, 6)).toEqual(['in record 20', 'in ccs']);
    expect(lines.indexOf('out ccs')).toBeLessThan(lines.indexOf('out finished'));
    expect(lines.indexOf('out finished')).toBeLessThan(lines.indexOf('in new_session_ticket'));
    // After the CCS everything is protected, with its inner type.
    const after = events.slice(6).filter((e) => e.kind === 'record' && !(e.direction === 'out' && e.contentType === 20));
    expect(after.every((e) => e.kind === 'record' && e.protected && e.contentType === 23 && e.innerContentType !== undefined)).toBe(true);
    expect(lines.filter((l) => l.startsWith('in record 23/23')).length).toBeGreaterThan(0);
    expect(lines.slice(-4)).toEqual(['in record 23/21', 'in alert 0', 'out record 23/21', 'out alert 0']);
    expect(fieldsOf(events, 'in', HandshakeType.certificate)[0]).toMatchObject({ certificates: '2' });
    expect(fieldsOf(events, 'in', HandshakeType.certificate_verify)).toEqual([{ scheme: 'ecdsa_secp256r1_sha256' }]);
    expect(fieldsOf(events, 'in', HandshakeType.new_session_ticket)[0]).toEqual({ lifetime: '7200' });
  });

  it('a HelloRetryRequest (-groups P-384)', async () => {
    const { events, client } = await traceOverTcp(retry.port, {});
    expect(client.info?.helloRetryRequest).toBe(true);
    expect(handshakes(events, 'out')).toEqual(['client_hello', 'client_hello', 'finished']);
    const sh = fieldsOf(events, 'in', HandshakeType.server_hello);
    expect(sh).toEqual([{ cipher_suite: 'TLS_AES_128_GCM_SHA256', version: 'TLS13', group: 'secp384r1', hrr: 'yes' }, { cipher_suite: 'TLS_AES_128_GCM_SHA256', version: 'TLS13', group: 'secp384r1' }]);
    const lines = events.map(line);
    expect(lines.slice(0, 8)).toEqual(['out record 22', 'out client_hello', 'in record 22', 'in server_hello', 'out record 20', 'out ccs', 'out record 22', 'out client_hello']);
    expect(lines.filter((l) => l === 'out ccs')).toHaveLength(1);
  });
});

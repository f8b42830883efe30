// RFC 8448 replays (§3 Simple 1-RTT, §4 Resumed 0-RTT, §5 HelloRetryRequest, §7 Compatibility Mode): the client's
// records must equal the trace byte for byte, with randomness and clock injected from the trace.
import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { expandLabel, exporterReference, sha256 } from '../helpers/exporter_reference.js';
import { SignatureScheme, TlsClient, type SessionTicket } from '../../src/index.js';
import { finishedVerifyData, trafficKeys } from '../../src/tls13/key_schedule.js';
import { suiteById } from '../helpers/algorithms.js';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import { Deframer } from '../../src/record/deframer.js';
import { RecordDecrypter } from '../../src/record/protection.js';
import { nssConfig, rfc8448Crypto, serverCert } from '../helpers/nss_client.js';
import { hex, loadTrace, splitRecords, toHex, type Trace } from '../helpers/vectors.js';

/** Decrypts the server's records with the logged secrets, independently of the engine. */
function decryptServerRecords(records: Uint8Array, secretHex: string, suiteId = 0x1301): Uint8Array[] {
  const suite = suiteById(suiteId)!;
  const { key, iv } = trafficKeys(nobleProvider, suite, hex(secretHex));
  const dec = new RecordDecrypter(suite.aead.create(key), iv);
  const d = new Deframer();
  d.push(records);
  const out: Uint8Array[] = [];
  for (let r = d.next(); r !== null; r = d.next()) out.push(dec.open(r).content);
  return out;
}

function secretsFrom(lines: string[]): Record<string, string> {
  return Object.fromEntries(lines.map((l) => { const [label, , secret] = l.split(' '); return [label!, secret!]; }));
}

/** Completes the server flight and checks the client's Finished record. */
function finishHandshake(client: TlsClient, t: Trace): void {
  client.receive(hex(t.Record_ServerHello!));
  client.receive(hex(t.Record_ServerHandshakeMessages!));
  expect(client.handshake()).toBe('want-write');
  expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientFinished);
  expect(client.handshake()).toBe('ok');
}

function closeBothWays(client: TlsClient, t: Trace): void {
  expect(client.shutdown()).toBe('want-write');
  expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_CloseNotify);
  expect(client.shutdown()).toBe('ok');
  client.receive(hex(t.Record_Server_CloseNotify!));
  expect(client.read()).toEqual({ status: 'eof' });
}

describe('RFC 8448 §3 Simple 1-RTT Handshake', () => {
  const t = loadTrace('simple-1rtt.json');

  it('replays byte for byte', () => {
    const keyLog: string[] = [];
    const tickets: SessionTicket[] = [];
    const client = new TlsClient({ ...nssConfig(t, { ffdhe: true, ticket: true, compat: false }, (l) => keyLog.push(l)), onSessionTicket: (s) => tickets.push(s) });
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
    expect(client.handshake()).toBe('want-read');

    finishHandshake(client, t);
    const info = client.info!;
    expect(info.cipherSuiteName).toBe('TLS_AES_128_GCM_SHA256');
    expect(info.groupName).toBe('x25519');
    expect(info.helloRetryRequest).toBe(false);
    expect(info.signatureScheme).toBe(SignatureScheme.rsa_pss_rsae_sha256);
    expect(info.peerRecordSizeLimit).toBe(16385);
    expect(info.peerCertificates.map(toHex)).toEqual([toHex(serverCert)]);

    // The server's handshake records decrypt to the trace's messages.
    const secrets = secretsFrom(keyLog);
    const flight = decryptServerRecords(hex(t.Record_ServerHandshakeMessages!), secrets.SERVER_HANDSHAKE_TRAFFIC_SECRET!);
    expect(flight.map(toHex).join('')).toBe(
      t.Message_EncryptedExtensions! + t.Message_Server_Certificate + t.Message_Server_CertificateVerify + t.Message_Server_Finished,
    );

    // NewSessionTicket: parsed and handed over, its ticket as in the trace.
    client.receive(hex(t.Record_NewSessionTicket!));
    expect(client.read()).toEqual({ status: 'want-read' });
    expect(tickets).toHaveLength(1);
    expect(toHex(tickets[0]!.ticket)).toBe(t.SessionTicket);
    expect(tickets[0]!.cipherSuite).toBe(0x1301);

    const w = client.write(hex(t.Client_AppData!));
    expect(w).toEqual({ status: 'ok', written: 50 });
    expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_AppData);

    client.receive(hex(t.Record_Server_AppData!));
    const r = client.read();
    expect(r.status).toBe('ok');
    expect(r.status === 'ok' && toHex(r.data)).toBe(t.Server_AppData);

    closeBothWays(client, t);
  });
});

/** close_notify both ways where the trace's records are not this run's: ours goes out, the peer's EOF ends it. */
function closeBothWaysUnchecked(client: TlsClient): void {
  expect(client.shutdown()).toBe('want-write');
  expect(splitRecords(client.takeOutgoing())).toHaveLength(1);
  expect(client.shutdown()).toBe('ok');
}

/** The §3 handshake up to its NewSessionTicket: the ticket §4 resumes with. */
function ticketOfSection3(): SessionTicket {
  const t = loadTrace('simple-1rtt.json');
  const tickets: SessionTicket[] = [];
  const client = new TlsClient({ ...nssConfig(t, { ffdhe: true, ticket: true, compat: false }), onSessionTicket: (s) => tickets.push(s) });
  client.handshake();
  client.takeOutgoing();
  finishHandshake(client, t);
  client.receive(hex(t.Record_NewSessionTicket!));
  expect(client.read()).toEqual({ status: 'want-read' });
  expect(tickets).toHaveLength(1);
  return tickets[0]!;
}

describe('RFC 8448 §4 Resumed 0-RTT Handshake', () => {
  const t = loadTrace('resumed-0rtt.json');

  // The trace's records up to the server's flight are one run: our ClientHello (binder included)
  // is the trace's byte for byte, and the trace's server flight authenticates under the keys
  // that ClientHello and its ServerHello give. Its Message_Server_Finished, client Finished and
  // application data records are not of that run: the Finished inside Record_ServerHandshakeMessages
  // is not Message_Server_Finished (asserted below), and no transcript over that flight yields
  // the trace's client Finished. (Botan, whose encoding this is, checks only the ClientHello of §4.)
  // So from the server's flight on, the check is that the engine agrees with that flight.
  it('replays byte for byte: PSK ClientHello with its binder, the early data record, EndOfEarlyData', () => {
    const ticket = ticketOfSection3();
    expect(ticket.maxEarlyData).toBeGreaterThan(0);
    expect(ticket.serverName).toBe('server');
    const keyLog: string[] = [];
    const client = new TlsClient({ ...nssConfig(t, { ffdhe: true, ticket: false, compat: false }, (l) => keyLog.push(l)), session: ticket, earlyData: true });
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);

    // 0-RTT: the application's first write goes out under the client early traffic keys.
    expect(client.write(hex(t.Client_EarlyAppData!))).toEqual({ status: 'ok', written: 6 });
    expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_EarlyAppData);
    expect(client.handshake()).toBe('want-read');

    // The server takes the PSK and the early data: no Certificate, then EndOfEarlyData and Finished.
    client.receive(hex(t.Record_ServerHello!));
    client.receive(hex(t.Record_ServerHandshakeMessages!));
    expect(client.handshake()).toBe('want-write');
    const [eoed, finished, ...rest] = splitRecords(client.takeOutgoing());
    expect(rest).toHaveLength(0);
    const [traceEoed] = splitRecords(hex(t.Record_ClientFinished!));
    expect(toHex(eoed!)).toBe(toHex(traceEoed!));
    expect(client.handshake()).toBe('ok');
    const info = client.info!;
    expect(info.resumed).toBe(true);
    expect(info.earlyData).toBe('accepted');
    expect(info.peerCertificates.map(toHex)).toEqual([toHex(serverCert)]);
    expect(info.signatureScheme).toBe(SignatureScheme.rsa_pss_rsae_sha256);
    expect(client.takeRejectedEarlyData()).toHaveLength(0);

    const secrets = secretsFrom(keyLog);
    expect(Object.keys(secrets)).toContain('CLIENT_EARLY_TRAFFIC_SECRET');
    const [ee, serverFinished] = decryptServerRecords(hex(t.Record_ServerHandshakeMessages!), secrets.SERVER_HANDSHAKE_TRAFFIC_SECRET!).map(toHex).join('').split(/(?=14000020)/);
    expect(ee).toBe(t.Message_EncryptedExtensions);
    expect(serverFinished).not.toBe(t.Message_Server_Finished); // the trace's inconsistency (see above)

    // Our Finished, checked independently: HMAC over CH..server Finished, EndOfEarlyData (§4.5.3).
    const [fin] = decryptServerRecords(finished!, secrets.CLIENT_HANDSHAKE_TRAFFIC_SECRET!);
    const transcript = [hex(t.Record_ClientHello_1!).subarray(5), hex(t.Message_ServerHello!), hex(ee!), hex(serverFinished!), Uint8Array.of(5, 0, 0, 0)];
    const th = rfc8448Crypto.hash('sha256', Uint8Array.from(transcript.flatMap((m) => [...m])));
    expect(toHex(fin!)).toBe('14000020' + toHex(finishedVerifyData(rfc8448Crypto, 'sha256', hex(secrets.CLIENT_HANDSHAKE_TRAFFIC_SECRET!), th)));
    // The early exporter (§7.5), computed independently: Early Secret = HKDF-Extract(0, PSK), then
    // Derive-Secret(., "e exp master", ClientHello), then TLS-Exporter.
    const earlySecret = createHmac('sha256', Buffer.alloc(32)).update(ticket.psk).digest();
    const chHash = sha256(Buffer.from(hex(t.Record_ClientHello_1!).subarray(5)));
    const earlyExporter = expandLabel(earlySecret, 'e exp master', chHash, 32);
    expect(secrets.EARLY_EXPORTER_SECRET).toBe(earlyExporter.toString('hex'));
    expect(Buffer.from(client.exportEarlyKeyingMaterial('EXPERIMENTAL-0rtt', Uint8Array.of(9), 24)).toString('hex')).toBe(exporterReference(earlyExporter, 'EXPERIMENTAL-0rtt', Buffer.of(9), 24).toString('hex'));
    closeBothWaysUnchecked(client);
  });

  it('without earlyData the same ticket resumes with a 1-RTT ClientHello (no early_data extension)', () => {
    const ticket = ticketOfSection3();
    const client = new TlsClient({ ...nssConfig(t, { ffdhe: true, ticket: false, compat: false }), session: ticket });
    expect(client.handshake()).toBe('want-write');
    const hello = client.takeOutgoing();
    expect(hello.length).toBe(hex(t.Record_ClientHello_1!).length); // padded to the same 512 bytes
    expect(toHex(hello)).not.toContain('002a0000'); // no early_data
    expect(client.write(hex(t.Client_EarlyAppData!))).toEqual({ status: 'want-read' });
    expect(() => client.exportEarlyKeyingMaterial('L', undefined, 8)).toThrow(/no 0-RTT data was offered/);
  });
});

describe('RFC 8448 §5 HelloRetryRequest', () => {
  const t = loadTrace('hello-retry-request.json');

  it('replays byte for byte', () => {
    const client = new TlsClient(nssConfig(t, { ffdhe: false, ticket: false, compat: false }));
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);

    client.receive(hex(t.Record_HelloRetryRequest!));
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_2);

    finishHandshake(client, t);
    expect(client.info!.helloRetryRequest).toBe(true);
    expect(client.info!.groupName).toBe('secp256r1');
    closeBothWays(client, t);
  });
});

describe('RFC 8448 §7 Middlebox Compatibility Mode', () => {
  const t = loadTrace('middlebox-compatibility.json');

  it('replays byte for byte', () => {
    const client = new TlsClient(nssConfig(t, { ffdhe: true, ticket: false, compat: true }));
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
    finishHandshake(client, t);
    closeBothWays(client, t);
  });

  it('splits nothing it should not: records fed one byte at a time give the same result', () => {
    const client = new TlsClient(nssConfig(t, { ffdhe: true, ticket: false, compat: true }));
    client.handshake();
    client.takeOutgoing();
    const input = new Uint8Array([...hex(t.Record_ServerHello!), ...hex(t.Record_ServerHandshakeMessages!)]);
    let status = 'want-read';
    for (const b of input) {
      expect(status).toBe('want-read');
      client.receive(Uint8Array.of(b));
      status = client.handshake();
    }
    expect(status).toBe('want-write');
    expect(splitRecords(client.takeOutgoing()).map(toHex).join('')).toBe(t.Record_ClientFinished);
  });
});

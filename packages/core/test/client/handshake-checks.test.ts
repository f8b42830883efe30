// Every check the client owes a hostile server (RFC 9846 §4.2–§4.5, §5, §6), one wrong thing at a
// time, against a scripted server: each must end in the right alert, sent to the server, and a
// typed, sticky error.
import { describe, expect, it } from 'vitest';
import {
  AlertReceivedError,
  CertificateError,
  ExtensionType,
  NamedGroup,
  SignatureScheme,
  TlsClient,
  TlsError,
  UnexpectedEofError,
  type ClientConfig,
} from '../../src/index.js';
import { encodeAlpn, encodeCookie } from '../../src/msgs/ext_bodies.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { ContentType, HandshakeType } from '../../src/msgs/enums.js';

import { frameHandshake } from '../../src/msgs/handshake.js';

import { acceptAll, handshake, te, type Outcome } from '../helpers/scripted_client.js';
import { ScriptedServer, type Mutations } from '../helpers/scripted_server.js';
import { encodeKeyShareHrr, encodeSupportedVersionsServer } from '../helpers/server_codecs.js';


/** The handshake failed with `alert`, which reached the server, and the error is sticky. */
function expectAlert(o: Outcome, alert: string, category?: string): void {
  expect(o.error, 'handshake should fail').toBeInstanceOf(TlsError);
  expect(o.error!.alertName).toBe(alert);
  if (category) expect(o.error!.category).toBe(category);
  expect(o.server.receivedAlerts.map((a) => a[1])).toContain(o.error!.alert);
  expect(() => o.client.handshake()).toThrow(o.error);
  expect(() => o.client.read()).toThrow(o.error);
}

const sv = (v: number) => ({ type: ExtensionType.supported_versions, data: encodeSupportedVersionsServer(v) });
const without = (type: number) => <T extends { extensions: readonly { type: number }[] }>(sh: T): T => ({ ...sh, extensions: sh.extensions.filter((e) => e.type !== type) });

describe('a well-behaved server', () => {
  it('completes the handshake and exchanges data both ways', () => {
    const o = handshake();
    expect(o.error).toBeUndefined();
    expect(o.client.handshake()).toBe('ok');
    expect(o.client.info?.cipherSuiteName).toBe('TLS_AES_128_GCM_SHA256');
    o.client.write(te.encode('ping'));
    o.server.respond(o.client.takeOutgoing());
    expect(new TextDecoder().decode(o.server.received[0])).toBe('ping');
    o.client.receive(o.server.appData('pong', 100));
    const r = o.client.read();
    expect(r.status === 'ok' && new TextDecoder().decode(r.data)).toBe('pong');
  });
});

describe('ServerHello checks (RFC 9846 §4.2.3, §4.3.1)', () => {
  it('TLS 1.2 chosen (no supported_versions): protocol_version', () => {
    expectAlert(handshake({ serverHello: without(ExtensionType.supported_versions) }), 'protocol_version', 'peer-incompatible');
  });

  it('downgrade sentinel in a TLS 1.2 answer: illegal_parameter', () => {
    const random = new Uint8Array(32);
    random.set([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01], 24);
    expectAlert(handshake({ serverHello: (sh) => ({ ...without(ExtensionType.supported_versions)(sh), random }) as never }), 'illegal_parameter');
  });

  it('supported_versions naming TLS 1.2: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, extensions: [...without(ExtensionType.supported_versions)(sh).extensions, sv(0x0303)] }) as never }), 'illegal_parameter');
  });

  it('session id not echoed: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, legacySessionIdEcho: new Uint8Array(32) }) }), 'illegal_parameter');
  });

  it('cipher suite not offered: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, cipherSuite: 0x1303 }) }, { cipherSuites: [0x1301, 0x1302] }), 'illegal_parameter');
  });

  it('compression method not 0: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, legacyCompressionMethod: 1 }) }), 'illegal_parameter');
  });

  it('extension we never sent: unsupported_extension', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, extensions: [...sh.extensions, { type: 0x7777, data: new Uint8Array(0) }] }) }), 'unsupported_extension');
  });

  it('extension we sent but not allowed in ServerHello: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, extensions: [...sh.extensions, { type: ExtensionType.server_name, data: new Uint8Array(0) }] }) }), 'illegal_parameter');
  });

  it('no key_share: missing_extension', () => {
    expectAlert(handshake({ serverHello: without(ExtensionType.key_share) as never }), 'missing_extension');
  });

  it('key share for a group we gave no share: illegal_parameter', () => {
    const o = handshake({}, { keyShareGroups: [NamedGroup.secp256r1], groups: [NamedGroup.secp256r1, NamedGroup.x25519] });
    expect(o.error).toBeUndefined(); // sanity: P-256 works
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, extensions: sh.extensions.map((e) => e.type === ExtensionType.key_share ? { ...e, data: Uint8Array.from([0x00, 0x1d, 0x00, 0x20, ...new Uint8Array(32).fill(5)]) } : e) }) }, { keyShareGroups: [NamedGroup.secp256r1], groups: [NamedGroup.secp256r1, NamedGroup.x25519] }), 'illegal_parameter');
  });

  it('an all-zero X25519 share: illegal_parameter', () => {
    expectAlert(handshake({ serverHello: (sh) => ({ ...sh, extensions: sh.extensions.map((e) => e.type === ExtensionType.key_share ? { ...e, data: Uint8Array.from([0x00, 0x1d, 0x00, 0x20, ...new Uint8Array(32)]) } : e) }) }), 'illegal_parameter');
  });

  it('a message after ServerHello in the same plaintext record, across the key change: unexpected_message', () => {
    const ee = frameHandshake(HandshakeType.encrypted_extensions, new Uint8Array([0, 0]));
    expectAlert(handshake({ serverHelloRecordExtra: ee }), 'unexpected_message');
  });
});

describe('HelloRetryRequest checks (RFC 9846 §4.2.4)', () => {
  const hrr = (exts: { type: number; data: Uint8Array }[], suite = 0x1301) => (ch: { legacySessionId: Uint8Array }, count: number) =>
    count === 0 ? { legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: suite, legacyCompressionMethod: 0, extensions: [sv(0x0304), ...exts] } : undefined;

  it('asking for P-256 works and is reported', () => {
    const o = handshake({ helloRetry: hrr([{ type: ExtensionType.key_share, data: encodeKeyShareHrr(NamedGroup.secp256r1) }]) });
    expect(o.error).toBeUndefined();
    expect(o.client.info?.helloRetryRequest).toBe(true);
    expect(o.client.info?.groupName).toBe('secp256r1');
  });

  it('a cookie alone is a change, and is echoed', () => {
    const o = handshake({ helloRetry: hrr([{ type: ExtensionType.cookie, data: encodeCookie(new Uint8Array([1, 2, 3])) }]) });
    expect(o.error).toBeUndefined();
  });

  it('no change at all: illegal_parameter', () => {
    expectAlert(handshake({ helloRetry: hrr([]) }), 'illegal_parameter');
  });

  it('a group we already sent a share for: illegal_parameter', () => {
    expectAlert(handshake({ helloRetry: hrr([{ type: ExtensionType.key_share, data: encodeKeyShareHrr(NamedGroup.x25519) }]) }), 'illegal_parameter');
  });

  it('a group we did not offer: illegal_parameter', () => {
    expectAlert(handshake({ helloRetry: hrr([{ type: ExtensionType.key_share, data: encodeKeyShareHrr(NamedGroup.ffdhe2048) }]) }), 'illegal_parameter');
  });

  it('a second HelloRetryRequest: unexpected_message', () => {
    const twice = (ch: { legacySessionId: Uint8Array }, count: number) => count < 2
      ? { legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [sv(0x0304), { type: ExtensionType.cookie, data: encodeCookie(new Uint8Array([count + 1])) }] }
      : undefined;
    expectAlert(handshake({ helloRetry: twice }), 'unexpected_message');
  });

  it('ServerHello suite different from the HelloRetryRequest: illegal_parameter', () => {
    expectAlert(handshake({ helloRetry: hrr([{ type: ExtensionType.key_share, data: encodeKeyShareHrr(NamedGroup.secp256r1) }], 0x1303) }), 'illegal_parameter');
  });
});

describe('encrypted flight checks (RFC 9846 §4.4, §4.5)', () => {
  it('ALPN we did not offer: unsupported_extension', () => {
    expectAlert(handshake({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.application_layer_protocol_negotiation, data: encodeAlpn([te.encode('h2')]) }] }) }), 'unsupported_extension');
  });

  it('ALPN protocol outside our list: illegal_parameter', () => {
    expectAlert(handshake({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.application_layer_protocol_negotiation, data: encodeAlpn([te.encode('h2')]) }] }) }, { alpnProtocols: ['http/1.1'] }), 'illegal_parameter');
  });

  it('ALPN agreed is reported', () => {
    const o = handshake({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.application_layer_protocol_negotiation, data: encodeAlpn([te.encode('h2')]) }] }) }, { alpnProtocols: ['http/1.1', 'h2'] });
    expect(o.error).toBeUndefined();
    expect(o.client.info?.alpnProtocol).toBe('h2');
  });

  it('key_share in EncryptedExtensions: illegal_parameter', () => {
    expectAlert(handshake({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.key_share, data: new Uint8Array(0) }] }) }), 'illegal_parameter');
  });

  it('empty Certificate: decode_error', () => {
    expectAlert(handshake({ certificate: (c) => ({ ...c, entries: [] }) }), 'decode_error');
  });

  it('CertificateVerify with a scheme we did not offer (PKCS#1 v1.5): illegal_parameter', () => {
    expectAlert(handshake({ certificateVerify: (cv) => ({ ...cv, scheme: SignatureScheme.rsa_pkcs1_sha256 }) }), 'illegal_parameter');
  });

  it('CertificateVerify scheme not matching the key: illegal_parameter', () => {
    expectAlert(handshake({ certificateVerify: (cv) => ({ ...cv, scheme: SignatureScheme.ecdsa_secp256r1_sha256 }) }), 'illegal_parameter');
  });

  it('bad CertificateVerify signature: decrypt_error', () => {
    expectAlert(handshake({ certificateVerify: (cv) => ({ ...cv, signature: cv.signature.map((b, i) => (i === 10 ? b ^ 1 : b)) }) }), 'decrypt_error');
  });

  it('no CertificateVerify at all: unexpected_message', () => {
    expectAlert(handshake({ omitCertificateVerify: true }), 'unexpected_message');
  });

  it('bad server Finished: decrypt_error', () => {
    expectAlert(handshake({ finished: (vd) => vd.map((b, i) => (i === 0 ? b ^ 0x80 : b)) }), 'decrypt_error');
  });

  it('a verifier refusal ends with its alert', () => {
    const verifier = { verifyServerCertificate: () => { throw new CertificateError('expired', 'certificate_expired', 'expired'); } };
    const o = handshake({}, { verifier });
    expectAlert(o, 'certificate_expired', 'certificate');
    expect((o.error as CertificateError).reason).toBe('expired');
  });

  it('a verifier throwing something untyped becomes bad_certificate', () => {
    expectAlert(handshake({}, { verifier: { verifyServerCertificate: () => { throw new Error('boom'); } } }), 'bad_certificate');
  });
});

describe('asynchronous verification (want-async)', () => {
  it('waits for the promise, then completes', async () => {
    let release!: () => void;
    const verifier = { verifyServerCertificate: () => new Promise<void>((r) => { release = r; }) };
    const server = new ScriptedServer();
    const client = new TlsClient({ serverName: 'server', verifier });
    client.handshake();
    client.receive(server.respond(client.takeOutgoing()));
    expect(client.handshake()).toBe('want-async');
    expect(client.handshake()).toBe('want-async');
    const work = client.pendingWork()!;
    release();
    await work;
    expect(client.handshake()).toBe('want-write');
    server.respond(client.takeOutgoing());
    expect(client.handshake()).toBe('ok');
  });

  it('a rejected promise fails the handshake with its alert', async () => {
    const verifier = { verifyServerCertificate: async () => { throw new CertificateError('unknown-issuer', 'unknown_ca', 'no'); } };
    const server = new ScriptedServer();
    const client = new TlsClient({ serverName: 'server', verifier });
    client.handshake();
    client.receive(server.respond(client.takeOutgoing()));
    expect(client.handshake()).toBe('want-async');
    await client.pendingWork();
    expect(() => client.handshake()).toThrow(CertificateError);
    server.respond(client.takeOutgoing());
    expect(server.receivedAlerts).toContainEqual([2, 48]);
  });
});

describe('records, alerts and closure (RFC 9846 §5, §6)', () => {
  it('a fatal alert from the server is reported with its description and not answered', () => {
    const server = new ScriptedServer();
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
    client.handshake();
    server.respond(client.takeOutgoing());
    client.receive(encodePlaintextRecord(ContentType.alert, new Uint8Array([2, 40])));
    expect(() => client.handshake()).toThrow(AlertReceivedError);
    expect(client.error?.alertName).toBe('handshake_failure');
    expect(client.takeOutgoing()).toHaveLength(0);
  });

  it('application data before the handshake: unexpected_message', () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
    client.handshake();
    client.takeOutgoing();
    client.receive(Uint8Array.from([23, 3, 3, 0, 17, ...new Uint8Array(17)]));
    expect(() => client.handshake()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('a ChangeCipherSpec other than 0x01: unexpected_message', () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
    client.handshake();
    client.receive(Uint8Array.from([20, 3, 3, 0, 1, 2]));
    expect(() => client.handshake()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('an oversized record header: record_overflow before the body arrives', () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
    client.handshake();
    client.receive(Uint8Array.from([22, 3, 3, 0x48, 0x01]));
    expect(() => client.handshake()).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
  });

  it('close_notify ends reading cleanly; writing still works', () => {
    const o = handshake();
    o.client.receive(o.server.closeNotify());
    expect(o.client.read()).toEqual({ status: 'eof' });
    expect(o.client.write(te.encode('still here')).status).toBe('ok');
  });

  it('TCP close without close_notify is truncation, not a clean end', () => {
    const o = handshake();
    o.client.receiveEof();
    expect(() => o.client.read()).toThrow(UnexpectedEofError);
  });

  it('KeyUpdate with update_requested is answered and both sides keep talking', () => {
    const o = handshake();
    o.client.receive(o.server.keyUpdate(true));
    expect(o.client.read()).toEqual({ status: 'want-write' });
    o.server.respond(o.client.takeOutgoing()); // the client's KeyUpdate
    expect(o.server.receivedHandshake).toContain(HandshakeType.key_update);
    o.client.write(te.encode('after update'));
    o.server.respond(o.client.takeOutgoing());
    expect(new TextDecoder().decode(o.server.received.at(-1))).toBe('after update');
    o.client.receive(o.server.appData('server after update'));
    const r = o.client.read();
    expect(r.status === 'ok' && new TextDecoder().decode(r.data)).toBe('server after update');
  });

  it('NewSessionTicket is handed to the application with its PSK', () => {
    const tickets: unknown[] = [];
    const o = handshake({}, { onSessionTicket: (t) => tickets.push(t) });
    o.client.receive(o.server.newSessionTicket());
    expect(o.client.read()).toEqual({ status: 'want-read' });
    expect(tickets).toHaveLength(1);
    expect(tickets[0]).toMatchObject({ lifetimeSeconds: 3600, ticket: new Uint8Array([1, 2, 3]) });
  });

  it('a handshake message other than NST/KeyUpdate after the handshake: unexpected_message', () => {
    const o = handshake();
    o.client.receive(o.server.seal(ContentType.handshake, frameHandshake(HandshakeType.encrypted_extensions, new Uint8Array([0, 0]))));
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('an all-zero inner plaintext: unexpected_message', () => {
    const o = handshake();
    o.client.receive(o.server.seal(0, new Uint8Array(0)));
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('a tampered record: bad_record_mac', () => {
    const o = handshake();
    const rec = o.server.appData('x');
    rec[rec.length - 1]! ^= 1;
    o.client.receive(rec);
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'bad_record_mac' }));
  });

  it('shutdown sends close_notify once; write afterwards is API misuse, not fatal', () => {
    const o = handshake();
    expect(o.client.shutdown()).toBe('want-write');
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.receivedAlerts).toContainEqual([1, 0]);
    expect(o.client.shutdown()).toBe('ok');
    expect(() => o.client.write(te.encode('x'))).toThrow(expect.objectContaining({ category: 'api-misuse' }));
    o.client.receive(o.server.appData('late'));
    expect(o.client.read().status).toBe('ok');
  });

  it('writes larger than a record are split, and backpressure reports want-write', () => {
    const o = handshake();
    const big = new Uint8Array(200_000).fill(0x61);
    const first = o.client.write(big);
    expect(first.status).toBe('ok');
    const written = first.status === 'ok' ? first.written : 0;
    expect(written).toBeLessThan(big.length);
    expect(o.client.write(big.subarray(written))).toEqual({ status: 'want-write' });
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.received.every((r) => r.length <= 16384)).toBe(true);
    expect(o.server.received.reduce((n, r) => n + r.length, 0)).toBe(written);
  });
});

describe('record_size_limit (RFC 8449)', () => {
  const rsl = (n: number) => ({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.record_size_limit, data: Uint8Array.of(n >> 8, n & 0xff) }] }) });

  it("the server's limit caps our protected records (limit minus the content type byte)", () => {
    const o = handshake(rsl(100), { recordSizeLimit: 16385 });
    expect(o.error).toBeUndefined();
    expect(o.client.info?.peerRecordSizeLimit).toBe(100);
    o.client.write(new Uint8Array(1000));
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.received.map((r) => r.length)).toEqual([99, 99, 99, 99, 99, 99, 99, 99, 99, 99, 10]);
  });

  it('an answer we did not ask for is unsupported_extension', () => {
    expectAlert(handshake(rsl(100)), 'unsupported_extension');
  });

  it('a limit below 64 is illegal_parameter', () => {
    expectAlert(handshake(rsl(63), { recordSizeLimit: 16385 }), 'illegal_parameter');
  });

  it('our own limit binds the server once acknowledged', () => {
    const o = handshake(rsl(16385), { recordSizeLimit: 200 });
    expect(o.error).toBeUndefined();
    o.client.receive(o.server.appData(new Uint8Array(199)));
    expect(o.client.read().status).toBe('ok');
    o.client.receive(o.server.appData(new Uint8Array(200)));
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
  });
});

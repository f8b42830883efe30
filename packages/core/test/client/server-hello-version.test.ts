// ServerHello versions (RFC 9846 §4.2.3, §4.3.1): a TLS 1.3 ServerHello or HelloRetryRequest must
// carry legacy_version 0x0303; a TLS 1.2 (or older) ServerHello, which may end right after
// legacy_compression_method, is refused for its version or its downgrade sentinel, never as
// undecodable.
import { describe, expect, it } from 'vitest';
import { ExtensionType, TlsClient, TlsError } from '../../src/index.js';
import { ContentType, HandshakeType } from '../../src/msgs/enums.js';

import { frameHandshake } from '../../src/msgs/handshake.js';

import { decodeServerHello } from '../../src/msgs/server_hello.js';

import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { ScriptedServer } from '../helpers/scripted_server.js';
import { encodeSupportedVersionsServer } from '../helpers/server_codecs.js';

const acceptAll = { verifyServerCertificate: () => {} };
const SENTINEL_TLS12 = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01];
const SENTINEL_TLS11 = [0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00];

/** A pre-TLS 1.3 ServerHello body: no extensions block unless `extensions` is given (raw bytes). */
function legacyServerHello(opts: { version?: number; sentinel?: number[]; extensions?: number[] } = {}): Uint8Array {
  const random = new Uint8Array(32).fill(7);
  if (opts.sentinel) random.set(opts.sentinel, 24);
  const version = opts.version ?? 0x0303;
  return Uint8Array.from([version >> 8, version & 0xff, ...random, 0, 0xc0, 0x2f, 0, ...(opts.extensions ?? [])]);
}

/** Sends the ClientHello, answers with the given ServerHello body, returns the client's error. */
function answerWith(body: Uint8Array): { error: TlsError | undefined; outgoing: Uint8Array } {
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll, middleboxCompatibility: false });
  client.handshake();
  client.takeOutgoing();
  client.receive(encodePlaintextRecord(ContentType.handshake, frameHandshake(HandshakeType.server_hello, body)));
  let error: TlsError | undefined;
  try {
    client.handshake();
  } catch (e) {
    error = e as TlsError;
  }
  return { error, outgoing: client.takeOutgoing() };
}

/** The handshake failed with `alert`, and that alert (plaintext, fatal) is what the client sends. */
function expectAlert(r: { error: TlsError | undefined; outgoing: Uint8Array }, alert: string): void {
  expect(r.error, 'handshake should fail').toBeInstanceOf(TlsError);
  expect(r.error!.alertName).toBe(alert);
  expect([...r.outgoing]).toEqual([ContentType.alert, 3, 3, 0, 2, 2, r.error!.alert]);
}

/** Runs a full handshake against the scripted server; returns the error, if any. */
function scripted(server: ScriptedServer): TlsError | undefined {
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
  for (let i = 0; i < 10; i++) {
    let status;
    try {
      status = client.handshake();
    } catch (e) {
      server.respond(client.takeOutgoing());
      return e as TlsError;
    }
    const out = client.takeOutgoing();
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    if (status === 'ok' && answer.length === 0) return undefined;
    if (answer.length > 0) client.receive(answer);
  }
  return undefined;
}

describe('TLS 1.3 legacy_version (RFC 9846 §4.2.3)', () => {
  it('a TLS 1.3 ServerHello whose legacy_version is not 0x0303 ends with protocol_version', () => {
    for (const legacyVersion of [0x0304, 0x0301, 0x0302, 0x0000]) {
      const server = new ScriptedServer({ serverHello: (sh) => ({ ...sh, legacyVersion }) });
      const error = scripted(server);
      expect(error?.alertName, `legacy_version 0x${legacyVersion.toString(16)}`).toBe('protocol_version');
      expect(server.receivedAlerts).toContainEqual([2, 70]);
    }
  });

  it('a HelloRetryRequest whose legacy_version is not 0x0303 ends with protocol_version', () => {
    const sv = { type: ExtensionType.supported_versions, data: encodeSupportedVersionsServer(0x0304) };
    const cookie = { type: ExtensionType.cookie, data: Uint8Array.of(0, 1, 9) };
    const server = new ScriptedServer({
      helloRetry: (ch, count) => count === 0
        ? { legacyVersion: 0x0304, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [sv, cookie] }
        : undefined,
    });
    expect(scripted(server)?.alertName).toBe('protocol_version');
    expect(server.receivedAlerts).toContainEqual([2, 70]);
  });

  it('a TLS 1.3 ServerHello with legacy_version 0x0303 still completes', () => {
    expect(scripted(new ScriptedServer())).toBeUndefined();
  });
});

describe('TLS 1.2 and older ServerHellos (RFC 9846 §4.2.3 downgrade protection)', () => {
  it('a TLS 1.2 ServerHello without an extensions block ends with protocol_version, not decode_error', () => {
    expectAlert(answerWith(legacyServerHello()), 'protocol_version');
  });

  it('a TLS 1.2 ServerHello without an extensions block but with the TLS 1.2 downgrade sentinel ends with illegal_parameter', () => {
    expectAlert(answerWith(legacyServerHello({ sentinel: SENTINEL_TLS12 })), 'illegal_parameter');
  });

  it('a TLS 1.1 ServerHello without an extensions block but with the TLS 1.1 downgrade sentinel ends with illegal_parameter', () => {
    expectAlert(answerWith(legacyServerHello({ version: 0x0302, sentinel: SENTINEL_TLS11 })), 'illegal_parameter');
  });

  it('a TLS 1.0 ServerHello without an extensions block ends with protocol_version', () => {
    expectAlert(answerWith(legacyServerHello({ version: 0x0301 })), 'protocol_version');
  });

  it('a TLS 1.2 ServerHello with an empty extensions block ends with protocol_version', () => {
    expectAlert(answerWith(legacyServerHello({ extensions: [0, 0] })), 'protocol_version');
  });

  it('a TLS 1.2 ServerHello with TLS 1.2 extensions (renegotiation_info) ends with protocol_version', () => {
    expectAlert(answerWith(legacyServerHello({ extensions: [0, 5, 0xff, 0x01, 0, 1, 0] })), 'protocol_version');
  });

  it('a ServerHello cut inside the extensions block is still a decode_error', () => {
    expectAlert(answerWith(legacyServerHello({ extensions: [0] })), 'decode_error');
    expectAlert(answerWith(legacyServerHello({ extensions: [0, 4, 0xff, 0x01] })), 'decode_error');
  });

  it('a ServerHello cut before legacy_compression_method is a decode_error', () => {
    expectAlert(answerWith(legacyServerHello().subarray(0, 37)), 'decode_error');
  });
});

describe('decodeServerHello', () => {
  it('decodes a ServerHello that ends after legacy_compression_method as having no extensions', () => {
    const sh = decodeServerHello(legacyServerHello());
    expect(sh.extensions).toEqual([]);
    expect(sh.legacyVersion).toBe(0x0303);
    expect(sh.cipherSuite).toBe(0xc02f);
  });
});

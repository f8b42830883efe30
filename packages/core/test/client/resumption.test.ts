// Resumption and 0-RTT against a scripted server that knows the PSK (RFC 9846 §2.2, §2.3,
// §4.3.9–§4.3.11): the honest paths (resumed, 0-RTT accepted, refused, declined, after a
// HelloRetryRequest) and a hostile server, each of whose violations must end in its alert.
import { describe, expect, it } from 'vitest';
import { TlsClient, TlsError, type ClientConfig, type SessionTicket } from '../../src/index.js';
import { AlertDescription } from '../../src/msgs/alert.js';
import { ExtensionType, HandshakeType, NamedGroup } from '../../src/msgs/enums.js';
import { findExtension } from '../../src/msgs/extension.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import { encodeCertificate } from '../../src/msgs/certificate.js';
import { makeTicket, PskServer, type PskMutations } from '../helpers/psk_server.js';
import { decodePreSharedKeyClient, encodePreSharedKeyServer } from '../helpers/server_codecs.js';

const NOW = 1_000_000 + 5_000;
const te = new TextEncoder();

function client(over: Partial<ClientConfig> = {}): TlsClient {
  let n = 0;
  return new TlsClient({
    serverName: 'example.com',
    dangerouslySkipCertificateVerification: true,
    verifier: { verifyServerCertificate: () => { throw new Error('a resumed handshake verifies no certificate'); } },
    random: (len) => new Uint8Array(len).fill(++n),
    now: () => NOW,
    ...over,
  });
}

/** Runs the handshake against `server`, passing `early` as 0-RTT data right after the ClientHello. */
function handshake(c: TlsClient, server: PskServer, early?: Uint8Array): { status: string; wrote: number } {
  expect(c.handshake()).toBe('want-write');
  let toServer = c.takeOutgoing();
  let wrote = 0;
  if (early !== undefined) {
    const w = c.write(early);
    if (w.status === 'ok') wrote = w.written;
    toServer = Uint8Array.from([...toServer, ...c.takeOutgoing()]);
  }
  for (let round = 0; round < 4; round++) {
    const answer = server.respond(toServer);
    c.receive(answer);
    const status = c.handshake();
    toServer = c.takeOutgoing();
    if (status === 'ok' || (status === 'want-write' && c.isHandshakeComplete)) {
      server.respond(toServer);
      return { status: 'ok', wrote };
    }
  }
  server.respond(toServer);
  return { status: c.handshake(), wrote };
}

/** The handshake's failure: its alert, with the alert queued for the peer. */
function failure(ticket: SessionTicket, m: PskMutations, over: Partial<ClientConfig> = {}, early?: Uint8Array): TlsError {
  const c = client({ session: ticket, ...over });
  const server = new PskServer(ticket, m);
  try {
    handshake(c, server, early);
  } catch (e) {
    expect(e).toBeInstanceOf(TlsError);
    expect(c.takeOutgoing().length).toBeGreaterThan(0); // the alert went out
    return e as TlsError;
  }
  throw new Error('the handshake did not fail');
}

describe('resumption with a PSK (RFC 9846 §2.2, §4.3.11)', () => {
  it('resumes: the binder checks out, no Certificate, the ticket chain reported', () => {
    const ticket = makeTicket();
    const c = client({ session: ticket });
    const server = new PskServer(ticket);
    expect(handshake(c, server).status).toBe('ok');
    expect(server.bindersValid).toBe(true);
    expect(server.finishedValid).toBe(true);
    const info = c.info!;
    expect(info.resumed).toBe(true);
    expect(info.earlyData).toBe('not-offered');
    expect(info.peerCertificates).toEqual(ticket.peerCertificates);
    expect(info.signatureScheme).toBe(0x0804);
    const psk = findExtension(server.hellos[0]!.ch.extensions, ExtensionType.pre_shared_key)!;
    const { identities } = decodePreSharedKeyClient(psk.data);
    // §4.3.11.1: the age in ms plus ticket_age_add, mod 2^32.
    expect(identities[0]!.obfuscatedTicketAge).toBe((5_000 + ticket.ageAdd) >>> 0);
    expect(server.hellos[0]!.ch.extensions.at(-1)!.type).toBe(ExtensionType.pre_shared_key);
  });

  it('offers no ticket that does not fit: expired, another server name, a hash we do not offer', () => {
    for (const [ticket, over] of [
      [makeTicket({ lifetimeSeconds: 4 }), {}],
      [makeTicket({ serverName: 'other.example' }), {}],
      [makeTicket({ cipherSuite: 0x1302 }), { cipherSuites: [0x1301, 0x1303] }],
      [makeTicket({ receivedAt: NOW + 1 }), {}],
      [makeTicket({ verified: false }), {}], // from a connection without a verifier, and this one has one
    ] as [SessionTicket, Partial<ClientConfig>][]) {
      const c = client({ session: ticket, ...over });
      c.handshake();
      const server = new PskServer(ticket);
      server.respond(c.takeOutgoing());
      expect(findExtension(server.hellos[0]!.ch.extensions, ExtensionType.pre_shared_key)).toBeUndefined();
    }
  });

  it('an unverified ticket resumes a connection that does not verify either', () => {
    const ticket = makeTicket({ verified: false });
    const c = client({ session: ticket, verifier: undefined });
    expect(handshake(c, new PskServer(ticket)).status).toBe('ok');
    expect(c.info!.resumed).toBe(true);
  });

  it('psk_ke only when the application allows it: then no key_share, no group (RFC 9846 §4.3.9)', () => {
    const ticket = makeTicket();
    const c = client({ session: ticket, pskKeyExchangeModes: ['psk_dhe_ke', 'psk_ke'], grease: false }); // the exact modes list below
    const server = new PskServer(ticket, { pskKe: true });
    expect(handshake(c, server).status).toBe('ok');
    expect(server.finishedValid).toBe(true);
    expect(c.info!.resumed).toBe(true);
    expect(c.info!.group).toBeUndefined();
    const modes = findExtension(server.hellos[0]!.ch.extensions, ExtensionType.psk_key_exchange_modes)!;
    expect([...modes.data]).toEqual([2, 1, 0]);
    expect(failure(ticket, { pskKe: true }).alert).toBe(AlertDescription.illegal_parameter); // psk_dhe_ke only, the default
    expect(() => client({ pskKeyExchangeModes: [] })).toThrow(/pskKeyExchangeModes/);
  });

  it('keeps the PSK through a HelloRetryRequest with a binder over the new transcript, and drops early_data', () => {
    const ticket = makeTicket();
    const c = client({ session: ticket, earlyData: true });
    const server = new PskServer(ticket, { helloRetryGroup: NamedGroup.secp256r1 });
    const early = te.encode('GET / early');
    expect(handshake(c, server, early).status).toBe('ok');
    expect(server.hellos).toHaveLength(2);
    expect(findExtension(server.hellos[1]!.ch.extensions, ExtensionType.pre_shared_key)).toBeDefined();
    expect(findExtension(server.hellos[1]!.ch.extensions, ExtensionType.early_data)).toBeUndefined();
    expect(server.bindersValid).toBe(true);
    expect(c.info!.resumed).toBe(true);
    expect(c.info!.earlyData).toBe('rejected');
    expect(server.earlyData).toHaveLength(0);
    expect(c.takeRejectedEarlyData()).toEqual(early);
    expect(c.takeRejectedEarlyData()).toHaveLength(0); // handed out once
    // The early exporter went with the refused 0-RTT (the server's early secret is not ours to bind to).
    expect(() => c.exportEarlyKeyingMaterial('L', undefined, 8)).toThrow(/refused 0-RTT/);
  });

  it('a server that declines the PSK gets the full handshake: a Certificate is then required', () => {
    const ticket = makeTicket();
    // The scripted server sends no Certificate: a client that took the handshake as resumed would
    // finish; one on the full path (§4.4.1 onwards) wants the Certificate first.
    const e = failure(ticket, { declinePsk: true }, { earlyData: true }, te.encode('x'));
    expect(e.alert).toBe(AlertDescription.unexpected_message);
    expect(e.message).toMatch(/Certificate/);
  });
});

describe('an asynchronous session store (want-async before the ClientHello)', () => {
  it('waits for take(), then offers the ticket; a rejected take() means a full handshake', async () => {
    const ticket = makeTicket();
    const answers: [() => Promise<SessionTicket>, boolean][] = [[async () => ticket, true], [async () => { throw new Error('store down'); }, false]];
    for (const [take, offered] of answers) {
      const c = client({ sessionStore: { put: () => {}, take } });
      expect(c.handshake()).toBe('want-async');
      expect(c.takeOutgoing()).toHaveLength(0);
      await c.pendingWork();
      expect(c.handshake()).toBe('want-write');
      const server = new PskServer(ticket);
      server.respond(c.takeOutgoing());
      expect(findExtension(server.hellos[0]!.ch.extensions, ExtensionType.pre_shared_key) !== undefined).toBe(offered);
    }
  });
});

describe('0-RTT early data (RFC 9846 §2.3, §4.3.10)', () => {
  it('accepted: sent under the early keys, EndOfEarlyData before Finished', () => {
    const ticket = makeTicket();
    const c = client({ session: ticket, earlyData: true });
    const server = new PskServer(ticket);
    const early = te.encode('GET / HTTP/1.1\r\n\r\n');
    const r = handshake(c, server, early);
    expect(r).toEqual({ status: 'ok', wrote: early.length });
    expect(Buffer.concat(server.earlyData)).toEqual(Buffer.from(early));
    expect(server.handshakeTypes).toEqual([HandshakeType.end_of_early_data, HandshakeType.finished]);
    expect(server.finishedValid).toBe(true);
    expect(c.info!.earlyData).toBe('accepted');
    expect(c.takeRejectedEarlyData()).toHaveLength(0);
  });

  it('bounded by max_early_data_size: the rest waits for the handshake', () => {
    const ticket = makeTicket({ maxEarlyData: 10 });
    const c = client({ session: ticket, earlyData: true });
    const r = handshake(c, new PskServer(ticket), new Uint8Array(100));
    expect(r.wrote).toBe(10);
  });

  it('refused (no early_data in EncryptedExtensions): the bytes are handed back, nothing reached the server', () => {
    const ticket = makeTicket();
    const c = client({ session: ticket, earlyData: true });
    const server = new PskServer(ticket, { acceptEarlyData: false });
    const early = te.encode('hello');
    expect(handshake(c, server, early).status).toBe('ok');
    expect(server.earlyData).toHaveLength(0);
    expect(server.handshakeTypes).toEqual([HandshakeType.finished]); // no EndOfEarlyData (§4.3.10)
    expect(server.finishedValid).toBe(true);
    expect(c.info!.earlyData).toBe('rejected');
    expect(c.takeRejectedEarlyData()).toEqual(early);
  });

  it('not offered without a ticket that allows it, or without the ticket ALPN', () => {
    for (const [ticket, over] of [
      [makeTicket({ maxEarlyData: undefined }), {}],
      [makeTicket({ maxEarlyData: 0 }), {}],
      [makeTicket({ alpnProtocol: 'h2' }), { alpnProtocols: ['http/1.1'] }],
      [makeTicket(), { alpnProtocols: ['h2'] }],
    ] as [SessionTicket, Partial<ClientConfig>][]) {
      const c = client({ session: ticket, earlyData: true, ...over });
      c.handshake();
      const server = new PskServer(ticket);
      server.respond(c.takeOutgoing());
      expect(findExtension(server.hellos[0]!.ch.extensions, ExtensionType.early_data)).toBeUndefined();
      expect(c.write(new Uint8Array(5)).status).toBe('want-read');
    }
  });
});

describe('a hostile server answering a PSK offer', () => {
  const ticket = makeTicket();
  const withPsk = (index: number): PskMutations => ({
    serverHello: (sh) => ({ ...sh, extensions: sh.extensions.map((e) => (e.type === ExtensionType.pre_shared_key ? { type: e.type, data: encodePreSharedKeyServer(index) } : e)) }),
  });

  it('selected_identity out of range: illegal_parameter', () => {
    expect(failure(ticket, withPsk(1)).alert).toBe(AlertDescription.illegal_parameter);
  });

  it('a suite whose hash is not the ticket\'s: illegal_parameter', () => {
    expect(failure(ticket, { suite: 0x1302 }).alert).toBe(AlertDescription.illegal_parameter);
  });

  it('a resumed ServerHello without key_share (we offer psk_dhe_ke only): illegal_parameter', () => {
    const e = failure(ticket, { serverHello: (sh) => ({ ...sh, extensions: sh.extensions.filter((x) => x.type !== ExtensionType.key_share) }) });
    expect(e.alert).toBe(AlertDescription.illegal_parameter);
  });

  it('early_data in EncryptedExtensions when none was offered: unsupported_extension', () => {
    const e = failure(ticket, { encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: ExtensionType.early_data, data: new Uint8Array(0) }] }) });
    expect(e.alert).toBe(AlertDescription.unsupported_extension);
  });

  it('early data accepted under another suite of the same hash: illegal_parameter', () => {
    const e = failure(ticket, { suite: 0x1303 }, { earlyData: true }, te.encode('x'));
    expect(e.alert).toBe(AlertDescription.illegal_parameter);
  });

  it('a Certificate in a resumed handshake: unexpected_message', () => {
    const cert = frameHandshake(HandshakeType.certificate, encodeCertificate({ context: new Uint8Array(0), entries: [{ data: new Uint8Array([0x30, 0]), extensions: [] }] }));
    expect(failure(ticket, { beforeFinished: [cert] }).alert).toBe(AlertDescription.unexpected_message);
  });

  it('pre_shared_key in a ServerHello when we offered none: unsupported_extension', () => {
    const c = client();
    const server = new PskServer(ticket, { serverHello: (sh) => ({ ...sh, extensions: [...sh.extensions, { type: ExtensionType.pre_shared_key, data: encodePreSharedKeyServer(0) }] }) });
    c.handshake();
    c.receive(server.respond(c.takeOutgoing()));
    expect(() => c.handshake()).toThrow(expect.objectContaining({ alert: AlertDescription.unsupported_extension }));
  });
});

// The RFC 8448 replays with the node:crypto provider: the same trace, byte for byte, as with noble
// (core's test/client/rfc8448-replay.test.ts): randomness and clock from the trace, so the X25519
// and P-256 keys come from its RNG pool, and the RSA-1024 server key is accepted only because
// the provider is configured for it, exactly as the noble replay's.
import { describe, expect, it } from 'vitest';
import { TlsClient, type SessionTicket } from '@puretls/core';
import { nssConfig } from '../../../core/test/helpers/nss_client.js';
import { hex, loadTrace, toHex, type Trace } from '../../../core/test/helpers/vectors.js';
import { createNodeCryptoProvider, nodeCryptoProvider } from '../../src/crypto/index.js';

const rfc8448Node = createNodeCryptoProvider({ rsa: { minModulusBits: 1024 } });

function client(t: Trace, opts: Parameters<typeof nssConfig>[1], crypto = rfc8448Node, onSessionTicket?: (s: SessionTicket) => void): TlsClient {
  return new TlsClient({ ...nssConfig(t, opts), crypto, ...(onSessionTicket ? { onSessionTicket } : {}) });
}

function finishAndClose(c: TlsClient, t: Trace): void {
  c.receive(hex(t.Record_ServerHello!));
  c.receive(hex(t.Record_ServerHandshakeMessages!));
  expect(c.handshake()).toBe('want-write');
  expect(toHex(c.takeOutgoing())).toBe(t.Record_ClientFinished);
  expect(c.handshake()).toBe('ok');
}

describe('RFC 8448 replays with nodeCryptoProvider', () => {
  it('§3 Simple 1-RTT: every client record byte for byte, the server\'s data and ticket read', () => {
    const t = loadTrace('simple-1rtt.json');
    const tickets: SessionTicket[] = [];
    const c = client(t, { ffdhe: true, ticket: true, compat: false }, rfc8448Node, (s) => tickets.push(s));
    expect(c.handshake()).toBe('want-write');
    expect(toHex(c.takeOutgoing())).toBe(t.Record_ClientHello_1);
    expect(c.handshake()).toBe('want-read');
    finishAndClose(c, t);
    expect(c.info).toMatchObject({ cipherSuiteName: 'TLS_AES_128_GCM_SHA256', groupName: 'x25519', signatureSchemeName: 'rsa_pss_rsae_sha256' });

    c.receive(hex(t.Record_NewSessionTicket!));
    expect(c.read()).toEqual({ status: 'want-read' });
    expect(tickets.map((s) => toHex(s.ticket))).toEqual([t.SessionTicket]);

    expect(c.write(hex(t.Client_AppData!))).toEqual({ status: 'ok', written: 50 });
    expect(toHex(c.takeOutgoing())).toBe(t.Record_Client_AppData);
    c.receive(hex(t.Record_Server_AppData!));
    const r = c.read();
    expect(r.status === 'ok' && toHex(r.data)).toBe(t.Server_AppData);

    expect(c.shutdown()).toBe('want-write');
    expect(toHex(c.takeOutgoing())).toBe(t.Record_Client_CloseNotify);
    c.receive(hex(t.Record_Server_CloseNotify!));
    expect(c.read()).toEqual({ status: 'eof' });
  });

  it('§5 HelloRetryRequest: the P-256 share drawn from the trace\'s pool, byte for byte', () => {
    const t = loadTrace('hello-retry-request.json');
    const c = client(t, { ffdhe: false, ticket: false, compat: false });
    expect(c.handshake()).toBe('want-write');
    expect(toHex(c.takeOutgoing())).toBe(t.Record_ClientHello_1);
    c.receive(hex(t.Record_HelloRetryRequest!));
    expect(c.handshake()).toBe('want-write');
    expect(toHex(c.takeOutgoing())).toBe(t.Record_ClientHello_2);
    finishAndClose(c, t);
    expect(c.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp256r1' });
  });

  it('the default bounds refuse the trace\'s RSA-1024 server key (as noble\'s do)', () => {
    const t = loadTrace('simple-1rtt.json');
    const c = client(t, { ffdhe: true, ticket: true, compat: false }, nodeCryptoProvider);
    expect(c.handshake()).toBe('want-write');
    expect(toHex(c.takeOutgoing())).toBe(t.Record_ClientHello_1);
    c.receive(hex(t.Record_ServerHello!));
    c.receive(hex(t.Record_ServerHandshakeMessages!));
    expect(() => c.handshake()).toThrow(expect.objectContaining({ name: 'RsaKeyError', reason: 'weak-key', alertName: 'unsupported_certificate' }));
  });
});

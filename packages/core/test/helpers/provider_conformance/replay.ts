// 4. RFC 8448 replays with the provider under test: §3 (simple 1-RTT), §5 (HelloRetryRequest,
// secp256r1) and §7 (middlebox compatibility). The client's records must equal the trace byte for
// byte, as in client/rfc8448-replay.test.ts; nssConfig is used as is, with its `crypto` replaced.
// A provider with an asynchronous AEAD lane reports want-async for application records: the
// replays then await pendingWork() and call again, and the bytes must still be the trace's.
import { describe, expect, it } from 'vitest';
import { SignatureScheme, TlsClient, TlsError, type ClientConfig, type CryptoProvider, type SessionTicket } from '../../../src/index.js';
import { certificateSpki } from '../../../src/der.js';
import { nssConfig, serverCert } from '../nss_client.js';
import { hex, loadTrace, toHex, type Trace } from '../vectors.js';
import { expectTlsError, thrown } from './util.js';
import { handshakeSettled, settled } from '../settled.js';
import type { Make } from './index.js';

/** The NSS client of a trace, on `crypto` instead of the noble provider nssConfig wires in. */
function replayConfig(crypto: CryptoProvider, t: Trace, opts: { ffdhe: boolean; ticket: boolean; compat: boolean }, keyLog?: (l: string) => void): ClientConfig {
  return { ...nssConfig(t, opts, keyLog), crypto };
}

/** Hands the client the server's flight; a provider's asynchronous work (want-async) is awaited. */
async function finishHandshake(client: TlsClient, t: Trace): Promise<void> {
  client.receive(hex(t.Record_ServerHello!));
  client.receive(hex(t.Record_ServerHandshakeMessages!));
  expect(await handshakeSettled(client)).toBe('want-write');
  expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientFinished);
  expect(client.handshake()).toBe('ok');
}

async function closeBothWays(client: TlsClient, t: Trace): Promise<void> {
  expect(client.shutdown()).toBe('want-write');
  expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_CloseNotify);
  expect(client.shutdown()).toBe('ok');
  client.receive(hex(t.Record_Server_CloseNotify!));
  expect(await settled(client, () => client.read())).toEqual({ status: 'eof' });
}

export function describeReplays(make: Make): void {
  describe('RFC 8448 replays, byte for byte', () => {
    it('§3 Simple 1-RTT: ClientHello, Finished, ticket, application data and close_notify', async () => {
      const t = loadTrace('simple-1rtt.json');
      const keyLog: string[] = [];
      const tickets: SessionTicket[] = [];
      const crypto = make({ rsaMinModulusBits: 1024 });
      const client = new TlsClient({ ...replayConfig(crypto, t, { ffdhe: true, ticket: true, compat: false }, (l) => keyLog.push(l)), onSessionTicket: (s) => tickets.push(s) });
      expect(client.handshake()).toBe('want-write');
      expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
      expect(client.handshake()).toBe('want-read');
      await finishHandshake(client, t);
      const info = client.info!;
      expect(info.cipherSuiteName).toBe('TLS_AES_128_GCM_SHA256');
      expect(info.groupName).toBe('x25519');
      expect(info.signatureScheme).toBe(SignatureScheme.rsa_pss_rsae_sha256);
      expect(info.peerCertificates.map(toHex)).toEqual([toHex(serverCert)]);
      expect(keyLog.map((l) => l.split(' ')[0])).toEqual(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'SERVER_TRAFFIC_SECRET_0', 'EXPORTER_SECRET']);
      client.receive(hex(t.Record_NewSessionTicket!));
      expect(await settled(client, () => client.read())).toEqual({ status: 'want-read' });
      expect(tickets.map((s) => toHex(s.ticket))).toEqual([t.SessionTicket]);
      expect(await settled(client, () => client.write(hex(t.Client_AppData!)))).toEqual({ status: 'ok', written: 50 });
      expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_AppData);
      client.receive(hex(t.Record_Server_AppData!));
      const r = await settled(client, () => client.read());
      expect(r.status === 'ok' && toHex(r.data)).toBe(t.Server_AppData);
      await closeBothWays(client, t);
    });

    it("§3 server CertificateVerify: the trace's RSA-PSS signature verifies with the 1024-bit certificate key", () => {
      const t = loadTrace('simple-1rtt.json');
      const crypto = make({ rsaMinModulusBits: 1024 });
      const key = crypto.parsePublicKey(certificateSpki(serverCert));
      expect(key).toMatchObject({ kind: 'rsa', bits: 1024, pssOnly: false });
      const scheme = crypto.signatureSchemes.find((s) => s.id === SignatureScheme.rsa_pss_rsae_sha256)!;
      expect(scheme.verify(key, hex(t.Server_MessageToSign!), hex(t.Server_MessageSignature!))).toBe(true);
      expect(scheme.verify(key, hex(t.Server_MessageToSign!).subarray(1), hex(t.Server_MessageSignature!))).toBe(false);
    });

    it('§5 HelloRetryRequest: the second ClientHello has a secp256r1 share from the trace', async () => {
      const t = loadTrace('hello-retry-request.json');
      const client = new TlsClient(replayConfig(make({ rsaMinModulusBits: 1024 }), t, { ffdhe: false, ticket: false, compat: false }));
      expect(client.handshake()).toBe('want-write');
      expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
      client.receive(hex(t.Record_HelloRetryRequest!));
      expect(client.handshake()).toBe('want-write');
      expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_2);
      await finishHandshake(client, t);
      expect(client.info!.helloRetryRequest).toBe(true);
      expect(client.info!.groupName).toBe('secp256r1');
      await closeBothWays(client, t);
    });

    it('§7 Middlebox compatibility mode', async () => {
      const t = loadTrace('middlebox-compatibility.json');
      const client = new TlsClient(replayConfig(make({ rsaMinModulusBits: 1024 }), t, { ffdhe: true, ticket: false, compat: true }));
      expect(client.handshake()).toBe('want-write');
      expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
      await finishHandshake(client, t);
      await closeBothWays(client, t);
    });

    it("§3 with the default RSA bounds: the 1024-bit server key is refused with the provider's RsaKeyError(weak-key)", async () => {
      const t = loadTrace('simple-1rtt.json');
      const client = new TlsClient(replayConfig(make(), t, { ffdhe: true, ticket: true, compat: false }));
      client.handshake();
      client.takeOutgoing();
      client.receive(hex(t.Record_ServerHello!));
      client.receive(hex(t.Record_ServerHandshakeMessages!));
      // An asynchronous key exchange (WebCrypto's deriveBits) first: its want-async is awaited
      // (a synchronous provider fails at once: the next call throws the same fatal error again).
      await handshakeSettled(client).catch(() => undefined);
      // The provider's refusal reaches the caller as it is (authentication.ts leafKey): a key
      // refused for its size is unsupported_certificate, not an unreadable (bad_certificate) key.
      expectTlsError(() => client.handshake(), { name: 'RsaKeyError', category: 'certificate', alertName: 'unsupported_certificate', reason: 'weak-key' }, 'the handshake');
    });
  });
}

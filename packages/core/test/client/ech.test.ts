// Encrypted Client Hello (RFC 9849) end to end against an ECH client-facing server written from
// the RFC apart from the engine (helpers/ech_front.ts: its own ClientHello codec, hpke-js, HKDF on
// node:crypto) in front of the scripted backend: accepted, rejected with retry configs and the
// retry that then succeeds, HelloRetryRequest with ECH, the wire never naming the real server or
// ALPN, the padding rule, GREASE ECH, and hostile servers each ending in their alert.
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, createWebCryptoProvider, EchRejectedError, TlsClient, TlsError, type ClientConfig } from '../../src/index.js';
import { echInnerPadding, encodeClientHelloInner } from '../../src/client/ech_inner.js';
import { decodeEchClientHello } from '../../src/msgs/ech_extension.js';
import { findExtension } from '../../src/msgs/extension.js';
import { alpnOf, configList, EchFront, makeEchKey, sniOf, type EchFrontOptions } from '../helpers/ech_front.js';
import { PUBLIC, REAL, recordingVerifier, run } from '../helpers/ech_run.js';
import { decodeClientHello } from '../helpers/server_codecs.js';
import { handshake as plainHandshake } from '../helpers/scripted_client.js';
import { encodeKeyShareHrr, ScriptedServer, te } from '../helpers/scripted_server.js';

const key = (configId = 7, seed = 1, extra: Partial<Parameters<typeof makeEchKey>[0]> = {}) => makeEchKey({ configId, publicName: PUBLIC, seed, maximumNameLength: 32, ...extra });
const front = (o: EchFrontOptions) => new EchFront(o);
const p256Retry = { helloRetry: (_: unknown, n: number) => (n === 0 ? { legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: new Uint8Array(32).fill(0), cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [{ type: 51, data: encodeKeyShareHrr(0x0017) }, { type: 43, data: Uint8Array.of(3, 4) }] } : undefined) };

/** HRR echoing the client's session id (set per test from the ClientHello it answers). */
function retryFor() {
  return {
    helloRetry: (ch: { legacySessionId: Uint8Array }, n: number) => (n === 0 ? { ...p256Retry.helloRetry(ch, n)!, legacySessionIdEcho: ch.legacySessionId } : undefined),
  };
}

describe('ECH accepted (RFC 9849 §6.1, §7.2)', () => {
  it('hides the name and ALPN in the inner hello; the server confirms; the real name is verified', async () => {
    const k = await key();
    const f = front({ keys: [k] });
    const { client, error, names } = await run(f, { ech: configList(k) });
    expect(error).toBeUndefined();
    expect(client.info?.ech).toBe('accepted');
    expect(client.info?.alpnProtocol).toBeUndefined(); // the scripted backend selects none
    expect(f.seen.accepted).toBe(true);
    const [outer] = f.seen.outers;
    const [inner] = f.seen.inners;
    expect(sniOf(outer!)).toBe(PUBLIC);
    expect(alpnOf(outer!)).toBeUndefined();
    expect(sniOf(inner!)).toBe(REAL);
    expect(alpnOf(inner!)!.at(-1)).toBe('h2'); // after a GREASE name (RFC 8701)
    expect(inner!.random.equals(outer!.random)).toBe(false);
    expect(inner!.sessionId.equals(outer!.sessionId)).toBe(true);
    // The key shares came from the outer hello (ech_outer_extensions) and are the same bytes.
    expect(inner!.extensions.find((e) => e.type === 51)!.data.equals(outer!.extensions.find((e) => e.type === 51)!.data)).toBe(true);
    expect(f.seen.encodedInners[0]!.length % 32).toBe(0);
    expect(names).toEqual([REAL]);
    // Application data flows under the inner handshake's keys.
    client.write(te.encode('over ECH'));
    f.backend.respond(client.takeOutgoing());
    expect(new TextDecoder().decode(f.backend.received[0])).toBe('over ECH');
  });

  it('with each HPKE suite of the config (HKDF-SHA256/384/512 × AES-128-GCM, AES-256-GCM, ChaCha20-Poly1305)', async () => {
    for (const kdf of [1, 2, 3]) {
      for (const aead of [1, 2, 3]) {
        const k = await key(9, 3, { suites: [{ kdf, aead }] });
        const f = front({ keys: [k] });
        const { client, error } = await run(f, { ech: configList(k) });
        expect(error, `${kdf}/${aead}`).toBeUndefined();
        expect(client.info?.ech).toBe('accepted');
      }
    }
  });

  it('takes the config as base64, and skips configs it cannot use', async () => {
    const k = await key(5);
    const unusable = await key(6, 2, { suites: [{ kdf: 4, aead: 1 }] });
    const f = front({ keys: [k] });
    const { client, error } = await run(f, { ech: configList(unusable, k).toString('base64') });
    expect(error).toBeUndefined();
    expect(client.info?.ech).toBe('accepted');
  });

  it('after a HelloRetryRequest: the second ClientHelloOuter reuses the HPKE context with an empty enc (§6.1.5)', async () => {
    const k = await key();
    const f = front({ keys: [k], backend: retryFor() });
    const { client, error } = await run(f, { ech: configList(k) });
    expect(error).toBeUndefined();
    expect(client.info?.helloRetryRequest).toBe(true);
    expect(client.info?.ech).toBe('accepted');
    expect(f.seen.inners).toHaveLength(2);
    const second = decodeEchClientHello(f.seen.outers[1]!.extensions.find((e) => e.type === 0xfe0d)!.data);
    expect(second.type === 0 && second.enc.length).toBe(0);
    expect(sniOf(f.seen.inners[1]!)).toBe(REAL);
  });
});

describe('ECH with an asynchronous key exchange (the WebCrypto provider: the secret from deriveBits)', () => {
  it('accepted: the inner handshake completes on the asynchronous secret', async () => {
    const k = await key();
    const f = front({ keys: [k] });
    const { client, error, names } = await run(f, { ech: configList(k), crypto: createWebCryptoProvider(globalThis.crypto.subtle) });
    expect(error).toBeUndefined();
    expect(client.info?.ech).toBe('accepted');
    expect(names).toEqual([REAL]);
  });

  it('rejected: the outer handshake authenticates the public name and ends with ech_required', async () => {
    const f = front({ keys: [await key(2, 12)] });
    const { error, names } = await run(f, { ech: configList(await key(1, 11)), crypto: createWebCryptoProvider(globalThis.crypto.subtle) });
    expect(error).toBeInstanceOf(EchRejectedError);
    expect(names).toEqual([PUBLIC]);
    expect(f.backend.receivedAlerts).toEqual([[2, 121]]);
  });

  it('after a HelloRetryRequest to P-256 (its secret from deriveBits too)', async () => {
    const k = await key();
    const f = front({ keys: [k], backend: retryFor() });
    const { client, error } = await run(f, { ech: configList(k), crypto: createWebCryptoProvider(globalThis.crypto.subtle) });
    expect(error).toBeUndefined();
    expect(client.info?.ech).toBe('accepted');
    expect(client.info?.helloRetryRequest).toBe(true);
    expect(client.info?.groupName).toBe('secp256r1');
  });
});

describe('ECH rejected (RFC 9849 §6.1.6, §6.1.7)', () => {
  it('authenticates the public name, ends with ech_required, hands over the retry configs; the retry succeeds', async () => {
    const stale = await key(1, 11);
    const current = await key(2, 12);
    const f = front({ keys: [current] });
    const { error, names } = await run(f, { ech: configList(stale) });
    expect(error).toBeInstanceOf(EchRejectedError);
    const e = error as EchRejectedError;
    expect([e.alert, e.category, e.publicName]).toEqual([121, 'ech-rejected', PUBLIC]);
    expect(Buffer.from(e.retryConfigs!).equals(configList(current))).toBe(true);
    expect(names).toEqual([PUBLIC]);
    expect(f.backend.receivedAlerts).toEqual([[2, 121]]);
    expect(f.backend.receivedHandshake).not.toContain(20); // no client Finished

    const again = front({ keys: [current] });
    const retry = await run(again, { ech: e.retryConfigs! });
    expect(retry.error).toBeUndefined();
    expect(retry.client.info?.ech).toBe('accepted');
  });

  it('without retry configs: EchRejectedError says ECH is off', async () => {
    const f = front({ keys: [await key(2, 12)], retryConfigs: null });
    const { error } = await run(f, { ech: configList(await key(1, 11)) });
    expect(error).toBeInstanceOf(EchRejectedError);
    expect((error as EchRejectedError).retryConfigs).toBeUndefined();
    expect(error!.message).toMatch(/no retry configs/);
  });

  it('after a HelloRetryRequest too', async () => {
    const f = front({ keys: [await key(2, 12)], backend: retryFor() });
    const { error, client } = await run(f, { ech: configList(await key(1, 11)) });
    expect(error).toBeInstanceOf(EchRejectedError);
    expect(client.info).toBeUndefined();
    expect(f.seen.outers).toHaveLength(2);
  });
});

describe('the ClientHelloOuter on the wire (RFC 9849 §6.1, §6.1.3)', () => {
  it('never holds the real name or ALPN, and its length does not depend on the name within maximum_name_length', async () => {
    const k = await key(7, 1, { maximumNameLength: 40 });
    const lengths = new Set<number>();
    for (const name of ['a.test', 'private.puretls.test', 'a-much-longer-private-name.example.org']) {
      const f = front({ keys: [k] });
      const { wire, error } = await run(f, { ech: configList(k), serverName: name, alpnProtocols: ['secret-proto'] });
      expect(error).toBeUndefined();
      const all = Buffer.concat(wire);
      expect(all.includes(Buffer.from(name))).toBe(false);
      expect(all.includes(Buffer.from('secret-proto'))).toBe(false);
      expect(sniOf(f.seen.inners[0]!)).toBe(name);
      lengths.add(f.seen.outers.map((o) => o.extensions.find((e) => e.type === 0xfe0d)!.data.length)[0]!);
    }
    expect(lengths.size).toBe(1);
  });
});

describe('GREASE ECH (RFC 9849 §6.2)', () => {
  it('is on by default: a valid-looking outer extension, repeated after a HelloRetryRequest, with no effect', () => {
    const o = plainHandshake({ helloRetry: (ch, n) => (n === 0 ? { ...p256Retry.helloRetry(ch, n)!, legacySessionIdEcho: ch.legacySessionId } : undefined) });
    expect(o.error).toBeUndefined();
    expect(o.client.info?.ech).toBe('grease');
    const hellos = o.sent.filter((b) => b.length > 0).slice(0, 2).map((b) => {
      const at = b[0] === 20 ? 6 : 0; // the compatibility CCS before the second ClientHello
      return decodeClientHello(b.subarray(at + 9));
    });
    const exts = hellos.map((h) => findExtension(h.extensions, 0xfe0d)!.data);
    expect(Buffer.from(exts[0]!).equals(Buffer.from(exts[1]!))).toBe(true);
    const g = decodeEchClientHello(exts[0]!);
    expect(g.type).toBe(0);
    if (g.type !== 0) return;
    expect(g.enc).toHaveLength(32);
    expect((g.payload.length - 16) % 32).toBe(0);
    expect([1, 3]).toContain(g.cipherSuite.aeadId);
  });

  it('has a payload as long as a real one for the same hello: its EncodedClientHelloInner padded, plus the tag', () => {
    for (const serverName of ['a.example', 'a-much-longer-name.subdomain.example.com']) {
      const o = plainHandshake({}, { serverName });
      const sent = decodeClientHello(o.sent.find((b) => b.length > 0)!.subarray(9));
      const g = decodeEchClientHello(findExtension(sent.extensions, 0xfe0d)!.data);
      if (g.type !== 0) throw new Error('expected an outer ECH extension');
      // The hello GREASE ECH was sized by: the one sent, without its encrypted_client_hello, with an inner one last.
      const inner = { ...sent, extensions: [...sent.extensions.filter((e) => e.type !== 0xfe0d), { type: 0xfe0d, data: Uint8Array.of(1) }] };
      const unpadded = encodeClientHelloInner(inner, [51], 0).length;
      expect(g.payload.length, serverName).toBe(unpadded + echInnerPadding(unpadded, serverName.length, 0) + 16);
    }
  });

  it('ignores retry_configs, but not malformed ones (decode_error); off with echGrease: false', () => {
    const list = configList();
    const ok = plainHandshake({ encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 0xfe0d, data: Uint8Array.of(0, 4, 0xfe, 0x0a, 0, 0) }] }) });
    expect(ok.error).toBeUndefined();
    expect(ok.client.info?.ech).toBe('grease');
    const bad = plainHandshake({ encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 0xfe0d, data: Uint8Array.of(0, 5, 1) }] }) });
    expect(bad.error?.alert).toBe(50);
    const off = plainHandshake({ encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 0xfe0d, data: list }] }) }, { echGrease: false });
    expect(off.error?.alert).toBe(110); // we sent no ECH: unsupported_extension
    const plain = plainHandshake({}, { echGrease: false });
    expect(plain.client.info?.ech).toBe('not-offered');
    expect(plain.server.clientHelloExtensions).not.toContain(0xfe0d);
  });
});

describe('hostile servers', () => {
  it('a wrong accept_confirmation: ECH counts as rejected, and the handshake fails (the keys differ)', async () => {
    const k = await key();
    const { error } = await run(front({ keys: [k], corruptConfirmation: true }), { ech: configList(k) });
    expect(error).toBeInstanceOf(TlsError);
    expect(error!.alert).toBe(20); // bad_record_mac: EncryptedExtensions under the inner handshake's keys
  });

  it('retry_configs when ECH was accepted: unsupported_extension', async () => {
    const k = await key();
    const f = front({ keys: [k], backend: { encryptedExtensions: (ee) => ({ extensions: [...ee.extensions, { type: 0xfe0d, data: configList(k) }] }) } });
    const { error } = await run(f, { ech: configList(k) });
    expect(error?.alert).toBe(110);
  });

  it('a malformed retry list: decode_error', async () => {
    const f = front({ keys: [await key(2, 12)], retryConfigs: Buffer.from([0, 6, 0xfe, 0x0d, 0, 9, 1, 2]) });
    const { error } = await run(f, { ech: configList(await key(1, 11)) });
    expect(error?.alert).toBe(50);
  });

  it('an HRR that drops the ECH extension of an accepted offer: the client goes on as rejected, and the server ends it (illegal_parameter)', async () => {
    const k = await key();
    const f = front({ keys: [k], backend: retryFor(), dropHrrExtension: true });
    const { error } = await run(f, { ech: configList(k) });
    expect(error?.category).toBe('alert-received');
    expect(error?.alert).toBe(47);
    expect(f.seen.outers).toHaveLength(2);
  });

  it('a HelloRetryRequest confirmation of the wrong length: decode_error', () => {
    const o = plainHandshake({ helloRetry: (ch, n) => (n === 0 ? { ...p256Retry.helloRetry(ch, n)!, legacySessionIdEcho: ch.legacySessionId, extensions: [...p256Retry.helloRetry(ch, n)!.extensions, { type: 0xfe0d, data: new Uint8Array(7) }] } : undefined) });
    expect(o.error?.alert).toBe(50);
  });
});

describe('configuration (RFC 9849 §6.1: no silent fall back)', () => {
  it('refuses a list that does not decode, has no usable config, or an IP server name', async () => {
    const make = (cfg: Partial<ClientConfig>) => () => new TlsClient({ serverName: REAL, verifier: recordingVerifier().verifier, ...cfg });
    expect(make({ ech: Uint8Array.of(0, 1, 2) })).toThrow(ApiMisuseError);
    expect(make({ ech: 'not base64!' })).toThrow(/canonical base64/);
    expect(make({ ech: configList(await key(1, 1, { suites: [{ kdf: 4, aead: 1 }] })) })).toThrow(/no ECHConfig in the list is one we support/);
    expect(make({ ech: configList(await key(1, 1, { publicName: '192.168.1.1' })) })).toThrow(ApiMisuseError);
    expect(make({ ech: configList(await key()), serverName: '127.0.0.1' })).toThrow(/DNS serverName/);
  });
});

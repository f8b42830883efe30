// GREASE (RFC 8701): in each place of the ClientHello where the RFC allows it, drawn from the
// injected randomness, the same after a HelloRetryRequest (without a GREASE share), never in the
// RFC 8448 profiles; and a server that answers with a GREASE value is refused.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ExtensionType, TlsClient, type ClientConfig } from '../../src/index.js';
import { drawGrease, isGrease, isGreasePskMode } from '../../src/client/grease.js';
import { findExtension } from '../../src/msgs/extension.js';
import { decodeAlpn, decodeNamedGroupList, decodeSignatureSchemeList } from '../../src/msgs/ext_bodies.js';
import { decodeClientHello, decodeKeyShareClient, decodePskModes, decodeSupportedVersionsClient } from '../helpers/server_codecs.js';
import { acceptAll, handshake } from '../helpers/scripted_client.js';
import { ScriptedServer } from '../helpers/scripted_server.js';

const counter = () => { let i = 0; return (n: number) => Uint8Array.from({ length: n }, () => (i++ * 37) & 0xff); };
function hello(cfg: Partial<ClientConfig> = {}) {
  const c = new TlsClient({ serverName: 'example.com', verifier: acceptAll, alpnProtocols: ['h2'], random: counter(), ...cfg });
  c.handshake();
  return decodeClientHello(c.takeOutgoing().subarray(9));
}
const ext = (ch: ReturnType<typeof hello>, type: number) => findExtension(ch.extensions, type)!.data;

describe('the values', () => {
  it('isGrease / isGreasePskMode know the 16 + 8 reserved values and nothing else', () => {
    const all = Array.from({ length: 0x10000 }, (_, v) => v).filter(isGrease);
    expect(all).toEqual(Array.from({ length: 16 }, (_, i) => 0x0a0a + 0x1010 * i));
    expect(Array.from({ length: 256 }, (_, v) => v).filter(isGreasePskMode)).toEqual([0x0b, 0x2a, 0x49, 0x68, 0x87, 0xa6, 0xc5, 0xe4]);
  });

  it('drawGrease: every value is GREASE, the two extensions differ (property, 500 runs)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 8, maxLength: 8 }), (bytes) => {
      const g = drawGrease(() => bytes);
      for (const v of [g.cipherSuite, g.firstExtension, g.lastExtension, g.group, g.signatureScheme, g.version]) expect(isGrease(v)).toBe(true);
      expect(g.firstExtension).not.toBe(g.lastExtension);
      expect(isGreasePskMode(g.pskMode)).toBe(true);
      expect(isGrease((g.alpn[0]! << 8) | g.alpn[1]!)).toBe(true);
    }), { numRuns: 500 });
  }, 30_000);
});

describe('the ClientHello', () => {
  it('carries GREASE first in each list, an empty extension first and a one-byte extension last', () => {
    const ch = hello();
    expect(isGrease(ch.cipherSuites[0]!)).toBe(true);
    expect(ch.cipherSuites.slice(1).some(isGrease)).toBe(false);
    const first = ch.extensions[0]!;
    const last = ch.extensions.at(-1)!;
    expect(isGrease(first.type) && first.data.length === 0).toBe(true);
    expect(isGrease(last.type) && last.data.length === 1).toBe(true);
    expect(first.type).not.toBe(last.type);
    const groups = decodeNamedGroupList(ext(ch, ExtensionType.supported_groups));
    const shares = decodeKeyShareClient(ext(ch, ExtensionType.key_share));
    expect(isGrease(groups[0]!)).toBe(true);
    expect(shares[0]).toEqual({ group: groups[0], keyExchange: Uint8Array.of(0) });
    expect(isGrease(decodeSignatureSchemeList(ext(ch, ExtensionType.signature_algorithms))[0]!)).toBe(true);
    expect(isGrease(decodeSupportedVersionsClient(ext(ch, ExtensionType.supported_versions))[0]!)).toBe(true);
    expect(isGreasePskMode(decodePskModes(ext(ch, ExtensionType.psk_key_exchange_modes))[0]!)).toBe(true);
    const alpn = decodeAlpn(ext(ch, ExtensionType.application_layer_protocol_negotiation));
    expect(alpn).toHaveLength(2);
    expect(isGrease((alpn[0]![0]! << 8) | alpn[0]![1]!)).toBe(true);
  });

  it('the same random source gives the same GREASE; grease: false and the RFC 8448 style profile give none', () => {
    expect(hello()).toEqual(hello());
    const plain = hello({ grease: false });
    expect(plain.cipherSuites.some(isGrease) || plain.extensions.some((e) => isGrease(e.type))).toBe(false);
    const noProfileFlag = hello({ profile: { extensionOrder: [ExtensionType.server_name, ExtensionType.supported_versions, ExtensionType.supported_groups, ExtensionType.key_share, ExtensionType.signature_algorithms], renegotiationInfo: false, emptySessionTicket: false, padding: { kind: 'none' }, sendSignatureAlgorithmsCert: false } });
    expect(noProfileFlag.cipherSuites.some(isGrease)).toBe(false);
  });

  it('after a HelloRetryRequest: the same GREASE values, and one key share (no GREASE share, §4.1.2)', () => {
    const hellos: ReturnType<typeof decodeClientHello>[] = [];
    const o = handshake({
      helloRetry: (ch, count) => {
        hellos.push(ch);
        return count > 0 ? undefined : {
          legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0,
          extensions: [{ type: ExtensionType.supported_versions, data: Uint8Array.of(3, 4) }, { type: ExtensionType.key_share, data: Uint8Array.of(0, 0x17) }],
        };
      },
    }, { groups: [0x1d, 0x17] });
    expect(o.error).toBeUndefined();
    const [ch1, ch2] = hellos;
    expect(ch2!.cipherSuites[0]).toBe(ch1!.cipherSuites[0]);
    expect(ch2!.extensions[0]!.type).toBe(ch1!.extensions[0]!.type);
    expect(decodeKeyShareClient(findExtension(ch2!.extensions, ExtensionType.key_share)!.data).map((k) => k.group)).toEqual([0x17]);
    expect(decodeNamedGroupList(findExtension(ch2!.extensions, ExtensionType.supported_groups)!.data)[0]).toBe(decodeNamedGroupList(findExtension(ch1!.extensions, ExtensionType.supported_groups)!.data)[0]);
  });
});

describe('a server that negotiates a GREASE value is refused (RFC 8701 §3.1)', () => {
  it.each([
    ['cipher suite', { serverHello: (sh: { cipherSuite: number }) => ({ ...sh, cipherSuite: 0x0a0a }) }, 'illegal_parameter'],
    ['ServerHello extension', { serverHello: (sh: { extensions: { type: number; data: Uint8Array }[] }) => ({ ...sh, extensions: [...sh.extensions, { type: 0x1a1a, data: new Uint8Array(0) }] }) }, 'unsupported_extension'],
    ['EncryptedExtensions extension', { encryptedExtensions: () => ({ extensions: [{ type: 0x2a2a, data: Uint8Array.of(0) }] }) }, 'unsupported_extension'],
  ] as const)('%s', (_what, m, alert) => {
    // The GREASE values of this client are known from its random source; the server echoes others of the same kind.
    const o = handshake(m as never, {});
    expect(o.error?.alertName).toBe(alert);
  });

  it('the GREASE group in the ServerHello key_share, or in a HelloRetryRequest: illegal_parameter', () => {
    const sh = handshake({ serverHello: (s) => ({ ...s, extensions: s.extensions.map((e) => (e.type === ExtensionType.key_share ? { type: e.type, data: Uint8Array.of(0x3a, 0x3a, 0, 1, 0) } : e)) }) });
    expect(sh.error?.alertName).toBe('illegal_parameter');
    const hrr = handshake({ helloRetry: (ch) => ({ legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [{ type: ExtensionType.supported_versions, data: Uint8Array.of(3, 4) }, { type: ExtensionType.key_share, data: Uint8Array.of(0x4a, 0x4a) }] }) });
    expect(hrr.error?.alertName).toBe('illegal_parameter');
  });

  it('a GREASE ALPN name selected, or a GREASE version: refused', () => {
    const alpn = handshake({ encryptedExtensions: () => ({ extensions: [{ type: ExtensionType.application_layer_protocol_negotiation, data: Uint8Array.of(0, 3, 2, 0x5a, 0x5a) }] }) }, { alpnProtocols: ['h2'] });
    expect(alpn.error).toBeDefined();
    const version = handshake({ serverHello: (s) => ({ ...s, extensions: s.extensions.map((e) => (e.type === ExtensionType.supported_versions ? { type: e.type, data: Uint8Array.of(0x6a, 0x6a) } : e)) }) });
    expect(version.error).toBeDefined();
  });
});

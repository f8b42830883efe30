// Every handshake message and extension body: encode/decode round trip, rejection of every strict
// prefix (Go's handshake_messages_test idea), and random bytes ending in a TlsError only.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TlsError } from '../../src/errors.js';
import * as m from '../helpers/wire.js';
import { clientHelloLength, encodeClientHello, encodeClientHelloMessage, type ClientHello } from '../../src/msgs/client_hello.js';
import { frameHandshake } from '../../src/msgs/handshake.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const extension = fc.record({ type: u16, data: bytes(0, 40) });
const extensions = fc.uniqueArray(extension, { selector: (e) => e.type, maxLength: 6 });
const hostname = fc.stringMatching(/^[a-z0-9]([a-z0-9.-]{0,40}[a-z0-9])?$/);

interface Codec<T> {
  name: string;
  arb: fc.Arbitrary<T>;
  encode: (v: T) => Uint8Array;
  decode: (b: Uint8Array) => unknown;
  /** Lengths of strict prefixes that are themselves valid encodings (checked to decode instead). */
  validPrefixes?: (v: T) => readonly number[];
}

const codec = <T>(c: Codec<T>) => c as Codec<unknown>;

const CODECS: Codec<unknown>[] = [
  codec({ name: 'ClientHello', arb: fc.record({ legacyVersion: u16, random: bytes(32, 32), legacySessionId: bytes(0, 32), cipherSuites: fc.array(u16, { minLength: 1, maxLength: 8 }), legacyCompressionMethods: bytes(1, 3), extensions }), encode: m.encodeClientHello, decode: m.decodeClientHello }),
  codec({ name: 'ServerHello', arb: fc.record({ legacyVersion: u16, random: bytes(32, 32), legacySessionIdEcho: bytes(0, 32), cipherSuite: u16, legacyCompressionMethod: fc.integer({ min: 0, max: 255 }), extensions }), encode: m.encodeServerHello, decode: m.decodeServerHello,
    // A body ending after legacy_compression_method is a TLS 1.2 ServerHello without extensions (RFC 5246 §7.4.1.3).
    validPrefixes: (v) => [2 + 32 + 1 + v.legacySessionIdEcho.length + 2 + 1] }),
  codec({ name: 'EncryptedExtensions', arb: fc.record({ extensions }), encode: m.encodeEncryptedExtensions, decode: m.decodeEncryptedExtensions }),
  codec({ name: 'Certificate', arb: fc.record({ context: bytes(0, 8), entries: fc.array(fc.record({ data: bytes(1, 60), extensions }), { maxLength: 4 }) }), encode: m.encodeCertificate, decode: m.decodeCertificate }),
  codec({ name: 'CertificateRequest', arb: fc.record({ context: bytes(0, 8), extensions }), encode: m.encodeCertificateRequest, decode: m.decodeCertificateRequest }),
  codec({ name: 'CertificateVerify', arb: fc.record({ scheme: u16, signature: bytes(0, 80) }), encode: m.encodeCertificateVerify, decode: m.decodeCertificateVerify }),
  codec({ name: 'Finished', arb: bytes(32, 32), encode: m.encodeFinished, decode: (b) => m.decodeFinished(b, 32) }),
  codec({ name: 'NewSessionTicket', arb: fc.record({ lifetime: u32, ageAdd: u32, nonce: bytes(0, 8), ticket: bytes(1, 40), extensions }), encode: m.encodeNewSessionTicket, decode: m.decodeNewSessionTicket }),
  codec({ name: 'KeyUpdate', arb: fc.integer({ min: 0, max: 1 }), encode: m.encodeKeyUpdate, decode: m.decodeKeyUpdate }),
  codec({ name: 'server_name', arb: hostname, encode: m.encodeServerNameClient, decode: (b) => m.decodeServerNameClient(b)[0] }),
  codec({ name: 'supported_groups', arb: fc.array(u16, { minLength: 1, maxLength: 10 }), encode: m.encodeNamedGroupList, decode: m.decodeNamedGroupList }),
  codec({ name: 'signature_algorithms', arb: fc.array(u16, { minLength: 1, maxLength: 10 }), encode: m.encodeSignatureSchemeList, decode: m.decodeSignatureSchemeList }),
  codec({ name: 'supported_versions (client)', arb: fc.array(u16, { minLength: 1, maxLength: 5 }), encode: m.encodeSupportedVersionsClient, decode: m.decodeSupportedVersionsClient }),
  codec({ name: 'supported_versions (server)', arb: u16, encode: m.encodeSupportedVersionsServer, decode: m.decodeSupportedVersionsServer }),
  codec({ name: 'key_share (client)', arb: fc.array(fc.record({ group: u16, keyExchange: bytes(1, 70) }), { maxLength: 3 }), encode: m.encodeKeyShareClient, decode: m.decodeKeyShareClient }),
  codec({ name: 'key_share (server)', arb: fc.record({ group: u16, keyExchange: bytes(1, 70) }), encode: m.encodeKeyShareServer, decode: m.decodeKeyShareServer }),
  codec({ name: 'key_share (HRR)', arb: u16, encode: m.encodeKeyShareHrr, decode: m.decodeKeyShareHrr }),
  codec({ name: 'certificate_authorities', arb: fc.array(bytes(1, 30), { minLength: 1, maxLength: 5 }), encode: m.encodeCertificateAuthorities, decode: m.decodeCertificateAuthorities }),
  codec({ name: 'oid_filters', arb: fc.array(fc.record({ oid: bytes(1, 12), values: bytes(0, 20) }), { maxLength: 4 }), encode: m.encodeOidFilters, decode: m.decodeOidFilters }),
  codec({ name: 'psk_key_exchange_modes', arb: fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 1, maxLength: 4 }), encode: m.encodePskModes, decode: m.decodePskModes }),
  codec({ name: 'cookie', arb: bytes(1, 100), encode: m.encodeCookie, decode: m.decodeCookie }),
  codec({ name: 'ALPN', arb: fc.array(bytes(1, 20), { minLength: 1, maxLength: 4 }), encode: m.encodeAlpn, decode: m.decodeAlpn }),
  codec({ name: 'record_size_limit', arb: fc.integer({ min: 64, max: 0xffff }), encode: m.encodeRecordSizeLimit, decode: m.decodeRecordSizeLimit }),
  codec({ name: 'pre_shared_key (client)', arb: fc.record({ identities: fc.array(fc.record({ identity: bytes(1, 30), obfuscatedTicketAge: u32 }), { minLength: 1, maxLength: 3 }), binders: fc.array(bytes(32, 48), { minLength: 1, maxLength: 3 }) }), encode: (v) => m.encodePreSharedKeyClient(v.identities, v.binders), decode: m.decodePreSharedKeyClient }),
  codec({ name: 'pre_shared_key (server)', arb: u16, encode: m.encodePreSharedKeyServer, decode: m.decodePreSharedKeyServer }),
  codec({ name: 'CompressedCertificate', arb: fc.record({ algorithm: u16, uncompressedLength: fc.integer({ min: 0, max: 0xffffff }), compressed: bytes(1, 60) }), encode: m.encodeCompressedCertificate, decode: m.decodeCompressedCertificate }),
  codec({ name: 'compress_certificate', arb: fc.array(u16, { minLength: 1, maxLength: 10 }), encode: m.encodeCompressCertificate, decode: m.decodeCompressCertificate }),
  codec({ name: 'handshake framing', arb: fc.record({ type: fc.integer({ min: 0, max: 255 }), body: bytes(0, 50) }), encode: (v) => m.frameHandshake(v.type, v.body), decode: (b) => { const j = new m.HandshakeJoiner(); j.push(b); const msg = j.next(); if (msg === null || !j.isEmpty) throw new TlsError('invalid-message', 50, 'incomplete'); return { type: msg.type, body: msg.body }; } }),
];

/** Deep equality that sees Uint8Arrays by value. */
function normal(v: unknown): unknown {
  if (v instanceof Uint8Array) return [...v];
  if (Array.isArray(v)) return v.map(normal);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)]));
  return v;
}

function expectTlsError(fn: () => unknown): void {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(TlsError);
    return;
  }
  throw new Error('expected a TlsError');
}

describe.each(CODECS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('round-trips: decode(encode(x)) re-encodes to the same bytes', () => {
    fc.assert(fc.property(c.arb, (v) => {
      const enc = c.encode(v);
      const dec = c.decode(enc);
      expect(normal(dec)).toEqual(normal(v));
    }), { numRuns: 150 });
  }, PROPERTY_TIMEOUT_MS);

  it('rejects every strict prefix with a TlsError', () => {
    fc.assert(fc.property(c.arb, (v) => {
      const enc = c.encode(v);
      // Every encoding here starts with a length or has a fixed size, so no strict prefix is valid,
      // except where the syntax itself makes a trailing part optional (validPrefixes).
      const valid = c.validPrefixes?.(v) ?? [];
      for (let n = 0; n < enc.length; n++) {
        if (valid.includes(n)) expect(() => c.decode(enc.subarray(0, n))).not.toThrow();
        else expectTlsError(() => c.decode(enc.subarray(0, n)));
      }
    }), { numRuns: 40 });
  }, PROPERTY_TIMEOUT_MS);

  it('ends in a TlsError (or a value) on random bytes, never another exception', () => {
    fc.assert(fc.property(bytes(0, 120), (b) => {
      try {
        c.decode(b);
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
      }
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('ClientHello lengths and framing', () => {
  it('clientHelloLength is the encoded length; encodeClientHelloMessage is the framed encoding', () => {
    const arb = CODECS.find((c) => c.name === 'ClientHello')!.arb as fc.Arbitrary<ClientHello>;
    fc.assert(fc.property(arb, (v) => {
      const body = encodeClientHello(v);
      expect(clientHelloLength(v)).toBe(body.length);
      expect(encodeClientHelloMessage(v)).toEqual(frameHandshake(1, body));
    }), { numRuns: 150 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('known answers from RFC 8448 §3', () => {
  const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
  const sh = hex('020000560303a6af06a4121860dc5e6e60249cd34c95930c8ac5cb1434dac155772ed3e2692800130100002e00330024001d0020c9828876112095fe66762bdbf7c672e156d6cc253b833df1dd69b1b04e751f0f002b00020304');
  const ee = hex('080000240022000a00140012001d00170018001901000101010201030104001c0002400100000000');

  it('ServerHello', () => {
    const j = new m.HandshakeJoiner();
    j.push(sh);
    const msg = j.next()!;
    const d = m.decodeServerHello(msg.body);
    expect(d.cipherSuite).toBe(0x1301);
    expect(m.isHelloRetryRequest(d)).toBe(false);
    expect(m.decodeSupportedVersionsServer(m.findExtension(d.extensions, 43)!.data)).toBe(0x0304);
    expect(m.decodeKeyShareServer(m.findExtension(d.extensions, 51)!.data).group).toBe(0x001d);
    expect(m.frameHandshake(2, m.encodeServerHello(d))).toEqual(sh);
  });

  it('EncryptedExtensions', () => {
    const d = m.decodeEncryptedExtensions(ee.subarray(4));
    expect(d.extensions.map((e) => e.type)).toEqual([10, 28, 0]);
    expect(m.decodeRecordSizeLimit(d.extensions[1]!.data)).toBe(16385);
    expect(m.decodeNamedGroupList(d.extensions[0]!.data)).toEqual([0x1d, 0x17, 0x18, 0x19, 0x100, 0x101, 0x102, 0x103, 0x104]);
  });
});

describe('decoder policy', () => {
  it('duplicate extensions are illegal_parameter', () => {
    const body = m.encodeEncryptedExtensions({ extensions: [{ type: 10, data: new Uint8Array(0) }, { type: 10, data: new Uint8Array(0) }] });
    expect(() => m.decodeEncryptedExtensions(body)).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
  });

  it('KeyUpdate other than 0/1 is illegal_parameter', () => {
    expect(() => m.decodeKeyUpdate(Uint8Array.of(2))).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
  });

  it('ALPN answer with two names is illegal_parameter', () => {
    expect(() => m.decodeAlpnServer(m.encodeAlpn([Uint8Array.of(1), Uint8Array.of(2)]))).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
  });

  it('record_size_limit below 64 is illegal_parameter', () => {
    expect(() => m.decodeRecordSizeLimit(m.encodeRecordSizeLimit(63))).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
  });

  it('the HandshakeJoiner reassembles split and packed messages and refuses oversize announcements', () => {
    const a = m.frameHandshake(8, Uint8Array.of(0, 0));
    const b = m.frameHandshake(20, new Uint8Array(32).fill(7));
    const both = new Uint8Array([...a, ...b]);
    for (let cut = 0; cut <= both.length; cut++) {
      const j = new m.HandshakeJoiner();
      const got: number[] = [];
      for (const part of [both.subarray(0, cut), both.subarray(cut)]) {
        if (part.length) j.push(part);
        for (let x = j.next(); x !== null; x = j.next()) got.push(x.type);
      }
      expect(got).toEqual([8, 20]);
      expect(j.isEmpty).toBe(true);
    }
    expect(() => new m.HandshakeJoiner().push(Uint8Array.of(11, 0xff, 0xff, 0xff))).toThrow(expect.objectContaining({ alertName: 'decode_error' }));
  });

  it('a CompressedCertificate with no compressed bytes, or a compress_certificate list of odd length, is a decode_error', () => {
    expect(() => m.decodeCompressedCertificate(Uint8Array.of(0, 1, 0, 0, 10, 0, 0, 0))).toThrow(expect.objectContaining({ alertName: 'decode_error' }));
    expect(() => m.decodeCompressCertificate(Uint8Array.of(3, 0, 1, 0))).toThrow(expect.objectContaining({ alertName: 'decode_error' }));
    expect(() => m.decodeCompressCertificate(Uint8Array.of(0))).toThrow(expect.objectContaining({ alertName: 'decode_error' }));
  });

  it('CompressedCertificate known answer: algorithm, uint24 length, uint24-prefixed data', () => {
    expect([...m.encodeCompressedCertificate({ algorithm: 2, uncompressedLength: 0x012345, compressed: Uint8Array.of(0xaa, 0xbb) })]).toEqual([0, 2, 0x01, 0x23, 0x45, 0, 0, 2, 0xaa, 0xbb]);
    expect([...m.encodeCompressCertificate([2, 1])]).toEqual([4, 0, 2, 0, 1]);
  });

  it('too many certificates is a decode_error', () => {
    const entries = Array.from({ length: 17 }, () => ({ data: Uint8Array.of(1), extensions: [] }));
    expect(() => m.decodeCertificate(m.encodeCertificate({ context: new Uint8Array(0), entries }))).toThrow(expect.objectContaining({ alertName: 'decode_error' }));
  });
});

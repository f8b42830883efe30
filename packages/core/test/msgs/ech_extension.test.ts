// The encrypted_client_hello bodies (RFC 9849 §5) and ech_outer_extensions (§5.1): round trips,
// every strict prefix refused, random bytes ending in a TlsError; the acceptance confirmations
// (§7.2, §7.2.1) against an independent HKDF on node:crypto; EncodedClientHelloInner and its
// padding (§5.1, §6.1.3).
import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { clientHelloInnerLength, echInnerPadding, encodeClientHelloInner } from '../../src/client/ech_inner.js';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import { ApiMisuseError, InvalidMessageError, TlsError } from '../../src/errors.js';
import { encodeClientHello, type ClientHello } from '../../src/msgs/client_hello.js';
import { decodeClientHello } from '../helpers/server_codecs.js';
import {
  decodeEchClientHello, decodeEchHelloRetryRequest, decodeOuterExtensions, encodeEchClientHello, encodeOuterExtensions, EchClientHelloType,
} from '../../src/msgs/ech_extension.js';
import { ExtensionType } from '../../src/msgs/enums.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import { encodeServerHello } from '../helpers/wire.js';
import { echConfirmation, zeroHrrConfirmation, zeroServerHelloConfirmation } from '../../src/tls13/ech_confirmation.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../../src/msgs/server_hello.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const outerArb = fc.record({
  type: fc.constant(EchClientHelloType.outer),
  cipherSuite: fc.record({ kdfId: u16, aeadId: u16 }),
  configId: fc.integer({ min: 0, max: 255 }),
  enc: bytes(0, 40),
  payload: bytes(1, 80),
});

describe('ECHClientHello, ECHHelloRetryRequest, OuterExtensions', () => {
  it('round-trip (property), inner included', () => {
    fc.assert(fc.property(outerArb, (o) => {
      expect(decodeEchClientHello(encodeEchClientHello(o))).toEqual(o);
    }), { numRuns: 200 });
    expect(decodeEchClientHello(encodeEchClientHello({ type: EchClientHelloType.inner }))).toEqual({ type: 1 });
    fc.assert(fc.property(fc.array(u16, { minLength: 1, maxLength: 127 }), (types) => {
      expect(decodeOuterExtensions(encodeOuterExtensions(types))).toEqual(types);
    }), { numRuns: 100 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuse every strict prefix and a trailing byte', () => {
    const outer = encodeEchClientHello({ type: 0, cipherSuite: { kdfId: 1, aeadId: 1 }, configId: 9, enc: new Uint8Array(32).fill(1), payload: new Uint8Array(20).fill(2) });
    const outerExts = encodeOuterExtensions([51, 10]);
    for (const [name, full, decode] of [['outer', outer, decodeEchClientHello], ['OuterExtensions', outerExts, decodeOuterExtensions], ['HRR', new Uint8Array(8), decodeEchHelloRetryRequest]] as const) {
      for (let n = 0; n < full.length; n++) expect(() => decode(full.subarray(0, n)), `${name} prefix ${n}`).toThrow(InvalidMessageError);
      expect(() => decode(Uint8Array.of(...full, 0)), `${name} trailing`).toThrow(InvalidMessageError);
    }
    expect(() => decodeEchClientHello(Uint8Array.of(1, 0))).toThrow(/trailing/);
  });

  it('refuse an unknown type, an empty payload, a one-type OuterExtensions, an odd OuterExtensions', () => {
    expect(() => decodeEchClientHello(Uint8Array.of(2))).toThrow(/ECHClientHelloType 2/);
    expect(() => decodeEchClientHello(Uint8Array.of(0, 0, 1, 0, 1, 7, 0, 0, 0, 0))).toThrow(/payload/);
    expect(() => decodeOuterExtensions(Uint8Array.of(0))).toThrow(/types/);
    expect(() => decodeOuterExtensions(Uint8Array.of(3, 0, 51, 0))).toThrow(/odd/);
  });

  it('end random bytes in a TlsError or a value (property)', () => {
    fc.assert(fc.property(bytes(0, 60), (b) => {
      for (const decode of [decodeEchClientHello, decodeOuterExtensions, decodeEchHelloRetryRequest]) {
        try {
          decode(b);
        } catch (e) {
          expect(e).toBeInstanceOf(TlsError);
        }
      }
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);
});

/** HKDF-Expand-Label(HKDF-Extract(0, random), label, context, 8) with node:crypto's HMAC, written out. */
function reference(hash: 'sha256' | 'sha384', random: Uint8Array, label: string, context: Uint8Array): string {
  const prk = createHmac(hash, Buffer.alloc(hash === 'sha256' ? 32 : 48)).update(random).digest();
  const full = Buffer.from(`tls13 ${label}`);
  const info = Buffer.concat([Buffer.from([0, 8, full.length]), full, Buffer.from([context.length]), context, Buffer.from([1])]);
  return createHmac(hash, prk).update(info).digest().subarray(0, 8).toString('hex');
}

describe('ECH acceptance confirmations (RFC 9849 §7.2, §7.2.1)', () => {
  const random = Uint8Array.from({ length: 32 }, (_, i) => i * 7);
  it.each(['sha256', 'sha384'] as const)('equal an independent HKDF-Expand-Label (%s)', (hash) => {
    const th = new Uint8Array(hash === 'sha256' ? 32 : 48).fill(0x5c);
    const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
    expect(hex(echConfirmation(nobleProvider, hash, random, th, 'server-hello'))).toBe(reference(hash, random, 'ech accept confirmation', th));
    expect(hex(echConfirmation(nobleProvider, hash, random, th, 'hello-retry-request'))).toBe(reference(hash, random, 'hrr ech accept confirmation', th));
  });

  it('zero the last 8 bytes of ServerHello.random, and only them', () => {
    const random32 = Uint8Array.from({ length: 32 }, (_, i) => 100 + i);
    const sh = frameHandshake(2, encodeServerHello({ legacyVersion: 0x0303, random: random32, legacySessionIdEcho: new Uint8Array(0), cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: [] }));
    const zeroed = zeroServerHelloConfirmation(sh);
    expect([...zeroed.subarray(6, 30)]).toEqual([...random32.subarray(0, 24)]);
    expect([...zeroed.subarray(30, 38)]).toEqual(new Array(8).fill(0));
    expect([...zeroed.subarray(38)]).toEqual([...sh.subarray(38)]);
    expect(sh[30]).toBe(124); // the input is not changed
    expect(() => zeroServerHelloConfirmation(sh.subarray(0, 37))).toThrow(InvalidMessageError);
  });

  it('zero the HelloRetryRequest extension payload, or say there is none', () => {
    const ech = { type: ExtensionType.encrypted_client_hello, data: new Uint8Array(8).fill(0xee) };
    const body = (exts: { type: number; data: Uint8Array }[]) => frameHandshake(2, encodeServerHello({ legacyVersion: 0x0303, random: HELLO_RETRY_REQUEST_RANDOM, legacySessionIdEcho: new Uint8Array(3).fill(9), cipherSuite: 0x1301, legacyCompressionMethod: 0, extensions: exts }));
    const other = { type: ExtensionType.supported_versions, data: Uint8Array.of(3, 4) };
    const hrr = body([other, ech, { type: ExtensionType.cookie, data: Uint8Array.of(0, 1, 0xee) }]);
    const zeroed = zeroHrrConfirmation(hrr)!;
    expect(zeroed).toEqual(body([other, { ...ech, data: new Uint8Array(8) }, { type: ExtensionType.cookie, data: Uint8Array.of(0, 1, 0xee) }]));
    expect(zeroHrrConfirmation(body([other]))).toBeUndefined();
    expect(() => zeroHrrConfirmation(hrr.subarray(0, hrr.length - 1))).toThrow(InvalidMessageError);
  });
});

describe('EncodedClientHelloInner (RFC 9849 §5.1) and padding (§6.1.3)', () => {
  const ext = (type: number, n: number) => ({ type, data: new Uint8Array(n).fill(type & 0xff) });
  const inner: ClientHello = {
    legacyVersion: 0x0303, random: new Uint8Array(32).fill(3), legacySessionId: new Uint8Array(32).fill(4), cipherSuites: [0x1301],
    legacyCompressionMethods: Uint8Array.of(0),
    extensions: [ext(ExtensionType.server_name, 12), ext(ExtensionType.supported_groups, 6), ext(ExtensionType.key_share, 40), ext(ExtensionType.signature_algorithms, 8), { type: ExtensionType.encrypted_client_hello, data: Uint8Array.of(1) }],
  };

  it('empties legacy_session_id, replaces the named run by ech_outer_extensions where it stood, and appends zeros', () => {
    const encoded = encodeClientHelloInner(inner, [ExtensionType.supported_groups, ExtensionType.key_share], 5);
    const hello = encodeClientHello({ ...inner, legacySessionId: new Uint8Array(0), extensions: [inner.extensions[0]!, { type: ExtensionType.ech_outer_extensions, data: encodeOuterExtensions([10, 51]) }, ...inner.extensions.slice(3)] });
    expect(encoded).toEqual(Uint8Array.of(...hello, 0, 0, 0, 0, 0));
    // What a server decodes from it: the ClientHello, then only zeros.
    const decoded = decodeClientHello(encoded.subarray(0, hello.length));
    expect(decoded.extensions.map((e) => e.type)).toEqual([0, 0xfd00, 13, 0xfe0d]);
    expect(encodeClientHelloInner(inner, [], 0)).toEqual(encodeClientHello({ ...inner, legacySessionId: new Uint8Array(0) }));
    // The length GREASE ECH is sized by, computed without encoding.
    for (const run of [[], [ExtensionType.key_share], [ExtensionType.supported_groups, ExtensionType.key_share]]) {
      expect(clientHelloInnerLength(inner, run), run.join()).toBe(encodeClientHelloInner(inner, run, 0).length);
    }
  });

  it('refuses a run that is not contiguous, not in order, missing, or that names encrypted_client_hello', () => {
    for (const run of [[ExtensionType.supported_groups, ExtensionType.signature_algorithms], [ExtensionType.key_share, ExtensionType.supported_groups], [ExtensionType.cookie], [ExtensionType.encrypted_client_hello]]) {
      expect(() => encodeClientHelloInner(inner, run, 0), run.join()).toThrow(ApiMisuseError);
    }
  });

  it('pads the name to maximum_name_length (or M + 9 without one), then to a multiple of 32', () => {
    expect(echInnerPadding(250, 11, 64)).toBe(53 + 17);
    expect((250 + echInnerPadding(250, 11, 64)) % 32).toBe(0);
    expect(echInnerPadding(256, 70, 64)).toBe(0); // a name longer than M adds nothing; already a multiple
    expect(echInnerPadding(200, undefined, 20)).toBe(29 + 27);
    fc.assert(fc.property(fc.integer({ min: 1, max: 2000 }), fc.option(fc.integer({ min: 1, max: 255 }), { nil: undefined }), fc.integer({ min: 0, max: 255 }), (len, d, m) => {
      const pad = echInnerPadding(len, d, m);
      expect((len + pad) % 32).toBe(0);
      expect(pad).toBeGreaterThanOrEqual(d === undefined ? m + 9 : Math.max(0, m - d));
      expect(pad - (d === undefined ? m + 9 : Math.max(0, m - d))).toBeLessThan(32);
    }), { numRuns: 300 });
  });
});

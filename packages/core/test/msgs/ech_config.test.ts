// ECHConfigList (RFC 9849 §4): round trips, every strict prefix refused, random bytes ending in a
// TlsError only, unknown versions kept and skipped, and the choice of config (§6.1) with the
// public_name rules of §6.1.7.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { chooseEchConfig, validPublicName } from '../../src/client/ech_config_choice.js';
import { createNobleProvider, nobleProvider } from '../../src/crypto/noble/index.js';
import { InvalidMessageError, TlsError } from '../../src/errors.js';
import { decodeEchConfigList, encodeEchConfig, encodeEchConfigList, ECH_CONFIG_VERSION, type EchConfigContents } from '../../src/msgs/ech_config.js';
import { SECP256R1 } from '../../src/crypto/noble/key_exchange.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const te = new TextEncoder();
const u16 = fc.integer({ min: 0, max: 0xffff });
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

const contentsArb: fc.Arbitrary<EchConfigContents> = fc.record({
  configId: fc.integer({ min: 0, max: 255 }),
  kemId: u16,
  publicKey: bytes(1, 40),
  cipherSuites: fc.array(fc.record({ kdfId: u16, aeadId: u16 }), { minLength: 1, maxLength: 4 }),
  maximumNameLength: fc.integer({ min: 0, max: 255 }),
  publicName: bytes(1, 30),
  extensions: fc.uniqueArray(fc.record({ type: u16, data: bytes(0, 12) }), { selector: (e) => e.type, maxLength: 3 }),
});

const contents = (over: Partial<EchConfigContents> = {}): EchConfigContents => ({
  configId: 7,
  kemId: 0x0020,
  publicKey: new Uint8Array(32).fill(9),
  cipherSuites: [{ kdfId: 1, aeadId: 1 }],
  maximumNameLength: 0,
  publicName: te.encode('public.example'),
  extensions: [],
  ...over,
});

/** An ECHConfig of another version: version ‖ length ‖ opaque body. */
const otherVersion = (version: number, body: Uint8Array) => Uint8Array.of(version >> 8, version & 0xff, body.length >> 8, body.length & 0xff, ...body);

describe('ECHConfigList codec', () => {
  it('round-trips any list of configs, keeping each config encoding exactly (property)', () => {
    fc.assert(fc.property(fc.array(contentsArb, { minLength: 1, maxLength: 3 }), (cs) => {
      const encoded = cs.map(encodeEchConfig);
      const list = encodeEchConfigList(encoded);
      const decoded = decodeEchConfigList(list);
      expect(decoded.map((d) => d.contents)).toEqual(cs);
      expect(decoded.map((d) => d.version)).toEqual(cs.map(() => ECH_CONFIG_VERSION));
      expect(decoded.map((d) => [...d.encoded])).toEqual(encoded.map((e) => [...e]));
      expect([...encodeEchConfigList(decoded)]).toEqual([...list]);
    }), { numRuns: 200 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuses every strict prefix with a decode_error', () => {
    const list = encodeEchConfigList([encodeEchConfig(contents({ extensions: [{ type: 1, data: Uint8Array.of(1) }] })), otherVersion(0xfe0a, Uint8Array.of(1, 2, 3))]);
    for (let n = 0; n < list.length; n++) {
      expect(() => decodeEchConfigList(list.subarray(0, n)), `prefix ${n}`).toThrow(InvalidMessageError);
    }
    expect(decodeEchConfigList(list)).toHaveLength(2);
  });

  it('ends random bytes in a TlsError or a list, never anything else (property)', () => {
    fc.assert(fc.property(bytes(0, 120), (b) => {
      try {
        decodeEchConfigList(b);
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
      }
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);

  it('keeps a config of an unknown version, without contents, and reads the ones after it', () => {
    const list = encodeEchConfigList([otherVersion(0xfe0a, Uint8Array.of(0xde, 0xad)), encodeEchConfig(contents())]);
    const [unknown, known] = decodeEchConfigList(list);
    expect(unknown!.version).toBe(0xfe0a);
    expect(unknown!.contents).toBeUndefined();
    expect([...unknown!.encoded]).toEqual([0xfe, 0x0a, 0, 2, 0xde, 0xad]);
    expect(known!.contents).toEqual(contents());
  });

  it('refuses an empty list, trailing bytes, a duplicate extension, a cipher_suites length not a multiple of 4, an empty public_name', () => {
    expect(() => decodeEchConfigList(Uint8Array.of(0, 0))).toThrow(/ECHConfigList/);
    const one = encodeEchConfigList([encodeEchConfig(contents())]);
    expect(() => decodeEchConfigList(Uint8Array.of(...one, 0))).toThrow(/trailing/);
    const dup = encodeEchConfigList([encodeEchConfig(contents({ extensions: [{ type: 5, data: new Uint8Array(0) }, { type: 5, data: Uint8Array.of(1) }] }))]);
    expect(() => decodeEchConfigList(dup)).toThrow(/appears twice/);
    const body = encodeEchConfig(contents()).subarray(4);
    // config_id, kem_id, public_key<32>, then cipher_suites: rewrite its length from 4 to 6 with two more bytes.
    const at = 1 + 2 + 2 + 32;
    const odd = Uint8Array.of(...body.subarray(0, at), 0, 6, ...body.subarray(at + 2, at + 6), 0, 1, ...body.subarray(at + 6));
    expect(() => decodeEchConfigList(encodeEchConfigList([otherVersion(ECH_CONFIG_VERSION, odd)]))).toThrow(/multiple of 4/);
    const noName = encodeEchConfigList([encodeEchConfig(contents({ publicName: new Uint8Array(0) }))]);
    expect(() => decodeEchConfigList(noName)).toThrow(/public_name/);
  });

  it('copies what it decodes (the input may be reused)', () => {
    const list = encodeEchConfigList([encodeEchConfig(contents())]);
    const [config] = decodeEchConfigList(list);
    list.fill(0);
    expect(config!.contents!.publicKey).toEqual(new Uint8Array(32).fill(9));
    expect(config!.encoded[0]).toBe(0xfe);
  });
});

describe('choosing an ECHConfig (RFC 9849 §6.1)', () => {
  const choose = (...cs: (EchConfigContents | Uint8Array)[]) =>
    chooseEchConfig(decodeEchConfigList(encodeEchConfigList(cs.map((c) => (c instanceof Uint8Array ? c : encodeEchConfig(c))))), nobleProvider);

  it('takes the first config we support, and its first pair we support', () => {
    const chosen = choose(
      otherVersion(0xfe0a, Uint8Array.of(1)),
      contents({ configId: 1, kemId: 0x0010 }), // DHKEM(P-256): not ours
      contents({ configId: 2, extensions: [{ type: 0xfa00, data: new Uint8Array(0) }] }), // mandatory, unknown
      contents({ configId: 3, publicName: te.encode('192.168.0.1') }),
      contents({ configId: 4, publicKey: new Uint8Array(65) }), // not an X25519 key
      contents({ configId: 5, cipherSuites: [{ kdfId: 4, aeadId: 1 }, { kdfId: 2, aeadId: 0xffff }, { kdfId: 2, aeadId: 3 }, { kdfId: 1, aeadId: 1 }], extensions: [{ type: 0x0a0a, data: Uint8Array.of(1) }] }),
      contents({ configId: 6 }),
    );
    expect(chosen?.contents.configId).toBe(5);
    expect(chosen?.cipherSuite).toEqual({ kdfId: 2, aeadId: 3 });
    expect([chosen?.suite.hash, chosen?.suite.aead.name]).toEqual(['sha384', 'chacha20-poly1305']);
    expect(chosen?.publicName).toBe('public.example');
  });

  it('finds none when no config fits, or when the provider has no X25519', () => {
    expect(choose(contents({ cipherSuites: [{ kdfId: 4, aeadId: 1 }] }))).toBeUndefined();
    const noX25519 = { ...createNobleProvider(), groups: [SECP256R1] };
    expect(chooseEchConfig(decodeEchConfigList(encodeEchConfigList([encodeEchConfig(contents())])), noX25519)).toBeUndefined();
  });
});

describe('public_name (RFC 9849 §6.1.7)', () => {
  it.each(['public.example.com', 'a', 'xn--bcher-kva.example', 'a-b.c1', 'EXAMPLE.com', '1.example', `${'a'.repeat(63)}.com`, 'example.0x1g'])('accepts %s', (n) => {
    expect(validPublicName(te.encode(n))).toBe(n);
  });

  it.each(['', '.example.com', 'example.com.', 'a..b', '-a.com', 'a-.com', 'ex ample.com', 'exa_mple.com', 'bücher.example', `${'a'.repeat(64)}.com`,
    '10.0.0.1', '1', 'example.123', 'example.0x', 'example.0XfF', '0x7f000001'])('refuses %j', (n) => {
    expect(validPublicName(te.encode(n))).toBeUndefined();
  });
});

// The certificate status extension bodies (RFC 6066 §8, RFC 6962 §3.3, RFC 9846 §4.5.1.1): round
// trip, every strict prefix refused, random bytes ending in a TlsError only, and the bounds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TlsError } from '../../src/errors.js';
import { Limits } from '../../src/limits.js';
import { decodeCertificateStatus, decodeSctList, encodeStatusRequest } from '../../src/msgs/certificate_status.js';
import { decodeStatusRequest, encodeCertificateStatus, encodeSctList } from '../helpers/status_codecs.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;
const bytes = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });

interface Codec<T> { name: string; arb: fc.Arbitrary<T>; encode: (v: T) => Uint8Array; decode: (b: Uint8Array) => T }
const codec = <T>(c: Codec<T>) => c as unknown as Codec<unknown>;
const CODECS: Codec<unknown>[] = [
  codec({ name: 'status_request (CertificateStatusRequest)', arb: fc.record({ responderIdList: bytes(0, 40), requestExtensions: bytes(0, 40) }), encode: encodeStatusRequest, decode: decodeStatusRequest }),
  codec({ name: 'CertificateStatus', arb: bytes(1, 300), encode: encodeCertificateStatus, decode: decodeCertificateStatus }),
  codec({ name: 'SignedCertificateTimestampList', arb: fc.array(bytes(1, 60), { minLength: 1, maxLength: 5 }), encode: encodeSctList, decode: decodeSctList }),
];

const normal = (v: unknown): unknown => (v instanceof Uint8Array ? [...v] : Array.isArray(v) ? v.map(normal) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, normal(x)])) : v);

function tlsErrorOf(f: () => unknown): TlsError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(TlsError);
    return e as TlsError;
  }
  throw new Error('expected a TlsError');
}

describe.each(CODECS.map((c) => [c.name, c] as const))('%s', (_name, c) => {
  it('round-trips', () => {
    fc.assert(fc.property(c.arb, (v) => {
      const wire = c.encode(v);
      expect(normal(c.decode(wire))).toEqual(normal(v));
      expect([...c.encode(c.decode(wire))]).toEqual([...wire]);
    }), { numRuns: 200 });
  }, PROPERTY_TIMEOUT_MS);

  it('refuses every strict prefix and a trailing byte', () => {
    fc.assert(fc.property(c.arb, (v) => {
      const wire = c.encode(v);
      for (let n = 0; n < wire.length; n++) expect(tlsErrorOf(() => c.decode(wire.subarray(0, n))).alertName).toBe('decode_error');
      expect(tlsErrorOf(() => c.decode(Uint8Array.from([...wire, 0]))).alertName).toBe('decode_error');
    }), { numRuns: 50 });
  }, PROPERTY_TIMEOUT_MS);

  it('random bytes: a value or a TlsError, nothing else', () => {
    fc.assert(fc.property(bytes(0, 80), (b) => {
      try {
        c.decode(b);
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
      }
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('known answers and policy', () => {
  it('our status_request is ocsp with two empty lists (01 0000 0000)', () => {
    expect([...encodeStatusRequest({ responderIdList: new Uint8Array(0), requestExtensions: new Uint8Array(0) })]).toEqual([1, 0, 0, 0, 0]);
  });

  it('CertificateStatus: ocsp type and a 24-bit length', () => {
    expect([...encodeCertificateStatus(Uint8Array.of(0x30, 0x00))]).toEqual([1, 0, 0, 2, 0x30, 0]);
  });

  it('a status_type other than ocsp is illegal_parameter', () => {
    expect(tlsErrorOf(() => decodeCertificateStatus(Uint8Array.of(2, 0, 0, 1, 0))).alertName).toBe('illegal_parameter');
  });

  it('an empty OCSP response or SCT list is a decode_error (both are <1..>)', () => {
    expect(tlsErrorOf(() => decodeCertificateStatus(Uint8Array.of(1, 0, 0, 0))).alertName).toBe('decode_error');
    expect(tlsErrorOf(() => decodeSctList(Uint8Array.of(0, 0))).alertName).toBe('decode_error');
    expect(tlsErrorOf(() => decodeSctList(Uint8Array.of(0, 2, 0, 0))).alertName).toBe('decode_error');
  });

  it('refuses an OCSP response above Limits.maxOcspResponseBytes, accepts one at it', () => {
    expect(decodeCertificateStatus(encodeCertificateStatus(new Uint8Array(Limits.maxOcspResponseBytes))).length).toBe(Limits.maxOcspResponseBytes);
    expect(tlsErrorOf(() => decodeCertificateStatus(encodeCertificateStatus(new Uint8Array(Limits.maxOcspResponseBytes + 1)))).message).toContain('at most');
  });

  it('refuses an SCT list above Limits.maxSctListBytes', () => {
    const sct = new Uint8Array(1000);
    const list = encodeSctList(Array.from({ length: Math.ceil(Limits.maxSctListBytes / 1000) }, () => sct));
    expect(list.length).toBeGreaterThan(Limits.maxSctListBytes);
    expect(tlsErrorOf(() => decodeSctList(list)).message).toContain('at most');
  });
});

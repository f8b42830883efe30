// The strict base64 decoder of PEM bodies (private_key/base64.ts), against node's encoder.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeBase64 } from '../../../src/crypto/private_key/base64.js';

const PROPERTY_TIMEOUT_MS = 60_000;

describe('decodeBase64', () => {
  it('inverts canonical base64', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), (b) => {
      expect(decodeBase64(Buffer.from(b).toString('base64'))).toEqual(new Uint8Array(b));
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);

  it('accepts exactly the canonical encodings (what it accepts re-encodes to itself)', () => {
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(...'AQgw+/=_-a0 \n'), maxLength: 24 }), (s) => {
      const out = decodeBase64(s);
      if (out !== undefined) expect(Buffer.from(out).toString('base64')).toBe(s);
    }), { numRuns: 2000 });
  }, PROPERTY_TIMEOUT_MS);

  it.each(['A', 'AA', 'AAA', 'AA=', 'A===', '====', 'AAF=', 'AB==', 'AA==AAAA', 'AA-_', 'AA\nA', 'AAA\u00e9', 'AAA\u0100'])('refuses %j', (s) => {
    expect(decodeBase64(s)).toBeUndefined();
  });

  it('the empty text is the empty byte string', () => {
    expect(decodeBase64('')).toEqual(new Uint8Array(0));
  });
});

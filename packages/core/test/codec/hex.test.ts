// Hex and big-integer conversion of bytes (codec/hex.ts).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bigIntFromBytes, toHex } from '../../src/codec/hex.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('bigIntFromBytes', () => {
  it('reads bytes as an unsigned big-endian integer, as shifting byte by byte does', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      let expected = 0n;
      for (const b of bytes) expected = (expected << 8n) | BigInt(b);
      expect(bigIntFromBytes(bytes)).toBe(expected);
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('leading zeros and the empty array', () => {
    expect(bigIntFromBytes(new Uint8Array(0))).toBe(0n);
    expect(bigIntFromBytes(Uint8Array.of(0, 0, 1, 0))).toBe(256n);
    expect(toHex(Uint8Array.of(0, 255))).toBe('00ff');
  });
});

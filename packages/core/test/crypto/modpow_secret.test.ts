// modPowSecret (the CRT halves' exponentiation): the same results as modPow for any base,
// exponent and modulus, a fixed exponent size, and refusals of out-of-range arguments.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { modPow } from '../../src/crypto/modpow.js';
import { modPowSecret } from '../../src/crypto/modpow_secret.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

describe('modPowSecret', () => {
  it('known values and edge cases', () => {
    expect(modPowSecret(4n, 13n, 497n, 8)).toBe(445n);
    expect(modPowSecret(4n, 0n, 497n, 8)).toBe(1n);
    expect(modPowSecret(0n, 5n, 497n, 8)).toBe(0n);
    expect(modPowSecret(497n * 3n, 5n, 497n, 8)).toBe(0n);
    expect(modPowSecret(5n, 1n, 2n, 1)).toBe(1n);
    expect(modPowSecret(3n, 255n, 1000003n, 8)).toBe(modPow(3n, 255n, 1000003n));
    expect(modPowSecret(3n, 255n, 1000003n, 13)).toBe(modPow(3n, 255n, 1000003n)); // exponent size not a multiple of the window
  });

  it('refuses an exponent above its stated size, a negative input or a modulus <= 1', () => {
    expect(() => modPowSecret(4n, 256n, 497n, 8)).toThrow(RangeError);
    expect(() => modPowSecret(-1n, 3n, 497n, 8)).toThrow(RangeError);
    expect(() => modPowSecret(4n, -3n, 497n, 8)).toThrow(RangeError);
    expect(() => modPowSecret(4n, 3n, 1n, 8)).toThrow(RangeError);
  });

  it('property: agrees with modPow', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 1n << 600n }), fc.bigInt({ min: 0n, max: (1n << 520n) - 1n }), fc.bigInt({ min: 2n, max: 1n << 520n }), (b, e, m) =>
        modPowSecret(b, e, m, 520) === modPow(b, e, m)),
      { numRuns: 200 },
    );
  }, PROPERTY_TIMEOUT_MS);
});

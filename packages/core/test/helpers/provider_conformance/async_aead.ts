// 2f. The asynchronous AEAD lane (Aead.sealAsync / openAsync), for providers that have it: known
// answers through the promises, agreement with the synchronous seal / open on random inputs (at
// odd offsets of larger buffers), refusals resolving to null (never rejecting), several
// operations in flight at once, inputs left alone, and the key copied at create().
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Aead, CryptoProvider } from '../../../src/index.js';
import { suite } from './kat.js';
import { flip, hex, PROPERTY_TIMEOUT_MS, range, toHex } from './util.js';
import { AEAD_VECTORS } from './vectors.js';
import type { Make } from './index.js';

/** The suites whose AEAD has the asynchronous pair (both halves or neither). */
function asyncSuites(p: CryptoProvider) {
  return p.cipherSuites.filter((s) => {
    const a = s.aead.create(new Uint8Array(s.keyLength));
    expect(a.sealAsync === undefined, `${s.name}: sealAsync and openAsync come together`).toBe(a.openAsync === undefined);
    return a.sealAsync !== undefined;
  });
}

/** `b` copied `offset` bytes into a larger buffer. */
function offsetCopy(b: Uint8Array, offset: number): Uint8Array {
  const buf = new Uint8Array(offset + b.length + 3);
  buf.set(b, offset);
  return buf.subarray(offset, offset + b.length);
}

export function describeAsyncAead(make: Make): void {
  describe('asynchronous AEAD (sealAsync / openAsync)', () => {
    const p = make();
    const suites = asyncSuites(p);
    const aeadOf = (id: number, key: Uint8Array): Aead => suite(p, id).aead.create(key);

    it('at least one suite has the asynchronous pair', () => {
      expect(suites.length).toBeGreaterThan(0);
    });

    it.each(AEAD_VECTORS.filter((v) => suites.some((s) => s.id === v.suite)))('known answer through the promises, $label', async (v) => {
      const aead = aeadOf(v.suite, v.key);
      expect(toHex(await aead.sealAsync!(v.nonce, v.aad, v.plaintext))).toBe(v.sealed);
      expect(toHex((await aead.openAsync!(v.nonce, v.aad, hex(v.sealed))) ?? Uint8Array.of(0xde, 0xad))).toBe(toHex(v.plaintext));
      await expect(aead.openAsync!(v.nonce, v.aad, flip(hex(v.sealed), -1))).resolves.toBeNull();
      await expect(aead.openAsync!(v.nonce, flip(offsetCopy(v.aad, 1), 0).subarray(0, v.aad.length === 0 ? 0 : undefined), flip(hex(v.sealed), 0))).resolves.toBeNull();
    });

    it('agrees with the synchronous seal and open, at any offset; tampering resolves to null', async () => {
      for (const s of suites) {
        const input = fc.record({
          key: fc.uint8Array({ minLength: s.keyLength, maxLength: s.keyLength }),
          nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
          aad: fc.uint8Array({ maxLength: 24 }),
          plaintext: fc.uint8Array({ maxLength: 300 }),
          offset: fc.integer({ min: 0, max: 7 }),
          at: fc.nat(),
        });
        await fc.assert(fc.asyncProperty(input, async ({ key, nonce, aad, plaintext, offset, at }) => {
          const aead = s.aead.create(key);
          const sealed = aead.seal(nonce, plaintext, aad);
          expect(toHex(await aead.sealAsync!(offsetCopy(nonce, offset), offsetCopy(aad, offset), offsetCopy(plaintext, offset)))).toBe(toHex(sealed));
          expect(toHex((await aead.openAsync!(nonce, aad, offsetCopy(sealed, offset)))!)).toBe(toHex(plaintext));
          expect(toHex(aead.open(nonce, await aead.sealAsync!(nonce, aad, plaintext), aad)!)).toBe(toHex(plaintext));
          const bad = flip(sealed, at % sealed.length);
          await expect(aead.openAsync!(nonce, aad, bad)).resolves.toBeNull();
        }), { numRuns: 30 });
      }
    }, PROPERTY_TIMEOUT_MS);

    it.each([0, 1, 15])('a ciphertext of %i bytes (shorter than a tag) resolves to null', async (n) => {
      for (const s of suites) await expect(s.aead.create(range(1, s.keyLength)).openAsync!(new Uint8Array(12), new Uint8Array(0), new Uint8Array(n))).resolves.toBeNull();
    });

    it('many operations in flight at once each get their own answer; inputs are left alone', async () => {
      for (const s of suites) {
        const aead = s.aead.create(range(9, s.keyLength));
        const jobs = Array.from({ length: 24 }, (_, i) => ({ nonce: range(i, 12), aad: Uint8Array.of(23, 3, 3, 0, i), pt: range(i * 3, 100 + i * 97) }));
        const before = jobs.map((j) => toHex(j.nonce) + toHex(j.aad) + toHex(j.pt));
        const sealed = await Promise.all(jobs.map((j) => aead.sealAsync!(j.nonce, j.aad, j.pt)));
        jobs.forEach((j, i) => expect(toHex(sealed[i]!)).toBe(toHex(aead.seal(j.nonce, j.pt, j.aad))));
        const opened = await Promise.all(jobs.map((j, i) => aead.openAsync!(j.nonce, j.aad, sealed[i]!)));
        jobs.forEach((j, i) => expect(toHex(opened[i]!)).toBe(toHex(j.pt)));
        expect(jobs.map((j) => toHex(j.nonce) + toHex(j.aad) + toHex(j.pt))).toEqual(before);
      }
    });

    it('the key is copied at create(): wiping it before the first asynchronous call changes nothing', async () => {
      for (const s of suites) {
        const key = range(3, s.keyLength);
        const aead = s.aead.create(key);
        const expected = toHex(aead.seal(new Uint8Array(12), range(0, 33), new Uint8Array(0)));
        key.fill(0);
        expect(toHex(await aead.sealAsync!(new Uint8Array(12), new Uint8Array(0), range(0, 33)))).toBe(expected);
      }
    });
  });
}

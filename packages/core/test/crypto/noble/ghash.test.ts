// The GHASH table built directly from H holds exactly noble's values (noble builds it from 768
// objects per key), and KeyedGhash computes noble's GHASH for any key, inputs and alignment, also
// when one instance is reused for many records.
import { GHASH } from '@noble/ciphers/_polyval.js';
import fc from 'fast-check';
import { InternalError } from '../../../src/errors.js';
import { describe, expect, it } from 'vitest';
import { ghashTable, KeyedGhash } from '../../../src/crypto/noble/ghash.js';

/** noble's GHASH with its (protected) table readable. */
class NobleTable extends GHASH {
  /** noble's 4-bit-window table, flattened the way ghashTable lays it out. */
  flat(): Int32Array {
    expect(this.t.length).toBe(512); // 4096 bytes select noble's 4-bit windows
    return Int32Array.from(this.t.flatMap((e) => [e.s0, e.s1, e.s2, e.s3]));
  }
}

const nobleTable = (h: Uint8Array): Int32Array => new NobleTable(h, 4096).flat();

/** noble's GHASH of aad, data and the lengths block, as GCM feeds it (SP 800-38D §7.1 step 5). */
function nobleGhash(h: Uint8Array, aad: Uint8Array, data: Uint8Array): Uint8Array {
  const g = new GHASH(h, 4096);
  if (aad.length > 0) g.update(aad);
  if (data.length > 0) g.update(data);
  const lengths = new Uint8Array(16);
  const v = new DataView(lengths.buffer);
  v.setBigUint64(0, BigInt(aad.length * 8));
  v.setBigUint64(8, BigInt(data.length * 8));
  return g.update(lengths).digest();
}

/** `b` at byte offset `offset` of a larger buffer (records are subarrays). */
function at(b: Uint8Array, offset: number): Uint8Array {
  const buf = new Uint8Array(b.length + offset);
  buf.set(b, offset);
  return buf.subarray(offset);
}

const key = fc.uint8Array({ minLength: 16, maxLength: 16 });

describe('ghashTable', () => {
  it('equals noble\'s table for edge keys (zero, all ones, single high and low bits)', () => {
    const keys = [new Uint8Array(16), new Uint8Array(16).fill(0xff), Uint8Array.of(0x80, ...new Uint8Array(15)), Uint8Array.of(...new Uint8Array(15), 1)];
    for (const h of keys) expect(ghashTable(h)).toEqual(nobleTable(h));
  });

  it('equals noble\'s table for any key', () => {
    fc.assert(fc.property(key, (h) => {
      expect(ghashTable(h)).toEqual(nobleTable(h));
    }), { numRuns: 200 });
  });

  it('refuses a hash key that is not 16 bytes', () => {
    expect(() => ghashTable(new Uint8Array(15))).toThrow(InternalError);
  });
});

describe('KeyedGhash', () => {
  it('is noble\'s GHASH for any key, aad, data and byte offsets, reused across inputs', () => {
    const input = fc.record({
      h: key,
      records: fc.array(fc.record({
        aad: fc.uint8Array({ maxLength: 40 }),
        data: fc.uint8Array({ maxLength: 200 }),
        offset: fc.integer({ min: 0, max: 3 }),
      }), { minLength: 1, maxLength: 4 }),
    });
    fc.assert(fc.property(input, ({ h, records }) => {
      const g = new KeyedGhash(h);
      for (const { aad, data, offset } of records) {
        const out = new Uint8Array(16);
        g.hashInto(at(aad, offset), at(data, offset), out);
        expect(out).toEqual(nobleGhash(h, aad, data));
      }
    }), { numRuns: 300 });
  });

  it('writes only out[0, 16) when given a longer buffer', () => {
    const h = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
    const out = new Uint8Array(20).fill(0xaa);
    new KeyedGhash(h).hashInto(Uint8Array.of(1, 2, 3), new Uint8Array(33).fill(7), out);
    expect(out.subarray(0, 16)).toEqual(nobleGhash(h, Uint8Array.of(1, 2, 3), new Uint8Array(33).fill(7)));
    expect(out.subarray(16)).toEqual(new Uint8Array(4).fill(0xaa));
  });
});

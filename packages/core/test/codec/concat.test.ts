import { describe, expect, it } from 'vitest';
import { concatBytes, concatList } from '../../src/codec/concat.js';

describe('concatBytes / concatList', () => {
  it('puts the parts back to back in a new array', () => {
    const a = Uint8Array.of(1, 2);
    const out = concatBytes(a, new Uint8Array(0), Uint8Array.of(3));
    expect([...out]).toEqual([1, 2, 3]);
    out[0] = 9;
    expect(a[0]).toBe(1); // a copy, not a view
    expect(concatBytes().length).toBe(0);
  });

  it('takes a list longer than any argument list: 200,000 one-byte parts', () => {
    const parts = Array.from({ length: 200_000 }, (_, i) => Uint8Array.of(i & 0xff));
    const out = concatList(parts);
    expect(out.length).toBe(200_000);
    expect(out[199_999]).toBe(199_999 & 0xff);
  });
});

// RecordBoundary: the pump's view of where records end, whatever the chunking of the stream.
import { describe, expect, it } from 'vitest';
import { RecordBoundary } from '../src/record_boundary.js';

/** A stream of records with these fragment lengths (header type 0x17, version 0x0303). */
function stream(lengths: number[]): { bytes: Uint8Array; ends: number[] } {
  const parts: number[] = [];
  const ends: number[] = [];
  for (const n of lengths) {
    parts.push(0x17, 0x03, 0x03, n >> 8, n & 0xff, ...new Array<number>(n).fill(n & 0xff));
    ends.push(parts.length);
  }
  return { bytes: Uint8Array.from(parts), ends };
}

describe('RecordBoundary', () => {
  it('hands on exactly one record at a time, whatever the chunk sizes (including empty records)', () => {
    const { bytes, ends } = stream([0, 1, 300, 0, 0, 17, 2]);
    for (const chunkSize of [1, 2, 3, 5, 6, 7, 64, 1000]) {
      const b = new RecordBoundary();
      const seen: number[] = [];
      let at = 0;
      while (at < bytes.length) {
        const chunk = bytes.subarray(at, Math.min(bytes.length, at + chunkSize));
        const n = b.untilRecordEnd(chunk);
        expect(n).toBeGreaterThan(0);
        b.passed(chunk.subarray(0, n));
        at += n;
        if (ends.includes(at)) seen.push(at);
        else expect(n).toBe(chunk.length); // stops early only at a record's end
      }
      expect(seen).toEqual(ends);
    }
  });
});

// The Node driver's pooled random source (src/random.ts): fresh arrays of the asked length, no
// byte handed out twice, the block wiped behind each draw, large draws straight from the CSPRNG,
// and engineConfig's default (the caller's engine.random wins).
import { describe, expect, it } from 'vitest';
import { engineConfig } from '../src/connect_options.js';
import { pooledRandom, RandomPool } from '../src/random.js';

describe('RandomPool', () => {
  it('hands out fresh arrays of the length asked, across block refills, each wiped from the block', () => {
    const pool = new RandomPool();
    const block = (pool as unknown as { block: Uint8Array }).block;
    const seen = new Set<string>();
    for (let i = 0; i < 400; i++) {
      const n = [0, 1, 32, 64, 100, 128][i % 6]!;
      const out = pool.source(n);
      expect(out.length).toBe(n);
      expect(out.buffer).not.toBe(block.buffer);
      const at = (pool as unknown as { at: number }).at;
      expect(block.subarray(0, at).every((b) => b === 0)).toBe(true); // everything handed out so far is gone from the block
      if (n >= 32) {
        const hex = Buffer.from(out).toString('hex');
        expect(seen.has(hex)).toBe(false);
        seen.add(hex);
      }
    }
  });

  it('fills large draws directly, and refuses a count that is not a byte count', () => {
    const pool = new RandomPool();
    expect(pool.source(5000).length).toBe(5000);
    expect((pool as unknown as { at: number }).at).toBe(4096); // the block was not touched
    for (const n of [-1, 1.5, Number.NaN]) expect(() => pool.source(n)).toThrow(RangeError);
  });

  it('is the engine\'s random source by default; engine.random replaces it', () => {
    const own = (n: number) => new Uint8Array(n);
    expect(engineConfig({}, 'example.com', undefined).random).toBe(pooledRandom);
    expect(engineConfig({ engine: { random: own } }, 'example.com', undefined).random).toBe(own);
  });
});

// A random source that replays fixed bytes, for key-exchange tests that must know every secret.
import type { RandomSource } from '../../src/index.js';

/** A random source replaying `pool`, refusing to read past it (so the draw count is checked too). */
export function pooled(pool: Uint8Array): RandomSource & { used: () => number } {
  let at = 0;
  const f = (n: number) => {
    if (at + n > pool.length) throw new Error(`drew ${at + n} bytes of ${pool.length}`);
    const out = pool.slice(at, at + n);
    at += n;
    return out;
  };
  return Object.assign(f, { used: () => at });
}

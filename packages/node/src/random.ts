/**
 * The Node driver's random source: node:crypto's CSPRNG, drawn in 4 KiB blocks. A handshake asks
 * for random bytes about twenty times (client random, key shares, the ML-KEM seed, GREASE values),
 * and each call into `crypto.getRandomValues` or `randomFillSync` costs about 3.5 µs here, most of
 * it the call itself; from a block, a small draw costs a copy.
 *
 * Bytes are copied out and wiped in the block as they are handed out, so the block never holds a
 * byte anyone has seen. Draws larger than {@link MAX_POOLED} go to the CSPRNG directly.
 */
import { randomFillSync } from 'node:crypto';

/** The block drawn from the CSPRNG at a time. */
const BLOCK = 4096;
/** Larger draws (a GREASE ECH payload, say) are filled directly: they would use the block up. */
const MAX_POOLED = 128;

/**
 * A random source over one block of CSPRNG output.
 *
 * @example
 * const random = new RandomPool().source;
 * random(32); // 32 fresh bytes
 */
export class RandomPool {
  private readonly block = new Uint8Array(BLOCK);
  private at = BLOCK;

  /** `n` fresh random bytes, in an array of their own. */
  readonly source = (n: number): Uint8Array => {
    if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`random: ${n} is not a byte count`);
    if (n > MAX_POOLED) return randomFillSync(new Uint8Array(n));
    if (this.at + n > BLOCK) {
      randomFillSync(this.block);
      this.at = 0;
    }
    const out = this.block.slice(this.at, this.at + n);
    this.block.fill(0, this.at, this.at + n);
    this.at += n;
    return out;
  };
}

/** The process's pool, shared by every connection the driver opens (the engine is synchronous: draws never interleave). */
export const pooledRandom = new RandomPool().source;

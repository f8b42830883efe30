// A provider whose AEADs have the asynchronous lane, with every asynchronous operation held at a
// gate until the test releases it, in whatever order the test picks. The operation itself runs
// only on release (with the arrays it was given), so a record layer that changed them before the
// promise settled would be caught. Synchronous seal/open are the wrapped AEAD's.
import type { Aead, CryptoProvider } from '../../../src/index.js';

/** Asynchronous operations waiting for the test. */
export class Gate {
  private jobs: (() => void)[] = [];
  /** Every operation started so far. */
  started = 0;

  /** How many are held now. */
  get held(): number {
    return this.jobs.length;
  }

  /** A promise settled with `run()`'s outcome once released. */
  defer<T>(run: () => T): Promise<T> {
    this.started++;
    return new Promise<T>((resolve, reject) => {
      this.jobs.push(() => {
        try {
          resolve(run());
        } catch (e) {
          reject(e);
        }
      });
    });
  }

  /** Releases the held operations at these positions (in this order), then lets their callbacks run. */
  async release(order: readonly number[]): Promise<void> {
    const jobs = this.jobs;
    for (const i of order) jobs[i]!();
    this.jobs = jobs.filter((_, i) => !order.includes(i));
    await settle();
  }

  /** Releases everything held, in an order shuffled by `seed`. */
  async releaseShuffled(seed: number): Promise<void> {
    await this.release(shuffled(this.jobs.length, seed));
  }
}

/** Lets promise callbacks (and what they start) run. */
export function settle(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** 0..n-1 in an order given by a small LCG over `seed`. */
export function shuffled(n: number, seed: number): number[] {
  const out = Array.from({ length: n }, (_, i) => i);
  let s = seed >>> 0 || 1;
  for (let i = n - 1; i > 0; i--) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const j = s % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

/** `inner` with sealAsync/openAsync held at `gate`. */
export function gatedAead(inner: Aead, gate: Gate): Aead {
  return {
    seal: (n, p, a) => inner.seal(n, p, a),
    open: (n, c, a) => inner.open(n, c, a),
    sealAsync: (n, a, p) => gate.defer(() => inner.seal(n, p, a)),
    openAsync: (n, a, c) => gate.defer(() => inner.open(n, c, a)),
  };
}

/** `base` with every suite's AEAD gated. */
export function gatedProvider(base: CryptoProvider, gate: Gate): CryptoProvider {
  return {
    ...base,
    cipherSuites: base.cipherSuites.map((s) => ({ ...s, aead: { ...s.aead, create: (key: Uint8Array) => gatedAead(s.aead.create(key), gate) } })),
  };
}

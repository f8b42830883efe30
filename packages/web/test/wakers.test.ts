// Wakers.race, the wait the pump uses at each want-async (and StreamChannel at writer.ready):
// whichever of the work and the condition comes first ends it, and a wait the work ended leaves
// nothing behind to be run at later wakes.
import { describe, expect, it } from 'vitest';
import { Wakers } from '../src/wakers.js';

describe('Wakers.race', () => {
  it('resolves when the work settles, and its check is not run at later wakes', async () => {
    const wakers = new Wakers();
    let checks = 0;
    let finish!: () => void;
    const work = new Promise<void>((r) => (finish = r));
    const waits = Array.from({ length: 100 }, () => wakers.race(work, () => (checks++, false)));
    expect(checks).toBe(100); // each checked once, at once
    finish();
    await Promise.all(waits);
    wakers.wakeAll();
    wakers.wakeAll();
    expect(checks).toBe(100);
  });

  it('resolves at the wake after which the condition holds, the work still pending', async () => {
    const wakers = new Wakers();
    let closed = false;
    let ended = false;
    void wakers.race(new Promise(() => {}), () => closed).then(() => (ended = true));
    wakers.wakeAll();
    await Promise.resolve();
    expect(ended).toBe(false);
    closed = true;
    wakers.wakeAll();
    await Promise.resolve();
    expect(ended).toBe(true);
  });

  it('takes rejected work as settled, and no work as nothing to wait for', async () => {
    const wakers = new Wakers();
    await wakers.race(Promise.reject(new Error('x')), () => false);
    await wakers.race(undefined, () => false);
  });
});

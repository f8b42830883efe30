/**
 * The wake-ups both channels give their waiters: something changed (bytes, end of stream, close,
 * failure), so every waiter looks again. No timers, no polling.
 */

/**
 * A list of waiters woken together.
 *
 * @example
 * const wakers = new Wakers();
 * const done = wakers.race(work, () => isClosed);
 * isClosed = true; wakers.wakeAll(); // `done` resolves, whether or not `work` has settled
 */
export class Wakers {
  private list: Array<() => void> = [];

  /** Resolves at the next `wakeAll()`. */
  next(): Promise<void> {
    return new Promise((r) => this.list.push(r));
  }

  /**
   * Resolves once `work` settles (either way; at once when there is none) or `done()` holds
   * (checked now and after each `wakeAll()`), whichever comes first. When `work` wins, its check
   * leaves the list at once. (Racing a plain "until done()" wait against `work` would leave that
   * check behind, re-queueing itself at every wake for as long as `done()` stays false, one more
   * per race: the pump races at each `want-async`, so a 64 MiB download piled up over a hundred,
   * each run at every received message, until the connection closed.)
   */
  race(work: Promise<unknown> | undefined, done: () => boolean): Promise<void> {
    if (work === undefined) return Promise.resolve(); // nothing to wait for
    return new Promise((resolve) => {
      let over = false;
      const check = () => {
        if (over) return;
        if (done()) {
          over = true;
          resolve();
        } else this.list.push(check);
      };
      const settle = () => {
        if (over) return;
        over = true;
        const i = this.list.indexOf(check);
        if (i >= 0) this.list.splice(i, 1);
        resolve();
      };
      work.then(settle, settle);
      check();
    });
  }

  /** Wakes every waiter (waiters added while waking wait for the next call). */
  wakeAll(): void {
    const woken = this.list;
    this.list = [];
    for (const f of woken) f();
  }
}

/**
 * The wake-ups both channels give their waiters: something changed (bytes, end of stream, close,
 * failure), so every waiter looks again. No timers, no polling.
 */

/**
 * A list of waiters woken together.
 *
 * @example
 * const wakers = new Wakers();
 * const closed = wakers.until(() => isClosed);
 * isClosed = true; wakers.wakeAll(); // `closed` resolves
 */
export class Wakers {
  private list: Array<() => void> = [];

  /** Resolves at the next `wakeAll()`. */
  next(): Promise<void> {
    return new Promise((r) => this.list.push(r));
  }

  /** Resolves at once if `done()` holds, else at the first `wakeAll()` after which it holds. */
  until(done: () => boolean): Promise<void> {
    return new Promise((r) => {
      const check = () => (done() ? r() : this.list.push(check));
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

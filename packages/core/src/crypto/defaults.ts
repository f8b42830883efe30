/**
 * The only place the engine touches the global clock and the global random source: these are the
 * defaults `ClientConfig.now` and `ClientConfig.random` fall back to. Tests and replays inject their
 * own, so everything else stays deterministic and runtime-neutral.
 */

/** `crypto.getRandomValues` accepts at most 65536 bytes per call. */
const MAX_CHUNK = 65536;

/**
 * `n` random bytes from `globalThis.crypto.getRandomValues` (Node ≥ 19, browsers, Workers, Deno, Bun).
 *
 * @example
 * const clientRandom = defaultRandom(32);
 */
export function defaultRandom(n: number): Uint8Array {
  const c = (globalThis as { crypto?: { getRandomValues?: (b: Uint8Array) => Uint8Array } }).crypto;
  if (c?.getRandomValues === undefined) throw new Error('no globalThis.crypto.getRandomValues: pass `random` in the configuration');
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i += MAX_CHUNK) c.getRandomValues(out.subarray(i, Math.min(n, i + MAX_CHUNK)));
  return out;
}

/**
 * Milliseconds since the epoch.
 *
 * @example
 * const now = defaultNow();
 */
export function defaultNow(): number {
  return Date.now();
}

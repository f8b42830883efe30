// Order statistics for the benchmark tables.

/**
 * The `q` quantile of `xs` (nearest rank); NaN when empty.
 *
 * @example
 * quantile([3, 1, 2], 0.9); // 3
 */
export const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil(q * xs.length) - 1)] ?? NaN;

/**
 * The median of `xs` (the mean of the middle two for an even count).
 *
 * @example
 * median([4, 1, 3, 2]); // 2.5
 */
export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

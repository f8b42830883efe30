/**
 * The Punycode encoder of RFC 3492 (§6.3), for turning IDNA U-labels into A-labels
 * (RFC 5891 §4.4). Encoding only: the client never needs to decode a peer's name.
 */

/** RFC 3492 §5: the Bootstring parameters for Punycode. */
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;

/** RFC 3492 §5: digit values 0..25 are a..z, 26..35 are 0..9. */
function digit(d: number): string {
  return String.fromCharCode(d < 26 ? 0x61 + d : 0x30 + d - 26);
}

/** RFC 3492 §6.1: bias adaptation after each delta. */
function adapt(delta: number, numPoints: number, firstTime: boolean): number {
  let d = firstTime ? Math.floor(delta / DAMP) : delta >> 1;
  d += Math.floor(d / numPoints);
  let k = 0;
  while (d > ((BASE - TMIN) * TMAX) >> 1) {
    d = Math.floor(d / (BASE - TMIN));
    k += BASE;
  }
  return k + Math.floor(((BASE - TMIN + 1) * d) / (d + SKEW));
}

/** RFC 3492 §6.3: a delta as a generalized variable-length integer. */
function encodeDelta(delta: number, bias: number): string {
  let out = '';
  let q = delta;
  for (let k = BASE; ; k += BASE) {
    const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
    if (q < t) break;
    out += digit(t + ((q - t) % (BASE - t)));
    q = Math.floor((q - t) / (BASE - t));
  }
  return out + digit(q);
}

/**
 * Punycode-encodes a string (RFC 3492 §6.3), without the `xn--` prefix. The work is quadratic in
 * the number of code points, so callers bound the input (a DNS label is at most 63 octets).
 *
 * @example
 * punycodeEncode('bücher'); // 'bcher-kva'
 */
export function punycodeEncode(input: string): string {
  const points = Array.from(input, (c) => c.codePointAt(0)!);
  const basic = points.filter((p) => p < INITIAL_N);
  let output = String.fromCharCode(...basic);
  let handled = basic.length;
  if (handled > 0) output += '-';
  let n = INITIAL_N;
  let delta = 0;
  let bias = INITIAL_BIAS;
  while (handled < points.length) {
    // The smallest code point not yet handled; every one is >= n by construction.
    const m = Math.min(...points.filter((p) => p >= n));
    delta += (m - n) * (handled + 1);
    n = m;
    for (const p of points) {
      if (p < n) delta++;
      if (p !== n) continue;
      output += encodeDelta(delta, bias);
      bias = adapt(delta, handled + 1, handled === basic.length);
      delta = 0;
      handled++;
    }
    delta++;
    n++;
  }
  return output;
}

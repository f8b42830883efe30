/**
 * Punycode (RFC 3492): the encoder turns IDNA U-labels into A-labels (RFC 5891 §4.4); the
 * decoder only checks that an A-label given in the configuration is a valid one (§5.3).
 */

/** RFC 3492 §5: the Bootstring parameters for Punycode. */
const BASE = 36;
const TMIN = 1;
const TMAX = 26;
const SKEW = 38;
const DAMP = 700;
const INITIAL_BIAS = 72;
const INITIAL_N = 0x80;
/** RFC 3492 §6.4: the decoder's integers stay below this (no silent overflow). */
const MAX_INT = 0x7fffffff;

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

/** RFC 3492 §5: the value of a digit (either case), or undefined for a non-digit. */
function digitValue(c: number): number | undefined {
  if (c >= 0x30 && c <= 0x39) return c - 0x30 + 26;
  if (c >= 0x41 && c <= 0x5a) return c - 0x41;
  if (c >= 0x61 && c <= 0x7a) return c - 0x61;
  return undefined;
}

/** RFC 3492 §6.2: one generalized variable-length integer from `pos`; undefined if malformed. */
function decodeDelta(input: string, pos: number, bias: number): { delta: number; next: number } | undefined {
  let delta = 0;
  let w = 1;
  for (let k = BASE; ; k += BASE) {
    if (pos >= input.length) return undefined;
    const d = digitValue(input.charCodeAt(pos++));
    if (d === undefined || d > (MAX_INT - delta) / w) return undefined;
    delta += d * w;
    const t = k <= bias ? TMIN : k >= bias + TMAX ? TMAX : k - bias;
    if (d < t) return { delta, next: pos };
    if (w > MAX_INT / (BASE - t)) return undefined;
    w *= BASE - t;
  }
}

/**
 * Decodes Punycode (RFC 3492 §6.2), without the `xn--` prefix; undefined for a malformed input.
 * Quadratic in the length, like the encoder: callers bound it.
 *
 * @example
 * punycodeDecode('bcher-kva'); // 'bücher'
 */
export function punycodeDecode(input: string): string | undefined {
  const delimiter = input.lastIndexOf('-');
  const output: number[] = [];
  for (let j = 0; j < Math.max(delimiter, 0); j++) {
    const c = input.charCodeAt(j);
    if (c >= INITIAL_N) return undefined;
    output.push(c);
  }
  let n = INITIAL_N;
  let i = 0;
  let bias = INITIAL_BIAS;
  for (let pos = delimiter > 0 ? delimiter + 1 : 0; pos < input.length;) {
    const step = decodeDelta(input, pos, bias);
    if (step === undefined) return undefined;
    pos = step.next;
    const oldI = i;
    i += step.delta;
    const length = output.length + 1;
    bias = adapt(i - oldI, length, oldI === 0);
    n += Math.floor(i / length);
    i %= length;
    // Beyond Unicode, or a surrogate: not a code point a label can hold.
    if (n > 0x10ffff || (n >= 0xd800 && n <= 0xdfff)) return undefined;
    output.splice(i, 0, n);
    i++;
  }
  return String.fromCodePoint(...output);
}

/**
 * Modular exponentiation with a secret exponent (the CRT halves of RSA signing, RFC 8017 §5.1.2),
 * as regular as BigInt allows: best effort, not constant time.
 *
 * `modPow` (modpow.ts) is right-to-left square-and-multiply: it multiplies only for the exponent's
 * one bits and stops at its top bit, so its running time follows the exponent's bits. This one is
 * a fixed-window exponentiation (window of {@link WINDOW_BITS} bits, left to right): the number of
 * squarings and multiplications is fixed by `exponentBits` (a public size, the prime's length),
 * never by the exponent's value, and a zero window multiplies too. Every intermediate value is kept
 * in [mod, 2·mod) rather than [0, mod): a residue that happens to be small (1 during leading zero
 * windows, or the table's entry for 0) would otherwise be a small BigInt, which V8 multiplies
 * faster. What remains secret-dependent: which table entry each window reads (an array index, so
 * memory access patterns), and V8's BigInt algorithms, whose timing depends on operand sizes and
 * on its choice of multiplication and division routines, not on a constant-time design.
 */

/** Window width: 16 table entries; for a 1024-bit prime, 1024 squarings and 256 multiplications. */
const WINDOW_BITS = 4;
const WINDOW_MASK = (1n << BigInt(WINDOW_BITS)) - 1n;

/** x mod m, lifted into [m, 2m): the same residue, always a full-size operand. */
const lift = (x: bigint, m: bigint): bigint => (x % m) + m;

/**
 * base^exp mod mod for a secret `exp` with 0 <= exp < 2^exponentBits, in a number of operations
 * fixed by `exponentBits` (best effort against timing; see the module comment). `mod` must be
 * above 1; `base` any non-negative number.
 *
 * @example
 * modPowSecret(4n, 13n, 497n, 8); // 445n
 */
export function modPowSecret(base: bigint, exp: bigint, mod: bigint, exponentBits: number): bigint {
  if (mod <= 1n || base < 0n || exp < 0n || exp >> BigInt(exponentBits) !== 0n) throw new RangeError('modPowSecret: argument out of range');
  const table: bigint[] = [lift(1n, mod), lift(base, mod)];
  for (let i = 2; i <= Number(WINDOW_MASK); i++) table.push(lift(table[i - 1]! * table[1]!, mod));
  const windows = Math.ceil(exponentBits / WINDOW_BITS);
  let acc = table[0]!;
  for (let w = windows - 1; w >= 0; w--) {
    for (let i = 0; i < WINDOW_BITS; i++) acc = lift(acc * acc, mod);
    const digit = Number((exp >> BigInt(w * WINDOW_BITS)) & WINDOW_MASK);
    acc = lift(acc * table[digit]!, mod);
  }
  return acc % mod;
}

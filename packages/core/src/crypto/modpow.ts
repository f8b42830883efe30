/**
 * Modular exponentiation on bigint, the one costly step of RSA verification. A module of its own
 * so tests can count exponentiations (and prove a refused key never reaches one).
 */

/**
 * base^exp mod mod by square-and-multiply (public values only: not constant time).
 *
 * @example
 * modPow(4n, 13n, 497n); // 445n
 */
export function modPow(base: bigint, exp: bigint, mod: bigint): bigint {
  let result = 1n;
  let b = base % mod;
  let e = exp;
  while (e > 0n) {
    if (e & 1n) result = (result * b) % mod;
    b = (b * b) % mod;
    e >>= 1n;
  }
  return result;
}

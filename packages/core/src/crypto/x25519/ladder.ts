/**
 * X25519 (RFC 7748 §5): the Montgomery ladder on Curve25519 over the field of `field.ts`, in
 * constant time (the same operations for every scalar and u: the scalar's bits only drive
 * {@link cswap} masks).
 */
import { add, cswap, fe, invert, mul, mulSmall, pack, square, sub, unpack } from './field.js';

/** a24 = (486662 - 2) / 4 = 121665 (RFC 7748 §5). */
const A24 = 121665;

function check32(what: string, x: unknown): asserts x is Uint8Array {
  if (!(x instanceof Uint8Array)) throw new TypeError(`x25519: ${what} must be a Uint8Array`);
  if (x.length !== 32) throw new TypeError(`x25519: ${what} must be 32 bytes, not ${x.length}`);
}

/**
 * X25519(k, u) (RFC 7748 §5): the u-coordinate of k·P for the point P of u-coordinate `u`, with
 * `scalar` clamped as decodeScalar25519 does (on a copy: the argument is not changed) and the
 * top bit of `u` masked. Non-canonical u (≥ p) is accepted, as §5 says. A low-order u gives 32
 * zero bytes; callers that must reject that (RFC 7748 §6.1, RFC 9846 §7.4.2) check for it.
 *
 * @throws TypeError if `scalar` or `u` is not a 32-byte Uint8Array.
 * @example
 * const shared = x25519(myPrivateKey, peerPublicKey); // 32 bytes
 */
export function x25519(scalar: Uint8Array, u: Uint8Array): Uint8Array {
  check32('scalar', scalar);
  check32('u', u);
  // decodeScalar25519 (§5): clear bits 0, 1, 2 and 255, set bit 254.
  const k = scalar.slice();
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;

  // The ladder, following the pseudo-code of §5 line by line.
  const x1 = unpack(u);
  const x2 = fe([1]);
  const z2 = fe();
  const x3 = fe(x1);
  const z3 = fe([1]);
  const a = fe(), aa = fe(), b = fe(), bb = fe(), e = fe(), c = fe(), d = fe(), da = fe(), cb = fe();
  let swap = 0;
  for (let t = 254; t >= 0; t--) {
    const kt = (k[t >>> 3]! >>> (t & 7)) & 1;
    swap ^= kt;
    cswap(x2, x3, swap);
    cswap(z2, z3, swap);
    swap = kt;
    add(a, x2, z2); // A = x_2 + z_2
    square(aa, a); // AA = A^2
    sub(b, x2, z2); // B = x_2 - z_2
    square(bb, b); // BB = B^2
    sub(e, aa, bb); // E = AA - BB
    add(c, x3, z3); // C = x_3 + z_3
    sub(d, x3, z3); // D = x_3 - z_3
    mul(da, d, a); // DA = D * A
    mul(cb, c, b); // CB = C * B
    add(x3, da, cb);
    square(x3, x3); // x_3 = (DA + CB)^2
    sub(z3, da, cb);
    square(z3, z3);
    mul(z3, z3, x1); // z_3 = x_1 * (DA - CB)^2
    mul(x2, aa, bb); // x_2 = AA * BB
    mulSmall(z2, e, A24);
    add(z2, z2, aa);
    mul(z2, z2, e); // z_2 = E * (AA + a24 * E)
  }
  cswap(x2, x3, swap);
  cswap(z2, z3, swap);
  // Return x_2 * (z_2^(p - 2)) (§5), encoded by encodeUCoordinate.
  invert(z3, z2); // z3 is free now: reuse it for z_2^(p-2)
  mul(x2, x2, z3);
  const out = pack(x2);

  k.fill(0);
  for (const x of [x1, x2, z2, x3, z3, a, aa, b, bb, e, c, d, da, cb]) x.fill(0);
  return out;
}

/**
 * X25519(k, 9) (RFC 7748 §4.1, §6.1): the public key of the private key `scalar`.
 *
 * @throws TypeError if `scalar` is not a 32-byte Uint8Array.
 * @example
 * const publicKey = x25519Base(privateKey); // 32 bytes
 */
export function x25519Base(scalar: Uint8Array): Uint8Array {
  const base = new Uint8Array(32); // u = 9 (RFC 7748 §4.1)
  base[0] = 9;
  return x25519(scalar, base);
}

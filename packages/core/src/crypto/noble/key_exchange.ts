/**
 * The key-exchange groups of the noble provider (RFC 9846 §4.3.7, §7.4): X25519, P-256, P-384.
 */
import { X25519BaseTable } from '../x25519/base.js';
import { x25519, x25519Base } from '../x25519/ladder.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { Limits } from '../../limits.js';
import { InternalError, InvalidMessageError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import { equalBytes } from '../../codec/ct.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../provider.js';

function badShare(group: string, why: string): InvalidMessageError {
  return new InvalidMessageError('illegal_parameter', `${group} key share: ${why}`);
}

/**
 * Draws `len` secret bytes from `random` until `make` accepts them as a private key (at most
 * `Limits.maxPrivateKeyDraws` times); each draw is wiped once `make` has used it. Shared by every
 * provider's groups, so all of them consume the random source the same way (RFC 8448 replays).
 *
 * @example
 * start: (random) => drawKey('secp256r1', random, 32, (d) => (isValidScalar(d) ? exchangeFrom(d) : null)),
 */
export function drawKey(name: string, random: RandomSource, len: number, make: (secret: Uint8Array) => ActiveKeyExchange | null): ActiveKeyExchange {
  for (let attempt = 0; attempt < Limits.maxPrivateKeyDraws; attempt++) {
    const secret = random(len);
    if (secret.length !== len) throw new InternalError(`${name}: random source returned ${secret.length} bytes, not ${len}`);
    const kx = make(secret);
    secret.fill(0);
    if (kx !== null) return kx;
  }
  throw new InternalError('random source keeps producing invalid private keys');
}

/**
 * X25519 (RFC 7748); the all-zero shared secret (a low-order share) is refused (RFC 9846 §7.4.2).
 * Both sides are ours, in constant time (crypto/x25519/): the public key from `publicKey` (a
 * group's base-point table, or the ladder), the shared secret from the ladder, about twice as
 * fast as noble's BigInt one.
 */
function x25519Exchange(group: SupportedGroup, secret: Uint8Array, publicKey: (sk: Uint8Array) => Uint8Array): ActiveKeyExchange {
  const sk = secret.slice();
  return {
    group,
    share: publicKey(sk),
    complete(peer) {
      if (peer.length !== 32) throw badShare('x25519', `length ${peer.length}`);
      const shared = x25519(sk, peer);
      if (equalBytes(shared, new Uint8Array(32))) throw badShare('x25519', 'all-zero shared secret (a low-order point)');
      return shared;
    },
    destroy: () => sk.fill(0),
  };
}

/** ECDHE over P-256/P-384: uncompressed points only, validated; the secret is the x-coordinate. */
function nistExchange(group: SupportedGroup, curve: typeof p256 | typeof p384, fieldLen: number, secret: Uint8Array): ActiveKeyExchange | null {
  if (!curve.utils.isValidSecretKey(secret)) return null;
  const sk = secret.slice();
  return {
    group,
    share: curve.getPublicKey(sk, false),
    complete(peer) {
      // RFC 9846 §4.3.8.2: UncompressedPointRepresentation only.
      if (peer.length !== 1 + 2 * fieldLen || peer[0] !== 0x04) throw badShare(group.name, 'not an uncompressed point');
      try {
        curve.Point.fromBytes(peer).assertValidity();
        return curve.getSharedSecret(sk, peer, true).slice(1);
      } catch {
        throw badShare(group.name, 'point not on the curve');
      }
    },
    destroy: () => sk.fill(0),
  };
}

/**
 * X25519 (0x001d) whose public keys come from a base-point table (crypto/x25519/base.ts: about
 * 0.2 ms a key against the ladder's 0.65), built on the group's first key (about 1.5 ms) and
 * owned by the group: each noble provider makes one, nothing is the module's.
 *
 * @example
 * const group = x25519Group(); group.start(random).share.length // 32
 */
export function x25519Group(): SupportedGroup {
  let table: X25519BaseTable | undefined;
  const publicKey = (sk: Uint8Array) => (table ??= new X25519BaseTable()).publicKey(sk);
  const group: SupportedGroup = {
    id: NamedGroup.x25519,
    name: 'x25519',
    start: (random) => drawKey('x25519', random, 32, (s) => x25519Exchange(group, s, publicKey)),
  };
  return group;
}

/**
 * X25519 (0x001d), keeping nothing: every public key by the ladder (about 0.65 ms). The noble
 * providers use {@link x25519Group} instead.
 *
 * @example
 * X25519.start(random).share.length // 32
 */
export const X25519: SupportedGroup = {
  id: NamedGroup.x25519,
  name: 'x25519',
  start: (random) => drawKey('x25519', random, 32, (s) => x25519Exchange(X25519, s, x25519Base)),
};

/** secp256r1 (0x0017). @example SECP256R1.start(random).share.length // 65 */
export const SECP256R1: SupportedGroup = {
  id: NamedGroup.secp256r1,
  name: 'secp256r1',
  start: (random) => drawKey('secp256r1', random, 32, (s) => nistExchange(SECP256R1, p256, 32, s)),
};

/** secp384r1 (0x0018). @example SECP384R1.start(random).share.length // 97 */
export const SECP384R1: SupportedGroup = {
  id: NamedGroup.secp384r1,
  name: 'secp384r1',
  start: (random) => drawKey('secp384r1', random, 48, (s) => nistExchange(SECP384R1, p384, 48, s)),
};

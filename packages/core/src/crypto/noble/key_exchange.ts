/**
 * The key-exchange groups of the noble provider (RFC 9846 §4.3.7, §7.4): X25519, P-256, P-384.
 */
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
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

/** How a group computes X25519: the public key of a private key, and a shared secret (all zero for a low-order u). */
interface X25519Ops {
  publicKey(sk: Uint8Array): Uint8Array;
  shared(sk: Uint8Array, peer: Uint8Array): Uint8Array;
}

/** Ours (crypto/x25519/), in constant time: the ladder for both (stateless). */
const LADDER: X25519Ops = { publicKey: x25519Base, shared: x25519 };

/** The X25519 base point, u = 9 (RFC 7748 §4.1). */
const BASE_U = Uint8Array.of(9, ...new Uint8Array(31));

/**
 * noble's BigInt ladder, for a group's first operations: it needs no JIT warm-up, where ours runs
 * its first ladder in V8's interpreter (about 27 ms here, then 0.65 ms; noble's first is about
 * 3 ms). noble refuses a low-order u by throwing; that is the all-zero secret here.
 */
const NOBLE_LADDER: X25519Ops = {
  publicKey: (sk) => nobleX25519.scalarMult(sk, BASE_U),
  shared: (sk, peer) => {
    try {
      return nobleX25519.scalarMult(sk, peer);
    } catch {
      return new Uint8Array(32);
    }
  },
};

/** X25519 (RFC 7748); the all-zero shared secret (a low-order share) is refused (RFC 9846 §7.4.2). */
function x25519Exchange(group: SupportedGroup, secret: Uint8Array, ops: () => X25519Ops): ActiveKeyExchange {
  const sk = secret.slice();
  return {
    group,
    share: ops().publicKey(sk),
    complete(peer) {
      if (peer.length !== 32) throw badShare('x25519', `length ${peer.length}`);
      const shared = ops().shared(sk, peer);
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
 * X25519 operations of a group done by noble's BigInt ladder before ours. A process making one or
 * two connections (a CLI) then never pays our field code's JIT warm-up (about 27 ms, more than
 * the whole rest of a handshake's X25519); one making more pays it once, on its third or fourth
 * handshake (three operations each: the key share, the GREASE ECH key, the shared secret).
 */
const COLD_OPERATIONS = 8;

/**
 * X25519 (0x001d) in constant time once warm: after {@link COLD_OPERATIONS} operations by
 * noble, public keys from a base-point table (crypto/x25519/base.ts: about 0.2 ms a key against
 * the ladder's 0.65; built once, about 1.5 ms) and shared secrets from our ladder. The count and
 * the table are the group's own: each noble provider makes one, nothing is the module's.
 *
 * @example
 * const group = x25519Group(); group.start(random).share.length // 32
 */
export function x25519Group(): SupportedGroup {
  let operations = 0;
  let warm: X25519Ops | undefined;
  const ops = (): X25519Ops => {
    if (operations < COLD_OPERATIONS) {
      operations++;
      return NOBLE_LADDER;
    }
    if (warm === undefined) {
      const table = new X25519BaseTable();
      warm = { publicKey: (sk) => table.publicKey(sk), shared: x25519 };
    }
    return warm;
  };
  const group: SupportedGroup = {
    id: NamedGroup.x25519,
    name: 'x25519',
    start: (random) => drawKey('x25519', random, 32, (s) => x25519Exchange(group, s, ops)),
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
  start: (random) => drawKey('x25519', random, 32, (s) => x25519Exchange(X25519, s, () => LADDER)),
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

/**
 * X25519MLKEM768 (NamedGroup 0x11ec, draft-ietf-tls-ecdhe-mlkem): the hybrid of ML-KEM-768
 * (FIPS 203) and X25519 (RFC 7748). Both halves are concatenated with ML-KEM first, in the share
 * and in the secret (the draft's layout for this group; the other hybrids put the ECDH half first).
 * The TLS 1.3 key schedule then takes the 64-byte concatenation as its (EC)DHE input (RFC 9846
 * §7.1): no combiner of its own (noble's `ml_kem768_x25519` is X-Wing, a different construction).
 */
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { InternalError, InvalidMessageError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../provider.js';

/** FIPS 203 Table 3 (ML-KEM-768): encapsulation key, ciphertext and key-generation seed (d ‖ z) lengths. */
const MLKEM_EK = 1184;
const MLKEM_CT = 1088;
const MLKEM_SEED = 64;
/** RFC 7748 §5: an X25519 public key (u-coordinate) and shared secret. */
const X25519_LEN = 32;

function badShare(why: string): InvalidMessageError {
  return new InvalidMessageError('illegal_parameter', `X25519MLKEM768 key share: ${why}`);
}

/** The ML-KEM-768 half's secrets: the 64-byte seed and the 2400-byte decapsulation key. */
interface MlKemKeys {
  readonly seed: Uint8Array;
  readonly dk: Uint8Array;
  readonly ek: Uint8Array;
}

/** ML-KEM-768 key generation (FIPS 203 §6.1, ML-KEM.KeyGen_internal(d, z)) from 64 bytes of `random`. */
function mlkemKeys(random: RandomSource): MlKemKeys {
  const drawn = random(MLKEM_SEED);
  if (drawn.length !== MLKEM_SEED) throw new InternalError(`X25519MLKEM768: random source returned ${drawn.length} bytes, not ${MLKEM_SEED}`);
  const seed = drawn.slice();
  drawn.fill(0);
  const { secretKey, publicKey } = ml_kem768.keygen(seed);
  if (publicKey.length !== MLKEM_EK) throw new InternalError(`X25519MLKEM768: ML-KEM-768 made a ${publicKey.length}-byte encapsulation key`);
  return { seed, dk: secretKey, ek: publicKey };
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The X25519MLKEM768 group over the given X25519 group (a provider's own, so the X25519 half is
 * drawn, validated and refused exactly as that provider's plain X25519 is). `start` draws the
 * 64-byte ML-KEM seed first, then the X25519 key (through `x25519.start`).
 *
 * FIPS 203 §7.2's encapsulation key check (every coefficient below q) is the encapsulator's, i.e.
 * the server's: we made the key ourselves, so it does not apply to us. What applies to us is
 * §7.3's ciphertext length check, done in `complete` before anything is decapsulated.
 *
 * @example
 * const group = x25519MlKem768Group(X25519);
 * const kx = group.start(random);
 * kx.share.length; // 1216: ML-KEM-768 encapsulation key ‖ X25519 public key
 * const secret = kx.complete(serverShare); // 64 bytes: ML-KEM shared secret ‖ X25519 shared secret
 */
export function x25519MlKem768Group(x25519: SupportedGroup): SupportedGroup {
  if (x25519.id !== NamedGroup.x25519) throw new InternalError(`X25519MLKEM768 needs the x25519 group, not ${x25519.name}`);
  const group: SupportedGroup = {
    id: NamedGroup.X25519MLKEM768,
    name: 'X25519MLKEM768',
    postQuantum: true,
    start: (random) => hybridExchange(group, x25519, random),
  };
  return group;
}

function hybridExchange(group: SupportedGroup, x25519: SupportedGroup, random: RandomSource): ActiveKeyExchange {
  const mlkem = mlkemKeys(random);
  let ecdh: ActiveKeyExchange;
  try {
    ecdh = x25519.start(random);
    if (ecdh.share.length !== X25519_LEN) {
      ecdh.destroy();
      throw new InternalError(`X25519MLKEM768: the x25519 group made a ${ecdh.share.length}-byte share`);
    }
  } catch (e) {
    mlkem.seed.fill(0);
    mlkem.dk.fill(0);
    throw e;
  }
  let destroyed = false;
  return {
    group,
    share: concat(mlkem.ek, ecdh.share),
    complete(peer) {
      if (destroyed) throw new InternalError('X25519MLKEM768 key exchange used after destroy()');
      // draft-ietf-tls-ecdhe-mlkem §4.2 (server share = ML-KEM ciphertext ‖ X25519 share); FIPS 203
      // §7.3's input check: a ciphertext of any other length is refused.
      if (peer.length !== MLKEM_CT + X25519_LEN) throw badShare(`length ${peer.length}, not ${MLKEM_CT + X25519_LEN}`);
      // X25519 first: it is the half that can refuse (a low-order point), and a refusal then costs
      // no decapsulation. ML-KEM decapsulation itself never fails for a well-sized ciphertext: a
      // corrupted one yields an unrelated secret (implicit rejection, FIPS 203 §6.3), and the
      // handshake fails when the server's Finished does not verify (RFC 9846 §4.4.4).
      const ecdhSecret = ecdh.complete(peer.subarray(MLKEM_CT));
      const kemSecret = ml_kem768.decapsulate(peer.slice(0, MLKEM_CT), mlkem.dk);
      const shared = concat(kemSecret, ecdhSecret);
      kemSecret.fill(0);
      ecdhSecret.fill(0);
      return shared;
    },
    destroy() {
      destroyed = true;
      mlkem.seed.fill(0);
      mlkem.dk.fill(0);
      ecdh.destroy();
    },
  };
}

/**
 * The ML-KEM-768 hybrids of draft-ietf-tls-ecdhe-mlkem: X25519MLKEM768 (NamedGroup 0x11ec) and
 * SecP256r1MLKEM768 (0x11eb), ML-KEM-768 (FIPS 203) beside X25519 (RFC 7748) or P-256 ECDHE.
 * Each share and the secret are the two halves concatenated, in an order the draft fixes per
 * group: ML-KEM first for X25519MLKEM768, the ECDH half first for SecP256r1MLKEM768 (its
 * "Construction" section: client share, server share, shared secret; OpenSSL 3.5 and rustls lay
 * them out the same way). The TLS 1.3 key schedule takes the
 * 64-byte concatenation as its (EC)DHE input (RFC 9846 §7.1): no combiner of its own (noble's
 * `ml_kem768_x25519` is X-Wing, a different construction).
 */
import { concatBytes } from '../../codec/concat.js';
import { InternalError, InvalidMessageError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import { mlKem768, type MlKem768, type MlKemKeyPair } from '../mlkem/index.js';
// FIPS 203 Table 3 (ML-KEM-768): encapsulation key, ciphertext and key-generation seed (d ‖ z) lengths.
import { CT_BYTES, EK_BYTES, SEED_BYTES } from '../mlkem/params.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../provider.js';
import { KECCAK_SHA3 } from '../keccak/index.js';

/** Our ML-KEM-768 over our Keccak: the hybrids' KEM unless a provider passes its own (over node:crypto's SHA-3, say). */
const DEFAULT_KEM: MlKem768 = mlKem768(KECCAK_SHA3);


/** How one hybrid lays out its halves (draft-ietf-tls-ecdhe-mlkem, "Construction"). */
interface HybridLayout {
  readonly id: number;
  readonly name: string;
  /** The classical group's codepoint the hybrid is built on. */
  readonly classicalId: number;
  /** The classical half's length, the same in both shares: X25519 32 bytes (RFC 7748 §5), P-256 an uncompressed point, 65 (RFC 9846 §4.3.8.2). */
  readonly classicalLength: number;
  /** True when the ML-KEM half comes first in the shares and the secret. */
  readonly kemFirst: boolean;
  /** SupportedGroup.offeredByDefault. */
  readonly offeredByDefault: boolean;
}

const X25519_MLKEM768: HybridLayout = { id: NamedGroup.X25519MLKEM768, name: 'X25519MLKEM768', classicalId: NamedGroup.x25519, classicalLength: 32, kemFirst: true, offeredByDefault: true };
const SECP256R1_MLKEM768: HybridLayout = { id: NamedGroup.SecP256r1MLKEM768, name: 'SecP256r1MLKEM768', classicalId: NamedGroup.secp256r1, classicalLength: 65, kemFirst: false, offeredByDefault: false };

/** ML-KEM-768 key generation (FIPS 203 §6.1, ML-KEM.KeyGen_internal(d, z)) from 64 bytes of `random`, which are wiped. */
function mlkemKeys(name: string, random: RandomSource, kem: MlKem768): MlKemKeyPair {
  const seed = random(SEED_BYTES);
  try {
    if (seed.length !== SEED_BYTES) throw new InternalError(`${name}: random source returned ${seed.length} bytes, not ${SEED_BYTES}`);
    const keys = kem.keyPair(seed);
    if (keys.encapsulationKey.length !== EK_BYTES) throw new InternalError(`${name}: ML-KEM-768 made a ${keys.encapsulationKey.length}-byte encapsulation key`);
    return keys;
  } finally {
    seed.fill(0);
  }
}

/** The hybrid group of `layout` over `classical`, which must be the group the layout names. */
function hybridGroup(layout: HybridLayout, classical: SupportedGroup, kem: MlKem768): SupportedGroup {
  if (classical.id !== layout.classicalId) throw new InternalError(`${layout.name} needs group 0x${layout.classicalId.toString(16).padStart(4, '0')}, not ${classical.name}`);
  const group: SupportedGroup = {
    id: layout.id,
    name: layout.name,
    postQuantum: true,
    ...(layout.offeredByDefault ? {} : { offeredByDefault: false }),
    start: (random) => hybridExchange(layout, group, classical, kem, random),
  };
  return group;
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
 * `kem` computes ML-KEM-768: by default ours over our Keccak; a provider with a native SHA-3
 * passes `mlKem768(itsSha3)`.
 *
 * @example
 * const group = x25519MlKem768Group(X25519); // or x25519MlKem768Group(X25519, mlKem768(nativeSha3))
 * const kx = group.start(random);
 * kx.share.length; // 1216: ML-KEM-768 encapsulation key ‖ X25519 public key
 * const secret = kx.complete(serverShare); // 64 bytes: ML-KEM shared secret ‖ X25519 shared secret
 */
export function x25519MlKem768Group(x25519: SupportedGroup, kem: MlKem768 = DEFAULT_KEM): SupportedGroup {
  return hybridGroup(X25519_MLKEM768, x25519, kem);
}

/**
 * The SecP256r1MLKEM768 group over the given P-256 group (a provider's own: its point validation
 * and refusals apply to the P-256 half). The halves come in the other order than in
 * X25519MLKEM768: the P-256 point first, in both shares and in the secret. `start` draws the
 * 64-byte ML-KEM seed first, then the P-256 key (through `p256.start`), as the X25519 hybrid does.
 *
 * Not offered by default (`offeredByDefault: false`, as rustls leaves it out of its defaults):
 * X25519MLKEM768 is what servers negotiate, and a server that ranked this group above it would
 * answer a default ClientHello (shares for X25519MLKEM768 and x25519) with a HelloRetryRequest,
 * a round trip and a second ML-KEM key. Name it in the `groups` option to offer it.
 *
 * @example
 * const group = secp256r1MlKem768Group(SECP256R1);
 * const kx = group.start(random);
 * kx.share.length; // 1249: uncompressed P-256 point (65) ‖ ML-KEM-768 encapsulation key (1184)
 * const secret = kx.complete(serverShare); // 64 bytes: ECDH x-coordinate ‖ ML-KEM shared secret
 */
export function secp256r1MlKem768Group(p256: SupportedGroup, kem: MlKem768 = DEFAULT_KEM): SupportedGroup {
  return hybridGroup(SECP256R1_MLKEM768, p256, kem);
}

/**
 * ML-KEM-768 decapsulation. The draft: a decapsulation that fails for a reason other than the
 * ciphertext's length aborts with internal_error; ML-KEM throws nothing for a well-sized
 * ciphertext, so a throw here is a bug, reported as InternalError (after wiping the ECDH half's secret).
 */
function decapsulate(name: string, ciphertext: Uint8Array, keys: MlKemKeyPair, ecdhSecret: Uint8Array): Uint8Array {
  try {
    return keys.decapsulate(ciphertext);
  } catch (e) {
    ecdhSecret.fill(0);
    throw new InternalError(`${name}: ML-KEM-768 decapsulation failed`, { cause: e });
  }
}

function hybridExchange(layout: HybridLayout, group: SupportedGroup, classical: SupportedGroup, kem: MlKem768, random: RandomSource): ActiveKeyExchange {
  const { name, classicalLength: ecLen, kemFirst } = layout;
  const mlkem = mlkemKeys(name, random, kem);
  let ecdh: ActiveKeyExchange;
  try {
    ecdh = classical.start(random);
    if (ecdh.share.length !== ecLen) {
      ecdh.destroy();
      throw new InternalError(`${name}: the ${classical.name} group made a ${ecdh.share.length}-byte share`);
    }
  } catch (e) {
    mlkem.destroy();
    throw e;
  }
  let destroyed = false;
  /**
   * draft-ietf-tls-ecdhe-mlkem, "Server share": the ML-KEM ciphertext and the server's ECDH
   * share, in the group's order. The client MUST check the ciphertext length (illegal_parameter;
   * also FIPS 203 §7.3's input check): a share of any other total length is refused.
   */
  const split = (peer: Uint8Array) => {
    if (destroyed) throw new InternalError(`${name} key exchange used after destroy()`);
    if (peer.length !== CT_BYTES + ecLen) throw new InvalidMessageError('illegal_parameter', `${name} key share: length ${peer.length}, not ${CT_BYTES + ecLen}`);
    return { ecShare: kemFirst ? peer.subarray(CT_BYTES) : peer.subarray(0, ecLen), ciphertext: kemFirst ? peer.slice(0, CT_BYTES) : peer.slice(ecLen) };
  };
  // The ECDH half first: it is the half that can refuse (a low-order X25519 point, a P-256 point
  // off the curve), and a refusal then costs no decapsulation. ML-KEM decapsulation itself never
  // fails for a well-sized ciphertext: a corrupted one yields an unrelated secret (implicit
  // rejection, FIPS 203 §6.3), and the handshake fails when the server's Finished does not verify
  // (RFC 9846 §4.4.4).
  const withKem = (ecdhSecret: Uint8Array, ciphertext: Uint8Array) => {
    const kemSecret = decapsulate(name, ciphertext, mlkem, ecdhSecret);
    const shared = kemFirst ? concatBytes(kemSecret, ecdhSecret) : concatBytes(ecdhSecret, kemSecret);
    kemSecret.fill(0);
    ecdhSecret.fill(0);
    return shared;
  };
  const completeAsync = ecdh.completeAsync?.bind(ecdh);
  return {
    group,
    classical: ecdh,
    share: kemFirst ? concatBytes(mlkem.encapsulationKey, ecdh.share) : concatBytes(ecdh.share, mlkem.encapsulationKey),
    complete(peer) {
      const { ecShare, ciphertext } = split(peer);
      return withKem(ecdh.complete(ecShare), ciphertext);
    },
    // With an asynchronous ECDH half (WebCrypto), the hybrid is asynchronous too.
    ...(completeAsync === undefined ? {} : {
      async completeAsync(peer: Uint8Array) {
        const { ecShare, ciphertext } = split(peer);
        return withKem(await completeAsync(ecShare), ciphertext);
      },
    }),
    destroy() {
      destroyed = true;
      mlkem.destroy();
      ecdh.destroy();
    },
  };
}

/**
 * DHKEM(X25519, HKDF-SHA256) (RFC 9180 §4.1, §7.1), on the provider's X25519 group: the group's
 * `start` draws the ephemeral private key from the random source given, and `complete` is the
 * Diffie-Hellman step with its all-zero check (§7.1.4), so any provider works and test vectors
 * replay by handing in the vector's key as the "random" bytes.
 */
import { ApiMisuseError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import type { CryptoProvider, RandomSource, SupportedGroup } from '../provider.js';
import { concatBytes as concat } from '../../codec/concat.js';
import { kemSuiteId, labeledKdf, type LabeledKdf } from './labeled.js';

/** KEM identifiers (RFC 9180 §7.1) this module implements. */
export const HpkeKemId = { DHKEM_X25519_HKDF_SHA256: 0x0020 } as const;

/** The result of Encap: the KEM shared secret and the encapsulation the recipient needs. */
export interface Encapsulation {
  /** Nsecret bytes; wipe it once the key schedule has used it. */
  readonly sharedSecret: Uint8Array;
  /** Nenc bytes, sent to the recipient (ECH's `enc`). */
  readonly enc: Uint8Array;
}

/**
 * One KEM as HPKE uses it.
 *
 * @example
 * const kem = dhkemX25519(nobleProvider);
 * const { sharedSecret, enc } = kem.encap(pkR, random);
 */
export interface HpkeKem {
  /** The KEM identifier (RFC 9180 §7.1), e.g. 0x0020. */
  readonly id: number;
  /** Its name in RFC 9180's spelling, e.g. 'DHKEM(X25519, HKDF-SHA256)'. */
  readonly name: string;
  /** Nsecret: the KEM shared secret's length in bytes. */
  readonly secretLength: number;
  /** Nenc: the encapsulation's length in bytes. */
  readonly encLength: number;
  /** Npk: a public key's length in bytes. */
  readonly publicKeyLength: number;
  /** Encap(pkR) with the ephemeral key drawn from `random`; a bad pkR is InvalidMessageError(illegal_parameter). */
  encap(pkR: Uint8Array, random: RandomSource): Encapsulation;
  /** Decap(enc, skR); a bad enc is InvalidMessageError(illegal_parameter). */
  decap(enc: Uint8Array, skR: Uint8Array): Uint8Array;
  /** DeriveKeyPair(ikm) (§7.1.3): the recipient's key pair from seed bytes. */
  deriveKeyPair(ikm: Uint8Array): { readonly privateKey: Uint8Array; readonly publicKey: Uint8Array };
}

const EMPTY = new Uint8Array(0);

/**
 * DHKEM(X25519, HKDF-SHA256), kem_id 0x0020, on `provider`'s x25519 group.
 *
 * @example
 * const kem = dhkemX25519(nobleProvider);
 * const { privateKey, publicKey } = kem.deriveKeyPair(seed);
 * const { sharedSecret, enc } = kem.encap(publicKey, random);
 * kem.decap(enc, privateKey); // equals sharedSecret
 */
export function dhkemX25519(provider: CryptoProvider): HpkeKem {
  const group = provider.groups.find((g) => g.id === NamedGroup.x25519);
  if (group === undefined) throw new ApiMisuseError('HPKE DHKEM(X25519) needs a provider with the x25519 group');
  const kdf = labeledKdf(provider, 'sha256', kemSuiteId(HpkeKemId.DHKEM_X25519_HKDF_SHA256));
  return {
    id: HpkeKemId.DHKEM_X25519_HKDF_SHA256,
    name: 'DHKEM(X25519, HKDF-SHA256)',
    secretLength: 32,
    encLength: 32,
    publicKeyLength: 32,
    encap(pkR, random) {
      const kx = group.start(random);
      try {
        const enc = kx.share.slice();
        return { sharedSecret: extractAndExpand(kdf, kx.complete(pkR), concat(enc, pkR)), enc };
      } finally {
        kx.destroy();
      }
    },
    decap(enc, skR) {
      const kx = withPrivateKey(group, skR);
      try {
        return extractAndExpand(kdf, kx.complete(enc), concat(enc, kx.share));
      } finally {
        kx.destroy();
      }
    },
    deriveKeyPair(ikm) {
      const prk = kdf.extract(EMPTY, 'dkp_prk', ikm);
      const privateKey = kdf.expand(prk, 'sk', EMPTY, 32);
      prk.fill(0);
      const kx = withPrivateKey(group, privateKey);
      const publicKey = kx.share.slice();
      kx.destroy();
      return { privateKey, publicKey };
    },
  };
}

/** The group's exchange with a given private key (X25519 takes any 32 bytes, RFC 7748 §5). */
function withPrivateKey(group: SupportedGroup, sk: Uint8Array) {
  if (sk.length !== 32) throw new ApiMisuseError(`an X25519 private key is 32 bytes, not ${sk.length}`);
  return group.start(() => sk.slice());
}

/** ExtractAndExpand(dh, kem_context) (§4.1); wipes `dh`. */
function extractAndExpand(kdf: LabeledKdf, dh: Uint8Array, kemContext: Uint8Array): Uint8Array {
  const prk = kdf.extract(EMPTY, 'eae_prk', dh);
  dh.fill(0);
  const shared = kdf.expand(prk, 'shared_secret', kemContext, 32);
  prk.fill(0);
  return shared;
}

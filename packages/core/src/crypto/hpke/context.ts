/**
 * HPKE base mode (RFC 9180 §5.1, §5.2, §5.3): the key schedule from the KEM's shared secret, and
 * the sender's and recipient's contexts that seal, open and export under it. Synchronous, on the
 * provider's HKDF and AEADs, as the engine is (ECH's ClientHelloOuter is sealed inside the
 * handshake, RFC 9849 §6.1).
 */
import { ApiMisuseError } from '../../errors.js';
import { CipherSuite } from '../../msgs/enums.js';
import type { Aead, AeadAlgorithm, CryptoProvider, HashAlgorithm, RandomSource } from '../provider.js';
import type { HpkeKem } from './dhkem.js';
import { hpkeSuiteId, labeledKdf, type LabeledKdf } from './labeled.js';

/** KDF identifiers (RFC 9180 §7.2) with the hash each runs on. */
export const HpkeKdfId = { HKDF_SHA256: 0x0001, HKDF_SHA384: 0x0002, HKDF_SHA512: 0x0003 } as const;
/** AEAD identifiers (RFC 9180 §7.3). */
export const HpkeAeadId = { AES_128_GCM: 0x0001, AES_256_GCM: 0x0002, CHACHA20_POLY1305: 0x0003 } as const;

const KDF_HASH: ReadonlyMap<number, HashAlgorithm> = new Map([[HpkeKdfId.HKDF_SHA256, 'sha256'], [HpkeKdfId.HKDF_SHA384, 'sha384'], [HpkeKdfId.HKDF_SHA512, 'sha512']]);
/** The TLS suite whose AEAD is the HPKE AEAD: the provider supplies AEADs through its suites. */
const AEAD_VIA_SUITE: ReadonlyMap<number, number> = new Map([
  [HpkeAeadId.AES_128_GCM, CipherSuite.TLS_AES_128_GCM_SHA256],
  [HpkeAeadId.AES_256_GCM, CipherSuite.TLS_AES_256_GCM_SHA384],
  [HpkeAeadId.CHACHA20_POLY1305, CipherSuite.TLS_CHACHA20_POLY1305_SHA256],
]);
const MODE_BASE = 0x00;
const NONCE_LENGTH = 12; // Nn of all three AEADs
const EMPTY = new Uint8Array(0);

/** An HPKE ciphersuite resolved against a provider: the KEM, the KDF's hash and the AEAD. */
export interface HpkeSuite {
  /** The KEM (for ECH, DHKEM(X25519, HKDF-SHA256)). */
  readonly kem: HpkeKem;
  /** The KDF identifier (RFC 9180 §7.2). */
  readonly kdfId: number;
  /** The AEAD identifier (RFC 9180 §7.3). */
  readonly aeadId: number;
  /** The hash of the KDF. */
  readonly hash: HashAlgorithm;
  /** The provider's AEAD for `aeadId`. */
  readonly aead: AeadAlgorithm;
  /** The provider whose HKDF the key schedule runs on. */
  readonly provider: CryptoProvider;
}

/**
 * The suite (kdf_id, aead_id) over `kem` on `provider`, or undefined when either is one we do not
 * implement (ECH then skips that config, RFC 9849 §6.1).
 *
 * @example
 * const suite = hpkeSuite(nobleProvider, dhkemX25519(nobleProvider), HpkeKdfId.HKDF_SHA256, HpkeAeadId.AES_128_GCM);
 */
export function hpkeSuite(provider: CryptoProvider, kem: HpkeKem, kdfId: number, aeadId: number): HpkeSuite | undefined {
  const hash = KDF_HASH.get(kdfId);
  const suiteId = AEAD_VIA_SUITE.get(aeadId);
  const aead = provider.cipherSuites.find((s) => s.id === suiteId)?.aead;
  if (hash === undefined || aead === undefined) return undefined;
  return { kem, kdfId, aeadId, hash, aead, provider };
}

/**
 * SetupBaseS(pkR, info) (§5.1.1): encapsulates to `pkR` with an ephemeral key from `random` and
 * returns `enc` with the sender's context.
 *
 * @example
 * const { enc, context } = setupBaseSender(suite, echConfig.publicKey, info, random);
 * const payload = context.seal(aad, encodedInner);
 */
export function setupBaseSender(suite: HpkeSuite, pkR: Uint8Array, info: Uint8Array, random: RandomSource): { enc: Uint8Array; context: HpkeContext } {
  const { sharedSecret, enc } = suite.kem.encap(pkR, random);
  return { enc, context: keySchedule(suite, sharedSecret, info) };
}

/**
 * SetupBaseR(enc, skR, info) (§5.1.1): the recipient's context (a test server's, or a relay's).
 *
 * @example
 * const context = setupBaseRecipient(suite, enc, skR, info);
 * const inner = context.open(aad, payload); // null if it does not authenticate
 */
export function setupBaseRecipient(suite: HpkeSuite, enc: Uint8Array, skR: Uint8Array, info: Uint8Array): HpkeContext {
  return keySchedule(suite, suite.kem.decap(enc, skR), info);
}

/**
 * KeySchedule(mode_base, shared_secret, info, psk = "", psk_id = "") (§5.1); wipes the shared
 * secret and the intermediate secret.
 */
function keySchedule(suite: HpkeSuite, sharedSecret: Uint8Array, info: Uint8Array): HpkeContext {
  const kdf = labeledKdf(suite.provider, suite.hash, hpkeSuiteId(suite.kem.id, suite.kdfId, suite.aeadId));
  const pskIdHash = kdf.extract(EMPTY, 'psk_id_hash', EMPTY);
  const infoHash = kdf.extract(EMPTY, 'info_hash', info);
  const context = new Uint8Array(1 + pskIdHash.length + infoHash.length);
  context[0] = MODE_BASE;
  context.set(pskIdHash, 1);
  context.set(infoHash, 1 + pskIdHash.length);
  const secret = kdf.extract(sharedSecret, 'secret', EMPTY);
  sharedSecret.fill(0);
  const key = kdf.expand(secret, 'key', context, suite.aead.keyLength);
  const baseNonce = kdf.expand(secret, 'base_nonce', context, NONCE_LENGTH);
  const exporterSecret = kdf.expand(secret, 'exp', context, suite.provider.hashLength(suite.hash));
  secret.fill(0);
  const aead = suite.aead.create(key);
  key.fill(0);
  return new HpkeContext(aead, baseNonce, exporterSecret, kdf, suite.provider.hashLength(suite.hash));
}

/**
 * One HPKE context (§5.2): a sender seals, a recipient opens, each message under the next
 * sequence number; both export (§5.3). ECH seals once per ClientHello, the second after a
 * HelloRetryRequest with the same context (RFC 9849 §6.1.5).
 *
 * @example
 * const first = context.seal(aad1, inner1);  // sequence 0
 * const second = context.seal(aad2, inner2); // sequence 1
 * context.destroy();
 */
export class HpkeContext {
  private sequence = 0;
  private destroyed = false;

  /** @internal made by setupBaseSender / setupBaseRecipient */
  constructor(
    private readonly aead: Aead,
    private readonly baseNonce: Uint8Array,
    private readonly exporterSecret: Uint8Array,
    private readonly kdf: LabeledKdf,
    private readonly hashLength: number,
  ) {}

  /** ContextS.Seal(aad, pt): the ciphertext with its tag. */
  seal(aad: Uint8Array, plaintext: Uint8Array): Uint8Array {
    const sealed = this.aead.seal(this.nextNonce(), plaintext, aad);
    this.sequence++;
    return sealed;
  }

  /** ContextR.Open(aad, ct): the plaintext, or null when it does not authenticate (the sequence then stays). */
  open(aad: Uint8Array, ciphertext: Uint8Array): Uint8Array | null {
    const opened = this.aead.open(this.nextNonce(), ciphertext, aad);
    if (opened !== null) this.sequence++;
    return opened;
  }

  /** Context.Export(exporter_context, L) (§5.3); L at most 255 × Nh. */
  export(exporterContext: Uint8Array, length: number): Uint8Array {
    this.assertUsable();
    if (!Number.isInteger(length) || length < 0 || length > 255 * this.hashLength) throw new ApiMisuseError(`HPKE export length ${length} is out of range`);
    return this.kdf.expand(this.exporterSecret, 'sec', exporterContext, length);
  }

  /** Wipes the nonce and exporter secret; the context cannot be used afterwards. */
  destroy(): void {
    this.baseNonce.fill(0);
    this.exporterSecret.fill(0);
    this.destroyed = true;
  }

  /** ComputeNonce(seq) (§5.2): base_nonce XOR I2OSP(seq, Nn). */
  private nextNonce(): Uint8Array {
    this.assertUsable();
    // Far below 2^96 - 1 (§5.2's MessageLimitReachedError): a safe integer keeps the XOR exact.
    if (this.sequence >= Number.MAX_SAFE_INTEGER) throw new ApiMisuseError('HPKE context sequence number exhausted');
    const nonce = this.baseNonce.slice();
    let seq = this.sequence;
    for (let i = nonce.length - 1; i >= 0 && seq > 0; i--) {
      nonce[i]! ^= seq % 256;
      seq = Math.floor(seq / 256);
    }
    return nonce;
  }

  private assertUsable(): void {
    if (this.destroyed) throw new ApiMisuseError('HPKE context used after destroy()');
  }
}

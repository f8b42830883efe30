/**
 * The TLS 1.3 key schedule (RFC 9846 §7.1–§7.3): HKDF-Expand-Label, Derive-Secret, and the chain
 * early secret → handshake secret → master secret, each stage wiped once the next is derived.
 */
import { encode } from '../codec/writer.js';
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider.js';
import { InternalError } from '../errors.js';
import type { SuiteParams } from './suites.js';

const LABEL_PREFIX = 'tls13 ';
const te = new TextEncoder();

/**
 * HKDF-Expand-Label (RFC 9846 §7.1): HKDF-Expand(Secret, HkdfLabel, Length) with the label
 * prefixed by "tls13 ".
 *
 * @example
 * const key = hkdfExpandLabel(nobleProvider, 'sha256', secret, 'key', new Uint8Array(0), 16);
 */
export function hkdfExpandLabel(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  const fullLabel = te.encode(LABEL_PREFIX + label);
  if (fullLabel.length > 255 || context.length > 255 || length > 0xffff) throw new InternalError('HkdfLabel field too long');
  const info = encode((w) => w.u16(length).vec8((v) => v.bytes(fullLabel)).vec8((v) => v.bytes(context)));
  return p.hkdfExpand(hash, secret, info, length);
}

/**
 * Derive-Secret(Secret, Label, Messages) = HKDF-Expand-Label(Secret, Label, Transcript-Hash(Messages), Hash.length)
 * (RFC 9846 §7.1); the caller passes the transcript hash.
 *
 * @example
 * const chts = deriveSecret(p, 'sha256', handshakeSecret, 'c hs traffic', transcript.hash());
 */
export function deriveSecret(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array, label: string, transcriptHash: Uint8Array): Uint8Array {
  return hkdfExpandLabel(p, hash, secret, label, transcriptHash, p.hashLength(hash));
}

type Stage = 'early' | 'handshake' | 'master' | 'destroyed';

/**
 * The secret chain of RFC 9846 §7.1. Each method names the secret it derives; calling one in the
 * wrong stage is an internal error.
 *
 * @example
 * const ks = KeySchedule.start(nobleProvider, 'sha256');
 * ks.enterHandshake(sharedSecret);
 * const chts = ks.clientHandshakeTrafficSecret(transcript.hash());
 */
export class KeySchedule {
  private stage: Stage = 'early';

  private constructor(
    private readonly p: CryptoProvider,
    readonly hash: HashAlgorithm,
    private secret: Uint8Array,
  ) {}

  /** Early Secret = HKDF-Extract(0, PSK), with PSK = 0 when there is none. */
  static start(p: CryptoProvider, hash: HashAlgorithm, psk?: Uint8Array): KeySchedule {
    const zeros = new Uint8Array(p.hashLength(hash));
    return new KeySchedule(p, hash, p.hkdfExtract(hash, zeros, psk ?? zeros));
  }

  private want(stage: Stage, what: string): Uint8Array {
    if (this.stage !== stage) throw new InternalError(`key schedule: ${what} needs stage ${stage}, at ${this.stage}`);
    return this.secret;
  }

  private emptyHash(): Uint8Array {
    return this.p.hash(this.hash, new Uint8Array(0));
  }

  /** binder_key: "res binder" for resumption PSKs, "ext binder" for external ones. */
  binderKey(resumption: boolean): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('early', 'binder key'), resumption ? 'res binder' : 'ext binder', this.emptyHash());
  }

  clientEarlyTrafficSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('early', 'c e traffic'), 'c e traffic', th);
  }

  earlyExporterMasterSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('early', 'e exp master'), 'e exp master', th);
  }

  /** Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE). */
  enterHandshake(sharedSecret: Uint8Array): void {
    this.advance('early', 'handshake', sharedSecret);
  }

  clientHandshakeTrafficSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('handshake', 'c hs traffic'), 'c hs traffic', th);
  }

  serverHandshakeTrafficSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('handshake', 's hs traffic'), 's hs traffic', th);
  }

  /** Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0). */
  enterMaster(): void {
    this.advance('handshake', 'master', new Uint8Array(this.p.hashLength(this.hash)));
  }

  clientApplicationTrafficSecret0(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('master', 'c ap traffic'), 'c ap traffic', th);
  }

  serverApplicationTrafficSecret0(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('master', 's ap traffic'), 's ap traffic', th);
  }

  exporterMasterSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('master', 'exp master'), 'exp master', th);
  }

  resumptionMasterSecret(th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.want('master', 'res master'), 'res master', th);
  }

  /** Wipes the current secret. */
  destroy(): void {
    this.secret.fill(0);
    this.stage = 'destroyed';
  }

  private advance(from: Stage, to: Stage, ikm: Uint8Array): void {
    const derived = deriveSecret(this.p, this.hash, this.want(from, to), 'derived', this.emptyHash());
    const next = this.p.hkdfExtract(this.hash, derived, ikm);
    derived.fill(0);
    this.secret.fill(0);
    this.secret = next;
    this.stage = to;
  }
}

/**
 * The record key and IV for a traffic secret (RFC 9846 §7.3).
 *
 * @example
 * const { key, iv } = trafficKeys(nobleProvider, suite, serverHandshakeTrafficSecret);
 */
export function trafficKeys(p: CryptoProvider, suite: SuiteParams, secret: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
  const none = new Uint8Array(0);
  return {
    key: hkdfExpandLabel(p, suite.hash, secret, 'key', none, suite.keyLength),
    iv: hkdfExpandLabel(p, suite.hash, secret, 'iv', none, suite.ivLength),
  };
}

/**
 * application_traffic_secret_N+1 = HKDF-Expand-Label(secret_N, "traffic upd", "", Hash.length) (§7.2).
 *
 * @example
 * const next = nextApplicationTrafficSecret(p, 'sha256', current);
 */
export function nextApplicationTrafficSecret(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array): Uint8Array {
  return hkdfExpandLabel(p, hash, secret, 'traffic upd', new Uint8Array(0), p.hashLength(hash));
}

/**
 * Finished verify_data = HMAC(finished_key, Transcript-Hash), finished_key =
 * HKDF-Expand-Label(BaseKey, "finished", "", Hash.length) (RFC 9846 §4.5.3).
 *
 * @example
 * const expected = finishedVerifyData(p, 'sha256', serverHandshakeTrafficSecret, transcript.hash());
 */
export function finishedVerifyData(p: CryptoProvider, hash: HashAlgorithm, baseKey: Uint8Array, transcriptHash: Uint8Array): Uint8Array {
  const finishedKey = hkdfExpandLabel(p, hash, baseKey, 'finished', new Uint8Array(0), p.hashLength(hash));
  const mac = p.hmac(hash, finishedKey, transcriptHash);
  finishedKey.fill(0);
  return mac;
}

/**
 * The PSK of a ticket: HKDF-Expand-Label(resumption_master_secret, "resumption", ticket_nonce, Hash.length) (§4.7.1).
 *
 * @example
 * const psk = resumptionPsk(p, 'sha256', rms, nst.nonce);
 */
export function resumptionPsk(p: CryptoProvider, hash: HashAlgorithm, resumptionMasterSecret: Uint8Array, ticketNonce: Uint8Array): Uint8Array {
  return hkdfExpandLabel(p, hash, resumptionMasterSecret, 'resumption', ticketNonce, p.hashLength(hash));
}

/**
 * The TLS 1.3 key schedule (RFC 9846 §7.1–§7.3): HKDF-Expand-Label, Derive-Secret, and the chain
 * early secret → handshake secret → master secret as three types, each wiped once the next is derived.
 */
import type { CryptoProvider, HashAlgorithm, SupportedCipherSuite } from '../crypto/provider.js';
import { InternalError } from '../errors.js';

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
  return p.hkdfExpand(hash, secret, hkdfLabel(label, context, length), length);
}

/**
 * The HkdfLabel structure (§7.1): `uint16 length; opaque label<7..255> = "tls13 " + Label;
 * opaque context<0..255>`. Written byte by byte: it is made about twenty times per handshake, and
 * a Writer with its callbacks cost several times as much in the handshakes before V8 optimises
 * them. The protocol's labels are ASCII; any other (an exporter label) goes through UTF-8.
 */
function hkdfLabel(label: string, context: Uint8Array, length: number): Uint8Array {
  const full = LABEL_PREFIX + label;
  let utf8: Uint8Array | undefined;
  for (let i = 0; i < full.length && utf8 === undefined; i++) if (full.charCodeAt(i) > 0x7f) utf8 = te.encode(full);
  const labelLength = utf8?.length ?? full.length;
  if (labelLength > 255 || context.length > 255 || length > 0xffff) throw new InternalError('HkdfLabel field too long');
  const info = new Uint8Array(4 + labelLength + context.length);
  info[0] = length >>> 8;
  info[1] = length & 0xff;
  info[2] = labelLength;
  if (utf8 !== undefined) info.set(utf8, 3);
  else for (let i = 0; i < labelLength; i++) info[3 + i] = full.charCodeAt(i);
  info[3 + labelLength] = context.length;
  info.set(context, 4 + labelLength);
  return info;
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

/** What every stage of the secret chain holds: the provider, the hash, and its one secret. */
abstract class Stage {
  private wiped = false;

  protected constructor(
    protected readonly p: CryptoProvider,
    /** The suite's hash (RFC 9846 §7.1: Hash is the cipher suite's). */
    readonly hash: HashAlgorithm,
    private readonly secret: Uint8Array,
  ) {}

  /** Derive-Secret(this stage's secret, label, transcript hash). */
  protected derive(label: string, th: Uint8Array): Uint8Array {
    return deriveSecret(this.p, this.hash, this.current(label), label, th);
  }

  /**
   * The next stage's secret: HKDF-Extract(Derive-Secret(this, "derived", ""), ikm) (§7.1). This
   * stage is wiped: a secret is used in one stage only.
   */
  protected extractNext(ikm: Uint8Array): Uint8Array {
    const derived = this.derive('derived', this.p.hash(this.hash, new Uint8Array(0)));
    const next = this.p.hkdfExtract(this.hash, derived, ikm);
    derived.fill(0);
    this.destroy();
    return next;
  }

  /** Wipes this stage's secret; any later derive from it is an internal error. */
  destroy(): void {
    this.secret.fill(0);
    this.wiped = true;
  }

  private current(label: string): Uint8Array {
    if (this.wiped) throw new InternalError(`key schedule: "${label}" derived from a stage already left or wiped`);
    return this.secret;
  }
}

/**
 * The first stage of the secret chain (RFC 9846 §7.1): Early Secret = HKDF-Extract(0, PSK), with
 * PSK = 0 when there is none. Each stage is its own type, so deriving a secret in the wrong stage
 * does not compile; leaving a stage wipes it.
 *
 * @example
 * const early = EarlySecret.start(nobleProvider, 'sha256');
 * const hs = early.intoHandshake(sharedSecret);
 * const chts = hs.clientHandshakeTrafficSecret(transcript.hash());
 */
export class EarlySecret extends Stage {
  /** Early Secret from the PSK (all zeros without one). */
  static start(p: CryptoProvider, hash: HashAlgorithm, psk?: Uint8Array): EarlySecret {
    const zeros = new Uint8Array(p.hashLength(hash));
    return new EarlySecret(p, hash, p.hkdfExtract(hash, zeros, psk ?? zeros));
  }

  /** binder_key: "res binder" for resumption PSKs, "ext binder" for external ones. */
  binderKey(resumption: boolean): Uint8Array {
    return this.derive(resumption ? 'res binder' : 'ext binder', this.p.hash(this.hash, new Uint8Array(0)));
  }

  clientEarlyTrafficSecret(th: Uint8Array): Uint8Array {
    return this.derive('c e traffic', th);
  }

  earlyExporterMasterSecret(th: Uint8Array): Uint8Array {
    return this.derive('e exp master', th);
  }

  /** Handshake Secret = HKDF-Extract(Derive-Secret(Early, "derived", ""), (EC)DHE). */
  intoHandshake(sharedSecret: Uint8Array): HandshakeSecret {
    return new HandshakeSecret(this.p, this.hash, this.extractNext(sharedSecret));
  }
}

/**
 * The handshake stage (RFC 9846 §7.1): the handshake traffic secrets, then the master secret.
 *
 * @example
 * const shts = hs.serverHandshakeTrafficSecret(transcript.hash());
 * const master = hs.intoMaster();
 */
export class HandshakeSecret extends Stage {
  /** @internal made by {@link EarlySecret.intoHandshake} */
  constructor(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array) {
    super(p, hash, secret);
  }

  clientHandshakeTrafficSecret(th: Uint8Array): Uint8Array {
    return this.derive('c hs traffic', th);
  }

  serverHandshakeTrafficSecret(th: Uint8Array): Uint8Array {
    return this.derive('s hs traffic', th);
  }

  /** Master Secret = HKDF-Extract(Derive-Secret(Handshake, "derived", ""), 0). */
  intoMaster(): MasterSecret {
    return new MasterSecret(this.p, this.hash, this.extractNext(new Uint8Array(this.p.hashLength(this.hash))));
  }
}

/**
 * The master stage (RFC 9846 §7.1): application traffic, exporter and resumption secrets.
 *
 * @example
 * const cats = master.clientApplicationTrafficSecret0(transcript.hash());
 * master.destroy();
 */
export class MasterSecret extends Stage {
  /** @internal made by {@link HandshakeSecret.intoMaster} */
  constructor(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array) {
    super(p, hash, secret);
  }

  clientApplicationTrafficSecret0(th: Uint8Array): Uint8Array {
    return this.derive('c ap traffic', th);
  }

  serverApplicationTrafficSecret0(th: Uint8Array): Uint8Array {
    return this.derive('s ap traffic', th);
  }

  exporterMasterSecret(th: Uint8Array): Uint8Array {
    return this.derive('exp master', th);
  }

  resumptionMasterSecret(th: Uint8Array): Uint8Array {
    return this.derive('res master', th);
  }
}

/**
 * The record key and IV for a traffic secret (RFC 9846 §7.3).
 *
 * @example
 * const { key, iv } = trafficKeys(nobleProvider, suite, serverHandshakeTrafficSecret);
 */
export function trafficKeys(p: CryptoProvider, suite: SupportedCipherSuite, secret: Uint8Array): { key: Uint8Array; iv: Uint8Array } {
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

/**
 * Processing ServerHello / HelloRetryRequest (RFC 9846 §4.2.2–§4.2.4), in the manner of Go's
 * `checkServerHelloOrHRR`; the first ClientHello is built in first_hello.ts.
 */
import type { ActiveKeyExchange, SupportedCipherSuite, SupportedGroup } from '../crypto/provider.js';
import { AlertReceivedError, PeerIncompatibleError, PeerMisbehavedError, type TlsError } from '../errors.js';
import { AlertDescription } from '../msgs/alert.js';
import { ExtensionType, HandshakeType, ProtocolVersion, PskKeyExchangeMode, codepointName, NamedGroup } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeCookie, decodeKeyShareHrr, decodeKeyShareServer, decodePreSharedKeyServer, decodeSupportedVersionsServer, type KeyShareEntry } from '../msgs/ext_bodies.js';
import type { HandshakeMessage } from '../msgs/handshake.js';
import { decodeServerHello, isHelloRetryRequest, type ServerHello } from '../msgs/server_hello.js';
import { equalBytes } from '../codec/ct.js';
import { EarlySecret } from '../tls13/key_schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { echAtHelloRetryRequest, echAtServerHello, type EchDecision } from './ech_acceptance.js';
import type { EchOffer } from './ech_offer.js';
import { pskExtensionBody, type PskOffer } from './resumption.js';
import { buildSecondHello } from './second_hello.js';
import { checkResponseExtensions } from './extension_checks.js';
import { logSecret } from './key_log.js';
import type { HandshakeSecrets, KeyExchangeResult } from './negotiated.js';
import { ExpectEncryptedExtensions } from './server_parameters.js';
import { withSharedSecret } from './shared_secret.js';
import type { GreaseValues } from './grease.js';
import { expectType, type HandshakeState, type StateContext } from './state.js';

/** What we sent in the ClientHello that the server's answer is checked against. */
export interface Offer {
  readonly random: Uint8Array;
  readonly sessionId: Uint8Array;
  readonly keyPairs: ReadonlyMap<number, ActiveKeyExchange>;
  readonly extensionTypes: ReadonlySet<number>;
  /** The suite of the HelloRetryRequest, once there was one. */
  readonly retrySuite: SupportedCipherSuite | undefined;
  /** The ticket offered as a PSK in this ClientHello, if any (§4.3.11). */
  readonly psk: PskOffer | undefined;
  /** The early secret of that PSK (§7.1), for the handshake if the server takes it. */
  readonly early: EarlySecret | undefined;
  /** The GREASE values of our ClientHellos (RFC 8701), the same in both. */
  readonly grease: GreaseValues | undefined;
  /** Encrypted Client Hello offered (RFC 9849 §6.1), real or GREASE; `message`/`random` above are then the ClientHelloOuter's. */
  readonly ech: EchOffer | undefined;
  /** What a HelloRetryRequest said of a real ECH offer (§6.1.4). */
  readonly echAtRetry: 'accepted' | 'rejected' | undefined;
}

/** TLS 1.2/1.1 downgrade sentinels (RFC 9846 §4.2.3). */
const DOWNGRADE_TLS12 = new Uint8Array([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x01]);
const DOWNGRADE_TLS11 = new Uint8Array([0x44, 0x4f, 0x57, 0x4e, 0x47, 0x52, 0x44, 0x00]);

/**
 * What the error says of a server that does not speak TLS 1.3: its ServerHello chose an older
 * version, or it answered our ClientHello with a protocol_version alert (RFC 9846 §4.2.1).
 *
 * @example
 * throw new AlertReceivedError(AlertDescription.protocol_version, TLS12_OR_OLDER);
 */
export const TLS12_OR_OLDER = 'the server supports only TLS 1.2 or older';

/**
 * The error to report for `err` in `state`: a protocol_version alert in answer to our ClientHello
 * (TLS 1.3 only, RFC 9846 §4.2.1) says the server has no TLS 1.3; anything else is unchanged.
 *
 * @example
 * const reported = explainReceivedAlert(new AlertReceivedError(70), state); // '... only TLS 1.2 or older'
 */
export function explainReceivedAlert(err: TlsError, state: HandshakeState | undefined): TlsError {
  if (err instanceof AlertReceivedError && err.alert === AlertDescription.protocol_version && state instanceof ExpectServerHello) {
    return new AlertReceivedError(AlertDescription.protocol_version, TLS12_OR_OLDER);
  }
  return err;
}

/** `TLS 1.2` for 0x0303 and so on; hex for anything else. */
function versionText(v: number): string {
  return v >= 0x0300 && v <= 0x0303 ? `${v === 0x0300 ? 'SSL 3.0' : `TLS 1.${v - 0x0301}`}` : `version 0x${v.toString(16).padStart(4, '0')}`;
}

/** The key_share entries of our key pairs. @example shares(keyPairs) // [{ group: 0x1d, keyExchange }] */
export function shares(keyPairs: ReadonlyMap<number, ActiveKeyExchange>): KeyShareEntry[] {
  return [...keyPairs.values()].map((k) => ({ group: k.group.id, keyExchange: k.share }));
}

/**
 * Waits for ServerHello or HelloRetryRequest.
 *
 * @example
 * state = state.handle(serverHelloMessage); // ExpectEncryptedExtensions, or ExpectServerHello again after HRR
 */
export class ExpectServerHello implements HandshakeState {
  readonly expecting = 'ServerHello';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly offer: Offer,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    expectType(msg, HandshakeType.server_hello, this.expecting);
    const sh = decodeServerHello(msg.body);
    const hrr = isHelloRetryRequest(sh);
    const suite = this.checkServerHelloOrHrr(sh, hrr);
    return hrr ? this.processHelloRetryRequest(sh, msg, suite) : this.processServerHello(sh, msg, suite);
  }

  /** The checks ServerHello and HelloRetryRequest share (RFC 9846 §4.2.3, §4.2.4, §4.3.1). */
  private checkServerHelloOrHrr(sh: ServerHello, hrr: boolean): SupportedCipherSuite {
    const what = hrr ? 'HelloRetryRequest' : 'ServerHello';
    const sv = findExtension(sh.extensions, ExtensionType.supported_versions);
    if (sv === undefined) {
      // The server negotiated TLS 1.2 or below. Check the downgrade sentinel first (§4.2.3).
      const tail = sh.random.subarray(24);
      if (equalBytes(tail, DOWNGRADE_TLS12) || equalBytes(tail, DOWNGRADE_TLS11)) {
        throw new PeerMisbehavedError('illegal_parameter', `${what} carries a downgrade sentinel`);
      }
      throw new PeerIncompatibleError('protocol_version', `${TLS12_OR_OLDER} (its ${what} chose ${versionText(sh.legacyVersion)}; puretls speaks TLS 1.3 only)`);
    }
    const version = decodeSupportedVersionsServer(sv.data);
    if (version !== ProtocolVersion.TLS13) {
      // §4.3.1: a version we did not offer, or one prior to TLS 1.3, is illegal_parameter.
      throw new PeerMisbehavedError('illegal_parameter', `${what} selected version ${codepointName(ProtocolVersion, version)}`);
    }
    if (sh.legacyVersion !== ProtocolVersion.TLS12) {
      // §4.2.3: a TLS 1.3 ServerHello (and so a HelloRetryRequest, §4.2.4) carries 0x0303 here.
      throw new PeerMisbehavedError('protocol_version', `${what} legacy_version is 0x${sh.legacyVersion.toString(16).padStart(4, '0')}, not 0x0303`);
    }
    if (!equalBytes(sh.legacySessionIdEcho, this.offer.sessionId)) {
      throw new PeerMisbehavedError('illegal_parameter', `${what} legacy_session_id_echo does not match`);
    }
    const suite = this.ctx.cfg.cipherSuites.find((s) => s.id === sh.cipherSuite);
    if (suite === undefined) {
      throw new PeerMisbehavedError('illegal_parameter', `${what} chose cipher suite 0x${sh.cipherSuite.toString(16)} we did not offer`);
    }
    if (this.offer.retrySuite !== undefined && this.offer.retrySuite.id !== suite.id) {
      throw new PeerMisbehavedError('illegal_parameter', 'ServerHello cipher suite differs from the HelloRetryRequest');
    }
    if (sh.legacyCompressionMethod !== 0) {
      throw new PeerMisbehavedError('illegal_parameter', `${what} legacy_compression_method is not 0`);
    }
    checkResponseExtensions(sh.extensions, this.offer.extensionTypes, hrr ? 'HRR' : 'SH', what);
    return suite;
  }

  /** RFC 9846 §4.2.4: answer a HelloRetryRequest with a second ClientHello. */
  private processHelloRetryRequest(hrr: ServerHello, msg: HandshakeMessage, suite: SupportedCipherSuite): HandshakeState {
    if (this.offer.retrySuite !== undefined) {
      throw new PeerMisbehavedError('unexpected_message', 'second HelloRetryRequest');
    }
    const ks = findExtension(hrr.extensions, ExtensionType.key_share);
    const cookieExt = findExtension(hrr.extensions, ExtensionType.cookie);
    const cookie = cookieExt === undefined ? undefined : decodeCookie(cookieExt.data);
    const keyPairs = new Map(this.offer.keyPairs);
    if (ks !== undefined) {
      const id = decodeKeyShareHrr(ks.data);
      // §4.3.8: the group must be in supported_groups and must not be one we already sent a share for.
      const group: SupportedGroup | undefined = this.ctx.cfg.groups.find((g) => g.id === id);
      if (group === undefined || keyPairs.has(id)) {
        throw new PeerMisbehavedError('illegal_parameter', `HelloRetryRequest asks for group ${codepointName(NamedGroup, id)}`);
      }
      for (const k of keyPairs.values()) k.destroy();
      keyPairs.clear();
      keyPairs.set(id, group.start(this.ctx.cfg.random));
    }
    if (ks === undefined && cookie === undefined) {
      throw new PeerMisbehavedError('illegal_parameter', 'HelloRetryRequest would not change the ClientHello');
    }
    // §4.3.10: no early data after a HelloRetryRequest: the 0-RTT keys go, and the second
    // ClientHello is sent in plaintext without early_data.
    if (this.offer.psk?.earlyData === true) {
      this.ctx.io.abandonEarlyKeys();
      this.ctx.io.earlyData.reject();
    }
    this.offer.early?.destroy();
    // §4.3.11: a PSK whose hash is not the HRR suite's is dropped from the second ClientHello.
    const psk = this.offer.psk !== undefined && this.offer.psk.suite.hash === suite.hash ? { ...this.offer.psk, earlyData: false } : undefined;
    // RFC 9849 §6.1.4: the HelloRetryRequest says whether the server took our ECH.
    const echAccepted = echAtHelloRetryRequest(this.ctx.cfg, this.offer.ech, hrr, msg.raw, suite);
    // §4.1: the transcript restarts with message_hash(ClientHello1).
    this.transcript.selectHash(this.ctx.cfg.crypto, suite.hash);
    this.transcript.restartAfterHelloRetryRequest();
    this.transcript.add(msg.raw);
    const { hello, early, psk: offered, ech } = buildSecondHello(this.ctx.cfg, this.transcript, this.offer.ech, {
      random: this.offer.random,
      sessionId: this.offer.sessionId,
      keyShares: shares(keyPairs),
      cookie,
      psk: psk === undefined ? undefined : pskExtensionBody(psk, this.ctx.cfg.now()),
      grease: this.offer.grease,
    }, echAccepted, psk);
    this.transcript.add(hello.message);
    // §E.4: the compatibility CCS goes before the second flight, here the second ClientHello.
    if (this.ctx.cfg.middleboxCompatibility) this.ctx.io.sendChangeCipherSpec();
    this.ctx.io.sendHandshake(hello.message);
    return new ExpectServerHello(this.ctx, this.transcript, {
      ...this.offer,
      keyPairs,
      extensionTypes: hello.extensionTypes,
      retrySuite: suite,
      psk: offered,
      early,
      ech,
      echAtRetry: echAccepted === undefined ? undefined : echAccepted ? 'accepted' : 'rejected',
    });
  }

  /** RFC 9846 §4.2.3 then §7.1: compute the shared secret and switch to handshake keys. */
  private processServerHello(sh: ServerHello, msg: HandshakeMessage, suite: SupportedCipherSuite): HandshakeState {
    // RFC 9849 §6.1.4: accepted ECH continues the inner handshake, rejected the outer one.
    const d = echAtServerHello(this.ctx.cfg, this.offer.ech, sh, msg.raw, suite,
      { transcript: this.transcript, clientRandom: this.offer.random, sentExtensions: this.offer.extensionTypes }, this.offer.echAtRetry);
    // RFC 9849 §6.1.2: the outer hello's pre_shared_key was GREASE; no server may resume on it.
    if (d.ech.status === 'rejected' && findExtension(sh.extensions, ExtensionType.pre_shared_key) !== undefined) {
      throw new PeerMisbehavedError('illegal_parameter', 'ServerHello resumes a session although the server rejected ECH (the outer hello offered only a GREASE PSK)');
    }
    const resumption = this.acceptedPsk(sh, suite);
    const ksExt = findExtension(sh.extensions, ExtensionType.key_share);
    if (ksExt === undefined) {
      if (resumption !== undefined) {
        // §4.3.11: a resumption without key_share is psk_ke, which we must have offered.
        if (!this.ctx.cfg.pskModes.includes(PskKeyExchangeMode.psk_ke)) throw new PeerMisbehavedError('illegal_parameter', 'ServerHello accepts our PSK without a key_share (we offered psk_dhe_ke only)');
        return this.resumeWithoutKeyExchange(msg, suite, resumption, d);
      }
      // Without a PSK, key_share is the only way to establish keys (§4.3.8).
      throw new PeerIncompatibleError('missing_extension', 'ServerHello has no key_share');
    }
    const share = decodeKeyShareServer(ksExt.data);
    const pair = this.offer.keyPairs.get(share.group);
    if (pair === undefined) {
      throw new PeerMisbehavedError('illegal_parameter', `ServerHello key_share for group ${codepointName(NamedGroup, share.group)} we sent no share for`);
    }
    return withSharedSecret(this.ctx, pair, share.keyExchange, (shared) => {
      for (const k of this.offer.keyPairs.values()) k.destroy();
      d.transcript.selectHash(this.ctx.cfg.crypto, suite.hash);
      d.transcript.add(msg.raw);
      // §7.1: the early secret is the PSK's when the server took it, else from zeros.
      if (resumption === undefined) {
        this.offer.early?.destroy();
        this.ctx.io.earlyData.reject(); // if it was offered: a full handshake has no 0-RTT
      }
      const early = resumption === undefined ? EarlySecret.start(this.ctx.cfg.crypto, suite.hash) : this.offer.early!;
      return establishHandshakeKeys(this.ctx, d.transcript, suite, shared, early, {
        group: pair.group,
        helloRetryRequest: this.offer.retrySuite !== undefined,
        clientRandom: d.clientRandom,
        sentExtensions: d.sentExtensions,
        resumption,
        ech: d.ech,
      });
    }, () => this.destroy());
  }

  /** psk_ke (§4.3.9): the (EC)DHE input of the key schedule is a string of zeros (§7.1). */
  private resumeWithoutKeyExchange(msg: HandshakeMessage, suite: SupportedCipherSuite, resumption: PskOffer, d: EchDecision): HandshakeState {
    for (const k of this.offer.keyPairs.values()) k.destroy();
    d.transcript.selectHash(this.ctx.cfg.crypto, suite.hash);
    d.transcript.add(msg.raw);
    return establishHandshakeKeys(this.ctx, d.transcript, suite, new Uint8Array(suite.hashLength), this.offer.early!, {
      group: undefined,
      helloRetryRequest: this.offer.retrySuite !== undefined,
      clientRandom: d.clientRandom,
      sentExtensions: d.sentExtensions,
      resumption,
      ech: d.ech,
    });
  }

  /**
   * The PSK the ServerHello accepts (§4.3.11), if any: selected_identity must be one we offered
   * (we offer one: 0) and the suite's hash the ticket's, else illegal_parameter. Its presence
   * without our offer is refused before, as an unsolicited extension.
   */
  private acceptedPsk(sh: ServerHello, suite: SupportedCipherSuite): PskOffer | undefined {
    const ext = findExtension(sh.extensions, ExtensionType.pre_shared_key);
    const psk = this.offer.psk;
    if (ext === undefined || psk === undefined) return undefined;
    const selected = decodePreSharedKeyServer(ext.data);
    if (selected !== 0) throw new PeerMisbehavedError('illegal_parameter', `ServerHello selected PSK identity ${selected}; we offered one`);
    if (suite.hash !== psk.suite.hash) throw new PeerMisbehavedError('illegal_parameter', `ServerHello accepts our PSK with ${suite.name}, whose hash is not the ticket's (${psk.suite.name})`);
    return psk;
  }

  /** Wipes the key-exchange private keys and the PSK's early secret (on failure; after ServerHello they are already gone). */
  destroy(): void {
    for (const k of this.offer.keyPairs.values()) k.destroy();
    this.offer.early?.destroy();
    if (this.offer.ech?.kind === 'real') this.offer.ech.context.destroy();
  }
}

/** Key schedule up to the handshake traffic secrets (RFC 9846 §7.1), installs both directions. */
function establishHandshakeKeys(
  ctx: StateContext,
  transcript: Transcript,
  suite: SupportedCipherSuite,
  shared: Uint8Array,
  early: EarlySecret,
  params: Omit<KeyExchangeResult, 'suite' | 'secrets'>,
): HandshakeState {
  const schedule = early.intoHandshake(shared);
  shared.fill(0);
  const th = transcript.hash();
  const secrets: HandshakeSecrets = {
    schedule,
    client: schedule.clientHandshakeTrafficSecret(th),
    server: schedule.serverHandshakeTrafficSecret(th),
  };
  logSecret(ctx, 'CLIENT_HANDSHAKE_TRAFFIC_SECRET', params.clientRandom, secrets.client);
  logSecret(ctx, 'SERVER_HANDSHAKE_TRAFFIC_SECRET', params.clientRandom, secrets.server);
  ctx.io.installReadKeys('handshake', suite, secrets.server);
  // Alerts we send from here on are protected with the client handshake keys; our Finished is
  // the first record under them (RFC 9846 §4.5.3). With 0-RTT offered and the PSK taken, our
  // writes stay under the early keys until EncryptedExtensions says whether the server takes
  // the early data (§4.3.10), and if it does, until EndOfEarlyData.
  if (!ctx.io.earlyData.awaitingAnswer) ctx.io.installWriteKeys('handshake', suite, secrets.client);
  return new ExpectEncryptedExtensions(ctx, transcript, { suite, ...params, secrets });
}


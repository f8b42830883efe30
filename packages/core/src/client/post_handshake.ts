/**
 * After the handshake (RFC 9846 §4.7): NewSessionTicket handed to the application, KeyUpdate
 * received and answered, CertificateRequest answered when post_handshake_auth was offered
 * (post_handshake_auth.ts); any other handshake message is unexpected_message.
 */
import type { SessionStore, SessionTicket } from '../api.js';
import { PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { ExtensionType, HandshakeType, KeyUpdateRequest, codepointName } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeEarlyDataNst } from '../msgs/ext_bodies.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { decodeKeyUpdate, encodeKeyUpdate } from '../msgs/key_update.js';
import { decodeNewSessionTicket } from '../msgs/new_session_ticket.js';
import { exportKeyingMaterial } from '../tls13/exporter.js';
import { nextApplicationTrafficSecret, resumptionPsk } from '../tls13/key_schedule.js';
import type { CryptoProvider, HashContext, SupportedCipherSuite } from '../crypto/provider.js';
import { PostHandshakeAuth } from './post_handshake_auth.js';
import type { HandshakeIo, HandshakeState, StateContext } from './state.js';
import { isThenable } from './run_verifier.js';

/** The application traffic secrets (§7.1) the connected state takes over. */
export interface TrafficSecrets {
  readonly suite: SupportedCipherSuite;
  readonly clientSecret: Uint8Array;
  readonly serverSecret: Uint8Array;
  /** exporter_master_secret (RFC 9846 §7.5). */
  readonly exporterSecret: Uint8Array;
  /** Only when tickets are handed to the application (§4.7.1: the PSK of each is derived from it). */
  readonly resumptionMaster: Uint8Array | undefined;
}

/** What a ticket of this connection carries of it (RFC 9846 §4.7.1: a resumption inherits the original's authentication). */
export interface TicketOrigin {
  readonly serverName: string | undefined;
  readonly alpnProtocol: string | undefined;
  readonly peerCertificates: readonly Uint8Array[];
  readonly signatureScheme: number;
  readonly verified: boolean;
}

/**
 * The connected state: processes post-handshake messages.
 *
 * It is what an idle connection keeps of the handshake, so it keeps little: of the configuration
 * the provider, the ticket callback and the clock (not the verifier or the offers); the secrets
 * in one array of its own, the ones it was given wiped.
 *
 * @example
 * state = new Connected(ctx, { suite, clientSecret, serverSecret, resumptionMaster });
 */
export class Connected implements HandshakeState {
  readonly expecting = 'post-handshake message';
  private tickets = 0;
  private keyUpdatesInARow = 0;
  /** The peer asked for a KeyUpdate we have not sent yet (§4.7.3: one answer for any number of requests). */
  private answerOwed = false;
  /** We sent update_requested and the peer's KeyUpdate has not arrived yet. */
  private requestOutstanding = false;
  private readonly io: HandshakeIo;
  private readonly crypto: CryptoProvider;
  private readonly onSessionTicket: ((t: SessionTicket) => void) | undefined;
  private readonly sessionStore: SessionStore | undefined;
  private readonly sessionKey: string | undefined;
  private readonly now: () => number;
  private readonly suite: SupportedCipherSuite;
  /** client_application_traffic_secret_N, server_application_traffic_secret_N, exporter_master_secret, then the resumption master secret if kept, each `hashLength` bytes; KeyUpdate rewrites the first two in place (§7.2). */
  private readonly secrets: Uint8Array;
  /** With post_handshake_auth offered (§4.3.6): the requests received and their answers. */
  private readonly auth: PostHandshakeAuth | undefined;

  constructor(
    ctx: StateContext,
    traffic: TrafficSecrets,
    /** Set when tickets are wanted (a callback or a store): what each ticket records of this connection. */
    private readonly origin?: TicketOrigin,
    /** With post_handshake_auth offered: the transcript hash through our Finished (§4.7.2). */
    handshakeTranscript?: HashContext,
  ) {
    this.auth = handshakeTranscript === undefined ? undefined : new PostHandshakeAuth(ctx.cfg, handshakeTranscript);
    this.io = ctx.io;
    this.crypto = ctx.cfg.crypto;
    this.onSessionTicket = ctx.cfg.onSessionTicket;
    this.sessionStore = ctx.cfg.sessionStore;
    this.sessionKey = ctx.cfg.sessionKey;
    this.now = ctx.cfg.now;
    this.suite = traffic.suite;
    const { clientSecret, serverSecret, exporterSecret, resumptionMaster } = traffic;
    const n = clientSecret.length;
    this.secrets = new Uint8Array(resumptionMaster === undefined ? 3 * n : 4 * n);
    this.secrets.set(clientSecret, 0);
    this.secrets.set(serverSecret, n);
    this.secrets.set(exporterSecret, 2 * n);
    if (resumptionMaster !== undefined) this.secrets.set(resumptionMaster, 3 * n);
    clientSecret.fill(0);
    serverSecret.fill(0);
    exporterSecret.fill(0);
    resumptionMaster?.fill(0);
  }

  /** The secret at `index` (0 client, 1 server, 2 exporter master, 3 resumption master), a view into {@link secrets}. */
  private secret(index: number): Uint8Array {
    const n = this.suite.hashLength;
    return this.secrets.subarray(index * n, (index + 1) * n);
  }

  handle(msg: HandshakeMessage): HandshakeState {
    switch (msg.type) {
      case HandshakeType.new_session_ticket:
        this.receiveTicket(msg.body);
        return this;
      case HandshakeType.key_update:
        this.receiveKeyUpdate(msg.body);
        return this;
      case HandshakeType.certificate_request:
        if (this.auth === undefined) break;
        this.auth.receive(msg);
        this.continueAuthentication();
        return this;
      default:
        break;
    }
    // Without post_handshake_auth offered, a CertificateRequest is unexpected too (§4.7.2).
    throw new PeerMisbehavedError('unexpected_message', `unexpected ${codepointName(HandshakeType, msg.type)} after the handshake`);
  }

  /**
   * Sends the answers to post-handshake CertificateRequests that are ready (§4.7.2), under the
   * current write keys. The connection calls it on every read and write, so an answer that waited
   * for asynchronous work goes out at the next call after `pendingWork()` settles.
   */
  continueAuthentication(): void {
    // Every read and write passes here: nothing is made unless a request waits for its answer.
    if (this.auth === undefined || !this.auth.unanswered) return;
    this.auth.flush((m) => this.io.sendHandshake(m), this.secret(0), this.suite);
  }

  /** The asynchronous work a post-handshake answer waits for, if any. */
  get authenticationPending(): Promise<void> | undefined {
    return this.auth?.pending;
  }

  /**
   * TLS-Exporter (RFC 9846 §7.5) over the exporter_master_secret: `length` bytes for `label` and
   * `context` (none and empty are the same in TLS 1.3).
   */
  exportKeyingMaterial(label: string, context: Uint8Array, length: number): Uint8Array {
    return exportKeyingMaterial(this.crypto, this.suite.hash, this.secret(2), label, context, length);
  }

  /** Called by the connection when non-empty application data arrives: KeyUpdates are no longer "in a row". */
  noteApplicationData(): void {
    this.keyUpdatesInARow = 0;
  }

  /**
   * Sends the KeyUpdate the peer asked for, if one is owed. The connection calls this before it
   * returns from a read and before it sends application data (§4.7.3: "prior to sending its next
   * Application Data record"), so requests received together get a single answer.
   */
  answerKeyUpdate(): void {
    if (this.answerOwed) this.updateWriteKeys(KeyUpdateRequest.update_not_requested);
  }

  /**
   * Updates our keys at the application's request (§4.7.3). With `requestPeer`, asks the peer to
   * update too, unless such a request is still unanswered: the sender MUST NOT send another
   * update_requested until the peer's KeyUpdate arrives, so a second call sends nothing.
   */
  requestKeyUpdate(requestPeer: boolean): void {
    if (requestPeer && this.requestOutstanding) return;
    this.updateWriteKeys(requestPeer ? KeyUpdateRequest.update_requested : KeyUpdateRequest.update_not_requested);
  }

  /** §4.7.1: derive the ticket's PSK and hand it to the application. */
  private receiveTicket(body: Uint8Array): void {
    const nst = decodeNewSessionTicket(body);
    const earlyData = findExtension(nst.extensions, ExtensionType.early_data);
    const maxEarlyData = earlyData === undefined ? undefined : decodeEarlyDataNst(earlyData.data);
    // §4.7.1: lifetime MUST NOT exceed 7 days; a server that says more is broken.
    if (nst.lifetime > 604800) throw new PeerMisbehavedError('illegal_parameter', 'ticket lifetime over 7 days');
    const origin = this.origin;
    // §4.7.1: a lifetime of zero means the ticket must not be used; extras past the bound are dropped.
    if (++this.tickets > Limits.maxSessionTickets || origin === undefined || nst.lifetime === 0) return;
    const suite = this.suite;
    const ticket: SessionTicket = {
      lifetimeSeconds: nst.lifetime,
      ageAdd: nst.ageAdd,
      nonce: nst.nonce,
      ticket: nst.ticket,
      maxEarlyData,
      psk: resumptionPsk(this.crypto, suite.hash, this.secret(3), nst.nonce),
      cipherSuite: suite.id,
      receivedAt: this.now(),
      ...origin,
    };
    if (this.sessionStore !== undefined && this.sessionKey !== undefined) {
      const stored = this.sessionStore.put(this.sessionKey, ticket);
      if (isThenable(stored)) stored.then(undefined, () => {}); // a store's failure loses the ticket, not the connection
    }
    this.onSessionTicket?.(ticket);
  }

  /** §4.7.3: update the read keys; answer with our own KeyUpdate when asked. */
  private receiveKeyUpdate(body: Uint8Array): void {
    const request = decodeKeyUpdate(body);
    if (++this.keyUpdatesInARow > Limits.maxKeyUpdatesWithoutData) {
      throw new PeerMisbehavedError('unexpected_message', 'too many KeyUpdates without application data');
    }
    this.io.installReadKeys('application', this.suite, this.nextSecret(1));
    this.requestOutstanding = false;
    if (request === KeyUpdateRequest.update_requested) this.answerOwed = true;
  }

  /**
   * Sends a KeyUpdate under the current keys, then switches to the next client secret (§4.7.3).
   * The connection also calls this on its own before a key's record limit is reached (§5.5).
   */
  updateWriteKeys(request: number): void {
    // Any KeyUpdate of ours answers the peer's request (§4.7.3).
    this.answerOwed = false;
    if (request === KeyUpdateRequest.update_requested) this.requestOutstanding = true;
    this.io.sendHandshake(frameHandshake(HandshakeType.key_update, encodeKeyUpdate(request)));
    this.io.installWriteKeys('application', this.suite, this.nextSecret(0));
  }

  /**
   * Replaces the traffic secret at `index` (0 client, 1 server) by the next one (§7.2), in place:
   * the old one is overwritten, the derived copy wiped. Returns the new secret (a view).
   */
  private nextSecret(index: number): Uint8Array {
    const current = this.secret(index);
    const next = nextApplicationTrafficSecret(this.crypto, this.suite.hash, current);
    current.set(next);
    next.fill(0);
    return current;
  }

  /** Wipes the secrets (on close or error). */
  destroy(): void {
    this.secrets.fill(0);
  }
}

/**
 * After the handshake (RFC 9846 §4.7): NewSessionTicket handed to the application, KeyUpdate
 * received and answered; any other handshake message is unexpected_message.
 */
import type { SessionTicket } from '../api.js';
import { PeerMisbehavedError } from '../errors.js';
import { Limits } from '../limits.js';
import { ExtensionType, HandshakeType, KeyUpdateRequest, codepointName } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeEarlyDataNst } from '../msgs/ext_bodies.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { decodeKeyUpdate, encodeKeyUpdate } from '../msgs/key_update.js';
import { decodeNewSessionTicket } from '../msgs/new_session_ticket.js';
import { nextApplicationTrafficSecret, resumptionPsk } from '../tls13/key_schedule.js';
import type { SupportedCipherSuite } from '../crypto/provider.js';
import type { HandshakeState, StateContext } from './state.js';

/** Application traffic secrets, updated in place by KeyUpdate (§7.2). */
export interface TrafficSecrets {
  readonly suite: SupportedCipherSuite;
  clientSecret: Uint8Array;
  serverSecret: Uint8Array;
  readonly resumptionMaster: Uint8Array;
}

/**
 * The connected state: processes post-handshake messages.
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

  constructor(
    private readonly ctx: StateContext,
    private readonly secrets: TrafficSecrets,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    switch (msg.type) {
      case HandshakeType.new_session_ticket:
        this.receiveTicket(msg.body);
        return this;
      case HandshakeType.key_update:
        this.receiveKeyUpdate(msg.body);
        return this;
      default:
        // No post_handshake_auth was offered, so CertificateRequest is unexpected too (§4.7.2).
        throw new PeerMisbehavedError('unexpected_message', `unexpected ${codepointName(HandshakeType, msg.type)} after the handshake`);
    }
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
    if (++this.tickets > Limits.maxSessionTickets || this.ctx.cfg.onSessionTicket === undefined) return;
    const { suite, resumptionMaster } = this.secrets;
    const ticket: SessionTicket = {
      lifetimeSeconds: nst.lifetime,
      ageAdd: nst.ageAdd,
      nonce: nst.nonce,
      ticket: nst.ticket,
      maxEarlyData,
      psk: resumptionPsk(this.ctx.cfg.crypto, suite.hash, resumptionMaster, nst.nonce),
      cipherSuite: suite.id,
      receivedAt: this.ctx.cfg.now(),
    };
    this.ctx.cfg.onSessionTicket(ticket);
  }

  /** §4.7.3: update the read keys; answer with our own KeyUpdate when asked. */
  private receiveKeyUpdate(body: Uint8Array): void {
    const request = decodeKeyUpdate(body);
    if (++this.keyUpdatesInARow > Limits.maxKeyUpdatesWithoutData) {
      throw new PeerMisbehavedError('unexpected_message', 'too many KeyUpdates without application data');
    }
    const { suite } = this.secrets;
    const next = nextApplicationTrafficSecret(this.ctx.cfg.crypto, suite.hash, this.secrets.serverSecret);
    this.secrets.serverSecret.fill(0);
    this.secrets.serverSecret = next;
    this.ctx.io.installReadKeys('application', suite, next);
    this.requestOutstanding = false;
    if (request === KeyUpdateRequest.update_requested) this.answerOwed = true;
  }

  /**
   * Sends a KeyUpdate under the current keys, then switches to the next client secret (§4.7.3).
   * The connection also calls this on its own before a key's record limit is reached (§5.5).
   */
  updateWriteKeys(request: number): void {
    const { suite } = this.secrets;
    // Any KeyUpdate of ours answers the peer's request (§4.7.3).
    this.answerOwed = false;
    if (request === KeyUpdateRequest.update_requested) this.requestOutstanding = true;
    this.ctx.io.sendHandshake(frameHandshake(HandshakeType.key_update, encodeKeyUpdate(request)));
    const next = nextApplicationTrafficSecret(this.ctx.cfg.crypto, suite.hash, this.secrets.clientSecret);
    this.secrets.clientSecret.fill(0);
    this.secrets.clientSecret = next;
    this.ctx.io.installWriteKeys('application', suite, next);
  }

  /** Wipes the secrets (on close or error). */
  destroy(): void {
    this.secrets.clientSecret.fill(0);
    this.secrets.serverSecret.fill(0);
    this.secrets.resumptionMaster.fill(0);
  }
}

/**
 * The end of the handshake (RFC 9846 §4.5.3, §4.5): the server's Finished checked, then our
 * flight: EndOfEarlyData if the server took our 0-RTT data, our Certificate and CertificateVerify
 * if it asked for them (possibly after asynchronous work: the application's choice, a remote
 * signer), and our Finished.
 */
import type { ConnectionInfo } from '../api.js';
import { equalBytes } from '../codec/ct.js';
import { EchRejectedError, PeerMisbehavedError } from '../errors.js';
import { HandshakeType } from '../msgs/enums.js';
import { decodeFinished, encodeFinished } from '../msgs/finished.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { finishedVerifyData, type MasterSecret } from '../tls13/key_schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { ClientAuthAnswer, joinMessages, type ClientAuthMessages } from './client_auth.js';
import { logSecret } from './key_log.js';
import { destroyHandshakeSecrets, type ServerAuthenticated } from './negotiated.js';
import { Connected } from './post_handshake.js';
import { expectType, type HandshakeState, type StateContext } from './state.js';

/** `clientCertificates` when we sent none: one frozen empty list, not an array per connection. */
const NO_CERTIFICATES: readonly Uint8Array[] = Object.freeze([]);

/** The application stage of the key schedule, between the server's Finished and ours. */
interface ApplicationSecrets {
  readonly master: MasterSecret;
  readonly clientApp: Uint8Array;
  readonly serverApp: Uint8Array;
  /** exporter_master_secret (RFC 9846 §7.5), kept by the connected state for exportKeyingMaterial(). */
  readonly exporter: Uint8Array;
}

function destroyApplicationSecrets(app: ApplicationSecrets): void {
  app.master.destroy();
  app.clientApp.fill(0);
  app.serverApp.fill(0);
  app.exporter.fill(0);
}

/**
 * RFC 9846 §4.5.3: check the server Finished, derive application keys, send ours (after
 * EndOfEarlyData when the server took our 0-RTT data, §4.3.10, and our certificate when asked, §4.4.2).
 *
 * @example
 * return new ExpectFinished(ctx, transcript, { ...certificateReceived, signatureScheme });
 */
export class ExpectFinished implements HandshakeState {
  readonly expecting = 'Finished';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: ServerAuthenticated,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    expectType(msg, HandshakeType.finished, this.expecting);
    const { suite, secrets } = this.n;
    const crypto = this.ctx.cfg.crypto;
    const fin = decodeFinished(msg.body, suite.hashLength);
    const expected = finishedVerifyData(crypto, suite.hash, secrets.server, this.transcript.hash());
    if (!equalBytes(fin, expected)) throw new PeerMisbehavedError('decrypt_error', 'server Finished does not verify');
    // RFC 9849 §6.1.6: the server refused our ECH and proved it is the public name: end with
    // ech_required before anything else is sent, and hand the application its retry configs.
    const ech = this.n.ech;
    if (ech.status === 'rejected') throw new EchRejectedError(this.n.echRetryConfigs, ech.publicName);
    this.transcript.add(msg.raw);

    // §7.1: application secrets from the transcript through the server Finished.
    const th = this.transcript.hash();
    const master = secrets.schedule.intoMaster();
    const clientApp = master.clientApplicationTrafficSecret0(th);
    const serverApp = master.serverApplicationTrafficSecret0(th);
    const exporter = master.exporterMasterSecret(th);
    logSecret(this.ctx, 'CLIENT_TRAFFIC_SECRET_0', this.n.clientRandom, clientApp);
    logSecret(this.ctx, 'SERVER_TRAFFIC_SECRET_0', this.n.clientRandom, serverApp);
    logSecret(this.ctx, 'EXPORTER_SECRET', this.n.clientRandom, exporter);
    this.ctx.io.installReadKeys('application', suite, serverApp);

    this.endEarlyData();
    const app = { master, clientApp, serverApp, exporter };
    const request = this.n.certificateRequest;
    if (request === undefined) return this.sendFlight(app, undefined);
    // §4.4.2: the server asked for our certificate; the answer goes into the transcript before our Finished.
    return new AnswerCertificateRequest(this.ctx, this, app, new ClientAuthAnswer(this.ctx.cfg, request, this.transcript)).resume();
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }

  /**
   * §4.3.10: when the server took our 0-RTT data, EndOfEarlyData under the early keys ends it,
   * and our handshake keys start only then.
   */
  private endEarlyData(): void {
    const early = this.ctx.io.earlyData;
    if (!early.accepted) return;
    const eoed = frameHandshake(HandshakeType.end_of_early_data, new Uint8Array(0));
    this.transcript.add(eoed);
    this.ctx.io.sendHandshake(eoed);
    early.end();
    this.ctx.io.installWriteKeys('handshake', this.n.suite, this.n.secrets.client);
  }

  /**
   * The client's second flight: [Certificate, [CertificateVerify]], Finished (§4.5.1, §4.5.3),
   * then the switch to the application keys. In compatibility mode the record writer puts the
   * CCS before the first of them (§E.4), as before any first protected record.
   *
   * @internal called by AnswerCertificateRequest once the answer is ready
   */
  sendFlight(app: ApplicationSecrets, answer: ClientAuthMessages | undefined): HandshakeState {
    const { suite, secrets } = this.n;
    const cfg = this.ctx.cfg;
    const verifyData = finishedVerifyData(cfg.crypto, suite.hash, secrets.client, this.transcript.hash());
    const fin = frameHandshake(HandshakeType.finished, encodeFinished(verifyData));
    this.transcript.add(fin);
    // One write, so the flight shares records (as NSS and OpenSSL send it, and RFC 8448 §6 shows).
    this.ctx.io.sendHandshake(answer === undefined ? fin : joinMessages([answer.certificate, answer.certificateVerify, fin]));

    // §4.7.1: the resumption master secret serves only the PSKs of tickets; without a ticket
    // callback or store no ticket is kept, so it is not derived at all.
    const wantTickets = cfg.onSessionTicket !== undefined || cfg.sessionStore !== undefined;
    const resumptionMaster = wantTickets ? app.master.resumptionMasterSecret(this.transcript.hash()) : undefined;
    this.ctx.io.installWriteKeys('application', suite, app.clientApp);
    app.master.destroy();
    secrets.client.fill(0);
    secrets.server.fill(0);

    // The connected state copies the application secrets into one array of its own and wipes these.
    const n = this.n;
    // A resumed connection's tickets are as verified as the ticket it resumed from.
    const verified = n.resumption?.ticket.verified ?? cfg.verifier !== undefined;
    const origin = wantTickets ? { serverName: cfg.serverName, alpnProtocol: n.alpn, peerCertificates: n.chain, signatureScheme: n.signatureScheme.id, verified } : undefined;
    // §4.7.2: post-handshake requests sign over the transcript through our Finished, each on a copy of it.
    const handshakeTranscript = cfg.postHandshakeAuth ? this.transcript.snapshot() : undefined;
    const connected = new Connected(this.ctx, { suite, clientSecret: app.clientApp, serverSecret: app.serverApp, exporterSecret: app.exporter, resumptionMaster }, origin, handshakeTranscript);
    this.ctx.io.complete(this.info(answer), connected);
    return connected;
  }

  private info(answer: ClientAuthMessages | undefined): ConnectionInfo {
    const n = this.n;
    return {
      version: 'TLSv1.3',
      cipherSuite: n.suite.id,
      cipherSuiteName: n.suite.name,
      group: n.group?.id,
      groupName: n.group?.name,
      helloRetryRequest: n.helloRetryRequest,
      alpnProtocol: n.alpn,
      peerCertificates: n.chain,
      ocspResponse: n.ocspResponse,
      signedCertificateTimestamps: n.signedCertificateTimestamps,
      signatureScheme: n.signatureScheme.id,
      signatureSchemeName: n.signatureScheme.name,
      peerRecordSizeLimit: n.peerRecordSizeLimit,
      resumed: n.resumption !== undefined,
      earlyData: this.ctx.io.earlyData.outcome,
      certificateRequested: n.certificateRequest !== undefined,
      clientCertificates: answer?.chain ?? NO_CERTIFICATES,
      ech: n.ech.status === 'rejected' ? 'not-offered' : n.ech.status, // rejected never gets here (handle() threw)
      certificateCompression: n.certificateCompression?.algorithm,
      certificateCompressionName: n.certificateCompression?.name,
    };
  }
}

/**
 * Between the server's Finished and ours, while our answer to its CertificateRequest is not ready
 * (the application's choice or the signature is asynchronous): waits for work, not for a message.
 */
class AnswerCertificateRequest implements HandshakeState {
  readonly expecting = 'our Certificate (asynchronous work)';
  constructor(
    private readonly ctx: StateContext,
    private readonly finished: ExpectFinished,
    private readonly app: ApplicationSecrets,
    private readonly answer: ClientAuthAnswer,
  ) {}

  /** Sends the flight once the answer is ready, else holds the connection on the pending work. */
  resume(): HandshakeState {
    const r = this.answer.step();
    if ('certificate' in r) return this.finished.sendFlight(this.app, r);
    this.ctx.io.awaitVerification(r);
    return this;
  }

  handle(msg: HandshakeMessage): HandshakeState {
    // Not reached: the connection processes no message while our answer is pending.
    throw new PeerMisbehavedError('unexpected_message', `message type ${msg.type} before our Finished`);
  }

  destroy(): void {
    destroyApplicationSecrets(this.app);
    this.finished.destroy();
  }
}

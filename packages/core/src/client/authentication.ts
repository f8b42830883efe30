/**
 * The server's authentication messages and the client's answer (RFC 9846 §4.5): Certificate,
 * CertificateVerify and Finished, then the client's Finished. Each state holds exactly what the
 * states before it established.
 */
import type { ConnectionInfo } from '../api.js';
import { equalBytes } from '../codec/ct.js';
import type { PublicKey } from '../crypto/provider.js';
import { certificateSpki } from '../crypto/spki.js';
import { CertificateError, InvalidMessageError, PeerMisbehavedError, TlsError } from '../errors.js';
import { decodeCertificate, encodeCertificate } from '../msgs/certificate.js';
import { decodeCertificateVerify } from '../msgs/certificate_verify.js';
import { HandshakeType, SignatureScheme, codepointName } from '../msgs/enums.js';
import { decodeFinished, encodeFinished } from '../msgs/finished.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { finishedVerifyData } from '../tls13/key_schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { advertisedSignatureSchemes } from './client_hello.js';
import { checkResponseExtensions } from './extension_checks.js';
import { logSecret } from './key_log.js';
import { destroyHandshakeSecrets, type CertificateReceived, type ServerAuthenticated, type ServerParameters } from './negotiated.js';
import { Connected } from './post_handshake.js';
import { runVerifier } from './run_verifier.js';
import { expectType, type HandshakeState, type StateContext } from './state.js';

/**
 * RFC 9846 §4.5.1: the server's Certificate, handed to the verifier.
 *
 * @example
 * return new ExpectCertificate(ctx, transcript, { ...encryptedExtensions, certificateRequestContext: undefined });
 */
export class ExpectCertificate implements HandshakeState {
  readonly expecting = 'Certificate';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: ServerParameters,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    expectType(msg, HandshakeType.certificate, this.expecting);
    const cert = decodeCertificate(msg.body);
    if (cert.context.length !== 0) throw new PeerMisbehavedError('illegal_parameter', 'server Certificate has a non-empty context');
    if (cert.entries.length === 0) throw new InvalidMessageError('decode_error', 'server sent an empty Certificate message (RFC 9846 §4.5.1.3)');
    // Entry extensions must answer ClientHello extensions (§4.3); we request neither OCSP nor SCTs.
    for (const e of cert.entries) checkResponseExtensions(e.extensions, this.n.sentExtensions, 'CT', 'CertificateEntry');
    const chain = cert.entries.map((e) => e.data);
    this.transcript.add(msg.raw);
    runVerifier(this.ctx, chain);
    return new ExpectCertificateVerify(this.ctx, this.transcript, { ...this.n, chain });
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }
}

/** The context string of a server CertificateVerify (RFC 9846 §4.5.2). */
const SERVER_CV_CONTEXT = new TextEncoder().encode('TLS 1.3, server CertificateVerify');

/**
 * The content a server CertificateVerify signs: 64 spaces, the context string, a zero byte and
 * the transcript hash (RFC 9846 §4.5.2).
 *
 * @example
 * const signed = certificateVerifyContent(transcript.hash());
 */
export function certificateVerifyContent(transcriptHash: Uint8Array): Uint8Array {
  const out = new Uint8Array(64 + SERVER_CV_CONTEXT.length + 1 + transcriptHash.length);
  out.fill(0x20, 0, 64);
  out.set(SERVER_CV_CONTEXT, 64);
  out.set(transcriptHash, 64 + SERVER_CV_CONTEXT.length + 1);
  return out;
}

/** RFC 9846 §4.5.2: the server's signature over the transcript with the leaf's key. */
class ExpectCertificateVerify implements HandshakeState {
  readonly expecting = 'CertificateVerify';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: CertificateReceived,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    expectType(msg, HandshakeType.certificate_verify, this.expecting);
    const cv = decodeCertificateVerify(msg.body);
    const scheme = cv.scheme;
    const name = codepointName(SignatureScheme, scheme);
    // Only schemes we offered AND can verify; never PKCS#1 v1.5 (§4.5.2).
    const offered = this.ctx.cfg.signatureSchemes.find((s) => s.id === scheme);
    if (offered === undefined || !advertisedSignatureSchemes(this.ctx.cfg).includes(scheme)) {
      throw new PeerMisbehavedError('illegal_parameter', `CertificateVerify uses ${name}, which we did not offer`);
    }
    const key = this.leafKey();
    if (!offered.keyFits(key)) {
      throw new PeerMisbehavedError('illegal_parameter', `CertificateVerify scheme ${name} does not match the certificate's key`);
    }
    const content = certificateVerifyContent(this.transcript.hash());
    if (!offered.verify(key, content, cv.signature)) {
      throw new PeerMisbehavedError('decrypt_error', `CertificateVerify signature (${name}) does not verify`);
    }
    this.transcript.add(msg.raw);
    return new ExpectFinished(this.ctx, this.transcript, { ...this.n, signatureScheme: offered });
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }

  /**
   * The leaf's key. certificateSpki and parsePublicKey refuse malformed DER with a TlsError (their
   * explicit checks), which becomes bad_certificate; anything else is a bug, not the peer's fault,
   * and propagates to become internal_error rather than being relabelled.
   */
  private leafKey(): PublicKey {
    const leaf = this.n.chain[0]!;
    try {
      return this.ctx.cfg.crypto.parsePublicKey(certificateSpki(leaf));
    } catch (e) {
      if (!(e instanceof TlsError)) throw e;
      // A key the provider refused for its size (RsaKeyError) keeps its own reason and alert
      // (unsupported_certificate); only an unreadable key is bad_certificate.
      if (e instanceof CertificateError) throw e;
      throw new CertificateError('bad-encoding', 'bad_certificate', `cannot read the leaf certificate public key: ${e.message}`, leaf, { cause: e });
    }
  }
}

/**
 * RFC 9846 §4.5.3: check the server Finished, derive application keys, send ours (after
 * EndOfEarlyData when the server took our 0-RTT data, §4.3.10).
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
    exporter.fill(0); // exporters (RFC 9846 §7.5) are not offered yet
    this.ctx.io.installReadKeys('application', suite, serverApp);

    this.endEarlyData();
    this.sendClientFlight();
    // §4.6.1: the resumption master secret serves only the PSKs of tickets; without a ticket
    // callback or store no ticket is kept, so it is not derived at all.
    const cfg = this.ctx.cfg;
    const wantTickets = cfg.onSessionTicket !== undefined || cfg.sessionStore !== undefined;
    const resumptionMaster = wantTickets ? master.resumptionMasterSecret(this.transcript.hash()) : undefined;
    this.ctx.io.installWriteKeys('application', suite, clientApp);
    master.destroy();
    secrets.client.fill(0);
    secrets.server.fill(0);

    // The connected state copies the application secrets into one array of its own and wipes these.
    const n = this.n;
    // A resumed connection's tickets are as verified as the ticket it resumed from.
    const verified = n.resumption?.ticket.verified ?? cfg.verifier !== undefined;
    const origin = wantTickets ? { serverName: cfg.serverName, alpnProtocol: n.alpn, peerCertificates: n.chain, signatureScheme: n.signatureScheme.id, verified } : undefined;
    const connected = new Connected(this.ctx, { suite, clientSecret: clientApp, serverSecret: serverApp, resumptionMaster }, origin);
    this.ctx.io.complete(this.info(), connected);
    return connected;
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
   * The client's second flight: [empty Certificate], Finished (§4.5.1, §4.5.3). In compatibility
   * mode the record writer puts the CCS before the first of them (§E.4), as before any first
   * protected record.
   */
  private sendClientFlight(): void {
    const { suite, secrets } = this.n;
    if (this.n.certificateRequestContext !== undefined) {
      // We have no client certificate to offer yet: an empty Certificate (§4.5.1).
      const cert = frameHandshake(HandshakeType.certificate, encodeCertificate({ context: this.n.certificateRequestContext, entries: [] }));
      this.transcript.add(cert);
      this.ctx.io.sendHandshake(cert);
    }
    const verifyData = finishedVerifyData(this.ctx.cfg.crypto, suite.hash, secrets.client, this.transcript.hash());
    const fin = frameHandshake(HandshakeType.finished, encodeFinished(verifyData));
    this.transcript.add(fin);
    this.ctx.io.sendHandshake(fin);
  }

  private info(): ConnectionInfo {
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
      signatureScheme: n.signatureScheme.id,
      signatureSchemeName: n.signatureScheme.name,
      peerRecordSizeLimit: n.peerRecordSizeLimit,
      resumed: n.resumption !== undefined,
      earlyData: this.ctx.io.earlyData.outcome,
      certificateRequested: n.certificateRequestContext !== undefined,
      clientCertificates: [],
    };
  }
}

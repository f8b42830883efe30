/**
 * The server's parameters (RFC 9846 §4.4): EncryptedExtensions, then an optional
 * CertificateRequest. Each state holds exactly what the states before it established.
 */
import { equalBytes } from '../codec/ct.js';
import { PeerMisbehavedError } from '../errors.js';
import { decodeEncryptedExtensions } from '../msgs/encrypted_extensions.js';
import { decodeEchEncryptedExtensions } from '../msgs/ech_extension.js';
import { codepointName, ExtensionType, HandshakeType, SignatureScheme } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeAlpnServer, decodeEmpty, decodeNamedGroupList, decodeRecordSizeLimit } from '../msgs/ext_bodies.js';
import type { HandshakeMessage } from '../msgs/handshake.js';
import type { Transcript } from '../tls13/transcript.js';
import { ExpectCertificate } from './authentication.js';
import { ExpectFinished } from './finish_handshake.js';
import { certificateRequestInfo } from './certificate_request.js';
import { checkResponseExtensions } from './extension_checks.js';
import { destroyHandshakeSecrets, type EncryptedExtensionsResult, type KeyExchangeResult } from './negotiated.js';
import { expectType, type HandshakeState, type StateContext } from './state.js';

/**
 * RFC 9846 §4.4.1: EncryptedExtensions.
 *
 * @example
 * return new ExpectEncryptedExtensions(ctx, transcript, keyExchangeResult);
 */
export class ExpectEncryptedExtensions implements HandshakeState {
  readonly expecting = 'EncryptedExtensions';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: KeyExchangeResult,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    expectType(msg, HandshakeType.encrypted_extensions, this.expecting);
    const ee = decodeEncryptedExtensions(msg.body);
    checkResponseExtensions(ee.extensions, this.n.sentExtensions, 'EE', this.expecting);
    let alpn: string | undefined;
    let peerRecordSizeLimit: number | undefined;
    let earlyDataAccepted = false;
    let echRetryConfigs: Uint8Array | undefined;
    for (const e of ee.extensions) {
      switch (e.type) {
        case ExtensionType.application_layer_protocol_negotiation: {
          const proto = decodeAlpnServer(e.data);
          // RFC 7301 §3.1: the server's choice must be one we offered.
          if (!this.ctx.cfg.alpnProtocols.some((p) => equalBytes(p, proto))) {
            throw new PeerMisbehavedError('illegal_parameter', 'server selected an ALPN protocol we did not offer');
          }
          alpn = new TextDecoder().decode(proto);
          break;
        }
        case ExtensionType.record_size_limit:
          peerRecordSizeLimit = decodeRecordSizeLimit(e.data);
          this.ctx.io.setPeerRecordSizeLimit(peerRecordSizeLimit);
          break;
        case ExtensionType.server_name:
          decodeEmpty(e.data, 'EncryptedExtensions server_name');
          break;
        case ExtensionType.supported_groups:
          decodeNamedGroupList(e.data); // the server's preferences: informational only (§4.3.7)
          break;
        case ExtensionType.early_data:
          decodeEmpty(e.data, 'EncryptedExtensions early_data');
          earlyDataAccepted = true;
          break;
        case ExtensionType.encrypted_client_hello:
          echRetryConfigs = this.retryConfigs(e.data);
          break;
      }
    }
    this.answerEarlyData(earlyDataAccepted, alpn);
    this.transcript.add(msg.raw);
    const r = this.n.resumption;
    if (r === undefined) return new ExpectCertificateOrCertificateRequest(this.ctx, this.transcript, { ...this.n, alpn, peerRecordSizeLimit, echRetryConfigs });
    // §4.4.2, §4.5.1: a server authenticating with a resumption PSK sends neither
    // CertificateRequest nor Certificate: its Finished comes next. Who it is, we learnt in the
    // ticket's full handshake.
    const t = r.ticket;
    const signatureScheme = { id: t.signatureScheme, name: codepointName(SignatureScheme, t.signatureScheme) };
    return new ExpectFinished(this.ctx, this.transcript, { ...this.n, alpn, peerRecordSizeLimit, echRetryConfigs, certificateRequest: undefined, chain: t.peerCertificates, certificateCompression: undefined, ocspResponse: undefined, signedCertificateTimestamps: undefined, signatureScheme });
  }

  /**
   * RFC 9849 §5, §6.1.6, §6.2: retry_configs come only with a rejected or GREASE offer (answering
   * the inner hello with them is unsupported_extension); they must decode (decode_error); a
   * rejected offer keeps them for the application, GREASE ignores them.
   */
  private retryConfigs(data: Uint8Array): Uint8Array | undefined {
    const status = this.n.ech.status;
    if (status === 'accepted') throw new PeerMisbehavedError('unsupported_extension', 'EncryptedExtensions carries retry_configs though the server accepted our ECH (RFC 9849 §5)');
    decodeEchEncryptedExtensions(data);
    return status === 'rejected' ? data.slice() : undefined;
  }

  /**
   * §4.3.10: early_data here means the server takes our 0-RTT data. It may only when it took our
   * PSK with the ticket's very suite and ALPN (it appears only if we sent early_data: the
   * extension check refuses it otherwise). Without it, the data was refused, and our writes move
   * to the handshake keys now.
   */
  private answerEarlyData(accepted: boolean, alpn: string | undefined): void {
    const early = this.ctx.io.earlyData;
    const r = this.n.resumption;
    if (accepted) {
      if (r === undefined || !early.awaitingAnswer) throw new PeerMisbehavedError('illegal_parameter', 'EncryptedExtensions accepts early data without our PSK');
      if (this.n.suite.id !== r.suite.id) throw new PeerMisbehavedError('illegal_parameter', `early data accepted under ${this.n.suite.name}, not the ticket's ${r.suite.name}`);
      if (alpn !== r.ticket.alpnProtocol) throw new PeerMisbehavedError('illegal_parameter', 'early data accepted with an ALPN protocol other than the ticket\'s');
      early.accept();
      return;
    }
    if (early.awaitingAnswer) {
      early.reject();
      this.ctx.io.installWriteKeys('handshake', this.n.suite, this.n.secrets.client);
    }
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }
}

/** Certificate, or a CertificateRequest first (RFC 9846 §4.4.2). */
class ExpectCertificateOrCertificateRequest implements HandshakeState {
  readonly expecting = 'Certificate or CertificateRequest';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: EncryptedExtensionsResult,
  ) {}

  handle(msg: HandshakeMessage): HandshakeState {
    if (msg.type === HandshakeType.certificate_request) {
      // §4.4.2: empty context in the handshake; signature_algorithms is mandatory (checked there).
      const certificateRequest = certificateRequestInfo(msg.body, false);
      this.transcript.add(msg.raw);
      return new ExpectCertificate(this.ctx, this.transcript, { ...this.n, certificateRequest });
    }
    return new ExpectCertificate(this.ctx, this.transcript, { ...this.n, certificateRequest: undefined }).handle(msg);
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }
}

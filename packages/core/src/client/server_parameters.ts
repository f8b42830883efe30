/**
 * The server's parameters (RFC 9846 §4.4): EncryptedExtensions, then an optional
 * CertificateRequest. Each state holds exactly what the states before it established.
 */
import { equalBytes } from '../codec/ct.js';
import { PeerMisbehavedError } from '../errors.js';
import { decodeCertificateRequest } from '../msgs/certificate_request.js';
import { decodeEncryptedExtensions } from '../msgs/encrypted_extensions.js';
import { ExtensionType, HandshakeType } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeAlpnServer, decodeEmpty, decodeNamedGroupList, decodeRecordSizeLimit } from '../msgs/ext_bodies.js';
import type { HandshakeMessage } from '../msgs/handshake.js';
import type { Transcript } from '../tls13/transcript.js';
import { ExpectCertificate } from './authentication.js';
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
      }
    }
    this.transcript.add(msg.raw);
    return new ExpectCertificateOrCertificateRequest(this.ctx, this.transcript, { ...this.n, alpn, peerRecordSizeLimit });
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
      const cr = decodeCertificateRequest(msg.body);
      // §4.4.2: empty context in the handshake; signature_algorithms is mandatory.
      if (cr.context.length !== 0) throw new PeerMisbehavedError('illegal_parameter', 'CertificateRequest context must be empty during the handshake');
      if (findExtension(cr.extensions, ExtensionType.signature_algorithms) === undefined) {
        throw new PeerMisbehavedError('missing_extension', 'CertificateRequest without signature_algorithms');
      }
      this.transcript.add(msg.raw);
      return new ExpectCertificate(this.ctx, this.transcript, { ...this.n, certificateRequestContext: cr.context });
    }
    return new ExpectCertificate(this.ctx, this.transcript, { ...this.n, certificateRequestContext: undefined }).handle(msg);
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }
}

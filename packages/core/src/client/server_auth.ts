/**
 * The server's encrypted flight (RFC 9846 §4.4, §4.5): EncryptedExtensions, an optional
 * CertificateRequest, Certificate, CertificateVerify and Finished, then the client's Finished.
 */
import type { ConnectionInfo } from '../api.js';
import { equalBytes } from '../crypto/ct.js';
import { certificateSpki } from '../crypto/spki.js';
import type { PublicKey } from '../crypto/provider.js';
import { CertificateError, InvalidMessageError, PeerMisbehavedError, TlsError } from '../errors.js';
import { decodeCertificate, encodeCertificate } from '../msgs/certificate.js';
import { decodeCertificateRequest } from '../msgs/certificate_request.js';
import { decodeCertificateVerify } from '../msgs/certificate_verify.js';
import { decodeEncryptedExtensions } from '../msgs/encrypted_extensions.js';
import { CipherSuite, ExtensionType, HandshakeType, NamedGroup, SignatureScheme, codepointName } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import { decodeAlpnServer, decodeEmpty, decodeNamedGroupList, decodeRecordSizeLimit } from '../msgs/ext_bodies.js';
import { decodeFinished, encodeFinished } from '../msgs/finished.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { finishedVerifyData, type HandshakeSecret } from '../tls13/key_schedule.js';
import type { SuiteParams } from '../tls13/suites.js';
import type { Transcript } from '../tls13/transcript.js';
import { advertisedSignatureSchemes } from './client_hello.js';
import { Connected } from './post_handshake.js';
import { checkResponseExtensions } from './extension_checks.js';
import { logSecret } from './key_log.js';
import { runVerifier } from './run_verifier.js';
import { expectType, type HandshakeState, type StateContext } from './state.js';

/** The key schedule and handshake traffic secrets, wiped once the client Finished is sent. */
export interface HandshakeSecrets {
  readonly schedule: HandshakeSecret;
  readonly client: Uint8Array;
  readonly server: Uint8Array;
}

/** What has been negotiated so far. */
interface Negotiated {
  readonly suite: SuiteParams;
  readonly group: number;
  readonly helloRetryRequest: boolean;
  readonly clientRandom: Uint8Array;
  /** Extension types of our (last) ClientHello: what the server may answer. */
  readonly sentExtensions: ReadonlySet<number>;
  readonly secrets: HandshakeSecrets;
  readonly alpn?: string | undefined;
  readonly peerRecordSizeLimit?: number | undefined;
  /** certificate_request_context of a CertificateRequest, if the server sent one. */
  readonly certificateRequestContext?: Uint8Array | undefined;
  readonly chain?: readonly Uint8Array[];
  readonly signatureScheme?: number;
}

/**
 * RFC 9846 §4.4.1: EncryptedExtensions.
 *
 * @example
 * return new ExpectEncryptedExtensions(ctx, transcript, negotiated);
 */
export class ExpectEncryptedExtensions implements HandshakeState {
  readonly expecting = 'EncryptedExtensions';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: Negotiated,
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
}

/** Certificate, or a CertificateRequest first (RFC 9846 §4.4.2). */
class ExpectCertificateOrCertificateRequest implements HandshakeState {
  readonly expecting = 'Certificate or CertificateRequest';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: Negotiated,
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
    return new ExpectCertificate(this.ctx, this.transcript, this.n).handle(msg);
  }
}

/** RFC 9846 §4.5.1: the server's Certificate, handed to the verifier. */
class ExpectCertificate implements HandshakeState {
  readonly expecting = 'Certificate';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: Negotiated,
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
    private readonly n: Negotiated,
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
    return new ExpectFinished(this.ctx, this.transcript, { ...this.n, signatureScheme: scheme });
  }

  /**
   * The leaf's key. certificateSpki and parsePublicKey refuse malformed DER with a TlsError (their
   * explicit checks), which becomes bad_certificate; anything else is a bug, not the peer's fault,
   * and propagates to become internal_error rather than being relabelled.
   */
  private leafKey(): PublicKey {
    const leaf = this.n.chain![0]!;
    try {
      return this.ctx.cfg.crypto.parsePublicKey(certificateSpki(leaf));
    } catch (e) {
      if (!(e instanceof TlsError)) throw e;
      throw new CertificateError('bad-encoding', 'bad_certificate', `cannot read the leaf certificate public key: ${e.message}`, leaf, { cause: e });
    }
  }
}

/** RFC 9846 §4.5.3: check the server Finished, derive application keys, send ours. */
class ExpectFinished implements HandshakeState {
  readonly expecting = 'Finished';
  constructor(
    private readonly ctx: StateContext,
    private readonly transcript: Transcript,
    private readonly n: Negotiated,
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
    this.ctx.io.installReadKeys(suite, serverApp);

    this.sendClientFlight();
    const resumptionMaster = master.resumptionMasterSecret(this.transcript.hash());
    this.ctx.io.installWriteKeys(suite, clientApp);
    master.destroy();
    secrets.client.fill(0);
    secrets.server.fill(0);

    this.ctx.io.complete(this.info());
    return new Connected(this.ctx, { suite, clientSecret: clientApp, serverSecret: serverApp, resumptionMaster });
  }

  /** The client's second flight: [CCS], [empty Certificate], Finished (§4.5.1, §4.5.3, §E.4). */
  private sendClientFlight(): void {
    const { suite, secrets } = this.n;
    if (this.ctx.cfg.middleboxCompatibility) this.ctx.io.sendChangeCipherSpec();
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
      cipherSuiteName: codepointName(CipherSuite, n.suite.id),
      group: n.group,
      groupName: codepointName(NamedGroup, n.group),
      helloRetryRequest: n.helloRetryRequest,
      alpnProtocol: n.alpn,
      peerCertificates: n.chain ?? [],
      signatureScheme: n.signatureScheme!,
      signatureSchemeName: codepointName(SignatureScheme, n.signatureScheme!),
      peerRecordSizeLimit: n.peerRecordSizeLimit,
    };
  }
}

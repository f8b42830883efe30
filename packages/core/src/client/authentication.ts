/**
 * The server's authentication messages (RFC 9846 §4.5): Certificate and CertificateVerify; its
 * Finished and our flight are in finish_handshake.ts. Each state holds exactly what the states
 * before it established.
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
import { readCertificateEntries } from './certificate_entries.js';
import { certificateVerifyContent } from '../tls13/certificate_verify_content.js';
import { logSecret } from './key_log.js';
import { destroyHandshakeSecrets, type CertificateReceived, type ServerAuthenticated, type ServerParameters } from './negotiated.js';
import { ExpectFinished } from './finish_handshake.js';
import { runVerifier } from './run_verifier.js';
import { decompressServerCertificate } from './certificate_decompression.js';
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
    // RFC 8879 §4: a CompressedCertificate stands for the Certificate (if we offered compression).
    const compressed = msg.type === HandshakeType.compressed_certificate ? decompressServerCertificate(this.ctx.cfg, this.n.sentExtensions, msg.body) : undefined;
    if (compressed === undefined) expectType(msg, HandshakeType.certificate, this.expecting);
    const cert = decodeCertificate(compressed?.body ?? msg.body);
    if (cert.context.length !== 0) throw new PeerMisbehavedError('illegal_parameter', 'server Certificate has a non-empty context');
    if (cert.entries.length === 0) throw new InvalidMessageError('decode_error', 'server sent an empty Certificate message (RFC 9846 §4.5.1.3)');
    // Entry extensions must answer ClientHello extensions (§4.3): the leaf's OCSP response and SCTs.
    const status = readCertificateEntries(cert.entries, this.n.sentExtensions);
    const chain = cert.entries.map((e) => e.data);
    this.transcript.add(msg.raw); // RFC 8879 §4: the message as sent, compressed or not
    runVerifier(this.ctx, chain, status, this.n.ech.status === 'rejected' ? this.n.ech.publicName : undefined);
    const certificateCompression = compressed === undefined ? undefined : { algorithm: compressed.decompressor.algorithm, name: compressed.decompressor.name };
    return new ExpectCertificateVerify(this.ctx, this.transcript, { ...this.n, chain, certificateCompression, ...status });
  }

  destroy(): void {
    destroyHandshakeSecrets(this.n.secrets);
  }
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
    const refused = () => new PeerMisbehavedError('decrypt_error', `CertificateVerify signature (${name}) does not verify`);
    if (offered.verifyAsync !== undefined) {
      // The verdict comes later: the connection reports want-async, and handles nothing after
      // this message (the server's Finished) until it is in; a false verdict fails the handshake.
      this.ctx.io.awaitVerification(offered.verifyAsync(key, content, cv.signature).then((ok) => { if (!ok) throw refused(); }));
    } else if (!offered.verify(key, content, cv.signature)) {
      throw refused();
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

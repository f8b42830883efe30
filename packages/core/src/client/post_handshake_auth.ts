/**
 * Post-handshake authentication (RFC 9846 §4.7.2): with `post_handshake_auth` offered, the server
 * may send CertificateRequests at any time after the handshake. Each is answered once, in the
 * order received, with Certificate, CertificateVerify and Finished over the handshake transcript
 * plus that request (§4.5: each exchange forks the transcript through our Finished).
 */
import { equalBytes } from '../codec/ct.js';
import type { HashContext, SupportedCipherSuite } from '../crypto/provider.js';
import { InternalError, PeerMisbehavedError, TlsError } from '../errors.js';
import { Limits } from '../limits.js';
import { HandshakeType } from '../msgs/enums.js';
import { encodeFinished } from '../msgs/finished.js';
import { frameHandshake, type HandshakeMessage } from '../msgs/handshake.js';
import { finishedVerifyData } from '../tls13/key_schedule.js';
import { certificateRequestInfo } from './certificate_request.js';
import { ClientAuthAnswer, joinMessages, type ClientAuthConfig, type TranscriptSink } from './client_auth.js';

/** One request being answered, with its own fork of the transcript. */
interface Exchange {
  readonly answer: ClientAuthAnswer;
  readonly transcript: TranscriptSink;
}

/**
 * The requests of one connection: the contexts seen (each must be new, §4.4.2), the answers
 * not yet sent, and the asynchronous work the first of them waits for.
 *
 * @example
 * const pha = new PostHandshakeAuth(cfg, transcript.snapshot());
 * pha.receive(msg);                              // a CertificateRequest after the handshake
 * pha.flush(send, clientSecret, suite);          // sends the answers that are ready
 */
export class PostHandshakeAuth {
  private readonly contexts: Uint8Array[] = [];
  private readonly queue: Exchange[] = [];
  private waiting: Promise<void> | undefined;
  private failure: TlsError | undefined;

  constructor(
    private readonly cfg: ClientAuthConfig,
    /** The hash through our Finished (never updated itself: each request forks it). */
    private readonly handshake: HashContext,
  ) {}

  /** The work the first unanswered request waits for (the application's choice or signature). */
  get pending(): Promise<void> | undefined {
    return this.waiting;
  }

  /** Whether a request is still unanswered. */
  get unanswered(): boolean {
    return this.queue.length > 0;
  }

  /** Takes a CertificateRequest received after the handshake; bounded per connection. */
  receive(msg: HandshakeMessage): void {
    if (this.contexts.length >= Limits.maxPostHandshakeCertificateRequests) {
      throw new PeerMisbehavedError('unexpected_message', `more than ${Limits.maxPostHandshakeCertificateRequests} post-handshake CertificateRequests`);
    }
    const request = certificateRequestInfo(msg.body, true);
    // §4.4.2: the context is unique within the connection, so a CertificateVerify cannot be replayed.
    if (this.contexts.some((c) => c.length === request.context.length && equalBytes(c, request.context))) {
      throw new PeerMisbehavedError('illegal_parameter', 'post-handshake CertificateRequest repeats an earlier certificate_request_context');
    }
    this.contexts.push(request.context);
    const fork = this.handshake.clone();
    fork.update(msg.raw);
    const transcript: TranscriptSink = { add: (m) => fork.update(m), hash: () => fork.digest() };
    this.queue.push({ answer: new ClientAuthAnswer(this.cfg, request, transcript), transcript });
  }

  /**
   * Sends, in order, every answer that is ready: Certificate, [CertificateVerify], Finished keyed
   * from the current client application traffic secret (§4.5.3). Stops at the first answer still
   * waiting; throws the failure of an earlier asynchronous step.
   */
  flush(send: (message: Uint8Array) => void, clientSecret: Uint8Array, suite: SupportedCipherSuite): void {
    if (this.failure !== undefined) throw this.failure;
    while (this.queue.length > 0 && this.waiting === undefined) {
      const { answer, transcript } = this.queue[0]!;
      const r = answer.step();
      if (!('certificate' in r)) {
        this.waiting = r.then(
          () => { this.waiting = undefined; },
          (e: unknown) => {
            this.waiting = undefined;
            this.failure = e instanceof TlsError ? e : new InternalError(String(e), { cause: e });
          },
        );
        return;
      }
      this.queue.shift();
      const verifyData = finishedVerifyData(this.cfg.crypto, suite.hash, clientSecret, transcript.hash());
      send(joinMessages([r.certificate, r.certificateVerify, frameHandshake(HandshakeType.finished, encodeFinished(verifyData))]));
    }
  }
}

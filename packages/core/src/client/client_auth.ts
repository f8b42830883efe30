/**
 * Our answer to a CertificateRequest (RFC 9846 §4.4.2, §4.5.1, §4.5.2): the application's choice
 * of certificate, then Certificate and, with a certificate, CertificateVerify signed over the
 * transcript. The choice and the signature may each be asynchronous (a token, a remote signer);
 * the handshake and the post-handshake exchange (§4.7.2) drive the same steps.
 */
import type { CertificateRequestInfo, ClientCertificate, ClientConfig } from '../api.js';
import type { CryptoProvider, RandomSource, Signer } from '../crypto/provider.js';
import { concatList } from '../codec/concat.js';
import { InternalError, TlsError } from '../errors.js';
import { encodeCertificate } from '../msgs/certificate.js';
import { encodeCertificateVerify } from '../msgs/certificate_verify.js';
import { HandshakeType } from '../msgs/enums.js';
import { frameHandshake } from '../msgs/handshake.js';
import { certificateVerifyContent } from '../tls13/certificate_verify_content.js';
import { isThenable } from './run_verifier.js';

/** What an answer needs of the configuration. */
export interface ClientAuthConfig {
  readonly clientCertificate: ClientConfig['clientCertificate'];
  readonly crypto: CryptoProvider;
  readonly random: RandomSource;
}

/** The running hash the answer's messages go into (a Transcript, or a fork of one after the handshake). */
export interface TranscriptSink {
  add(message: Uint8Array): void;
  hash(): Uint8Array;
}

/** The framed messages of an answer, and the chain they carry (empty: we sent none). */
export interface ClientAuthMessages {
  readonly certificate: Uint8Array;
  readonly certificateVerify: Uint8Array | undefined;
  readonly chain: readonly Uint8Array[];
}

/**
 * Whether a scheme may sign a CertificateVerify (RFC 9846 §4.5.2): never RSASSA-PKCS1-v1_5
 * (0x__01) and never SHA-1 (0x02__), whatever a server lists.
 *
 * @example
 * mayCertificateVerify(0x0401); // false: rsa_pkcs1_sha256
 */
export function mayCertificateVerify(scheme: number): boolean {
  return (scheme & 0xff) !== 0x01 && scheme >> 8 !== 0x02;
}

/**
 * The scheme to sign with: the signer's first that the server listed and §4.5.2 allows.
 *
 * @example
 * chooseScheme([0x0804, 0x0805], [0x0403, 0x0805]); // 0x0805
 */
export function chooseScheme(ours: readonly number[], theirs: readonly number[]): number | undefined {
  return ours.find((s) => mayCertificateVerify(s) && theirs.includes(s));
}

/**
 * Handshake messages back to back (undefined ones skipped), for one write: a flight shares records.
 *
 * @example
 * io.sendHandshake(joinMessages([certificate, certificateVerify, finished]));
 */
export function joinMessages(messages: readonly (Uint8Array | undefined)[]): Uint8Array {
  return concatList(messages.filter((m): m is Uint8Array => m !== undefined));
}

function wrap(e: unknown, what: string): TlsError {
  if (e instanceof TlsError) return e;
  // The application's own error stays the cause; its message is the application's, not ours to copy.
  return new InternalError(`${what} failed`, { cause: e });
}

/** A returned certificate the engine can use, or an error saying what is wrong with it. */
function checkCertificate(c: unknown): ClientCertificate | undefined {
  if (c === undefined || c === null) return undefined;
  const cert = c as ClientCertificate;
  const okChain = Array.isArray(cert.chain) && cert.chain.length > 0 && cert.chain.every((d) => d instanceof Uint8Array && d.length > 0);
  if (!okChain) throw new InternalError('clientCertificate: the chain must be a non-empty array of DER certificates');
  if (cert.signer === undefined && cert.key === undefined) throw new InternalError('clientCertificate: a key or a signer is required');
  return cert;
}

/**
 * One answer to one CertificateRequest. `step()` returns the messages, or a promise to await
 * before calling it again (its rejection is the connection's failure, a TlsError).
 *
 * @example
 * const answer = new ClientAuthAnswer(cfg, request, transcript);
 * const r = answer.step();
 * if (!('certificate' in r)) await r;
 */
export class ClientAuthAnswer {
  private chosen: { readonly cert: ClientCertificate | undefined } | undefined;
  private signed: { readonly scheme: number; readonly signature: Uint8Array } | undefined;
  private certificate: Uint8Array | undefined;
  private signing: { readonly scheme: number; readonly signer: Signer } | undefined;
  private waiting: Promise<void> | undefined;

  constructor(
    private readonly cfg: ClientAuthConfig,
    private readonly request: CertificateRequestInfo,
    private readonly transcript: TranscriptSink,
  ) {}

  step(): ClientAuthMessages | Promise<void> {
    if (this.waiting !== undefined) return this.waiting;
    if (this.chosen === undefined) {
      const choice = this.choose();
      if (choice !== undefined) return choice;
    }
    if (this.certificate === undefined) {
      const empty = this.sendCertificate();
      if (empty !== undefined) return empty;
    }
    if (this.signed === undefined) {
      const pending = this.sign();
      if (pending !== undefined) return pending;
    }
    const { scheme, signature } = this.signed!;
    const cv = frameHandshake(HandshakeType.certificate_verify, encodeCertificateVerify({ scheme, signature }));
    this.transcript.add(cv);
    return { certificate: this.certificate!, certificateVerify: cv, chain: this.chosen!.cert!.chain };
  }

  /** Runs the configuration's choice; a promise when it is asynchronous. */
  private choose(): Promise<void> | undefined {
    const configured = this.cfg.clientCertificate;
    let result: unknown;
    try {
      result = typeof configured === 'function' ? configured(this.request) : configured;
    } catch (e) {
      throw wrap(e, 'clientCertificate');
    }
    if (!isThenable(result)) {
      this.chosen = { cert: checkCertificate(result) };
      return undefined;
    }
    return this.wait(Promise.resolve(result).then((c) => { this.chosen = { cert: checkCertificate(c) }; }, (e: unknown) => { throw wrap(e, 'clientCertificate'); }));
  }

  /**
   * Certificate (§4.5.1), context echoed; with no certificate, or none the server's schemes can
   * sign for, it is empty and the answer is complete (no CertificateVerify: the server decides).
   */
  private sendCertificate(): ClientAuthMessages | undefined {
    const cert = this.chosen!.cert;
    const signer = cert === undefined ? undefined : this.signerOf(cert);
    const scheme = signer === undefined ? undefined : chooseScheme(signer.schemes, this.request.signatureSchemes);
    const chain = scheme === undefined ? [] : cert!.chain;
    this.certificate = frameHandshake(HandshakeType.certificate, encodeCertificate({ context: this.request.context, entries: chain.map((data) => ({ data, extensions: [] })) }));
    this.transcript.add(this.certificate);
    if (scheme === undefined) return { certificate: this.certificate, certificateVerify: undefined, chain: [] };
    this.signing = { scheme, signer: signer! };
    return undefined;
  }

  private signerOf(cert: ClientCertificate): Signer {
    if (cert.signer !== undefined) return cert.signer;
    const create = this.cfg.crypto.createSigner;
    if (create === undefined) throw new InternalError('the crypto provider cannot sign (no createSigner): give the client certificate a signer');
    try {
      return create.call(this.cfg.crypto, cert.key!, this.cfg.random);
    } catch (e) {
      throw wrap(e, 'creating the client certificate signer');
    }
  }

  /** CertificateVerify's signature (§4.5.2) over the transcript through our Certificate. */
  private sign(): Promise<void> | undefined {
    const { scheme, signer } = this.signing!;
    const content = certificateVerifyContent(this.transcript.hash(), 'client');
    let result: unknown;
    try {
      result = signer.sign(scheme, content);
    } catch (e) {
      throw wrap(e, 'the client certificate signer');
    }
    const accept = (s: unknown) => {
      if (!(s instanceof Uint8Array) || s.length === 0 || s.length > 0xffff) throw new InternalError('the client certificate signer returned no signature');
      this.signed = { scheme, signature: s };
    };
    if (!isThenable(result)) {
      accept(result);
      return undefined;
    }
    return this.wait(Promise.resolve(result).then(accept, (e: unknown) => { throw wrap(e, 'the client certificate signer'); }));
  }

  private wait(work: Promise<void>): Promise<void> {
    const w = work.finally(() => { this.waiting = undefined; });
    this.waiting = w;
    return w;
  }
}

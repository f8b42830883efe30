// A scripted TLS 1.3 server for engine tests, built from the engine's own codecs, key schedule and
// record layer plus node:crypto for the server's signature. Every message can be mutated before it
// is sent, so each check the client owes can be exercised with exactly one thing wrong.
import { createPrivateKey, sign, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import type { HashContext, SupportedCipherSuite, SupportedGroup } from '../../src/crypto/provider.js';
import { certificateVerifyContent } from '../../src/tls13/certificate_verify_content.js';
import { encodeCertificate, type Certificate } from '../../src/msgs/certificate.js';

import { type CertificateVerify } from '../../src/msgs/certificate_verify.js';
import { type ClientHello } from '../../src/msgs/client_hello.js';
import { type EncryptedExtensions } from '../../src/msgs/encrypted_extensions.js';
import { ContentType, ExtensionType, HandshakeType, NamedGroup, SignatureScheme } from '../../src/msgs/enums.js';

import { findExtension, type Extension } from '../../src/msgs/extension.js';

import { encodeFinished } from '../../src/msgs/finished.js';

import { frameHandshake, HandshakeJoiner } from '../../src/msgs/handshake.js';

import { encodeKeyUpdate } from '../../src/msgs/key_update.js';

import { HELLO_RETRY_REQUEST_RANDOM, type ServerHello } from '../../src/msgs/server_hello.js';
import { Deframer } from '../../src/record/deframer.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { RecordDecrypter, RecordEncrypter } from '../../src/record/protection.js';
import { EarlySecret, finishedVerifyData, nextApplicationTrafficSecret, trafficKeys } from '../../src/tls13/key_schedule.js';
import { joinMessages } from '../../src/client/client_auth.js';
import { isGrease } from '../../src/client/grease.js';
import { groupOf, suiteById } from './algorithms.js';
import { Transcript } from '../../src/tls13/transcript.js';
import { decodeClientHello, decodeKeyShareClient, encodeCertificateRequest, encodeCertificateVerify, encodeEncryptedExtensions, encodeKeyShareHrr, encodeKeyShareServer, encodeNewSessionTicket, encodeServerHello, encodeSupportedVersionsServer } from './server_codecs.js';

const pkiDir = fileURLToPath(new URL('../../../../fixtures/pki/good/rsa/', import.meta.url));
/**
 * The fixture RSA-2048 leaf and key (the RFC 8448 server key has only 1024 bits, under our
 * default RSA bound); the test verifier accepts anything.
 */
export const serverCertDer = new Uint8Array(new X509Certificate(readFileSync(pkiDir + 'leaf.pem')).raw);
const serverKey = createPrivateKey(readFileSync(pkiDir + 'leaf.key'));

export interface Mutations {
  serverHello?: (sh: ServerHello) => ServerHello;
  /** Return a HelloRetryRequest to send instead of processing, or undefined to proceed. */
  helloRetry?: (ch: ClientHello, count: number) => ServerHello | undefined;
  encryptedExtensions?: (ee: EncryptedExtensions) => EncryptedExtensions;
  certificate?: (c: Certificate) => Certificate;
  certificateVerify?: (cv: CertificateVerify) => CertificateVerify;
  finished?: (verifyData: Uint8Array) => Uint8Array;
  /** Extra raw handshake messages inserted before EncryptedExtensions (in the encrypted flight). */
  beforeEncryptedExtensions?: Uint8Array[];
  /** Bytes appended to the plaintext ServerHello record (e.g. a message that must not cross the key change). */
  serverHelloRecordExtra?: Uint8Array;
  /** Leave CertificateVerify out of the flight (an unauthenticated server). */
  omitCertificateVerify?: boolean;
  /** The key-exchange groups the server can answer (default: the noble provider's). */
  groups?: readonly SupportedGroup[];
  /** Replace the encrypted flight's message list (framed messages) before encryption. */
  flight?: (messages: Uint8Array[]) => Uint8Array[];
  /** Seal the encrypted flight in records of at most this many content bytes (default: one record). */
  encryptedRecordSize?: number;
  /** Seal each message of the encrypted flight in a record of its own. */
  recordPerMessage?: boolean;
  /** Rewrite the server's first answer as a list of records (ServerHello record first), e.g. to insert CCS records. */
  records?: (records: Uint8Array[]) => Uint8Array[];
  /**
   * Rewrite the framed ServerHello or HelloRetryRequest before it enters the transcript and the
   * wire (an ECH backend writes its acceptance confirmation here, RFC 9849 §7.2).
   */
  rewriteServerHello?: (message: Uint8Array, helloRetryRequest: boolean) => Uint8Array;
}

const te = new TextEncoder();
const random32 = () => new Uint8Array(32).fill(7);

/** A server that answers one client; call `respond` with whatever the client sent. */
export class ScriptedServer {
  readonly transcript = new Transcript();
  private readonly deframer = new Deframer();
  private readonly joiner = new HandshakeJoiner();
  private suite!: SupportedCipherSuite;
  private writer: RecordEncrypter | undefined;
  private reader: RecordDecrypter | undefined;
  private clientHs!: Uint8Array;
  private serverApp!: Uint8Array;
  clientApp!: Uint8Array;
  private hrrCount = 0;
  private ch1: ClientHello | undefined;
  /** Plaintext application data the server decrypted from the client. */
  readonly received: Uint8Array[] = [];
  readonly receivedHandshake: number[] = [];
  readonly receivedAlerts: number[][] = [];
  /** The request_update byte of every KeyUpdate the client sent. */
  readonly receivedKeyUpdates: number[] = [];
  /** Every record the client sent, as received (outer type and length). */
  readonly receivedRecords: { type: number; length: number }[] = [];
  /** The client's Certificate and CertificateVerify messages (handshake and post-handshake), each with the transcript hash before it. */
  readonly clientAuthMessages: { raw: Uint8Array; transcriptHash: Uint8Array; postHandshake: boolean }[] = [];
  /** Post-handshake exchanges (§4.7.2): each request's transcript fork, and whether the client's Finished for it verified. */
  readonly postHandshakeAnswers: { finishedOk: boolean }[] = [];
  /** Extension types of the last ClientHello. */
  clientHelloExtensions: number[] = [];
  private afterClientFinished: HashContext | undefined;
  private readonly phaForks: HashContext[] = [];

  constructor(private readonly m: Mutations = {}, private readonly suiteId = 0x1301) {}

  /** Processes the client's bytes, returns the server's answer. */
  respond(fromClient: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    for (let at = 0; at < fromClient.length; ) {
      at += this.deframer.push(fromClient.subarray(at));
      this.drain(out);
    }
    return concat(out);
  }

  private drain(out: Uint8Array[]): void {
    for (let r = this.deframer.next(); r !== null; r = this.deframer.next()) {
      this.receivedRecords.push({ type: r.type, length: r.fragment.length });
      if (r.type === ContentType.change_cipher_spec) continue;
      let type = r.type;
      let content = r.fragment;
      if (this.reader !== undefined && r.type === ContentType.application_data) ({ type, content } = this.reader.open(r));
      if (type === ContentType.alert) {
        this.receivedAlerts.push([...content]);
        continue;
      }
      if (type === ContentType.application_data) {
        this.received.push(content.slice());
        continue;
      }
      this.joiner.push(content);
      for (let msg = this.joiner.next(); msg !== null; msg = this.joiner.next()) {
        this.receivedHandshake.push(msg.type);
        if (msg.type === HandshakeType.client_hello) out.push(this.onClientHello(decodeClientHello(msg.body), msg.raw));
        else if (this.afterClientFinished !== undefined && msg.type !== HandshakeType.key_update) this.onPostHandshakeAnswer(msg.type, msg.raw);
        else if (msg.type === HandshakeType.finished) this.onClientFinished(msg.raw);
        else if (msg.type === HandshakeType.certificate || msg.type === HandshakeType.certificate_verify) {
          this.clientAuthMessages.push({ raw: msg.raw.slice(), transcriptHash: this.transcript.hash(), postHandshake: false });
          this.transcript.add(msg.raw);
        }
        else if (msg.type === HandshakeType.key_update) {
          this.receivedKeyUpdates.push(msg.body[0]!);
          this.clientApp = nextApplicationTrafficSecret(nobleProvider, this.suite.hash, this.clientApp);
          this.reader = this.decrypter(this.clientApp);
        } else this.transcript.add(msg.raw);
      }
    }
  }

  private onClientHello(ch: ClientHello, raw: Uint8Array): Uint8Array {
    this.clientHelloExtensions = ch.extensions.map((e) => e.type);
    this.transcript.add(raw);
    const hrr = this.m.helloRetry?.(ch, this.hrrCount);
    if (hrr !== undefined) {
      this.hrrCount++;
      this.ch1 = ch;
      let msg = frameHandshake(HandshakeType.server_hello, encodeServerHello(hrr));
      msg = this.m.rewriteServerHello?.(msg, true) ?? msg;
      this.transcript.selectHash(nobleProvider, nobleProvider.cipherSuites.find((s) => s.id === hrr.cipherSuite)?.hash ?? 'sha256');
      this.transcript.restartAfterHelloRetryRequest();
      this.transcript.add(msg);
      return encodePlaintextRecord(ContentType.handshake, msg);
    }
    this.suite = suiteById(this.suiteId);
    const shares = decodeKeyShareClient(findExtension(ch.extensions, ExtensionType.key_share)!.data);
    // A real server skips groups it does not know: the client's GREASE share (RFC 8701) among them,
    // and, this one having no KEM server side, the post-quantum hybrid's.
    const kem = new Set(nobleProvider.groups.filter((g) => g.postQuantum === true).map((g) => g.id));
    const share = shares.find((e) => !isGrease(e.group) && !kem.has(e.group))!;
    const group = (this.m.groups ?? nobleProvider.groups).find((g) => g.id === share.group) ?? groupOf('secp384r1');
    const pair = group.start((n) => new Uint8Array(n).fill(9));
    let sh: ServerHello = {
      legacyVersion: 0x0303,
      random: random32(),
      legacySessionIdEcho: ch.legacySessionId,
      cipherSuite: this.suite.id,
      legacyCompressionMethod: 0,
      extensions: [
        { type: ExtensionType.key_share, data: encodeKeyShareServer({ group: share.group, keyExchange: pair.share }) },
        { type: ExtensionType.supported_versions, data: encodeSupportedVersionsServer(0x0304) },
      ],
    };
    if (this.m.serverHello) sh = this.m.serverHello(sh);
    let shMsg = frameHandshake(HandshakeType.server_hello, encodeServerHello(sh));
    shMsg = this.m.rewriteServerHello?.(shMsg, false) ?? shMsg;
    this.transcript.selectHash(nobleProvider, this.suite.hash);
    this.transcript.add(shMsg);
    let shared: Uint8Array;
    try {
      shared = pair.complete(share.keyExchange);
    } catch {
      return encodePlaintextRecord(ContentType.handshake, shMsg);
    }
    const ks = EarlySecret.start(nobleProvider, this.suite.hash).intoHandshake(shared);
    const th = this.transcript.hash();
    this.clientHs = ks.clientHandshakeTrafficSecret(th);
    const serverHs = ks.serverHandshakeTrafficSecret(th);
    this.reader = this.decrypter(this.clientHs);
    this.deframer.protectedRecords = true;
    this.writer = this.encrypter(serverHs);

    const flight: Uint8Array[] = [...(this.m.beforeEncryptedExtensions ?? [])];
    const add = (type: number, body: Uint8Array) => {
      const msg = frameHandshake(type, body);
      flight.push(msg);
    };
    let ee: EncryptedExtensions = { extensions: [] };
    if (this.m.encryptedExtensions) ee = this.m.encryptedExtensions(ee);
    add(HandshakeType.encrypted_extensions, encodeEncryptedExtensions(ee));
    let cert: Certificate = { context: new Uint8Array(0), entries: [{ data: serverCertDer, extensions: [] }] };
    if (this.m.certificate) cert = this.m.certificate(cert);
    add(HandshakeType.certificate, encodeCertificate(cert));
    let messages = this.m.flight ? this.m.flight(flight.splice(0)) : flight.splice(0);
    // Sign and finish over whatever the flight holds so far.
    for (const msg of messages) this.transcript.add(msg);
    const signature = new Uint8Array(sign('sha256', certificateVerifyContent(this.transcript.hash()), { key: serverKey, padding: 6, saltLength: 32 }));
    let cv: CertificateVerify = { scheme: SignatureScheme.rsa_pss_rsae_sha256, signature };
    if (this.m.certificateVerify) cv = this.m.certificateVerify(cv);
    const cvMsg = frameHandshake(HandshakeType.certificate_verify, encodeCertificateVerify(cv));
    if (!this.m.omitCertificateVerify) this.transcript.add(cvMsg);
    let vd = finishedVerifyData(nobleProvider, this.suite.hash, serverHs, this.transcript.hash());
    if (this.m.finished) vd = this.m.finished(vd);
    const finMsg = frameHandshake(HandshakeType.finished, encodeFinished(vd));
    this.transcript.add(finMsg);
    messages = [...messages, ...(this.m.omitCertificateVerify ? [] : [cvMsg]), finMsg];
    const th2 = this.transcript.hash();
    const master = ks.intoMaster();
    this.clientApp = master.clientApplicationTrafficSecret0(th2);
    this.serverApp = master.serverApplicationTrafficSecret0(th2);
    const shRecord = encodePlaintextRecord(ContentType.handshake, concat([shMsg, this.m.serverHelloRecordExtra ?? new Uint8Array(0)]));
    const flightBytes = concat(messages);
    const size = this.m.encryptedRecordSize ?? flightBytes.length;
    let records = [shRecord];
    if (this.m.recordPerMessage) for (const msg of messages) records.push(this.writer.seal(ContentType.handshake, msg));
    else for (let at = 0; at < flightBytes.length; at += size) records.push(this.writer.seal(ContentType.handshake, flightBytes.subarray(at, at + size)));
    if (this.m.records) records = this.m.records(records);
    this.writer = this.encrypter(this.serverApp);
    return concat(records);
  }

  private onClientFinished(raw: Uint8Array): void {
    const expected = finishedVerifyData(nobleProvider, this.suite.hash, this.clientHs, this.transcript.hash());
    const got = raw.subarray(4);
    if (Buffer.compare(Buffer.from(expected), Buffer.from(got)) !== 0) throw new Error('client Finished wrong');
    this.transcript.add(raw);
    this.afterClientFinished = this.transcript.snapshot();
    this.reader = this.decrypter(this.clientApp);
  }

  /** A post-handshake CertificateRequest (RFC 9846 §4.7.2) under the current keys; the client's answer is checked as it arrives. */
  certificateRequest(context: Uint8Array, extensions: Extension[]): Uint8Array {
    const msg = frameHandshake(HandshakeType.certificate_request, encodeCertificateRequest({ context, extensions }));
    const fork = this.afterClientFinished!.clone();
    fork.update(msg);
    this.phaForks.push(fork);
    return this.seal(ContentType.handshake, msg);
  }

  /** Certificate, CertificateVerify and Finished answering the oldest open post-handshake request. */
  private onPostHandshakeAnswer(type: number, raw: Uint8Array): void {
    const fork = this.phaForks[0];
    if (fork === undefined) throw new Error(`client sent handshake type ${type} after the handshake, unasked`);
    if (type !== HandshakeType.finished) {
      this.clientAuthMessages.push({ raw: raw.slice(), transcriptHash: fork.digest(), postHandshake: true });
      fork.update(raw);
      return;
    }
    const expected = finishedVerifyData(nobleProvider, this.suite.hash, this.clientApp, fork.digest());
    this.postHandshakeAnswers.push({ finishedOk: Buffer.compare(Buffer.from(expected), Buffer.from(raw.subarray(4))) === 0 });
    this.phaForks.shift();
  }

  /** Server → client application data record. */
  appData(text: string | Uint8Array, padding = 0): Uint8Array {
    return this.writer!.seal(ContentType.application_data, typeof text === 'string' ? te.encode(text) : text, padding);
  }

  /** Any protected record with the current server keys. */
  seal(type: number, content: Uint8Array): Uint8Array {
    return this.writer!.seal(type, content);
  }

  /** A KeyUpdate, after which the server writes with the next secret. */
  keyUpdate(requested: boolean): Uint8Array {
    const rec = this.seal(ContentType.handshake, frameHandshake(HandshakeType.key_update, encodeKeyUpdate(requested ? 1 : 0)));
    this.serverApp = nextApplicationTrafficSecret(nobleProvider, this.suite.hash, this.serverApp);
    this.writer = this.encrypter(this.serverApp);
    return rec;
  }

  newSessionTicket(nonce = new Uint8Array([0]), extensions: Extension[] = []): Uint8Array {
    const body = encodeNewSessionTicket({ lifetime: 3600, ageAdd: 1, nonce, ticket: new Uint8Array([1, 2, 3]), extensions });
    return this.seal(ContentType.handshake, frameHandshake(HandshakeType.new_session_ticket, body));
  }

  closeNotify(): Uint8Array {
    return this.seal(ContentType.alert, new Uint8Array([1, 0]));
  }

  private encrypter(secret: Uint8Array): RecordEncrypter {
    const { key, iv } = trafficKeys(nobleProvider, this.suite, secret);
    return new RecordEncrypter(this.suite.aead.create(key), iv);
  }

  private decrypter(secret: Uint8Array): RecordDecrypter {
    const { key, iv } = trafficKeys(nobleProvider, this.suite, secret);
    return new RecordDecrypter(this.suite.aead.create(key), iv);
  }

  /** The HelloRetryRequest random, for tests building their own. */
  static readonly hrrRandom = HELLO_RETRY_REQUEST_RANDOM;
}

/** Byte arrays back to back (the engine's own joiner). */
export const concat = (parts: readonly Uint8Array[]): Uint8Array => joinMessages(parts);

export { encodeKeyShareHrr, te };

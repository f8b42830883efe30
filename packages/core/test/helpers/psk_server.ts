// A scripted TLS 1.3 server that resumes with a known PSK (RFC 9846 §2.2, §4.3.11), for the
// engine's resumption and 0-RTT tests: it checks the client's binder, answers with
// pre_shared_key and no Certificate, takes or refuses 0-RTT data, and lets each message be
// mutated so that every check the client owes can be hit with one thing wrong.
import type { SessionTicket } from '../../src/api.js';
import { equalBytes } from '../../src/codec/ct.js';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import type { SupportedCipherSuite } from '../../src/crypto/provider.js';
import type { ClientHello } from '../../src/msgs/client_hello.js';
import type { EncryptedExtensions } from '../../src/msgs/encrypted_extensions.js';
import { ContentType, ExtensionType, HandshakeType, NamedGroup } from '../../src/msgs/enums.js';
import { findExtension } from '../../src/msgs/extension.js';
import { encodeFinished } from '../../src/msgs/finished.js';
import { frameHandshake, HandshakeJoiner } from '../../src/msgs/handshake.js';
import type { ServerHello } from '../../src/msgs/server_hello.js';
import { HELLO_RETRY_REQUEST_RANDOM } from '../../src/msgs/server_hello.js';
import { Deframer } from '../../src/record/deframer.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { RecordDecrypter, RecordEncrypter } from '../../src/record/protection.js';
import { EarlySecret, finishedVerifyData, trafficKeys } from '../../src/tls13/key_schedule.js';
import { Transcript } from '../../src/tls13/transcript.js';
import { suiteById } from './algorithms.js';
import { concat } from './scripted_server.js';
import { decodeClientHello, decodeKeyShareClient, decodePreSharedKeyClient, encodeEncryptedExtensions, encodeKeyShareHrr, encodeKeyShareServer, encodePreSharedKeyServer, encodeServerHello, encodeSupportedVersionsServer } from './server_codecs.js';

/** What the server does differently from an honest resumption. */
export interface PskMutations {
  /** Take the client's 0-RTT data (early_data in EncryptedExtensions). Default true when offered. */
  acceptEarlyData?: boolean;
  /** The suite the ServerHello selects (default: the ticket's). */
  suite?: number;
  /** Send a HelloRetryRequest for this group first. */
  helloRetryGroup?: number;
  serverHello?: (sh: ServerHello) => ServerHello;
  encryptedExtensions?: (ee: EncryptedExtensions) => EncryptedExtensions;
  /** Resume with psk_ke: no key_share, no (EC)DHE (§4.3.9). */
  pskKe?: boolean;
  /** Answer without pre_shared_key, keyed as a full handshake (the early secret from zeros). */
  declinePsk?: boolean;
  /** Extra framed messages between EncryptedExtensions and Finished (a Certificate, say). */
  beforeFinished?: Uint8Array[];
  /** Rewrite the HelloRetryRequest before it is framed (an ECH backend adds its extension, RFC 9849 §7.2.1). */
  helloRetryRequest?: (hrr: ServerHello) => ServerHello;
  /** Rewrite the framed ServerHello or HelloRetryRequest before it enters the transcript and the wire (an ECH backend's confirmation, §7.2). */
  rewriteServerHello?: (message: Uint8Array, helloRetryRequest: boolean) => Uint8Array;
}

/** A ticket for `psk` as a client would have it from an earlier connection to `serverName`. */
export function makeTicket(over: Partial<SessionTicket> = {}): SessionTicket {
  return {
    lifetimeSeconds: 3600,
    ageAdd: 0x01020304,
    nonce: new Uint8Array([0]),
    ticket: new Uint8Array([9, 9, 9, 9]),
    maxEarlyData: 16384,
    psk: new Uint8Array(32).fill(0x42),
    cipherSuite: 0x1301,
    receivedAt: 1_000_000,
    serverName: 'example.com',
    alpnProtocol: undefined,
    peerCertificates: [new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x01])],
    signatureScheme: 0x0804,
    verified: true,
    ...over,
  };
}

/** A resuming server for one client; `respond` takes what the client sent and returns the answer. */
export class PskServer {
  private readonly transcript = new Transcript();
  private readonly deframer = new Deframer();
  private readonly joiner = new HandshakeJoiner();
  private reader: RecordDecrypter | undefined;
  private clientHs: Uint8Array | undefined;
  private earlyAccepted = false;
  private hrrSent = false;
  /** Every ClientHello received, decoded, and its raw message. */
  readonly hellos: { ch: ClientHello; raw: Uint8Array }[] = [];
  /** 0-RTT application data the server decrypted. */
  readonly earlyData: Uint8Array[] = [];
  /** Handshake message types received after the ClientHello(s). */
  readonly handshakeTypes: number[] = [];
  /** Whether every binder checked out. */
  bindersValid = true;
  finishedValid: boolean | undefined;

  constructor(private readonly ticket: SessionTicket, private readonly m: PskMutations = {}) {}

  respond(bytes: Uint8Array): Uint8Array {
    const out: Uint8Array[] = [];
    for (let at = 0; at < bytes.length; ) {
      at += this.deframer.push(bytes.subarray(at));
      for (let r = this.deframer.next(); r !== null; r = this.deframer.next()) {
        if (r.type === ContentType.change_cipher_spec) continue;
        let type = r.type;
        let content = r.fragment;
        if (r.type === ContentType.application_data) {
          if (this.reader === undefined) continue; // 0-RTT refused (or before keys): skipped, §4.3.10
          try {
            ({ type, content } = this.reader.open(r));
          } catch {
            if (!this.earlyAccepted) continue; // trial decryption skips refused early data
            throw new Error('record did not open');
          }
        }
        if (type === ContentType.application_data) {
          this.earlyData.push(content.slice());
          continue;
        }
        if (type !== ContentType.handshake) continue;
        this.joiner.push(content);
        for (let msg = this.joiner.next(); msg !== null; msg = this.joiner.next()) out.push(this.onMessage(msg.type, msg.body, msg.raw));
      }
    }
    return concat(out);
  }

  private onMessage(type: number, body: Uint8Array, raw: Uint8Array): Uint8Array {
    if (type === HandshakeType.client_hello) return this.onClientHello(decodeClientHello(body), raw);
    this.handshakeTypes.push(type);
    if (type === HandshakeType.end_of_early_data) {
      this.transcript.add(raw);
      this.reader = this.decrypter(this.clientHs!);
    } else if (type === HandshakeType.finished) {
      this.finishedValid = equalBytes(body, finishedVerifyData(nobleProvider, this.suite.hash, this.clientHs!, this.transcript.hash()));
    }
    return new Uint8Array(0);
  }

  private get suite(): SupportedCipherSuite {
    return suiteById(this.m.suite ?? this.ticket.cipherSuite);
  }

  /** §4.3.11.2: the binder over the transcript so far plus the truncated ClientHello. */
  private checkBinder(ch: ClientHello, raw: Uint8Array): void {
    const ext = findExtension(ch.extensions, ExtensionType.pre_shared_key);
    if (ext === undefined) return;
    const hash = suiteById(this.ticket.cipherSuite).hash;
    const { binders } = decodePreSharedKeyClient(ext.data);
    const truncated = raw.subarray(0, raw.length - 2 - binders.reduce((n, b) => n + 1 + b.length, 0));
    const h = this.hrrSent ? this.transcript.snapshot() : nobleProvider.createHash(hash);
    h.update(truncated);
    const binderKey = EarlySecret.start(nobleProvider, hash, this.ticket.psk).binderKey(true);
    if (!equalBytes(binders[0]!, finishedVerifyData(nobleProvider, hash, binderKey, h.digest()))) this.bindersValid = false;
  }

  private onClientHello(ch: ClientHello, raw: Uint8Array): Uint8Array {
    this.hellos.push({ ch, raw });
    this.checkBinder(ch, raw);
    const shares = decodeKeyShareClient(findExtension(ch.extensions, ExtensionType.key_share)!.data);
    if (this.m.helloRetryGroup !== undefined && !this.hrrSent) {
      this.hrrSent = true;
      let hrr: ServerHello = {
        legacyVersion: 0x0303, random: HELLO_RETRY_REQUEST_RANDOM, legacySessionIdEcho: ch.legacySessionId, cipherSuite: this.suite.id, legacyCompressionMethod: 0,
        extensions: [{ type: ExtensionType.supported_versions, data: encodeSupportedVersionsServer(0x0304) }, { type: ExtensionType.key_share, data: encodeKeyShareHrr(this.m.helloRetryGroup) }],
      };
      if (this.m.helloRetryRequest) hrr = this.m.helloRetryRequest(hrr);
      let msg = frameHandshake(HandshakeType.server_hello, encodeServerHello(hrr));
      if (this.m.rewriteServerHello) msg = this.m.rewriteServerHello(msg, true);
      this.transcript.add(raw);
      this.transcript.selectHash(nobleProvider, this.suite.hash);
      this.transcript.restartAfterHelloRetryRequest();
      this.transcript.add(msg);
      return encodePlaintextRecord(ContentType.handshake, msg);
    }
    const psk = findExtension(ch.extensions, ExtensionType.pre_shared_key) !== undefined && this.m.declinePsk !== true;
    const earlyOffered = findExtension(ch.extensions, ExtensionType.early_data) !== undefined;
    const early = EarlySecret.start(nobleProvider, this.suite.hash, psk ? this.ticket.psk : undefined);
    this.transcript.add(raw);
    this.transcript.selectHash(nobleProvider, this.suite.hash);
    this.earlyAccepted = psk && earlyOffered && (this.m.acceptEarlyData ?? true);
    // 0-RTT is under the ticket's suite (§4.3.10), whatever the ServerHello selects.
    if (this.earlyAccepted) this.reader = this.decrypter(early.clientEarlyTrafficSecret(this.transcript.hash()), suiteById(this.ticket.cipherSuite));
    const share = shares.find((s) => s.group === NamedGroup.x25519) ?? shares[0]!;
    const pair = nobleProvider.groups.find((g) => g.id === share.group)!.start((n) => new Uint8Array(n).fill(5));
    let sh: ServerHello = {
      legacyVersion: 0x0303, random: new Uint8Array(32).fill(3), legacySessionIdEcho: ch.legacySessionId, cipherSuite: this.suite.id, legacyCompressionMethod: 0,
      extensions: [
        ...(this.m.pskKe === true ? [] : [{ type: ExtensionType.key_share, data: encodeKeyShareServer({ group: share.group, keyExchange: pair.share }) }]),
        { type: ExtensionType.supported_versions, data: encodeSupportedVersionsServer(0x0304) },
        ...(psk ? [{ type: ExtensionType.pre_shared_key, data: encodePreSharedKeyServer(0) }] : []),
      ],
    };
    if (this.m.serverHello) sh = this.m.serverHello(sh);
    let shMsg = frameHandshake(HandshakeType.server_hello, encodeServerHello(sh));
    if (this.m.rewriteServerHello) shMsg = this.m.rewriteServerHello(shMsg, false);
    this.transcript.add(shMsg);
    const hs = early.intoHandshake(this.m.pskKe === true ? new Uint8Array(this.suite.hashLength) : pair.complete(share.keyExchange));
    const th = this.transcript.hash();
    this.clientHs = hs.clientHandshakeTrafficSecret(th);
    const serverHs = hs.serverHandshakeTrafficSecret(th);
    if (!this.earlyAccepted) this.reader = this.decrypter(this.clientHs);
    this.deframer.protectedRecords = true;
    let ee: EncryptedExtensions = { extensions: this.earlyAccepted ? [{ type: ExtensionType.early_data, data: new Uint8Array(0) }] : [] };
    if (this.m.encryptedExtensions) ee = this.m.encryptedExtensions(ee);
    const messages = [frameHandshake(HandshakeType.encrypted_extensions, encodeEncryptedExtensions(ee)), ...(this.m.beforeFinished ?? [])];
    for (const msg of messages) this.transcript.add(msg);
    const fin = frameHandshake(HandshakeType.finished, encodeFinished(finishedVerifyData(nobleProvider, this.suite.hash, serverHs, this.transcript.hash())));
    this.transcript.add(fin);
    const writer = this.encrypter(serverHs);
    return concat([encodePlaintextRecord(ContentType.handshake, shMsg), writer.seal(ContentType.handshake, concat([...messages, fin]))]);
  }

  private encrypter(secret: Uint8Array): RecordEncrypter {
    const { key, iv } = trafficKeys(nobleProvider, this.suite, secret);
    return new RecordEncrypter(this.suite.aead.create(key), iv);
  }

  private decrypter(secret: Uint8Array, suite = this.suite): RecordDecrypter {
    const { key, iv } = trafficKeys(nobleProvider, suite, secret);
    return new RecordDecrypter(suite.aead.create(key), iv);
  }
}

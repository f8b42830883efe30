// An ECH client-facing server for tests (RFC 9849 §7.1), written from the RFC apart from the
// engine: its own ClientHello parser and encoder, HPKE from hpke-js (an independent
// implementation on WebCrypto), the acceptance confirmations with node:crypto's HMAC. It decrypts
// the ClientHelloOuter with the private key of an ECHConfig the test made, rebuilds the
// ClientHelloInner (§5.1), and hands it to a ScriptedServer as the backend (§7.2), writing the
// confirmation into its ServerHello / HelloRetryRequest. Failing to decrypt, it hands the backend
// the outer hello and adds retry_configs to EncryptedExtensions (§7.1).
import { createHash, createHmac, randomBytes } from 'node:crypto';
import { DhkemX25519HkdfSha256, type RecipientContext } from '@hpke/core';
import { hpkeJsSuite } from './hpke_js.js';
import type { SessionTicket } from '../../src/api.js';
import { PskServer, type PskMutations } from './psk_server.js';
import { ScriptedServer, type Mutations } from './scripted_server.js';

const ECH = 0xfe0d;
const OUTER_EXTENSIONS = 0xfd00;

/** A ClientHello as this helper reads it: fields and extensions as raw bytes. */
export interface RawHello {
  readonly legacyVersion: number;
  readonly random: Buffer;
  readonly sessionId: Buffer;
  readonly cipherSuites: Buffer;
  readonly compression: Buffer;
  readonly extensions: readonly { readonly type: number; readonly data: Buffer }[];
}

/** Parses a ClientHello body (no handshake header); throws a plain Error on anything malformed. */
export function parseHello(body: Uint8Array): RawHello {
  const b = Buffer.from(body);
  let at = 0;
  const take = (n: number) => {
    if (at + n > b.length) throw new Error(`ClientHello truncated at ${at}`);
    const out = b.subarray(at, at + n);
    at += n;
    return out;
  };
  const legacyVersion = take(2).readUInt16BE(0);
  const random = take(32);
  const sessionId = take(take(1)[0]!);
  const cipherSuites = take(take(2).readUInt16BE(0));
  const compression = take(take(1)[0]!);
  const exts = take(take(2).readUInt16BE(0));
  if (at !== b.length) throw new Error('bytes after the ClientHello extensions');
  const extensions: { type: number; data: Buffer }[] = [];
  for (let e = 0; e < exts.length; ) {
    const type = exts.readUInt16BE(e);
    const len = exts.readUInt16BE(e + 2);
    extensions.push({ type, data: exts.subarray(e + 4, e + 4 + len) });
    e += 4 + len;
    if (e > exts.length) throw new Error('extension runs past the block');
  }
  return { legacyVersion, random, sessionId, cipherSuites, compression, extensions };
}

const u16 = (v: number) => Buffer.from([v >> 8, v & 0xff]);
const vec8 = (b: Uint8Array) => Buffer.concat([Buffer.from([b.length]), b]);
const vec16 = (b: Uint8Array) => Buffer.concat([u16(b.length), b]);

/** Encodes a RawHello back into a ClientHello body. */
export function encodeHello(h: RawHello): Buffer {
  const exts = Buffer.concat(h.extensions.map((e) => Buffer.concat([u16(e.type), vec16(e.data)])));
  return Buffer.concat([u16(h.legacyVersion), h.random, vec8(h.sessionId), vec16(h.cipherSuites), vec8(h.compression), vec16(exts)]);
}

/** The SNI host name in a server_name extension body, or undefined. */
export function sniOf(h: RawHello): string | undefined {
  const e = h.extensions.find((x) => x.type === 0);
  return e === undefined ? undefined : e.data.subarray(5).toString('latin1');
}

/** The ALPN names offered, or undefined. */
export function alpnOf(h: RawHello): string[] | undefined {
  const e = h.extensions.find((x) => x.type === 16);
  if (e === undefined) return undefined;
  const names: string[] = [];
  for (let at = 2; at < e.data.length; at += 1 + e.data[at]!) names.push(e.data.subarray(at + 1, at + 1 + e.data[at]!).toString('latin1'));
  return names;
}

/** An ECH key and its ECHConfig (RFC 9849 §4), made by the test. */
export interface EchKey {
  readonly configId: number;
  readonly publicName: string;
  readonly suites: readonly { kdf: number; aead: number }[];
  /** The ECHConfig: version ‖ length ‖ contents. */
  readonly config: Buffer;
  readonly keyPair: CryptoKeyPair;
}

/** An ECHConfig for DHKEM(X25519, HKDF-SHA256) with a key derived from `seed`, encoded by this helper. */
export async function makeEchKey(o: { configId: number; publicName: string; suites?: { kdf: number; aead: number }[]; maximumNameLength?: number; seed?: number; extensions?: Buffer }): Promise<EchKey> {
  const suites = o.suites ?? [{ kdf: 1, aead: 1 }];
  const kem = new DhkemX25519HkdfSha256();
  const keyPair = await kem.deriveKeyPair(new Uint8Array(32).fill(o.seed ?? 1).buffer);
  const pk = Buffer.from(await kem.serializePublicKey(keyPair.publicKey));
  const contents = Buffer.concat([
    Buffer.from([o.configId]), u16(0x0020), vec16(pk),
    vec16(Buffer.concat(suites.map((s) => Buffer.concat([u16(s.kdf), u16(s.aead)])))),
    Buffer.from([o.maximumNameLength ?? 0]), vec8(Buffer.from(o.publicName)), vec16(o.extensions ?? Buffer.alloc(0)),
  ]);
  return { configId: o.configId, publicName: o.publicName, suites, config: Buffer.concat([u16(ECH), vec16(contents)]), keyPair };
}

/** An ECHConfigList of these keys' configs. */
export function configList(...keys: EchKey[]): Buffer {
  return vec16(Buffer.concat(keys.map((k) => k.config)));
}

/** HKDF-Expand-Label(HKDF-Extract(0, random), label, context, 8) (RFC 8446 §7.1), on node:crypto. */
function confirmation(hash: 'sha256' | 'sha384', innerRandom: Uint8Array, label: string, transcriptHash: Buffer): Buffer {
  const prk = createHmac(hash, Buffer.alloc(hash === 'sha256' ? 32 : 48)).update(innerRandom).digest();
  const full = Buffer.from(`tls13 ${label}`);
  const info = Buffer.concat([u16(8), vec8(full), vec8(transcriptHash), Buffer.from([1])]);
  return createHmac(hash, prk).update(info).digest().subarray(0, 8);
}

const ab = (b: Uint8Array): ArrayBuffer => Uint8Array.from(b).buffer;
const frame = (type: number, body: Uint8Array) => Buffer.concat([Buffer.from([type, body.length >> 16, (body.length >> 8) & 0xff, body.length & 0xff]), body]);
const record = (type: number, body: Uint8Array) => Buffer.concat([Buffer.from([type, 3, 3]), u16(body.length), body]);

/** What the front saw, for the tests to check. */
export interface EchObservations {
  outers: RawHello[];
  inners: RawHello[];
  /** The EncodedClientHelloInner bytes as decrypted (padding included). */
  encodedInners: Buffer[];
  accepted: boolean | undefined;
  /** Why the front ended the handshake with an alert, if it did. */
  refusal?: string;
}

export interface EchFrontOptions {
  /** The keys the server holds (default: those the client was given). */
  readonly keys: readonly EchKey[];
  /** retry_configs to send when it rejects ECH (default: the configs of `keys`); null: none. */
  readonly retryConfigs?: Buffer | null;
  /** Mutations of the backend, as for a ScriptedServer. */
  readonly backend?: Mutations;
  /** The backend's cipher suite. */
  readonly suiteId?: number;
  /** Rewrite the confirmation the backend sends (a hostile server). */
  readonly corruptConfirmation?: boolean;
  /** Leave encrypted_client_hello out of the HelloRetryRequest, even when ECH was accepted (a hostile server). */
  readonly dropHrrExtension?: boolean;
  /** A resuming backend instead of the scripted one: a PskServer holding `ticket` (no certificate; ECH accepted only). */
  readonly resume?: { readonly ticket: SessionTicket; readonly mutations?: PskMutations };
}

/** The client-facing server in front of a ScriptedServer backend. */
export class EchFront {
  readonly seen: EchObservations = { outers: [], inners: [], encodedInners: [], accepted: undefined };
  readonly backend: ScriptedServer;
  /** The resuming backend, with `resume`; it then answers in place of `backend`. */
  readonly pskBackend: PskServer | undefined;
  private buffered = Buffer.alloc(0);
  private hellos = 0;
  /** Whether the client's next bytes hold a ClientHello: at first, and after a HelloRetryRequest. */
  private expectHello = true;
  private context: RecipientContext | undefined;
  private chosen: { key: EchKey; kdf: number; aead: number } | undefined;
  /** The inner handshake messages the confirmation hashes, in order (message_hash form after a HelloRetryRequest). */
  private innerMessages: Buffer[] = [];
  private innerRandom: Buffer | undefined;

  constructor(private readonly o: EchFrontOptions) {
    const m = o.backend ?? {};
    const retry = o.retryConfigs === undefined ? configList(...o.keys) : o.retryConfigs;
    this.backend = new ScriptedServer({
      ...m,
      helloRetry: m.helloRetry === undefined ? undefined : (ch, n) => {
        const hrr = m.helloRetry!(ch, n);
        if (hrr !== undefined) this.expectHello = true;
        // §7.2.1 (accepted: 8 bytes to be replaced by the confirmation); §7.1 (rejected: MAY send 8 random bytes).
        if (hrr === undefined || o.dropHrrExtension === true) return hrr;
        return { ...hrr, extensions: [...hrr.extensions, { type: ECH, data: this.seen.accepted === true ? new Uint8Array(8) : randomBytes(8) }] };
      },
      encryptedExtensions: (ee) => {
        const base = m.encryptedExtensions?.(ee) ?? ee;
        return this.seen.accepted === false && retry !== null ? { extensions: [...base.extensions, { type: ECH, data: retry }] } : base;
      },
      rewriteServerHello: (msg, hrr) => (hrr && o.dropHrrExtension === true ? msg : this.confirm(Buffer.from(msg), hrr)),
    }, o.suiteId);
    this.pskBackend = o.resume === undefined ? undefined : new PskServer(o.resume.ticket, {
      ...o.resume.mutations,
      helloRetryRequest: (hrr) => (o.dropHrrExtension === true ? hrr : { ...hrr, extensions: [...hrr.extensions, { type: ECH, data: this.seen.accepted === true ? new Uint8Array(8) : randomBytes(8) }] }),
      rewriteServerHello: (msg, hrr) => {
        if (hrr) this.expectHello = true;
        return hrr && o.dropHrrExtension === true ? msg : this.confirm(Buffer.from(msg), hrr);
      },
    });
  }

  private answer(fromClient: Uint8Array): Uint8Array {
    return (this.pskBackend ?? this.backend).respond(fromClient);
  }

  /** The client's bytes in, the server's answer out (decrypting a ClientHelloOuter is asynchronous). */
  async respond(fromClient: Uint8Array): Promise<Uint8Array> {
    if (!this.expectHello) return this.answer(fromClient);
    this.buffered = Buffer.concat([this.buffered, fromClient]);
    const out: Buffer[] = [];
    let handshake = Buffer.alloc(0);
    let at = 0;
    while (at + 5 <= this.buffered.length) {
      const len = this.buffered.readUInt16BE(at + 3);
      if (at + 5 + len > this.buffered.length) break;
      const type = this.buffered[at]!;
      const body = this.buffered.subarray(at + 5, at + 5 + len);
      at += 5 + len;
      if (type !== 22) {
        out.push(record(type, body));
        continue;
      }
      handshake = Buffer.concat([handshake, body]);
    }
    if (handshake.length < 4 || handshake.length < 4 + handshake.readUIntBE(1, 3)) return new Uint8Array(0); // wait for the whole ClientHello
    this.buffered = this.buffered.subarray(at);
    const hello = handshake.subarray(4, 4 + handshake.readUIntBE(1, 3));
    let inner: Buffer;
    try {
      inner = await this.onClientHello(hello);
    } catch (e) {
      // §7.1.1: a second ClientHelloOuter that does not continue the accepted ECH ends the handshake.
      this.seen.refusal = (e as Error).message;
      return record(21, Buffer.from([2, /missing_extension/.test(this.seen.refusal) ? 109 : 47]));
    }
    // The ClientHello first: the records after it in the flight (a compatibility CCS, 0-RTT data) follow it.
    out.unshift(record(22, frame(1, inner)));
    this.hellos++;
    this.expectHello = false;
    return this.answer(Buffer.concat(out));
  }

  /** §7.1: the ClientHello to hand the backend: the rebuilt inner one, or the outer one as it came. */
  private async onClientHello(outerBody: Buffer): Promise<Buffer> {
    const outer = parseHello(outerBody);
    this.seen.outers.push(outer);
    const ext = outer.extensions.find((e) => e.type === ECH);
    if (this.hellos === 1 && this.seen.accepted === false) return outerBody; // §7.1.1: no second decryption after rejecting
    if (ext === undefined || ext.data[0] !== 0) {
      if (this.hellos === 1) throw new Error('second ClientHelloOuter without encrypted_client_hello (missing_extension)');
      this.seen.accepted = false;
      return outerBody;
    }
    const d = ext.data;
    const kdf = d.readUInt16BE(1);
    const aead = d.readUInt16BE(3);
    const configId = d[5]!;
    const enc = d.subarray(8, 8 + d.readUInt16BE(6));
    const payloadAt = 8 + enc.length + 2;
    const payload = d.subarray(payloadAt, payloadAt + d.readUInt16BE(8 + enc.length));
    // §5.2: the AAD is the outer hello with the payload zeroed.
    const aadExt = Buffer.from(d);
    aadExt.fill(0, payloadAt);
    const aad = encodeHello({ ...outer, extensions: outer.extensions.map((e) => (e.type === ECH ? { type: ECH, data: aadExt } : e)) });
    let encoded: ArrayBuffer;
    try {
      if (this.hellos === 0) {
        const key = this.o.keys.find((k) => k.configId === configId && k.suites.some((s) => s.kdf === kdf && s.aead === aead));
        if (key === undefined) throw new Error('no config');
        const info = Buffer.concat([Buffer.from('tls ech\0'), key.config]);
        this.context = await hpkeJsSuite(kdf, aead).createRecipientContext({ recipientKey: key.keyPair, enc: ab(enc), info: ab(info) });
        this.chosen = { key, kdf, aead };
      } else if (enc.length !== 0 || configId !== this.chosen!.key.configId || kdf !== this.chosen!.kdf || aead !== this.chosen!.aead) {
        throw new Error('second ClientHelloOuter changed config, suite or enc (illegal_parameter, §7.1.1)');
      }
      encoded = await this.context!.open(ab(payload), ab(aad));
    } catch (e) {
      if (this.hellos === 1) throw e;
      this.seen.accepted = false;
      return outerBody;
    }
    this.seen.accepted = true;
    const inner = this.rebuildInner(Buffer.from(encoded), outer);
    this.innerRandom ??= inner.random;
    const innerBody = encodeHello(inner);
    this.innerMessages.push(frame(1, innerBody));
    return innerBody;
  }

  /** §5.1: EncodedClientHelloInner back into ClientHelloInner: zeros checked, session id and outer extensions restored. */
  private rebuildInner(encoded: Buffer, outer: RawHello): RawHello {
    // The ClientHello ends where its extensions block ends; everything after must be zero.
    let at = 2 + 32;
    at += 1 + encoded[at]!;
    at += 2 + encoded.readUInt16BE(at);
    at += 1 + encoded[at]!;
    at += 2 + encoded.readUInt16BE(at);
    const padding = encoded.subarray(at);
    if (padding.some((b) => b !== 0)) throw new Error('non-zero padding (illegal_parameter)');
    this.seen.encodedInners.push(encoded);
    const hello = parseHello(encoded.subarray(0, at));
    if (hello.sessionId.length !== 0) throw new Error('EncodedClientHelloInner keeps a legacy_session_id');
    const extensions: { type: number; data: Buffer }[] = [];
    let outerAt = 0;
    for (const e of hello.extensions) {
      if (e.type !== OUTER_EXTENSIONS) {
        extensions.push(e);
        continue;
      }
      for (let i = 1; i < e.data.length; i += 2) {
        const type = e.data.readUInt16BE(i);
        if (type === ECH) throw new Error('ech_outer_extensions names encrypted_client_hello (illegal_parameter)');
        while (outerAt < outer.extensions.length && outer.extensions[outerAt]!.type !== type) outerAt++;
        if (outerAt === outer.extensions.length) throw new Error(`outer extension ${type} missing or out of order (illegal_parameter)`);
        extensions.push(outer.extensions[outerAt++]!);
      }
    }
    const rebuilt = { ...hello, sessionId: outer.sessionId, extensions };
    const echInner = rebuilt.extensions.find((e) => e.type === ECH);
    if (echInner === undefined || echInner.data.length !== 1 || echInner.data[0] !== 1) throw new Error('ClientHelloInner without an inner encrypted_client_hello (illegal_parameter)');
    this.seen.inners.push(rebuilt);
    return rebuilt;
  }

  /** §7.2, §7.2.1: the backend's ServerHello or HelloRetryRequest with its confirmation written in. */
  private confirm(msg: Buffer, hrr: boolean): Buffer {
    if (this.seen.accepted !== true) return msg;
    const suite = msg.readUInt16BE(4 + 2 + 32 + 1 + msg[4 + 2 + 32]!);
    const hash = suite === 0x1302 ? 'sha384' : 'sha256';
    const h = (parts: Buffer[]) => parts.reduce((c, p) => c.update(p), createHash(hash)).digest();
    const out = Buffer.from(msg);
    let at: number; // where the 8 confirmation bytes go
    if (hrr) {
      at = echExtensionPayloadAt(out);
    } else {
      at = 4 + 2 + 24;
    }
    out.fill(0, at, at + 8);
    let messages = this.innerMessages;
    if (hrr) {
      // §4.1 of RFC 8446: after a HelloRetryRequest the transcript starts with message_hash(ClientHello1).
      const ch1 = h([messages[0]!]);
      messages = [Buffer.concat([Buffer.from([254, 0, 0, ch1.length]), ch1])];
    }
    const th = h([...messages, out]);
    const value = confirmation(hash, this.innerRandom!, hrr ? 'hrr ech accept confirmation' : 'ech accept confirmation', th);
    if (this.o.corruptConfirmation === true) value[0]! ^= 1;
    value.copy(out, at);
    this.innerMessages = [...messages, out];
    return out;
  }
}

/** Offset of the encrypted_client_hello extension's 8-byte payload in a framed HelloRetryRequest. */
function echExtensionPayloadAt(msg: Buffer): number {
  let at = 4 + 2 + 32;
  at += 1 + msg[at]!;
  at += 3;
  const end = at + 2 + msg.readUInt16BE(at);
  for (at += 2; at < end; ) {
    const type = msg.readUInt16BE(at);
    const len = msg.readUInt16BE(at + 2);
    if (type === ECH) return at + 4;
    at += 4 + len;
  }
  throw new Error('HelloRetryRequest without encrypted_client_hello');
}

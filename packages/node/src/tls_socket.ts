/**
 * `TlsSocket`: a `stream.Duplex` over the puretls engine, usable where Node code uses
 * `tls.connect()` today. It owns a nonblocking `net.Socket` and drives the engine with the pump;
 * the handshake runs first, then reads and writes go through the engine.
 *
 * - `end()` sends close_notify, then ends the TCP stream; the peer's close_notify ends the readable
 *   side. A TCP close without close_notify is an error (`ERR_PURETLS_TRUNCATED`), not a clean end.
 * - Backpressure both ways: `_read` stops when `push()` says stop (the socket then stays paused and
 *   TCP pushes back on the server); `_write` calls back only once the engine took the bytes and
 *   the socket did not push back.
 * - Like `tls.TLSSocket`, `connecting` is true until the handshake is done; 'connect' and
 *   'secureConnect' are both emitted then (http and http2 wait for 'connect'), 'OCSPResponse'
 *   (with `requestOCSP`, the default) just before; 'keylog' hands each traffic secret, in the NSS
 *   key log format, to listeners (and only if there are any).
 * - Sessions (RFC 9846 §2.2, session.ts): `session` / `sessionStore` offer a ticket (an
 *   asynchronous store's answer is waited for before the ClientHello); `'session'` hands out each
 *   ticket received; with `earlyData`, writes before 'secureConnect' go out as 0-RTT (§2.3) and
 *   refused ones are resent in order, or refused under another ALPN (§4.3.10).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { ApiMisuseError, resolveConfig, TlsClient, type ClientConfig, type ConnectionInfo, type SessionTicket } from '@puretls/core';
import { clientCertificateSettings, fixedCertificate } from './client_certificate.js';
import { engineConfig, type ConnectOptions } from './connect_options.js';
import { defaultServername } from './host_name.js';
import type { EchDnsResult } from './ech_dns/resolve_ech.js';
import { withCode } from './errors.js';
import { Inbox } from './inbox.js';
import { Pump, type PumpOptions } from './pump.js';
import { allowsEarlyWrites, offeredTicket, sessionKeyFor, settleSession, ticketCallback } from './session.js';
import { TlsReader } from './tls_read.js';
import { nodeVerifier, type VerificationOutcome } from './verification.js';
import { waitForActivity, WaitError } from './wait.js';

export type { ConnectOptions } from './connect_options.js';

const EMPTY = Buffer.alloc(0);
/** The pump options of a connection without an observer: one object for all of them. */
const NO_PUMP_OPTIONS: PumpOptions = Object.freeze({});
/** `ready` of every connection whose handshake succeeded (its own promise is then let go). */
const CONNECTED: Promise<void> = Promise.resolve();
const ignore = (): void => {};

/**
 * A TLS 1.3 client connection as a Duplex stream.
 *
 * @example
 * const s = new TlsSocket({ host: 'example.com', port: 443, ALPNProtocols: ['http/1.1'] });
 * s.once('secureConnect', () => s.end('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n'));
 * s.pipe(process.stdout);
 */
export class TlsSocket extends TlsReader {
  /** Always true, as on Node's `TLSSocket` (code tells TLS sockets from plain ones by it). */
  readonly encrypted = true;
  /** Whether the chain verified (false with `rejectUnauthorized: false` and a bad chain). */
  authorized = false;
  /** Why the chain did not verify (an OpenSSL-style code), when `authorized` is false. */
  authorizationError: string | undefined;
  /** The ALPN protocol agreed, `false` when none, `null` before the handshake (as in Node). */
  alpnProtocol: string | false | null = null;
  /** The name sent as SNI and verified against the certificate: `servername`, or else `host` without brackets. */
  readonly servername: string;
  /** The TCP socket underneath. */
  readonly socket: Socket;
  /**
   * With `connect({ echDns })`: the DNS lookup that gave this connection its ECHConfigList
   * (which record, which resolver); set by `connect()` before it resolves. Undefined otherwise,
   * and on the second connection of an `echRetry` (its configs came from the server).
   * (Declared only: a connection without it carries no property for it, idle memory stays as it was.)
   */
  declare echDnsResult: EchDnsResult | undefined;
  private client: TlsClient | undefined;
  /** The engine's configuration, until the engine is made from it (an idle connection need not keep it). */
  private config: ClientConfig | undefined;
  /** Milliseconds the TCP connect and the handshake took (performance.now based). */
  readonly timings: { connect?: number; handshake?: number } = {};
  private pumpRef: Pump | undefined;
  private readonly outcome: VerificationOutcome;
  /** The handshake (start()); once it succeeded, a resolved promise shared by all connections. */
  protected ready: Promise<void>;
  /**
   * Whether writes before the handshake completes may go out as 0-RTT (`earlyData` and a ticket
   * allowing it); while an asynchronous store looks the ticket up, that lookup (writes wait for
   * it). One field for both, so that a connection holds nothing more for the lookup once it is done.
   */
  private earlyWrites: boolean | Promise<SessionTicket | undefined>;

  // The options are not kept: what the connection needs of them after the handshake is copied out.
  constructor(opts: ConnectOptions) {
    super({ allowHalfOpen: opts.allowHalfOpen ?? false });
    this.servername = defaultServername(opts);
    try {
      if (opts.echDns !== undefined && opts.echDns !== false) throw new TypeError('echDns: the HTTPS record is looked up by connect() (or undiciConnector()) before the socket is made; new TlsSocket() takes the ECHConfigList itself, in ech (resolveEchConfigs() finds it)');
      const { verifier, outcome } = nodeVerifier(opts, this.servername);
      this.outcome = outcome;
      this.config = engineConfig(opts, this.servername, verifier);
      resolveConfig(this.config); // a configuration mistake is thrown at once, before any I/O
      this.setUpClientCertificate(opts, this.config);
      const ticket = offeredTicket(opts.session, opts.sessionStore, sessionKeyFor(opts.sessionKey, this.servername, opts.port ?? 443), (opts.engine?.now ?? Date.now)());
      if (ticket instanceof Promise) this.earlyWrites = ticket;
      else {
        if (ticket !== undefined) this.config.session = ticket;
        this.earlyWrites = allowsEarlyWrites(opts.earlyData, ticket);
      }
    } catch (e) {
      throw withCode(e);
    }
    // A socket of our own reads into the inbox's shared buffer (Inbox.readOption); a caller's
    // socket delivers 'data' events to it.
    const inbox = new Inbox();
    this.socket = opts.socket ?? netConnect({ host: opts.host ?? 'localhost', port: opts.port ?? 443, allowHalfOpen: true, onread: inbox.readOption() });
    inbox.attach(this.socket);
    // Before the handshake a TCP error ends the connection at once; after it, the bytes already
    // received may hold data (and the peer's alert) that must reach the application first, so the
    // read loop meets the error when it has consumed them (see failAfterData).
    // Bound methods, not arrow functions: a bound function is the smallest listener an idle connection keeps.
    this.socket.on('error', this.onTcpError.bind(this));
    if (opts.signal !== undefined) {
      const signal = opts.signal;
      const onAbort = () => this.destroy(withCode(new WaitError('aborted', 'connection aborted', { cause: signal.reason })));
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    this.ready = this.start(opts, this.earlyWrites instanceof Promise ? this.earlyWrites : undefined, inbox);
    this.ready.catch((e: unknown) => this.destroy(withCode(e)));
  }

  /**
   * `key` / `cert` / `clientCertificate` / `enablePostHandshakeAuth` into the engine's settings
   * (client_certificate.ts). A key parsed here is ours: wiped when the socket closes.
   */
  private setUpClientCertificate(opts: ConnectOptions, config: ClientConfig): void {
    const fixed = fixedCertificate(opts);
    if (fixed !== undefined) {
      this.localCertificate = { chain: fixed.chain };
      this.once('close', () => fixed.key.destroy());
    }
    Object.assign(config, clientCertificateSettings(opts, fixed, {
      onPostHandshakeRequest: (request) => queueMicrotask(() => this.emit('certificateRequest', request)),
      onChosen: (cert) => { this.localCertificate = cert === undefined ? undefined : { chain: cert.chain }; },
    }));
  }

  /** The handshake, after `lookup` (an asynchronous store's answer) if there is one; `inbox` already reads the socket. */
  private async start(opts: ConnectOptions, lookup: Promise<SessionTicket | undefined> | undefined, inbox: Inbox): Promise<void> {
    const t0 = performance.now();
    const ms = opts.timeout;
    // One deadline for TCP connect plus handshake, not one per wait.
    const timer = ms === undefined ? undefined : setTimeout(() => this.destroy(withCode(new WaitError('timeout', `no TLS connection within ${ms} ms`))), ms);
    let requestOcsp = false;
    try {
      const connected = this.socket.connecting ? waitForActivity(this.socket, 'connect') : Promise.resolve();
      // Settles with the TCP connect; a failure also destroys this socket (onTcpError), and the
      // handshake below then fails with it.
      connected.then(() => { this.timings.connect = performance.now() - t0; }, ignore);
      // One microtask at least first, so that 'keylog' listeners added right after the constructor
      // count: traffic secrets are formatted only if someone listens (as Node does). With a store
      // lookup, its answer: this reaction was the lookup's first, so the engine exists before any
      // write waiting for it runs (_write), and those writes keep their order.
      if (lookup === undefined) await undefined;
      else {
        const ticket = await lookup;
        if (ticket !== undefined) this.config!.session = ticket;
        this.earlyWrites = allowsEarlyWrites(opts.earlyData, ticket);
      }
      const keyLog = opts.engine?.keyLog ?? (this.listenerCount('keylog') > 0 ? (line: string) => this.emit('keylog', Buffer.from(`${line}\n`)) : undefined);
      const { verifier, session } = this.config!;
      requestOcsp = this.config!.requestOcsp === true;
      const onSessionTicket = ticketCallback(opts, this.servername, this, (t) => { this.lastTicket = t; });
      this.client = new TlsClient({ ...this.config!, keyLog, onSessionTicket });
      this.config = undefined;
      // The pump starts while TCP connects: the ClientHello (its key generation, most of a
      // millisecond with noble) is made meanwhile and queued on the socket, which sends it once
      // connected, instead of after the connect.
      this.pumpRef = new Pump(this.socket, this.client, opts.onPumpEvent === undefined ? NO_PUMP_OPTIONS : { onEvent: opts.onPumpEvent }, inbox);
      await this.pump.run('handshake', () => this.engine.handshake());
      await connected;
      this.timings.handshake = performance.now() - t0;
      await settleSession(this.engine, this.pump, { verifier, ticket: session, servername: this.servername, now: opts.engine?.now ?? Date.now });
    } finally {
      clearTimeout(timer);
    }
    const info = this.engine.info!;
    this.alpnProtocol = info.alpnProtocol ?? false;
    this.authorized = this.outcome.authorized;
    this.authorizationError = this.outcome.authorizationError;
    if (ms !== undefined) this.setTimeout(ms);
    this.connecting = false;
    this.ready = CONNECTED;
    this.emit('connect');
    if (opts.earlyData === true) this.emit('earlyData', info.earlyData);
    // Node emits 'OCSPResponse' (the response, or null) before 'secureConnect' when requestOCSP is on.
    if (requestOcsp) this.emit('OCSPResponse', info.ocspResponse === undefined ? null : Buffer.from(info.ocspResponse));
    this.emit('secureConnect');
  }

  /** The engine, from a microtask after the constructor on (before that, an ApiMisuseError). */
  override get engine(): TlsClient {
    if (this.client === undefined) throw new ApiMisuseError('the engine exists once the connection has started (a microtask after the constructor)');
    return this.client;
  }

  protected get pump(): Pump {
    if (this.pumpRef === undefined) throw new ApiMisuseError('the pump exists once the connection has started (a microtask after the constructor)');
    return this.pumpRef;
  }

  /** stream.Duplex: encrypts `chunk` into records (after the handshake) and writes them to the TCP socket. */
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    // Once connected, what the engine and the socket take now is written in this tick (as node:tls
    // does), so `write(x); end(); destroy()` still sends x; only the rest waits for 'drain'.
    if (!this.connecting) {
      let taken: number;
      try {
        taken = this.pump.writeNow(chunk);
      } catch (e) {
        callback(withCode(e));
        return;
      }
      if (taken === chunk.length && !this.socket.writableNeedDrain) {
        callback();
        return;
      }
      this.pump.writeAll(chunk.subarray(taken), {}).then(() => callback(), (e: unknown) => callback(withCode(e)));
      return;
    }
    const early = this.earlyWrites;
    if (early === true) this.writeEarly(chunk, callback, false);
    else if (early === false) this.writeAfterHandshake(chunk, callback);
    // The store is still looking the ticket up: whether this goes out as 0-RTT depends on it. The
    // Duplex hands over one chunk at a time (the next after this callback), so order holds.
    // (The lookup never rejects: a failed one is no ticket, offeredTicket.)
    else void early.then(() => this._write(chunk, _encoding, callback));
  }

  private writeAfterHandshake(chunk: Buffer, callback: (error?: Error | null) => void): void {
    this.ready.then(() => this.pump.writeAll(chunk, {})).then(() => callback(), (e: unknown) => callback(withCode(e)));
  }

  /**
   * Before 'secureConnect', with `earlyData`: what the engine takes now goes out as 0-RTT
   * (RFC 9846 §2.3, bounded by the ticket and `Limits.maxEarlyData`); the rest waits for the
   * handshake and for refused early data to be resent (settleSession), so the stream keeps its order.
   */
  private writeEarly(chunk: Buffer, callback: (error?: Error | null) => void, deferred: boolean): void {
    const pump = this.pumpRef;
    if (pump === undefined || this.destroyed) {
      // Written in the constructor's tick: the engine exists one microtask later (start()).
      if (deferred || this.destroyed) this.writeAfterHandshake(chunk, callback);
      else queueMicrotask(() => this.writeEarly(chunk, callback, true));
      return;
    }
    let taken: number;
    try {
      taken = this.connecting ? pump.writeEarly(chunk) : 0;
    } catch (e) {
      callback(withCode(e));
      return;
    }
    if (taken < chunk.length) this.writeAfterHandshake(chunk.subarray(taken), callback);
    else if (!this.socket.writableNeedDrain) callback();
    else pump.writeAll(EMPTY, {}).then(() => callback(), (e: unknown) => callback(withCode(e)));
  }

  /** stream.Duplex: `end()` was called; sends close_notify (RFC 9846 §6.1), then ends the TCP side. */
  override _final(callback: (error?: Error | null) => void): void {
    // Once connected, close_notify goes out in this tick (RFC 9846 §6.1), before any destroy().
    if (!this.connecting) {
      try {
        this.pump.shutdownNow();
        callback();
      } catch (e) {
        callback(withCode(e));
      }
      return;
    }
    this.ready.then(async () => {
      await this.pump.run('shutdown', () => this.engine.shutdown(), {});
      this.socket.end();
    }).then(() => callback(), (e: unknown) => callback(withCode(e)));
  }

  /** stream.Duplex: releases the engine and the TCP socket; no close_notify is sent from here. */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    // 'close' follows the TCP socket's own 'close', as with tls.TLSSocket: never in the same tick as 'end'.
    if (this.socket.closed) {
      callback(error);
      return;
    }
    this.socket.once('close', () => callback(error));
    this.socket.destroy();
  }

  /** Negotiated parameters (ours): suite, group, HRR, ALPN, chain, signature scheme. */
  get info(): ConnectionInfo | undefined {
    return this.client?.info;
  }

  /** The verification error object itself (richer than `authorizationError`). */
  get verificationError(): Error | undefined {
    return this.outcome.error;
  }

  /**
   * As Node's: `length` bytes of keying material for `label` and `context` (RFC 9846 §7.5, RFC
   * 5705), once the handshake is done; the server derives the same bytes.
   */
  exportKeyingMaterial(length: number, label: string, context?: Uint8Array): Buffer {
    if (this.client?.info === undefined) throw Object.assign(new Error('TLS socket connection must be securely established'), { code: 'ERR_TLS_INVALID_STATE' });
    try {
      const out = this.engine.exportKeyingMaterial(label, context, length);
      return Buffer.from(out.buffer, out.byteOffset, out.length);
    } catch (e) {
      throw withCode(e);
    }
  }

  /** Asks the server to update its keys too (RFC 9846 §4.7.3); ours are updated at once. */
  requestKeyUpdate(): void {
    this.engine.requestKeyUpdate();
    this.pump.flush();
  }
}

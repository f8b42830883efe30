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
 *   'secureConnect' are both emitted then (http and http2 wait for 'connect'); 'keylog' hands
 *   each traffic secret, in the NSS key log format, to listeners (and only if there are any).
 */
import { connect as netConnect, type Socket } from 'node:net';
import { ApiMisuseError, resolveConfig, TlsClient, type ClientConfig, type ConnectionInfo } from '@puretls/core';
import { engineConfig, type ConnectOptions } from './connect_options.js';
import { withCode } from './errors.js';
import { peerCertificate, type PeerCertificate } from './peer_certificate.js';
import { Pump } from './pump.js';
import { TcpAccessors } from './tcp_accessors.js';
import { nodeVerifier, type VerificationOutcome } from './verification.js';
import { waitForActivity, WaitError } from './wait.js';

export type { ConnectOptions } from './connect_options.js';

/** Most plaintext handed to `push()` at once. */
const READ_CHUNK = 64 * 1024;
const EMPTY = Buffer.alloc(0);

/**
 * A TLS 1.3 client connection as a Duplex stream.
 *
 * @example
 * const s = new TlsSocket({ host: 'example.com', port: 443, ALPNProtocols: ['http/1.1'] });
 * s.once('secureConnect', () => s.end('GET / HTTP/1.1\r\nHost: example.com\r\n\r\n'));
 * s.pipe(process.stdout);
 */
export class TlsSocket extends TcpAccessors {
  /** Always true, as on Node's `TLSSocket` (code tells TLS sockets from plain ones by it). */
  readonly encrypted = true;
  /** True until the handshake completes. */
  connecting = true;
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
  private client: TlsClient | undefined;
  /** The engine's configuration, until the engine is made from it (an idle connection need not keep it). */
  private config: ClientConfig | undefined;
  /** Milliseconds the TCP connect and the handshake took (performance.now based). */
  readonly timings: { connect?: number; handshake?: number } = {};
  private pumpRef: Pump | undefined;
  private readonly outcome: VerificationOutcome;
  private readonly ready: Promise<void>;
  private reading = false;
  /** A read failure waiting for the application to take the data decrypted before it. */
  private readError: Error | undefined;
  /** A TCP error after the handshake, reported once the bytes received before it are consumed. */
  private tcpError: Error | undefined;

  constructor(private readonly opts: ConnectOptions) {
    super({ allowHalfOpen: opts.allowHalfOpen ?? false });
    const host = opts.host ?? 'localhost';
    this.servername = opts.servername ?? host.replace(/^\[(.*)\]$/, '$1');
    try {
      const { verifier, outcome } = nodeVerifier(opts, this.servername);
      this.outcome = outcome;
      this.config = engineConfig(opts, this.servername, verifier);
      resolveConfig(this.config); // a configuration mistake is thrown at once, before any I/O
    } catch (e) {
      throw withCode(e);
    }
    this.socket = opts.socket ?? netConnect({ host, port: opts.port ?? 443, allowHalfOpen: true });
    // Before the handshake a TCP error ends the connection at once; after it, the bytes already
    // received may hold data (and the peer's alert) that must reach the application first, so the
    // read loop meets the error when it has consumed them (see failAfterData).
    // Bound methods, not arrow functions: a bound function is the smallest listener an idle connection keeps.
    this.socket.on('error', this.onTcpError.bind(this));
    this.socket.on('timeout', this.emit.bind(this, 'timeout'));
    if (opts.signal !== undefined) {
      const signal = opts.signal;
      const onAbort = () => this.destroy(withCode(new WaitError('aborted', 'connection aborted', { cause: signal.reason })));
      if (signal.aborted) queueMicrotask(onAbort);
      else signal.addEventListener('abort', onAbort, { once: true });
      this.once('close', () => signal.removeEventListener('abort', onAbort));
    }
    this.ready = this.start();
    this.ready.catch((e: unknown) => this.destroy(withCode(e)));
  }

  private async start(): Promise<void> {
    const t0 = performance.now();
    const ms = this.opts.timeout;
    // One deadline for TCP connect plus handshake, not one per wait.
    const timer = ms === undefined ? undefined : setTimeout(() => this.destroy(withCode(new WaitError('timeout', `no TLS connection within ${ms} ms`))), ms);
    try {
      if (this.socket.connecting) await waitForActivity(this.socket, 'connect');
      this.timings.connect = performance.now() - t0;
      // The engine is made now, so that 'keylog' listeners added after the constructor count:
      // traffic secrets are formatted only if someone listens (as Node does).
      const keyLog = this.opts.engine?.keyLog ?? (this.listenerCount('keylog') > 0 ? (line: string) => this.emit('keylog', Buffer.from(`${line}\n`)) : undefined);
      this.client = new TlsClient({ ...this.config!, keyLog });
      this.config = undefined;
      this.pumpRef = new Pump(this.socket, this.client, { onEvent: this.opts.onPumpEvent });
      await this.pump.run('handshake', () => this.engine.handshake());
      this.timings.handshake = performance.now() - t0;
    } finally {
      clearTimeout(timer);
    }
    const info = this.engine.info!;
    this.alpnProtocol = info.alpnProtocol ?? false;
    this.authorized = this.outcome.authorized;
    this.authorizationError = this.outcome.authorizationError;
    if (this.opts.timeout !== undefined) this.socket.setTimeout(this.opts.timeout);
    this.connecting = false;
    this.emit('connect');
    this.emit('secureConnect');
  }

  private onTcpError(e: Error): void {
    if (this.connecting || this.readableEnded) this.destroy(withCode(e));
    else this.tcpError ??= e;
  }

  /** The engine, once the TCP connection is up (before that, an ApiMisuseError). */
  get engine(): TlsClient {
    if (this.client === undefined) throw new ApiMisuseError('the engine exists once the TCP connection is up');
    return this.client;
  }

  private get pump(): Pump {
    if (this.pumpRef === undefined) throw new ApiMisuseError('the pump exists once the TCP connection is up');
    return this.pumpRef;
  }

  /** stream.Duplex: the reader wants data; decrypted application data is pushed as the engine yields it. */
  override _read(): void {
    if (this.readError !== undefined) return this.failWhenDrained();
    if (this.reading) return;
    this.reading = true;
    void this.ready.then(async () => {
      try {
        const pump = this.pump;
        const engine = this.engine;
        const read = engine.read.bind(engine, READ_CHUNK);
        for (;;) {
          // What has arrived is decrypted and pushed synchronously; only an empty socket waits.
          let r = pump.runNow(read);
          if (r.status === 'want-read') {
            await pump.readable();
            continue;
          }
          if (r.status !== 'ok' && r.status !== 'eof') r = await pump.run('read', read, {});
          if (r.status === 'eof') {
            this.push(null);
            return;
          }
          if (r.status === 'ok' && !this.push(r.data)) return;
        }
      } catch (e) {
        this.failAfterData(e);
      } finally {
        this.reading = false;
      }
    }, () => {});
  }

  /**
   * A read failed (fatal alert, truncation, TCP error). Plaintext decrypted before it is already
   * in the readable buffer: the error waits until the application has read all of it, as a
   * peer's data sent before its alert is still the peer's data (RFC 9846 §6: the error ends the
   * connection from that point on, not retroactively).
   */
  private failAfterData(e: unknown): void {
    const tcp = this.tcpError;
    this.readError = withCode(e instanceof WaitError && e.reason === 'closed' && tcp !== undefined ? tcp : e);
    this.failWhenDrained();
  }

  /** Destroys with the pending read error once nothing is left to read; else waits for the next `_read`. */
  private failWhenDrained(): void {
    if (this.readableLength === 0) {
      this.destroy(this.readError);
      return;
    }
    // An empty push adds no data but clears the stream's "read in progress" mark, so that the
    // application's next read() calls _read again and lands here once the buffer is empty.
    this.push(EMPTY);
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
    this.ready.then(() => this.pump.writeAll(chunk, {})).then(() => callback(), (e: unknown) => callback(withCode(e)));
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

  /** `'TLSv1.3'` once connected, else null. */
  getProtocol(): string | null {
    return this.client?.info === undefined ? null : 'TLSv1.3';
  }

  /** The suite, as Node reports it. */
  getCipher(): { name: string; standardName: string; version: string } | undefined {
    const info = this.client?.info;
    return info === undefined ? undefined : { name: info.cipherSuiteName, standardName: info.cipherSuiteName, version: 'TLSv1.3' };
  }

  /** The key exchange group, as Node's `getEphemeralKeyInfo()` reports it. */
  getEphemeralKeyInfo(): { type: string; name: string } | Record<string, never> {
    const info = this.client?.info;
    if (info === undefined) return {};
    return { type: 'ECDH', name: ({ x25519: 'X25519', secp256r1: 'prime256v1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' } as Record<string, string>)[info.groupName] ?? info.groupName };
  }

  /** The server's certificate in Node's shape; `detailed` links the chain via `issuerCertificate`. */
  getPeerCertificate(detailed = false): PeerCertificate | Record<string, never> {
    return peerCertificate(this.client?.info?.peerCertificates ?? [], detailed);
  }

  /** Negotiated parameters (ours): suite, group, HRR, ALPN, chain, signature scheme. */
  get info(): ConnectionInfo | undefined {
    return this.client?.info;
  }

  /** The verification error object itself (richer than `authorizationError`). */
  get verificationError(): Error | undefined {
    return this.outcome.error;
  }

  /** Asks the server to update its keys too (RFC 9846 §4.7.3); ours are updated at once. */
  requestKeyUpdate(): void {
    this.engine.requestKeyUpdate();
    this.pump.flush();
  }
}

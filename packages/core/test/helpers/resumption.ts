/**
 * Helpers for the resumption / 0-RTT interop tests (test/interop/resumption-*.test.ts): one
 * engine connection over TCP that records its tickets, its trace and every byte it sent and
 * received; reading a server's output until some text shows up (never sleeping); the ClientHellos
 * and HelloRetryRequest from those bytes, with the pre_shared_key offer; and an independent
 * recomputation of the PSK binder (RFC 9846 §4.3.11.2) with node:crypto alone, so that the check
 * does not trust the engine's own key schedule.
 */
import { createHash, createHmac } from 'node:crypto';
import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Socket } from 'node:net';
import { CertificateError, HandshakeType, TlsClient, type ClientConfig, type SessionTicket, type TraceEvent } from '../../src/index.js';
import { fixtures } from './openssl_server.js';
import { connectTcp, tcpDriver } from './tcp_driver.js';
import { decodeClientHello, decodePreSharedKeyClient, ExtensionType } from './wire.js';

/** How long one network wait (a server line, a response, a handshake) may take before the test fails with what was seen. */
export const WAIT_MS = 20_000;
/** Per-test timeout: several connections, each a handshake or more, on a loaded 2-core machine. */
export const TEST_MS = 120_000;

const te = new TextEncoder();
const td = new TextDecoder();

/** The DER of the first PEM block of `path`. */
export function pemDer(path: string): Uint8Array {
  const b64 = readFileSync(path, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

/** Accepts exactly the fixture leaf of `alg` (the chain's validation is not what these tests are about). */
export function fixtureVerifier(alg = 'p256'): NonNullable<ClientConfig['verifier']> {
  const leaf = pemDer(fixtures + 'good/' + alg + '/leaf.pem');
  return {
    verifyServerCertificate: ({ chain }) => {
      if (Buffer.compare(Buffer.from(chain[0]!), Buffer.from(leaf)) !== 0) throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the fixture leaf');
    },
  };
}

/**
 * Resolves once `text` occurs in what `proc` printed at or after offset `from` of `output()` (the
 * text its own listeners collected, stdout and stderr), or rejects after `WAIT_MS`, or when the
 * process exits without it, with everything it printed.
 */
export function waitForOutput(proc: ChildProcess, output: () => string, text: string, from = 0): Promise<void> {
  if (output().indexOf(text, from) >= 0) return Promise.resolve();
  return new Promise((resolve, reject) => {
    // Our listeners were added after the ones that append to `output()`, so the text is in by then.
    const check = () => { if (output().indexOf(text, from) >= 0) done(); };
    const onExit = () => setImmediate(() => {
      if (output().indexOf(text, from) >= 0) done();
      else fail(new Error(`server exited before printing ${JSON.stringify(text)}; output:\n${output()}`));
    });
    const timer = setTimeout(() => fail(new Error(`server did not print ${JSON.stringify(text)} within ${WAIT_MS} ms; output:\n${output()}`)), WAIT_MS);
    proc.stdout!.on('data', check);
    proc.stderr!.on('data', check);
    proc.once('exit', onExit);
    function cleanup() {
      clearTimeout(timer);
      proc.stdout!.off('data', check);
      proc.stderr!.off('data', check);
      proc.off('exit', onExit);
    }
    function done() { cleanup(); resolve(); }
    function fail(e: Error) { cleanup(); reject(e); }
  });
}

/** How many times `needle` occurs in `haystack`. */
export function occurrences(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** `p`, or a rejection after `ms` naming `what` and whatever `detail()` says then. */
function within<T>(p: Promise<T>, ms: number, what: string, detail: () => string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms; ${detail()}`)), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

/**
 * One engine connection to 127.0.0.1:`port`: the tickets it received, its trace, and the bytes
 * it sent and received. Nothing happens until a method drives it.
 *
 * @example
 * const c = await Conn.open(port, { session: ticket });
 * await c.handshake();
 */
export class Conn {
  readonly tickets: SessionTicket[] = [];
  readonly trace: TraceEvent[] = [];
  private readonly sent: Buffer[] = [];
  private readonly received: Buffer[] = [];
  private text = '';
  private eof = false;

  private constructor(readonly client: TlsClient, readonly sock: Socket, private readonly drive: ReturnType<typeof tcpDriver>['drive']) {}

  static async open(port: number, cfg: Partial<ClientConfig> = {}): Promise<Conn> {
    const sock = await connectTcp(port);
    let conn: Conn | undefined;
    const client = new TlsClient({
      serverName: 'localhost',
      verifier: fixtureVerifier(),
      ...cfg,
      trace: (e) => conn!.trace.push(e),
      onSessionTicket: (t) => { conn!.tickets.push(t); cfg.onSessionTicket?.(t); },
    });
    // Every write of the driver goes through here: the record stream we sent, for clientHellos().
    const write = sock.write.bind(sock) as (chunk: Uint8Array) => boolean;
    (sock as unknown as { write: (chunk: Uint8Array) => boolean }).write = (chunk: Uint8Array) => {
      conn!.sent.push(Buffer.from(chunk));
      return write(chunk);
    };
    conn = new Conn(client, sock, tcpDriver(sock, client).drive);
    sock.on('data', (d: Buffer) => conn!.received.push(d));
    return conn;
  }

  /** The types of the handshake messages received, in order (RFC 9846 §4). */
  receivedTypes(): number[] {
    return this.trace.flatMap((e) => (e.kind === 'handshake' && e.direction === 'in' ? [e.type] : []));
  }

  /** Whether the server sent a Certificate or a CertificateVerify (a resumed handshake has neither, RFC 9846 §2.2). */
  sawServerAuthentication(): boolean {
    return this.receivedTypes().some((t) => t === HandshakeType.certificate || t === HandshakeType.certificate_verify);
  }

  private readonly detail = () => `handshake messages in: ${this.receivedTypes().join(',')}; read so far: ${JSON.stringify(this.text.slice(-300))}`;

  async handshake(): Promise<void> {
    await within(this.drive(() => this.client.handshake()), WAIT_MS, 'handshake', this.detail);
  }

  /**
   * One write before the handshake completes: the first call sends the ClientHello, and with
   * 0-RTT allowed the data is taken at once as early data (RFC 9846 §2.3) while the handshake
   * still runs. Returns the bytes taken; 0 when there is no 0-RTT (the engine wants the server's
   * answer first, and took nothing).
   */
  writeEarly(data: string): number {
    const r = this.client.write(te.encode(data));
    const out = this.client.takeOutgoing();
    if (out.length) this.sock.write(out);
    return r.status === 'ok' ? r.written : 0;
  }

  /** Writes all of `data` as 1-RTT application data (completing the handshake first if needed). */
  async send(data: string | Uint8Array): Promise<void> {
    let rest = typeof data === 'string' ? te.encode(data) : data;
    while (rest.length > 0) {
      const chunk = rest;
      const r = await within(this.drive(() => this.client.write(chunk)), WAIT_MS, 'write', this.detail);
      if (r.status !== 'ok') throw new Error(`write ended with ${r.status}`);
      rest = rest.subarray(r.written);
    }
  }

  /** Reads until `until` holds for all text received so far, or the peer's close_notify; returns the text. */
  async readUntil(until: (text: string) => boolean): Promise<string> {
    await within(this.drive(() => {
      for (;;) {
        if (this.eof || until(this.text)) return { status: 'ok' as const };
        const r = this.client.read();
        if (r.status === 'eof') {
          this.eof = true;
          continue;
        }
        if (r.status !== 'ok') return r;
        this.text += td.decode(r.data, { stream: true });
      }
    }), WAIT_MS, 'read', this.detail);
    return this.text;
  }

  /** Reads to the peer's close_notify; returns all text received. */
  readToEof(): Promise<string> {
    return this.readUntil(() => false);
  }

  /** Reads (keeping any text) until at least `n` tickets have arrived (RFC 9846 §4.7.1). */
  async ticketsAtLeast(n: number): Promise<void> {
    await within(this.drive(() => {
      for (;;) {
        if (this.tickets.length >= n) return { status: 'ok' as const };
        const r = this.client.read();
        if (r.status === 'eof') throw new Error(`close_notify after ${this.tickets.length} tickets, before ${n}`);
        // The read that took the tickets then asks for input: they are in, ask no more.
        if (r.status !== 'ok') return this.tickets.length >= n ? { status: 'ok' as const } : r;
        this.text += td.decode(r.data, { stream: true });
      }
    }), WAIT_MS, `${n} tickets`, () => `${this.tickets.length} received; ${this.detail()}`);
  }

  /** Sends close_notify (unless the connection failed) and ends TCP, waiting until the socket closed. */
  async close(): Promise<void> {
    try {
      if (this.client.error === undefined) await within(this.drive(() => this.client.shutdown()), WAIT_MS, 'shutdown', this.detail);
    } finally {
      if (!this.sock.destroyed) {
        const closed = new Promise<void>((r) => this.sock.once('close', () => r()));
        this.sock.end();
        await within(closed, WAIT_MS, 'TCP close', () => '').catch(() => this.sock.destroy());
      }
    }
  }

  /** Tears the socket down without ceremony (afterEach, after a failure). */
  destroy(): void {
    this.sock.destroy();
  }

  /** The ClientHellos we sent, raw, header included. */
  clientHellos(): Uint8Array[] {
    return plaintextHandshake(Buffer.concat(this.sent)).filter((m) => m[0] === HandshakeType.client_hello);
  }

  /** The ServerHello / HelloRetryRequest messages we received, raw, header included. */
  serverHellos(): Uint8Array[] {
    return plaintextHandshake(Buffer.concat(this.received)).filter((m) => m[0] === HandshakeType.server_hello);
  }
}

/**
 * The handshake messages in the plaintext handshake records (content type 22) of a record
 * stream: ClientHellos, ServerHello, HelloRetryRequest (RFC 9846 §5.1). Encrypted records all
 * have outer type 23 (§5.2) and are skipped, as are CCS records.
 */
function plaintextHandshake(bytes: Buffer): Uint8Array[] {
  const parts: Buffer[] = [];
  for (let at = 0; at + 5 <= bytes.length;) {
    const len = bytes.readUInt16BE(at + 3);
    if (bytes[at] === 22) parts.push(bytes.subarray(at + 5, at + 5 + len));
    at += 5 + len;
  }
  const hs = Buffer.concat(parts);
  const out: Uint8Array[] = [];
  for (let at = 0; at + 4 <= hs.length;) {
    const len = hs.readUIntBE(at + 1, 3);
    out.push(new Uint8Array(hs.subarray(at, at + 4 + len)));
    at += 4 + len;
  }
  return out;
}

/** A ClientHello's pre_shared_key offer (RFC 9846 §4.3.11), and whether it is the last extension as it must be; undefined if none. */
export function pskOfferOf(clientHello: Uint8Array): { identities: Uint8Array[]; binders: Uint8Array[]; last: boolean } | undefined {
  const ch = decodeClientHello(clientHello.subarray(4));
  const i = ch.extensions.findIndex((e) => e.type === ExtensionType.pre_shared_key);
  if (i < 0) return undefined;
  const psk = decodePreSharedKeyClient(ch.extensions[i]!.data);
  return { identities: psk.identities.map((x) => x.identity), binders: psk.binders, last: i === ch.extensions.length - 1 };
}

/** Whether a ClientHello offers early_data (RFC 9846 §4.3.10). */
export function offersEarlyData(clientHello: Uint8Array): boolean {
  return decodeClientHello(clientHello.subarray(4)).extensions.some((e) => e.type === ExtensionType.early_data);
}

// ---- RFC 9846 §7.1 with node:crypto only, for the binder check ----

export type BinderHash = 'sha256' | 'sha384';

function hkdfExpandLabel(hash: BinderHash, secret: Uint8Array, label: string, context: Uint8Array, length: number): Buffer {
  const full = Buffer.from('tls13 ' + label, 'latin1');
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([context.length]), context]);
  // HKDF-Expand (RFC 5869 §2.3) for at most one hash length: T(1) alone.
  return createHmac(hash, secret).update(Buffer.concat([info, Buffer.from([1])])).digest().subarray(0, length);
}

/**
 * The binder of `psk` for `clientHello` (§4.3.11.2): HMAC(finished_key(binder_key), the
 * transcript hash of `prefix` then the ClientHello truncated before its binders list, which
 * holds one binder). After a HelloRetryRequest, `prefix` is message_hash(ClientHello1) then the
 * HelloRetryRequest (§4.4.1).
 */
export function expectedBinder(hash: BinderHash, psk: Uint8Array, clientHello: Uint8Array, prefix: Uint8Array = new Uint8Array(0)): Buffer {
  const n = hash === 'sha256' ? 32 : 48;
  const early = createHmac(hash, Buffer.alloc(n)).update(psk).digest(); // HKDF-Extract(0, PSK)
  const binderKey = hkdfExpandLabel(hash, early, 'res binder', createHash(hash).digest(), n);
  const finishedKey = hkdfExpandLabel(hash, binderKey, 'finished', new Uint8Array(0), n);
  const truncated = clientHello.subarray(0, clientHello.length - (2 + 1 + n)); // u16 binders length, u8 binder length, n bytes
  return createHmac(hash, finishedKey).update(createHash(hash).update(prefix).update(truncated).digest()).digest();
}

/** message_hash(ClientHello1), which replaces ClientHello1 in the transcript after a HelloRetryRequest (§4.4.1). */
export function messageHash(hash: BinderHash, clientHello1: Uint8Array): Buffer {
  const h = createHash(hash).update(clientHello1).digest();
  return Buffer.concat([Buffer.from([254, 0, 0, h.length]), h]);
}

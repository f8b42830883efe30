// Shared by the openssl s_server interop tests: starting servers, opening puretls connections to
// them, reading helpers, a pump observer and a TCP relay that records TLS record headers.
import { EventEmitter } from 'node:events';
import { connect as netConnect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, afterEach } from 'vitest';
import { connect, type ConnectOptions, type PumpEvent, type TlsSocket } from '../../src/index.js';
import { goodFile, startOpenSsl, stopAllOpenSsl, type GoodAlg, type OpenSslServer, type ServerCert } from './openssl.js';

export const T = 20_000; // per-test timeout: generous for a loaded CI machine (no timing is asserted)

const servers: OpenSslServer[] = [];
const sockets: TlsSocket[] = [];
export const closers: Array<() => void> = [];

export async function server(args: readonly string[], cert: ServerCert = 'p256'): Promise<OpenSslServer> {
  const s = await startOpenSsl(args, cert);
  servers.push(s);
  return s;
}

/** Registers the hooks that close what a test opened: sockets, relays, servers (by PID). */
export function closeAfterEachTest(): void {
  afterEach(async () => {
    for (const s of sockets.splice(0)) s.destroy();
    for (const c of closers.splice(0)) c();
    await Promise.all(servers.splice(0).map((s) => s.stop()));
  });
  afterAll(stopAllOpenSsl);
}

/** connect() to 127.0.0.1:port, SNI and name check 'localhost', trusting the fixture root of `alg`. */
export async function open(port: number, alg: GoodAlg = 'p256', extra: Partial<ConnectOptions> = {}): Promise<TlsSocket> {
  const s = await connect({ host: '127.0.0.1', port, servername: 'localhost', ca: goodFile(alg, 'root.pem'), timeout: 15_000, ...extra });
  sockets.push(s);
  return s;
}

/** The error a connection attempt ends with (fails the test if it connected). */
export async function connectFails(opts: ConnectOptions): Promise<Error & { code?: string }> {
  try {
    const s = await connect(opts);
    s.destroy();
  } catch (e) {
    return e as Error & { code?: string };
  }
  throw new Error('connected, expected a failure');
}

/** s_server -www: sends GET / and reads until the stream ends (the server's close_notify). */
export function httpGet(s: TlsSocket): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    const chunks: Buffer[] = [];
    s.on('data', (d: Buffer) => chunks.push(d));
    s.once('end', () => resolve(Buffer.concat(chunks).toString('latin1')));
    s.once('error', reject);
    s.once('close', () => reject(new Error(`closed without a clean end after ${Buffer.concat(chunks).length} bytes`)));
    s.write('GET / HTTP/1.0\r\n\r\n');
  });
}

/** What a socket received, with a wait for some text to arrive (or the stream to fail). */
export function receiver(s: TlsSocket) {
  let text = '';
  let failure: Error | undefined;
  let ended = false;
  const tick = new EventEmitter();
  s.on('data', (d: Buffer) => { text += d.toString('latin1'); tick.emit('t'); });
  s.on('end', () => { ended = true; tick.emit('t'); });
  s.on('error', (e) => { failure = e; tick.emit('t'); });
  return {
    text: () => text,
    waitFor: (want: string) => new Promise<void>((resolve, reject) => {
      const check = () => {
        if (text.includes(want)) { tick.off('t', check); resolve(); }
        else if (failure !== undefined || ended) { tick.off('t', check); reject(failure ?? new Error(`stream ended before ${JSON.stringify(want)}; got ${JSON.stringify(text)}`)); }
      };
      tick.on('t', check);
      check();
    }),
  };
}

/** Counts the bytes the pump moved and lets a test wait for the engine to have processed input. */
export function pumpWatch() {
  let read = 0;
  let wrote = 0;
  let wantReads = 0;
  const tick = new EventEmitter();
  const onPumpEvent = (e: PumpEvent) => {
    if (e.kind === 'read') read += e.bytes;
    else if (e.kind === 'wrote') wrote += e.bytes;
    else if (e.kind === 'want-read') wantReads++;
    tick.emit('t');
  };
  return {
    onPumpEvent,
    read: () => read,
    wrote: () => wrote,
    /**
     * Resolves once at least `bytes` more than `since` were read and the engine, having processed
     * them, asked for more input (it flushes any answer before that).
     */
    processed: (since: number, bytes: number) => new Promise<void>((resolve) => {
      let seen = -1;
      const check = () => {
        if (seen < 0 && read >= since + bytes) seen = wantReads;
        if (seen >= 0 && wantReads > seen) { tick.off('t', check); resolve(); }
      };
      tick.on('t', check);
      check();
    }),
  };
}

/** A TLS record as seen on the wire: content type and length of the fragment. */
export interface WireRecord { type: number; length: number }

/** A TCP relay on 127.0.0.1 that records the server's TLS record headers on the way to the client. */
export async function recordTap(upstreamPort: number): Promise<{ port: number; fromServer: WireRecord[] }> {
  const fromServer: WireRecord[] = [];
  const srv: Server = createServer((client: Socket) => {
    const up = netConnect(upstreamPort, '127.0.0.1');
    let pending = Buffer.alloc(0);
    up.on('data', (d: Buffer) => {
      pending = Buffer.concat([pending, d]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt16BE(3)) {
        fromServer.push({ type: pending[0]!, length: pending.readUInt16BE(3) });
        pending = pending.subarray(5 + pending.readUInt16BE(3));
      }
    });
    client.pipe(up);
    up.pipe(client);
    client.on('error', () => up.destroy());
    up.on('error', () => client.destroy());
    closers.push(() => { client.destroy(); up.destroy(); });
  });
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  closers.push(() => srv.close());
  return { port: (srv.address() as { port: number }).port, fromServer };
}

/** Bytes on the wire of one TLS 1.3 record carrying `n` bytes of content (AEAD tag 16 bytes, no padding). */
export const recordBytes = (n: number) => 5 + n + 1 + 16;
/** A KeyUpdate record: 4-byte handshake header plus the 1-byte request. */
export const KEY_UPDATE_RECORD = recordBytes(4 + 1);

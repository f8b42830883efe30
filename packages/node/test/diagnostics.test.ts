// What TlsSocket says when the server is not what was expected: a plain-HTTP port (a real
// node:http server), a port speaking another protocol, and TLS 1.2-only servers (`openssl
// s_server -tls1_2`, node:tls with maxVersion TLSv1.2), all on 127.0.0.1.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { AlertReceivedError, PeerMisbehavedError, type TraceEvent } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatTraceEvent } from '../src/cli/trace.js';
import { connectFails, T } from './helpers/openssl_client.js';
import { freePort, goodFile, pki } from './helpers/openssl.js';
import { tcpServer, tlsServer, type Running } from './helpers/node_servers.js';

const ca = goodFile('p256', 'root.pem');
const opts = (port: number, trace?: (e: TraceEvent) => void) => ({ host: '127.0.0.1', port, servername: 'localhost', ca, timeout: 15_000, ...(trace ? { trace } : {}) });
const TLS12_ONLY = 'received fatal alert protocol_version (70): the server supports only TLS 1.2 or older';

describe('a plain-HTTP port', () => {
  let http: HttpServer;
  let port: number;
  const sockets = new Set<Socket>();
  beforeAll(async () => {
    http = createHttpServer((_req, res) => res.end('hello'));
    // Node's documented clientError handler: answer 400 and end (flushing it) rather than reset.
    http.on('clientError', (_err, socket) => socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n'));
    http.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
    await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
    port = (http.address() as AddressInfo).port;
  });
  afterAll(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); http.close(() => r()); }));

  it('fails with unexpected_message: "is this an http:// port?"', async () => {
    const events: TraceEvent[] = [];
    const err = await connectFails(opts(port, (e) => events.push(e)));
    expect(err).toBeInstanceOf(PeerMisbehavedError);
    expect(err.message).toBe('the server did not answer with TLS (is this an http:// port?)');
    expect(err.code).toBe('ERR_PURETLS_PEER_MISBEHAVED');
    expect((err as PeerMisbehavedError).alertName).toBe('unexpected_message');
    // What the trace shows: our ClientHello, then the alert we sent.
    expect(events.map(formatTraceEvent).filter((l) => l.includes('TLS 1.3'))).toEqual([
      expect.stringMatching(/^>>> TLS 1\.3 Handshake \[length [0-9a-f]{4}\], ClientHello /),
      '>>> TLS 1.3 Alert [length 0002], fatal unexpected_message',
    ]);
  }, T);
});

describe('a port speaking another protocol', () => {
  let ssh: Running;
  beforeAll(async () => { ssh = await tcpServer((s) => s.end('SSH-2.0-OpenSSH_9.6\r\n')); });
  afterAll(() => ssh.close());

  it('fails with unexpected_message: "not a TLS record"', async () => {
    const err = await connectFails(opts(ssh.port));
    expect(err).toBeInstanceOf(PeerMisbehavedError);
    expect(err.message).toBe('the server did not answer with TLS: its first bytes (53 53 48 2d 32) are not a TLS record');
  }, T);
});

/** `openssl s_server -tls1_2` (the shared helper forces -tls1_3); ready once it printed ACCEPT, stopped by PID. */
async function startTls12OpenSsl(): Promise<{ port: number; proc: ChildProcess }> {
  const port = await freePort();
  const dir = `${pki}good/p256/`;
  const proc = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-tls1_2', '-cert', `${dir}leaf.pem`, '-key', `${dir}leaf.key`, '-cert_chain', `${dir}intermediate.pem`, '-www'], { stdio: ['pipe', 'pipe', 'pipe'] });
  proc.stdin!.on('error', () => {});
  await new Promise<void>((resolve, reject) => {
    let out = '';
    const onData = (d: Buffer) => { out += d.toString('latin1'); if (out.includes('ACCEPT')) resolve(); };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', onData);
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`openssl s_server -tls1_2 exited (${code}): ${out}`)));
  });
  return { port, proc };
}

describe('a TLS 1.2-only server', () => {
  let openssl: { port: number; proc: ChildProcess };
  let nodeTls12: Running;
  beforeAll(async () => {
    [openssl, nodeTls12] = await Promise.all([startTls12OpenSsl(), tlsServer(() => {}, { minVersion: 'TLSv1.2', maxVersion: 'TLSv1.2' })]);
  });
  afterAll(async () => {
    const p = openssl?.proc;
    if (p?.pid !== undefined && p.exitCode === null && p.signalCode === null) {
      const exited = new Promise((r) => p.once('close', r));
      process.kill(p.pid, 'SIGTERM');
      await exited;
    }
    await nodeTls12?.close();
  });

  it('openssl s_server -tls1_2 refuses our ClientHello with protocol_version: the error says why', async () => {
    const events: TraceEvent[] = [];
    const err = await connectFails(opts(openssl.port, (e) => events.push(e)));
    expect(err).toBeInstanceOf(AlertReceivedError);
    expect(err.message).toBe(TLS12_ONLY);
    expect(err.code).toBe('ERR_PURETLS_ALERT_RECEIVED');
    expect(events.map(formatTraceEvent)).toContain('<<< TLS 1.3 Alert [length 0002], fatal protocol_version');
  }, T);

  it('node:tls with maxVersion TLSv1.2 too', async () => {
    const err = await connectFails(opts(nodeTls12.port));
    expect(err).toBeInstanceOf(AlertReceivedError);
    expect(err.message).toBe(TLS12_ONLY);
  }, T);
});

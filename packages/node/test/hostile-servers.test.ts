// The driver's `timeout` and `signal` fire on time against hostile servers: one that never
// answers, one that sends a chain of many expensive certificates, one that trickles one byte per
// record, one that sends an endless stream of warning alerts, one that sends data then a fatal
// alert. Not timed exactly: each connection must settle with the right error within a generous
// bound after its deadline, and a 5 ms interval must never have been held up for long (the event
// loop was not blocked).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type ConnectOptions, type TlsSocket } from '../src/index.js';
import { ca, fixture, tcpServer, tlsServer, type Running } from './helpers/node_servers.js';
import { scriptedTcpServer } from './helpers/scripted_tcp.js';

const DEADLINE_MS = 300;
/** Generous: a loaded 2-core machine, other test files running. These are bounds, not timings. */
const SETTLE_BOUND_MS = DEADLINE_MS + 2500;
const MAX_LOOP_GAP_MS = 1500;
const T = 30_000;

type Failure = Error & { code?: string };

/** Runs `attempt` while a 5 ms interval watches the event loop; the largest gap and the outcome. */
async function watched(attempt: () => Promise<TlsSocket>): Promise<{ error: Failure | undefined; elapsed: number; maxGap: number }> {
  let last = performance.now();
  let maxGap = 0;
  const interval = setInterval(() => { const now = performance.now(); maxGap = Math.max(maxGap, now - last); last = now; }, 5);
  const t0 = performance.now();
  try {
    const s = await attempt();
    s.destroy();
    return { error: undefined, elapsed: performance.now() - t0, maxGap };
  } catch (e) {
    return { error: e as Failure, elapsed: performance.now() - t0, maxGap: Math.max(maxGap, performance.now() - last) };
  } finally {
    clearInterval(interval);
  }
}

const servers: Running[] = [];
/** The connections each server accepted (a signal aborts once the server has the ClientHello). */
const clientHello: Array<() => void> = [];
const onClientBytes = (s: Socket, then: (s: Socket) => void) => s.once('data', () => { clientHello.shift()?.(); then(s); });

let tmp = '';
const hostile: Record<string, number> = {};

beforeAll(async () => {
  // Warm up: the first verification loads modules; that pause is not the driver's doing.
  const good = await tlsServer(() => {});
  servers.push(good);
  (await connect({ host: 'localhost', port: good.port, ca })).destroy();

  // The leaf, then 15 certificates named like its issuer, each with its own P-256 key: each is a
  // candidate issuer that costs a full signature check (and none is the real one).
  tmp = mkdtempSync(join(tmpdir(), 'puretls-hostile-'));
  const fakes = Array.from({ length: 15 }, (_, i) => {
    const pem = join(tmp, `c${i}.pem`);
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(tmp, `k${i}.pem`), '-out', pem, '-subj', '/CN=puretls test intermediate p256', '-days', '30'], { stdio: 'ignore' });
    return readFileSync(pem, 'utf8');
  });
  const mute = await tcpServer((s) => onClientBytes(s, () => {}));
  const chain = await tlsServer(() => {}, { cert: [fixture('p256', 'leaf.pem').toString(), ...fakes].join('\n') });
  // A ServerHello header claiming 65,535 bytes, then one byte per record, one record per millisecond.
  const trickle = await tcpServer((s) => onClientBytes(s, () => {
    s.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0xff, 0xff]));
    const t = setInterval(() => s.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x01, 0x03])), 1);
    s.once('close', () => clearInterval(t));
  }));
  // The same message in 300-byte records (above the engine's per-record floor), one every 20 ms:
  // 219 records, over 4 s, so only the deadline can end it.
  const slow = await tcpServer((s) => onClientBytes(s, () => {
    s.write(Buffer.from([0x16, 0x03, 0x03, 0x00, 0x04, 0x02, 0x00, 0xff, 0xff]));
    const record = Buffer.concat([Buffer.from([0x16, 0x03, 0x03, 0x01, 0x2c]), Buffer.alloc(300, 3)]);
    const t = setInterval(() => s.write(record), 20);
    s.once('close', () => clearInterval(t));
  }));
  // warning user_canceled (RFC 9846 §6.1: ignored, reading goes on), as fast as the client takes them.
  const alerts = await tcpServer((s) => onClientBytes(s, () => {
    const burst = Buffer.concat(Array.from({ length: 1000 }, () => Buffer.from([0x15, 0x03, 0x03, 0x00, 0x02, 0x01, 0x5a])));
    const pour = () => { while (!s.destroyed && s.write(burst)); };
    s.on('drain', pour);
    pour();
  }));
  servers.push(mute, chain, trickle, slow, alerts);
  Object.assign(hostile, { 'never answers': mute.port, 'a chain of 15 expensive certificates': chain.port, 'one byte per record': trickle.port, 'a slow stream of small records': slow.port, 'endless warning alerts': alerts.port });
}, T);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  if (tmp !== '') rmSync(tmp, { recursive: true, force: true });
});

const names = ['never answers', 'a chain of 15 expensive certificates', 'one byte per record', 'a slow stream of small records', 'endless warning alerts'];
/**
 * Servers the engine itself may refuse before the deadline (unexpected_message): a handshake message
 * in more records than its size allows (Limits.minHandshakeBytesPerRecord), or more useless
 * records in a row than Limits.maxUselessRecords.
 */
const refusedByTheEngine = new Set(['one byte per record', 'endless warning alerts']);
const base = (name: string): ConnectOptions => ({ host: '127.0.0.1', port: hostile[name], servername: 'localhost', ca });

describe('hostile servers: the deadline holds', () => {
  it.each(names)('server: %s: timeout settles the connection (ETIMEDOUT) in time, the loop never blocked', async (name) => {
    const r = await watched(() => connect({ ...base(name), timeout: DEADLINE_MS }));
    expect(r.error).toBeDefined();
    // The chain may be refused (a typed certificate error) before the deadline: also in time.
    if (name.includes('chain')) expect(r.error!.code).toMatch(/^(ETIMEDOUT|ERR_PURETLS_\w+|[A-Z_]+)$/);
    else if (refusedByTheEngine.has(name)) expect(r.error!.code).toMatch(/^(ETIMEDOUT|ERR_PURETLS_PEER_MISBEHAVED)$/); // whichever comes first
    else expect(r.error!.code).toBe('ETIMEDOUT');
    expect(r.elapsed).toBeLessThan(SETTLE_BOUND_MS);
    expect(r.maxGap).toBeLessThan(MAX_LOOP_GAP_MS);
  }, T);

  it.each(names)('server: %s: aborting the signal settles the connection (ABORT_ERR), the loop never blocked', async (name) => {
    const ac = new AbortController();
    clientHello.push(() => setImmediate(() => ac.abort()));
    const r = await watched(() => connect({ ...base(name), signal: ac.signal }));
    clientHello.length = 0;
    expect(r.error).toBeDefined();
    if (name.includes('chain')) expect(r.error!.code).toMatch(/^(ABORT_ERR|ERR_PURETLS_\w+|[A-Z_]+)$/);
    else expect(r.error!.code).toBe('ABORT_ERR');
    expect(r.maxGap).toBeLessThan(MAX_LOOP_GAP_MS);
  }, T);
});

describe('hostile servers: data then a fatal alert', () => {
  let server: Running;
  beforeAll(async () => {
    server = await scriptedTcpServer({}, (srv, socket) => socket.write(Buffer.concat([srv.appData('hello'), srv.seal(21, new Uint8Array([2, 80]))])));
  });
  afterAll(() => server.close());

  it('the data arrives, then the alert\'s error, at once (before any deadline), the loop never blocked', async () => {
    const ac = new AbortController();
    let got = '';
    let error: Failure | undefined;
    const r = await watched(async () => {
      const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'server', verifier: { verifyServerCertificate: () => {} }, timeout: 60_000, signal: ac.signal });
      try {
        for await (const d of s) got += (d as Buffer).toString();
      } catch (e) {
        error = e as Failure;
      }
      return s;
    });
    expect(got).toBe('hello');
    expect(error).toMatchObject({ code: 'ERR_PURETLS_ALERT_RECEIVED', alertName: 'internal_error' });
    expect(r.elapsed).toBeLessThan(SETTLE_BOUND_MS);
    expect(r.maxGap).toBeLessThan(MAX_LOOP_GAP_MS);
  }, T);
});

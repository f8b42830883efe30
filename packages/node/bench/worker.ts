// One benchmark job in its own process (forked by bench.ts, job as JSON in argv[2], result sent
// back over IPC), so that each client's memory numbers are its own:
//   handshake: `warmup` uncounted then `count` timed full handshakes, TCP connect start -> handshake done;
//   resume: the same, each connection resuming with a ticket of the one before (RFC 9846 §2.2);
//   bulk: `warmup` untimed, then `count` downloads of /big.bin, request written -> last byte, sampling memory meanwhile;
//   cipher: the ceiling for bulk, `count` times 64 MiB of 16 KiB records opened (times) and sealed
//   (sealTimes) with the same crypto provider puretls uses (no sockets, no record layer);
//   upload: `warmup` untimed, then `count` uploads of 64 MiB to a sink server that answers one byte once it has them all,
//   first write -> that byte;
//   deadlines: `count` concurrent connects with a `deadlineMs` timeout; how many settle (connected
//   or failed) more than 250 ms after their deadline, and how often a 100 ms interval ran meanwhile.
// With `profile` set, the timed part runs under the V8 CPU profiler and the profile is written there.
import { once } from 'node:events';
import { readFileSync, writeFileSync } from 'node:fs';
import { Session } from 'node:inspector/promises';
import * as tls from 'node:tls';
import type { Duplex } from 'node:stream';
import { Limits, MemorySessionStore } from '@puretls/core';
import { connect } from '../src/index.js';
import { withTimedAead, type AeadClock } from './aead_timing.js';
import { loadProvider, type ProviderName } from './provider.js';
import { pkiDir } from './server.js';

/** `puretls-cold`: puretls with no signature cache, so every chain signature is checked. */
export type Client = 'node:tls' | 'puretls' | 'puretls-cold';
export interface Job { mode: 'handshake' | 'resume' | 'bulk' | 'upload' | 'cipher' | 'deadlines'; client: Client; port: number; alg: 'p256' | 'rsa'; count: number; warmup: number; suite?: string; profile?: string; deadlineMs?: number; lateMs?: number; provider?: ProviderName; size?: number; p256?: boolean; x25519Only?: boolean;
  /** Handshakes: after the timed ones, this many more untimed, then `count` timed again (Result.steadyTimes). */
  steadyWarmup?: number }
export interface Memory { baselineRss: number; peakRss: number; peakHeapUsed: number; peakArrayBuffers: number; maxRss: number }
export interface Result {
  times: number[]; bytes: number[]; suite: string; group?: string; resumed?: number; memory?: Memory; deadlines?: Deadlines; sealTimes?: number[];
  /** Handshakes: the process's CPU time (user + system, all threads) per handshake, ms: steadier than wall time on a busy machine. */
  cpu?: number[];
  /** Handshakes with `steadyWarmup`: the second timed batch, and its CPU ms per handshake. */
  steadyTimes?: number[];
  steadyCpu?: number[];
  /** Transfers (puretls): ms spent inside the provider's AEAD during each timed transfer (aead_timing.ts). */
  aeadMs?: number[];
  /** Transfers (puretls): ms of 64 MiB through the AEAD alone in the same process, after the transfers. */
  aeadHereMs?: number[];
}
/** What the deadlines mode counts. */
export interface Deadlines { connected: number; timedOut: number; otherErrors: number; late: number; intervalTicks: number; elapsedMs: number }

const job = JSON.parse(process.argv[2]!) as Job;
const ca = readFileSync(pkiDir + job.alg + '/root.pem', 'utf8');
const provider = await loadProvider(job.provider);
/** P-256 key exchange only (`job.p256`): the one group subtls has, for the side-by-side table. */
const p256 = job.p256 === true ? { groups: [0x0017], keyShareGroups: [0x0017] } : job.x25519Only === true ? { groups: [0x001d, 0x0017, 0x0018], keyShareGroups: [0x001d] } : {};
// The provider named, always: connect() alone would pick the node:crypto one. For transfers its
// AEAD is timed, so the result says how much of a transfer the AEAD itself took.
const aeadClock: AeadClock = { ms: 0 };
const transfer = job.mode === 'bulk' || job.mode === 'upload';
const engine = { crypto: transfer ? withTimedAead(provider, aeadClock) : provider, ...p256 };

/** Tickets for the resume mode: puretls keeps them in the engine's store, node:tls as its 'session' Buffer. */
const store = new MemorySessionStore();
let nodeSession: Buffer | undefined;

/** Connects with the job's client; resolves on handshake complete, with the time since connect start. */
async function open(): Promise<{ socket: Duplex; ms: number; suite: string; group: string; resumed: boolean }> {
  const t0 = performance.now();
  const opts = { host: '127.0.0.1', port: job.port, servername: 'localhost', ca };
  const resume = job.mode === 'resume';
  if (job.client !== 'node:tls') {
    const socket = await connect({ ...opts, signatureCache: job.client === 'puretls-cold' ? null : undefined, engine: resume ? { ...engine, sessionStore: store } : engine });
    const ms = performance.now() - t0;
    return { socket, ms, suite: socket.getCipher()?.standardName ?? '?', group: socket.info?.groupName ?? '?', resumed: socket.info?.resumed === true };
  }
  const socket = tls.connect({ ...opts, minVersion: 'TLSv1.3', session: resume ? nodeSession : undefined });
  if (resume) socket.on('session', (s: Buffer) => { nodeSession = s; });
  await once(socket, 'secureConnect');
  const ms = performance.now() - t0;
  return { socket, ms, suite: socket.getCipher().standardName, group: (socket.getEphemeralKeyInfo() as { name?: string } | null)?.name ?? '?', resumed: socket.isSessionReused() };
}

/** Sends close_notify and waits for the server's, so the single-threaded s_server is free again. */
async function close(socket: Duplex): Promise<void> {
  const closed = once(socket, 'close');
  socket.end();
  socket.resume();
  await closed;
}

async function handshakes(n: number): Promise<Result> {
  const times: number[] = [];
  const cpu: number[] = [];
  let suite = '';
  let group = '';
  let resumed = 0;
  for (let i = 0; i < n; i++) {
    const before = process.cpuUsage();
    const c = await open();
    const used = process.cpuUsage(before);
    times.push(c.ms);
    cpu.push((used.user + used.system) / 1000);
    [suite, group] = [c.suite, c.group];
    if (c.resumed) resumed++;
    await close(c.socket); // the tickets arrive meanwhile
  }
  return { times, bytes: [], suite, group, resumed, cpu };
}

/** The process's CPU time (user + system, all threads) since `before`, ms. */
function cpuMs(before: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(before);
  return (used.user + used.system) / 1000;
}

async function bulk(): Promise<Result> {
  const mem = process.memoryUsage();
  const memory: Memory = { baselineRss: mem.rss, peakRss: 0, peakHeapUsed: 0, peakArrayBuffers: 0, maxRss: 0 };
  const sample = () => {
    const m = process.memoryUsage();
    memory.peakRss = Math.max(memory.peakRss, m.rss);
    memory.peakHeapUsed = Math.max(memory.peakHeapUsed, m.heapUsed);
    memory.peakArrayBuffers = Math.max(memory.peakArrayBuffers, m.arrayBuffers);
  };
  // Every 50 ms: process.memoryUsage() walks the heap spaces, and at 5 ms it took 1.5-2.5% of a
  // download's CPU (profiled), charged to the transfer being timed. Peaks of a steady 64 MiB
  // stream last far longer than 50 ms, and each transfer's end is sampled as well.
  const timer = setInterval(sample, 50);
  const times: number[] = [];
  const bytes: number[] = [];
  let suite = '';
  const cpu: number[] = [];
  const aeadMs: number[] = [];
  for (let i = 0; i < job.warmup + job.count; i++) {
    const c = await open();
    suite = c.suite;
    let n = 0;
    c.socket.on('data', (d: Buffer) => { n += d.length; });
    const ended = once(c.socket, 'end');
    const t0 = performance.now();
    const before = process.cpuUsage();
    aeadClock.ms = 0;
    c.socket.write('GET /big.bin HTTP/1.0\r\n\r\n');
    await ended;
    if (i >= job.warmup) {
      times.push(performance.now() - t0);
      bytes.push(n);
      cpu.push(cpuMs(before));
      aeadMs.push(aeadClock.ms);
    }
    sample();
    await close(c.socket);
  }
  clearInterval(timer);
  memory.maxRss = process.resourceUsage().maxRSS * 1024;
  const here = await aeadHere(suite, 'open');
  return { times, bytes, suite, memory, cpu, aeadMs: job.client === 'node:tls' ? undefined : aeadMs, aeadHereMs: here };
}

/** `size` bytes written in 64 KiB chunks (with backpressure); done when the sink answers its one byte. */
async function upload(): Promise<Result> {
  const size = job.size ?? 64 * 2 ** 20;
  const chunk = Buffer.alloc(64 * 1024, 0x61);
  const times: number[] = [];
  const bytes: number[] = [];
  let suite = '';
  const cpu: number[] = [];
  const aeadMs: number[] = [];
  for (let i = 0; i < job.warmup + job.count; i++) {
    const c = await open();
    suite = c.suite;
    const answered = once(c.socket, 'data');
    const t0 = performance.now();
    const before = process.cpuUsage();
    aeadClock.ms = 0;
    for (let sent = 0; sent < size; sent += chunk.length) if (!c.socket.write(chunk)) await once(c.socket, 'drain');
    await answered;
    if (i >= job.warmup) {
      times.push(performance.now() - t0);
      bytes.push(size);
      cpu.push(cpuMs(before));
      aeadMs.push(aeadClock.ms);
    }
    c.socket.destroy();
  }
  const here = await aeadHere(suite, 'seal');
  return { times, bytes, suite, cpu, aeadMs: job.client === 'node:tls' ? undefined : aeadMs, aeadHereMs: here };
}

/** 64 MiB as 4096 records of 16 KiB opened (or sealed) with `suiteName`'s AEAD of the provider alone, ms. */
async function aeadAlone(suiteName: string, kind: 'open' | 'seal'): Promise<number> {
  const suite = provider.cipherSuites.find((s) => s.name === suiteName)!;
  const aead = suite.aead.create(new Uint8Array(suite.keyLength).fill(7));
  const nonce = new Uint8Array(12);
  const aad = Uint8Array.of(23, 3, 3, 0x40, 0x11);
  const inner = new Uint8Array(16385);
  const record = aead.seal(nonce, inner, aad);
  // An AEAD with the asynchronous lane is measured through it, as the record layer uses it:
  // Limits.maxRecordsInFlight operations outstanding at once.
  const lanes = Limits.maxRecordsInFlight;
  const each = async (op: () => Promise<unknown>) => {
    let left = 4096;
    await Promise.all(Array.from({ length: lanes }, async () => { while (left-- > 0) await op(); }));
  };
  const t0 = performance.now();
  if (kind === 'open') {
    if (aead.openAsync !== undefined) await each(async () => { if ((await aead.openAsync!(nonce, aad, record)) === null) throw new Error('open failed'); });
    else for (let i = 0; i < 4096; i++) if (aead.open(nonce, record, aad) === null) throw new Error('open failed');
  } else if (aead.sealAsync !== undefined) await each(() => aead.sealAsync!(nonce, aad, inner));
  else for (let i = 0; i < 4096; i++) aead.seal(nonce, inner, aad);
  return performance.now() - t0;
}

/**
 * The AEAD alone in this process, after its transfers (one untimed pass, one timed): the same
 * compiled code the transfers ran, so the ratio does not carry the speed differences V8 gives
 * two processes. Only for puretls with a synchronous AEAD (the wrapped one's time is a sum).
 */
async function aeadHere(suiteName: string, kind: 'open' | 'seal'): Promise<number[] | undefined> {
  // Not in a profiled run: its two 64 MiB passes would be most of the transfer's profile.
  if (job.client === 'node:tls' || aeadClock.ms <= 0 || job.profile !== undefined) return undefined;
  await aeadAlone(suiteName, kind);
  return [await aeadAlone(suiteName, kind)];
}

async function cipher(): Promise<Result> {
  const times: number[] = [];
  const sealTimes: number[] = [];
  const bytes: number[] = [];
  for (let run = -job.warmup; run < job.count; run++) {
    const openMs = await aeadAlone(job.suite!, 'open');
    const sealMs = await aeadAlone(job.suite!, 'seal');
    if (run < 0) continue; // a warm-up run: untimed, as for the transfers
    times.push(openMs);
    sealTimes.push(sealMs);
    bytes.push(4096 * 16384);
  }
  return { times, bytes, suite: job.suite!, sealTimes };
}

/** `count` concurrent connects with a deadline; each settles (connected or failed) on its own. */
async function deadlines(): Promise<Result> {
  const deadlineMs = job.deadlineMs ?? 3000;
  let intervalTicks = 0;
  const interval = setInterval(() => intervalTicks++, 100);
  const d: Deadlines = { connected: 0, timedOut: 0, otherErrors: 0, late: 0, intervalTicks: 0, elapsedMs: 0 };
  const t0 = performance.now();
  const times = await Promise.all(Array.from({ length: job.count }, async () => {
    const start = performance.now();
    try {
      const s = await connect({ host: '127.0.0.1', port: job.port, servername: 'localhost', ca, timeout: deadlineMs, engine });
      d.connected++;
      s.destroy();
    } catch (e) {
      if ((e as { code?: string }).code === 'ETIMEDOUT') d.timedOut++;
      else d.otherErrors++;
    }
    const ms = performance.now() - start;
    if (ms > deadlineMs + (job.lateMs ?? 250)) d.late++;
    return ms;
  }));
  clearInterval(interval);
  d.intervalTicks = intervalTicks;
  d.elapsedMs = performance.now() - t0;
  return { times, bytes: [], suite: '', deadlines: d };
}

async function profiled<T>(file: string | undefined, fn: () => Promise<T>): Promise<T> {
  if (file === undefined) return fn();
  const session = new Session();
  session.connect();
  await session.post('Profiler.enable');
  await session.post('Profiler.setSamplingInterval', { interval: 200 });
  await session.post('Profiler.start');
  const result = await fn();
  const { profile } = await session.post('Profiler.stop');
  writeFileSync(file, JSON.stringify(profile));
  session.disconnect();
  return result;
}

/** `count` timed handshakes; with `steadyWarmup`, that many untimed and `count` timed again. */
async function handshakesThenSteady(): Promise<Result> {
  const first = await handshakes(job.count);
  if (job.steadyWarmup === undefined) return first;
  await handshakes(job.steadyWarmup);
  const steady = await handshakes(job.count);
  return { ...first, steadyTimes: steady.times, steadyCpu: steady.cpu };
}

async function main(): Promise<void> {
  // Warm-up handshakes are neither timed nor profiled.
  if (job.mode === 'handshake' || job.mode === 'resume' || job.mode === 'deadlines') await handshakes(job.warmup);
  const run = { handshake: () => handshakesThenSteady(), resume: () => handshakes(job.count), bulk, upload, cipher, deadlines }[job.mode];
  const result = await profiled(job.profile, run);
  process.send!(result, () => process.exit(0));
}

main().catch((e: unknown) => {
  console.error(`worker ${job.mode} ${job.client}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
  process.exit(1);
});

// puretls vs node:tls against the same local `openssl s_server`, one process per measurement:
//   pnpm bench            full handshakes (ECDSA P-256, RSA-2048), verifyChain of a normal and of the
//                         worst-case chain, 64 MiB downloads per suite, memory, deadlines under load
//                         (1,000 concurrent connects against a node:tls server)
//   pnpm bench --chains   the verifyChain lines only
//   pnpm bench --reassembly  the handshake reassembly table only (a fragmented Certificate flight)
//   pnpm bench --deadlines  only the deadlines under load
//   pnpm bench --bulk     only the downloads and uploads (and the downloads' memory)
//   pnpm bench --handshakes  only the full-handshake table
//   pnpm bench --resume   only the resumed-handshake table (beside full handshakes and node:tls resuming)
//   pnpm bench --groups   only the key-share tables: the default X25519MLKEM768 + x25519 shares against x25519
//                         alone (s_server, which picks x25519), then against Node 26 tls servers that
//                         negotiate the hybrid or x25519, beside Node 26's own tls client
//   pnpm bench --load     only memory per idle connection, the cold first handshake, 1,000 concurrent
//                         handshakes (also --idle, --cold, --concurrent for one of them)
//   pnpm bench --subtls   puretls (webcrypto and noble providers) beside subtls: handshake, 64 MiB download
//   --provider noble|node|webcrypto  puretls's crypto provider (node: nodeCryptoProvider, if it exists;
//                         webcrypto: AES-GCM on crypto.subtle through the asynchronous record lane)
//   pnpm bench --profile  CPU profiles of puretls (handshakes, downloads) with the top self-time functions
//                         (and, for handshakes, the top total-time ones per handshake)
import { fork } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomFillSync } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { nobleProvider } from '@puretls/core';
import { TrustStore, verifyChain } from '@puretls/x509';
import { loadTables } from './load.js';
import { printTopSelfTime, printTopTotalTime } from './profile.js';
import { providerArg, providerAvailable } from './provider.js';
import { reassemblyRows } from './reassembly.js';
import { subtlsTable } from './subtls.js';
import { createServer as createTlsServer } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { pkiDir, startServer } from './server.js';
import type { Client, Job, Result } from './worker.js';
import { mergeRuns, startSink } from './bulk_support.js';
import { node26GroupsTable } from './groups_node26.js';
import { median, quantile } from './stats.js';

const HANDSHAKES = 50;
/** The handshakes are measured in this many interleaved rounds of HANDSHAKES / HANDSHAKE_ROUNDS. */
const HANDSHAKE_ROUNDS = 5;
const CONCURRENT = 1000;
const DEADLINE_MS = 3000;
/** How long after its deadline a connection may settle before it counts as late. */
const LATE_MS = 250;
const WARMUP = 5;
/**
 * Untimed handshakes in each process of the handshake table before its timed ones: a JavaScript
 * client's first twenty or so handshakes in a process run partly unoptimised (the cold first one
 * has its own table); node:tls's native code needs none, and gets the same.
 */
const HANDSHAKE_WARMUP = 20;
/**
 * Further untimed handshakes in each process of the full-handshake table before its steady batch.
 * V8 optimises a function once it has run enough bytecode, and much of a handshake runs once per
 * handshake. Measured here (RSA-2048, node provider, the built packages; medians of each ten
 * handshakes of a process over 4 processes), puretls's first 150 handshakes took
 * 3.60 2.62 2.56 2.36 2.17 2.15 2.19 2.11 2.04 2.11 2.12 2.11 2.05 2.03 1.97 ms,
 * node:tls's 2.71 2.54 2.41 2.36 2.39 2.41 2.38 2.38 2.38 2.40 2.43 2.39 2.38 2.36 2.35.
 */
const STEADY_WARMUP = 120;
const DOWNLOADS = 5;
/**
 * Untimed transfers before the timed ones, in the same process, for every client, as the
 * handshakes have WARMUP. Two, not one: on this 2-core machine (s_server busy on the other core)
 * V8's concurrent compiler lags, so the record path is still partly unoptimised through the first
 * 64 MiB, and the first close_notify deoptimises the read loop (branches never taken before),
 * which the second transfer then re-warms. Measured with --trace-opt/--trace-deopt and the node
 * provider: transfers 1 and 2 of a process at 230-300 MB/s, 3 to 10 at 410-500 MB/s.
 */
const BULK_WARMUP = 2;
const SIZE = 64 * 1024 * 1024;
const SUITES = ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'];
const CLIENTS: Client[] = ['node:tls', 'puretls'];
const CERTS = [['p256', 'ECDSA P-256'], ['rsa', 'RSA-2048']] as const;
const provider = providerArg();
const workerPath = fileURLToPath(new URL('./worker.ts', import.meta.url));
const profileDir = fileURLToPath(new URL('../../../node_modules/.cache/puretls/profiles/', import.meta.url));

/** Runs one job in a forked worker (tsx loader inherited); killed by PID after `timeoutMs`. */
function runWorker(job: Job, timeoutMs = 150_000): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [JSON.stringify({ provider, ...job })], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Result | undefined;
    const timer = setTimeout(() => { if (child.pid !== undefined) process.kill(child.pid); }, timeoutMs);
    child.on('message', (m) => { result = m as Result; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result !== undefined) resolve(result);
      else reject(new Error(`${job.mode} ${job.client} worker failed (${signal ?? `exit ${code}`})`));
    });
  });
}

/** Runs a job, turning a failure into a printed note and `undefined`. */
async function attempt(job: Job): Promise<Result | undefined> {
  try {
    return await runWorker(job);
  } catch (e) {
    console.error(`  ! ${(e as Error).message}`);
    return undefined;
  }
}

const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
const fmt = (x: number | undefined, digits = 1) => (x === undefined || Number.isNaN(x) ? 'failed' : x.toFixed(digits));
const mib = (bytes: number | undefined) => (bytes === undefined ? undefined : bytes / 2 ** 20);

function table(head: string[], rows: string[][]): void {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function handshakeTable(): Promise<void> {
  const rows: string[][] = [];
  for (const [alg, label] of CERTS) {
    const server = await startServer(alg, tmpdir());
    try {
      // Interleaved rounds, a fresh process per client each (warm-up first), so that a change in
      // the machine's load falls on every column alike. Each process times two batches: its
      // handshakes 21-30 (warming) and, after STEADY_WARMUP more, its steady ones.
      // Beside the default ClientHello (X25519MLKEM768 + x25519 shares), puretls offering x25519
      // alone, as node:tls 20 does: the same key exchange on both sides of the ratio.
      const runs: Partial<Record<Client | 'x25519', Result[]>> = {};
      for (let round = 0; round < HANDSHAKE_ROUNDS; round++) {
        for (const client of [...CLIENTS, 'puretls-cold', 'x25519'] as const) {
          const job = client === 'x25519' ? { client: 'puretls' as const, x25519Only: true } : { client };
          const r = await attempt({ mode: 'handshake', ...job, port: server.port, alg, count: HANDSHAKES / HANDSHAKE_ROUNDS, warmup: HANDSHAKE_WARMUP, steadyWarmup: STEADY_WARMUP });
          if (r !== undefined) (runs[client] ??= []).push(r);
        }
      }
      const res: Partial<Record<Client | 'x25519', Result>> = {};
      for (const client of [...CLIENTS, 'puretls-cold', 'x25519'] as const) res[client] = mergeRuns(runs[client]);
      const steady = (c: Client | 'x25519') => res[c]?.steadyTimes;
      const med = (c: Client | 'x25519') => { const t = steady(c); return t?.length ? median(t) : undefined; };
      const p90 = (c: Client) => { const t = steady(c); return t?.length ? quantile(t, 0.9) : undefined; };
      const warming = (c: Client | 'x25519') => (res[c] ? median(res[c].times) : undefined);
      const cpu = (c: Client | 'x25519') => (res[c]?.steadyCpu?.length ? median(res[c].steadyCpu) : undefined);
      rows.push([label, fmt(med('node:tls'), 2), fmt(p90('node:tls'), 2), fmt(med('puretls'), 2), fmt(p90('puretls'), 2), ratio(med('puretls'), med('node:tls')), fmt(med('x25519'), 2), ratio(med('x25519'), med('node:tls')), fmt(med('puretls-cold'), 2), ratio(med('puretls-cold'), med('node:tls')),
        fmt(warming('node:tls'), 2), fmt(warming('puretls'), 2), ratio(warming('puretls'), warming('node:tls')), ratio(warming('x25519'), warming('node:tls')),
        `${fmt(cpu('node:tls'), 2)} / ${fmt(cpu('puretls'), 2)} / ${fmt(cpu('x25519'), 2)}`, CLIENTS.map((c) => `${res[c]?.suite} ${res[c]?.group}`).join(' / ')]);
    } finally {
      server.stop();
    }
  }
  const steadyFrom = HANDSHAKE_WARMUP + HANDSHAKES / HANDSHAKE_ROUNDS + STEADY_WARMUP + 1;
  console.log(`\nFull handshake, ms from TCP connect start to handshake complete (${HANDSHAKES} each: ${HANDSHAKE_ROUNDS} interleaved rounds of ${HANDSHAKES / HANDSHAKE_ROUNDS}, a fresh process per client each; chain verified)`);
  console.log(`(steady: each process's handshakes ${steadyFrom}-${steadyFrom + HANDSHAKES / HANDSHAKE_ROUNDS - 1}, once V8 has optimised the code; "warming": its handshakes ${HANDSHAKE_WARMUP + 1}-${HANDSHAKE_WARMUP + HANDSHAKES / HANDSHAKE_ROUNDS}, the same processes;`);
  console.log(' puretls remembers verified chain signatures across connections; "no cache" checks them every time, as node:tls does;');
  console.log(' puretls sends its default shares, X25519MLKEM768 and x25519; "x25519 only" offers x25519 alone, as node:tls does;');
  console.log(' CPU: the client process\'s CPU time per steady handshake, all threads, median: steadier than wall time when the machine is busy)');
  table(['server cert', 'node:tls median', 'p90', 'puretls median', 'p90', 'puretls/node', 'x25519 only', '/node', 'no cache median', 'no cache/node', 'warming: node:tls', 'puretls', '/node', 'x25519 only/node', 'CPU ms (node:tls / puretls / x25519 only)', 'negotiated (node:tls / puretls)'], rows);
}

/**
 * What offering the post-quantum hybrid costs the client: puretls's default first ClientHello
 * (shares for X25519MLKEM768 and x25519) against x25519 alone, per provider, with s_server (OpenSSL
 * 3.0, no hybrid) choosing x25519 either way; node:tls beside them. (A server that negotiates the
 * hybrid needs Node 26: see groups_node26.ts.)
 */
async function groupsTable(): Promise<void> {
  const rows: string[][] = [];
  const server = await startServer('p256', tmpdir());
  try {
    const runs: Record<string, Result[]> = {};
    const sides = [
      ['node:tls', { client: 'node:tls' as const }],
      ...(['node', 'noble'] as const).flatMap((provider) => [
        [`puretls ${provider}, hybrid + x25519 shares (default)`, { client: 'puretls' as const, provider }],
        [`puretls ${provider}, x25519 share only`, { client: 'puretls' as const, provider, x25519Only: true }],
      ] as const),
    ] as const;
    for (let round = 0; round < HANDSHAKE_ROUNDS; round++) {
      for (const [label, side] of sides) {
        const r = await attempt({ mode: 'handshake', port: server.port, alg: 'p256', count: HANDSHAKES / HANDSHAKE_ROUNDS, warmup: HANDSHAKE_WARMUP, ...side });
        if (r !== undefined) (runs[label] ??= []).push(r);
      }
    }
    const base = mergeRuns(runs['node:tls']);
    for (const [label] of sides) {
      const r = mergeRuns(runs[label]);
      rows.push([label, fmt(r ? median(r.times) : undefined, 2), fmt(r ? quantile(r.times, 0.9) : undefined, 2), ratio(r ? median(r.times) : undefined, base ? median(base.times) : undefined), `${r?.group ?? '-'}`]);
    }
  } finally {
    server.stop();
  }
  console.log(`\nFull handshake with the default (post-quantum) key shares and with x25519 alone, ms (${HANDSHAKES} each, ${HANDSHAKE_ROUNDS} interleaved rounds, a fresh process each; ECDSA P-256 chain)`);
  table(['client', 'median', 'p90', 'vs node:tls', 'negotiated'], rows);
}

/**
 * Resumed handshakes (RFC 9846 §2.2): each connection offers a ticket of the one before, so the
 * server sends no Certificate and neither side signs or verifies one; beside the full handshake of
 * the same client in the same round, and node:tls resuming with its 'session' Buffer.
 */
async function resumeTable(): Promise<void> {
  const rows: string[][] = [];
  for (const [alg, label] of CERTS) {
    const server = await startServer(alg, tmpdir());
    try {
      const runs: Record<string, Result[]> = {};
      for (let round = 0; round < HANDSHAKE_ROUNDS; round++) {
        for (const client of CLIENTS) {
          for (const mode of ['handshake', 'resume'] as const) {
            const r = await attempt({ mode, client, port: server.port, alg, count: HANDSHAKES / HANDSHAKE_ROUNDS, warmup: HANDSHAKE_WARMUP });
            if (r !== undefined) (runs[`${client} ${mode}`] ??= []).push(r);
          }
        }
      }
      const med = (k: string) => { const r = mergeRuns(runs[k]); return r ? median(r.times) : undefined; };
      const resumedShare = (c: Client) => { const rs = runs[`${c} resume`] ?? []; const n = rs.reduce((a, r) => a + r.times.length, 0); return n === 0 ? '-' : `${rs.reduce((a, r) => a + (r.resumed ?? 0), 0)}/${n}`; };
      const [nf, nr, pf, pr] = [med('node:tls handshake'), med('node:tls resume'), med('puretls handshake'), med('puretls resume')];
      rows.push([label, fmt(nf, 2), fmt(nr, 2), resumedShare('node:tls'), fmt(pf, 2), fmt(pr, 2), resumedShare('puretls'), ratio(pr, pf), ratio(pr, nr)]);
    } finally {
      server.stop();
    }
  }
  console.log(`\nResumed handshake (a ticket of the previous connection), ms from TCP connect start to handshake complete (${HANDSHAKES} each, ${HANDSHAKE_ROUNDS} interleaved rounds, fresh processes, ${HANDSHAKE_WARMUP} untimed first)`);
  table(['server cert', 'node:tls full', 'node:tls resumed', 'resumed', 'puretls full', 'puretls resumed', 'resumed', 'resumed/full', 'resumed/node resumed'], rows);
}

/** A node:tls server restricted to `suite` that drains uploads and answers one byte once it has `size` of them. */
async function bulkTables(dir: string): Promise<void> {
  const speed: string[][] = [];
  const memory: string[][] = [];
  const where: string[][] = [];
  const rate = (r: Result | undefined, times = r?.times) => (r === undefined || times === undefined ? undefined : median(times.map((ms, i) => r.bytes[i]! / 1e3 / ms)));
  for (const suite of SUITES) {
    const server = await startServer('p256', dir, suite);
    const sink = await startSink(suite, SIZE);
    try {
      // Interleaved rounds (node:tls, puretls, the AEAD alone, each in a fresh process), so that a
      // change in the machine's load falls on every column alike; medians over the rounds.
      const runs: Record<'down' | 'up' | 'raw', Partial<Record<Client, Result[]>>> = { down: {}, up: {}, raw: {} };
      const add = (kind: 'down' | 'up' | 'raw', c: Client, r: Result | undefined) => { if (r !== undefined) (runs[kind][c] ??= []).push(r); };
      for (let round = 0; round < DOWNLOADS; round++) {
        for (const client of CLIENTS) add('down', client, await attempt({ mode: 'bulk', client, port: server.port, alg: 'p256', count: 1, warmup: BULK_WARMUP }));
        for (const client of CLIENTS) add('up', client, await attempt({ mode: 'upload', client, port: sink.port, alg: 'p256', count: 1, warmup: BULK_WARMUP, size: SIZE }));
        add('raw', 'puretls', await attempt({ mode: 'cipher', client: 'puretls', port: 0, alg: 'p256', count: 1, warmup: BULK_WARMUP, suite }));
      }
      const res: Partial<Record<Client, Result>> = {};
      const up: Partial<Record<Client, Result>> = {};
      for (const client of CLIENTS) {
        res[client] = mergeRuns(runs.down[client]);
        up[client] = mergeRuns(runs.up[client]);
      }
      const raw = mergeRuns(runs.raw.puretls);
      const mbps = (c: Client) => {
        const r = res[c];
        if (r === undefined) return undefined;
        if (r.bytes.some((b) => b < SIZE)) console.error(`  ! ${c} ${suite}: short download (${r.bytes.join(', ')} bytes)`);
        return rate(r);
      };
      const [open, seal] = [rate(raw), rate(raw, raw?.sealTimes)];
      const [node, pure] = [mbps('node:tls'), mbps('puretls')];
      for (const c of CLIENTS) if (up[c] !== undefined && up[c].suite !== suite) console.error(`  ! ${c} upload negotiated ${up[c].suite}, not ${suite}`);
      const [nodeUp, pureUp] = [rate(up['node:tls']), rate(up.puretls)];
      // Client CPU ms per transfer (user + system): a busy machine stretches wall time unevenly
      // (the server or the sink may be the one descheduled), CPU time much less.
      const cpu = (r: Result | undefined) => (r?.cpu === undefined || r.cpu.length === 0 ? undefined : median(r.cpu));
      const cpuRatio = (a: Result | undefined, b: Result | undefined) => ratio(cpu(b), cpu(a));
      speed.push([suite, fmt(node), fmt(pure), ratio(pure, node), cpuRatio(res.puretls, res['node:tls']), fmt(open), ratio(pure, open), fmt(nodeUp), fmt(pureUp), ratio(pureUp, nodeUp), cpuRatio(up.puretls, up['node:tls']), fmt(seal), ratio(pureUp, seal)]);
      // The AEAD's own time inside puretls's transfers: its speed there (beside open() / seal()
      // alone) and its share of the transfer; the rest is the record layer, driver, socket and waiting.
      const inAead = (r: Result | undefined): [string, string] => {
        if (r?.aeadMs === undefined || r.aeadMs.length !== r.times.length || r.aeadMs.some((ms) => ms <= 0)) return ['-', '-'];
        return [fmt(median(r.aeadMs.map((ms, i) => r.bytes[i]! / 1e3 / ms))), `${(median(r.aeadMs.map((ms, i) => ms / r.times[i]!)) * 100).toFixed(0)}%`];
      };
      const [downAead, downShare] = inAead(res.puretls);
      const [upAead, upShare] = inAead(up.puretls);
      // The AEAD alone in each transfer's own process, after its transfers (worker.ts aeadHere).
      const here = (r: Result | undefined) => (r?.aeadHereMs === undefined || r.aeadHereMs.length === 0 ? undefined : median(r.aeadHereMs.map((ms) => (4096 * 16384) / 1e3 / ms)));
      const [downHere, upHere] = [here(res.puretls), here(up.puretls)];
      where.push([suite, fmt(pure), downAead, fmt(open), fmt(downHere), ratio(pure, downHere), downShare, fmt(pureUp), upAead, fmt(seal), fmt(upHere), ratio(pureUp, upHere), upShare]);
      for (const client of CLIENTS) {
        const m = res[client]?.memory;
        memory.push([suite, client, fmt(mib(m?.baselineRss)), fmt(mib(m?.peakRss)), fmt(mib(m?.maxRss)), fmt(mib(m?.peakHeapUsed)), fmt(mib(m?.peakArrayBuffers))]);
      }
      const [a, b] = [res['node:tls']?.memory, res.puretls?.memory];
      memory.push(['', 'puretls/node', ratio(b?.baselineRss, a?.baselineRss), ratio(b?.peakRss, a?.peakRss), ratio(b?.maxRss, a?.maxRss), ratio(b?.peakHeapUsed, a?.peakHeapUsed), ratio(b?.peakArrayBuffers, a?.peakArrayBuffers)]);
    } finally {
      server.stop();
      sink.stop();
    }
  }
  console.log(`\nBulk transfer of ${SIZE / 2 ** 20} MiB, MB/s = 10^6 bytes/s, median of ${DOWNLOADS} interleaved rounds, each a fresh process per column with ${BULK_WARMUP} untimed transfers first (ECDSA P-256; puretls provider: ${provider})`);
  console.log('(down: from s_server -WWW, request -> last byte; up: to a node:tls sink in the parent, first write -> its answer)');
  console.log(`(${provider} open() / seal(): the same crypto provider alone, 64 MiB as 16 KiB records, no I/O: the ceiling for puretls;`);
  console.log(' an AEAD with sealAsync/openAsync through them, Limits.maxRecordsInFlight at once;');
  console.log(' cpu/node: node:tls client CPU ms per transfer / puretls client CPU ms (medians), the speed ratio if both were CPU-bound)');
  table(['suite', 'node:tls down', 'puretls down', '/node', 'cpu/node', 'open()', 'puretls/open', 'node:tls up', 'puretls up', '/node', 'cpu/node', 'seal()', 'puretls/seal'], speed);
  console.log(`\nWhere puretls's transfer time goes (${provider}; medians over the rounds): "in transfer" is the AEAD's own speed inside the timed transfer (its seal/open calls timed one by one),`);
  console.log(' beside the same AEAD alone; "AEAD share" is the part of the transfer\'s wall time spent inside it (the rest: record layer, driver, socket, waiting). "-": an asynchronous AEAD, not timed');
  console.log(' "open() here" / "seal() here": the AEAD alone again, in the transfer\'s own process after its transfers (the same compiled code; the columns above run it in a fresh process)');
  table(['suite', 'puretls down', 'AEAD in transfer', 'open()', 'open() here', 'puretls/here', 'AEAD share', 'puretls up', 'AEAD in transfer', 'seal()', 'seal() here', 'puretls/here', 'AEAD share'], where);
  console.log(`\nMemory of the download process (MiB; the highest of the rounds' processes per client and suite; RSS/heap peaks sampled every 50 ms, maxRSS from resourceUsage)`);
  table(['suite', 'client', 'RSS before', 'peak RSS', 'maxRSS', 'peak heapUsed', 'peak arrayBuffers'], memory);
}

/**
 * Deadlines under load: CONCURRENT connects at once, each with timeout DEADLINE_MS, against a
 * node:tls server in this process (native crypto, so the client is the bottleneck). Goal: none
 * settles more than LATE_MS after its deadline, and the 100 ms interval keeps running.
 */
async function deadlineTable(): Promise<void> {
  const dir = pkiDir + 'p256/';
  const server = createTlsServer({ key: readFileSync(dir + 'leaf.key'), cert: readFileSync(dir + 'chain.pem'), minVersion: 'TLSv1.3' }, (s) => s.on('error', () => {}));
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', 1024, r));
  try {
    const port = (server.address() as AddressInfo).port;
    const rows: string[][] = [];
    // puretls only: node:tls has no handshake deadline to compare with.
    const r = await attempt({ mode: 'deadlines', client: 'puretls', port, alg: 'p256', count: CONCURRENT, warmup: WARMUP, deadlineMs: DEADLINE_MS, lateMs: LATE_MS });
    const d = r?.deadlines;
    if (d !== undefined) rows.push(['puretls', String(d.connected), String(d.timedOut), String(d.otherErrors), String(d.late), fmt(quantile(r!.times, 0.99), 0), `${d.intervalTicks} in ${fmt(d.elapsedMs / 1000, 1)} s`]);
    console.log(`\nDeadlines under load: ${CONCURRENT} concurrent connect({ timeout: ${DEADLINE_MS} }) against a node:tls server (ECDSA P-256)`);
    console.log(`(late: settled, connected or failed, more than ${LATE_MS} ms after the deadline; goal: 0)`);
    table(['client', 'connected', 'timed out', 'other errors', 'late', 'p99 settle ms', '100 ms interval ran'], rows);
  } finally {
    server.close();
  }
}

const pemChain = (path: string) => (readFileSync(fileURLToPath(new URL(path, import.meta.url)), 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map((b) => new Uint8Array(Buffer.from(b.replace(/-----[^-]+-----|\s+/g, ''), 'base64')));

/** Median ms and signature checks of verifyChain (no signature cache: every check is done). */
function timeVerify(chain: Uint8Array[], roots: TrustStore, runs: number): { ms: number; verifies: number } {
  let verifies = 0;
  const provider = { ...nobleProvider, verify: (...a: Parameters<typeof nobleProvider.verify>) => (verifies++, nobleProvider.verify(...a)) };
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    try {
      verifyChain(chain[0]!, { roots, intermediates: chain.slice(1), now: Date.UTC(2030, 0, 1), serverName: 'localhost', provider });
    } catch {
      // the worst-case chain is refused (after all its checks); that is the point
    }
    times.push(performance.now() - start);
  }
  return { ms: median(times), verifies: verifies / runs };
}

/** The chain a server can make most expensive (x509 worst-case.test.ts) beside a normal one. */
function chainTable(): void {
  const normalRoots = TrustStore.fromDer(pemChain('../../../fixtures/pki/good/rsa/root.pem'));
  const normal = timeVerify(pemChain('../../../fixtures/pki/good/rsa/chain.pem'), normalRoots, 20);
  const worst = timeVerify(pemChain('../../x509/test/fixtures/worst-case/chain.pem'), normalRoots, 3);
  console.log('\nverifyChain, ms (in process, no signature cache): a normal chain beside the most expensive one the limits allow');
  table(['chain', 'median ms', 'signature checks'], [
    ['RSA-2048 leaf + intermediate', fmt(normal.ms, 2), String(normal.verifies)],
    ['worst case: 15 cross-signed CAs, RSA-8192, e = 2^33-1', fmt(worst.ms, 1), String(worst.verifies)],
  ]);
}

/** Handshake reassembly: one ~240 KB Certificate flight in records of decreasing size (client CPU only). */
function reassemblyTable(): void {
  console.log('\nReassembly: the client processing one server flight with a ~240 KB Certificate, by record size (in process, no I/O, median of 9)');
  console.log('(the engine refuses a message spread over more records than Limits.minHandshakeBytesPerRecord allows)');
  table(['record size', 'records', 'outcome', 'client ms', 'vs full records'], reassemblyRows(9, fmt));
}

/** Untimed handshakes before the profiled ones: as many as the full-handshake table's steady batch has before it. */
const PROFILE_WARMUP = HANDSHAKE_WARMUP + HANDSHAKES / HANDSHAKE_ROUNDS + STEADY_WARMUP;

async function profiles(dir: string): Promise<void> {
  mkdirSync(profileDir, { recursive: true });
  const runs: { title: string; file: string; alg: 'p256' | 'rsa'; mode: Job['mode']; suite?: string; count: number }[] = [
    { title: `${HANDSHAKES} puretls handshakes after ${PROFILE_WARMUP} untimed, ECDSA P-256`, file: 'handshake-p256.cpuprofile', alg: 'p256', mode: 'handshake', count: HANDSHAKES },
    { title: `${HANDSHAKES} puretls handshakes after ${PROFILE_WARMUP} untimed, RSA-2048`, file: 'handshake-rsa.cpuprofile', alg: 'rsa', mode: 'handshake', count: HANDSHAKES },
    // A fresh process's first transfer (partly unoptimised: see BULK_WARMUP).
    { title: '64 MiB puretls download, TLS_AES_128_GCM_SHA256', file: 'bulk-aes128gcm.cpuprofile', alg: 'p256', mode: 'bulk', suite: SUITES[0], count: 1 },
    { title: '64 MiB puretls download, TLS_CHACHA20_POLY1305_SHA256', file: 'bulk-chacha20.cpuprofile', alg: 'p256', mode: 'bulk', suite: SUITES[2], count: 1 },
    { title: '64 MiB puretls upload, TLS_AES_128_GCM_SHA256', file: 'upload-aes128gcm.cpuprofile', alg: 'p256', mode: 'upload', suite: SUITES[0], count: 1 },
  ];
  for (const r of runs) {
    // Uploads go to the node:tls sink in this process, the rest to s_server.
    const server = r.mode === 'upload' ? await startSink(r.suite!, SIZE) : await startServer(r.alg, dir, r.suite);
    try {
      const file = join(profileDir, r.file);
      const res = await attempt({ mode: r.mode, client: 'puretls', port: server.port, alg: r.alg, count: r.count, warmup: r.mode === 'handshake' ? PROFILE_WARMUP : 0, profile: file });
      if (res !== undefined) printTopSelfTime(r.title, file);
      if (res !== undefined && r.mode === 'handshake') printTopTotalTime(`${r.title}, per handshake`, file, r.count);
    } finally {
      server.stop();
    }
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'puretls-bench-'));
  try {
    writeFileSync(join(dir, 'big.bin'), randomFillSync(Buffer.alloc(SIZE)));
    if (process.argv.includes('--profile')) return await profiles(dir);
    if (process.argv.includes('--chains')) return chainTable();
    if (process.argv.includes('--reassembly')) return reassemblyTable();
    console.log(`puretls vs node:tls ${process.versions.node} (OpenSSL ${process.versions.openssl}) against openssl s_server on 127.0.0.1`);
    if (!providerAvailable(provider)) return console.log(`--provider ${provider}: not available (packages/node/src/crypto/index.ts does not exist yet)`);
    console.log(`puretls crypto provider: ${provider}`);
    if (process.argv.includes('--deadlines')) return await deadlineTable();
    for (const only of ['idle', 'cold', 'concurrent'] as const) if (process.argv.includes(`--${only}`)) return await loadTables(provider, table, only);
    if (process.argv.includes('--load')) return await loadTables(provider, table);
    if (process.argv.includes('--bulk')) return await bulkTables(dir);
    if (process.argv.includes('--handshakes')) return await handshakeTable();
    if (process.argv.includes('--resume')) return await resumeTable();
    if (process.argv.includes('--groups')) {
      await groupsTable();
      return await node26GroupsTable({ attempt, table, rounds: HANDSHAKE_ROUNDS, handshakes: HANDSHAKES, warmup: HANDSHAKE_WARMUP });
    }
    if (process.argv.includes('--subtls')) return await subtlsTable(dir, table, { handshakes: HANDSHAKES, warmup: WARMUP, downloads: DOWNLOADS, size: SIZE });
    await handshakeTable();
    await resumeTable();
    chainTable();
    reassemblyTable();
    await bulkTables(dir);
    await loadTables(provider, table);
    await deadlineTable();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();

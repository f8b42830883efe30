// Connection-load jobs, one process each (forked by load.ts; job as JSON in argv[2], result over
// IPC); the cold job is cold_worker.mjs, on plain node:
//   idle: `count` connections opened (in batches) and kept idle; heap, ArrayBuffers and RSS per
//     connection after a full GC (the process runs with --expose-gc);
//   concurrent: `count` connects at once; handshakes/s and the event loop's p99 stall meanwhile.
import { readFileSync } from 'node:fs';
import type { Duplex } from 'node:stream';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { nodeTlsConnector } from './node_tls_client.mjs';

export type LoadClient = 'node:tls' | 'puretls';
export interface LoadJob { mode: 'idle' | 'cold' | 'concurrent'; client: LoadClient; port: number; count: number; provider?: 'noble' | 'node' | 'webcrypto'; pkiDir: string }
export interface LoadResult {
  idle?: { heapPerConn: number; arrayBuffersPerConn: number; rssPerConn: number; connected: number };
  concurrent?: { connected: number; failed: number; elapsedMs: number; p99StallMs: number; maxStallMs: number };
}

const job = JSON.parse(process.argv[2]!) as LoadJob;
const ca = readFileSync(job.pkiDir + 'p256/root.pem', 'utf8');

/** The job's client as one `connect` function, loaded now (puretls: with the job's provider). */
async function loadClient(): Promise<(timeoutMs?: number) => Promise<Duplex>> {
  const opts = { host: '127.0.0.1', port: job.port, servername: 'localhost', ca };
  if (job.client === 'node:tls') return nodeTlsConnector(opts);
  const { connect } = await import('../src/index.js');
  const { loadProvider } = await import('./provider.js');
  const engine = { crypto: await loadProvider(job.provider) };
  return (timeoutMs) => connect({ ...opts, engine, timeout: timeoutMs });
}

const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g === undefined) throw new Error('run with --expose-gc');
  g();
  g();
};

async function idle(): Promise<LoadResult> {
  const connect = await loadClient();
  // A few connections first, so that what every connection shares (modules, caches, the signature
  // cache, warmed curve tables) is in the baseline, not in the per-connection figure.
  for (const s of await Promise.all(Array.from({ length: 5 }, () => connect()))) s.destroy();
  await sleep(100);
  gc();
  const before = process.memoryUsage();
  const kept: Duplex[] = [];
  for (let i = 0; i < job.count; i += 50) kept.push(...(await Promise.all(Array.from({ length: Math.min(50, job.count - i) }, () => connect()))));
  for (const s of kept) s.resume(); // read what arrives (tickets) as an idle application would
  await sleep(300);
  gc();
  const after = process.memoryUsage();
  const n = kept.length;
  const result = { heapPerConn: (after.heapUsed - before.heapUsed) / n, arrayBuffersPerConn: (after.arrayBuffers - before.arrayBuffers) / n, rssPerConn: (after.rss - before.rss) / n, connected: n };
  for (const s of kept) s.destroy();
  return { idle: result };
}

async function concurrent(): Promise<LoadResult> {
  const connect = await loadClient();
  for (const s of await Promise.all(Array.from({ length: 5 }, () => connect()))) s.destroy();
  const h = monitorEventLoopDelay({ resolution: 10 });
  h.enable();
  let connected = 0;
  let failed = 0;
  const t0 = performance.now();
  await Promise.all(Array.from({ length: job.count }, async () => {
    try {
      const s = await connect(30_000);
      connected++;
      s.destroy();
    } catch {
      failed++;
    }
  }));
  const elapsedMs = performance.now() - t0;
  h.disable();
  return { concurrent: { connected, failed, elapsedMs, p99StallMs: h.percentile(99) / 1e6, maxStallMs: h.max / 1e6 } };
}

if (job.mode === 'cold') throw new Error('the cold job runs in cold_worker.mjs, on plain node');
const run = { idle, concurrent }[job.mode];
run().then(
  (r) => process.send!(r, () => process.exit(0)),
  (e: unknown) => {
    console.error(`load worker ${job.mode} ${job.client}: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`);
    process.exit(1);
  },
);

// The connection-load tables of `pnpm bench` (jobs in load_worker.ts, one fresh process each),
// puretls beside node:tls, against a node:tls server in this process (ECDSA P-256):
//   memory per idle connection (1,000 kept open), the cold first handshake (median of fresh
//   plain-node processes on the installed packages, cold_worker.mjs), handshakes/s for 1,000 concurrent connects with the event loop's p99 stall.
import { execFile, fork } from 'node:child_process';
import { copyFileSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { fileURLToPath } from 'node:url';
import type { LoadClient, LoadJob, LoadResult } from './load_worker.js';
import type { ProviderName } from './provider.js';
import { pkiDir } from './server.js';
import { packedProject } from '../test/shipping/packed.js';

const workerPath = fileURLToPath(new URL('./load_worker.ts', import.meta.url));
const CLIENTS: LoadClient[] = ['node:tls', 'puretls'];
const IDLE = 1000;
const CONCURRENT = 1000;
const COLD_RUNS = 5;

type Table = (head: string[], rows: string[][]) => void;

function runLoad(job: LoadJob, timeoutMs = 180_000): Promise<LoadResult | undefined> {
  return new Promise((resolve) => {
    const child = fork(workerPath, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv: [...process.execArgv, '--expose-gc'] });
    let result: LoadResult | undefined;
    const timer = setTimeout(() => { if (child.pid !== undefined) process.kill(child.pid); }, timeoutMs);
    child.on('message', (m) => { result = m as LoadResult; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result === undefined) console.error(`  ! ${job.mode} ${job.client} worker failed (${signal ?? `exit ${code}`})`);
      resolve(result);
    });
  });
}

/** What cold_worker.mjs prints. */
interface ColdResult { importMs: number; handshakeMs: number; sinceStartMs: number }

/**
 * The cold worker, copied into the project where the packed packages are installed
 * (test/shipping/packed.ts: built, packed and installed with npm once per source state), so that
 * the figure is plain node loading what npm users install, not the bench's tsx and loader hook
 * (which made loading ~150 ms).
 */
async function coldWorker(): Promise<string> {
  const { dir } = await packedProject();
  for (const f of ['cold_worker.mjs', 'node_tls_client.mjs']) copyFileSync(fileURLToPath(new URL(`./${f}`, import.meta.url)), join(dir, f));
  return join(dir, 'cold_worker.mjs');
}

/** One cold job in a fresh plain-node process; its result, or undefined (printed) if it failed. */
function runCold(file: string, job: LoadJob): Promise<ColdResult | undefined> {
  return new Promise((resolve) => {
    execFile(process.execPath, [file, JSON.stringify(job)], { cwd: dirname(file), timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err !== null) {
        console.error(`  ! cold ${job.client} worker failed (${err.message.split('\n')[0]}) ${stderr}`);
        resolve(undefined);
      } else resolve(JSON.parse(stdout.trim().split('\n').pop()!) as ColdResult);
    });
  });
}

/** A node:tls server with the P-256 fixture chain that answers nothing and keeps connections open. */
async function startTlsServer(): Promise<{ server: Server; port: number }> {
  const dir = pkiDir + 'p256/';
  const server = createServer({ key: readFileSync(dir + 'leaf.key'), cert: readFileSync(dir + 'chain.pem'), minVersion: 'TLSv1.3' }, (s) => { s.on('error', () => {}); s.resume(); });
  server.on('tlsClientError', () => {});
  server.maxConnections = 10_000;
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', 2048, r));
  return { server, port: (server.address() as AddressInfo).port };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const f = (x: number | undefined, d = 1) => (x === undefined || Number.isNaN(x) ? 'failed' : x.toFixed(d));
const kib = (x: number | undefined) => (x === undefined ? undefined : x / 1024);

/** The three load tables; `provider` is puretls's. */
export async function loadTables(provider: ProviderName, table: Table, only?: 'idle' | 'cold' | 'concurrent'): Promise<void> {
  const { server, port } = await startTlsServer();
  const job = (mode: LoadJob['mode'], client: LoadClient, count: number): LoadJob => ({ mode, client, port, count, provider, pkiDir });
  try {
    if (only === undefined || only === 'idle') {
      const rows: string[][] = [];
      for (const client of CLIENTS) {
        const r = (await runLoad(job('idle', client, IDLE)))?.idle;
        rows.push([client, String(r?.connected ?? 0), f(kib(r?.heapPerConn)), f(kib(r?.arrayBuffersPerConn)), f(kib(r === undefined ? undefined : r.heapPerConn + r.arrayBuffersPerConn)), f(kib(r?.rssPerConn))]);
      }
      console.log(`\nMemory per idle connection: ${IDLE} connections open and idle in one process, after a full GC (KiB per connection; puretls provider: ${provider})`);
      console.log('(node:tls keeps its TLS state in OpenSSL, outside the JS heap: compare RSS too)');
      table(['client', 'open', 'heap', 'ArrayBuffers', 'heap + ArrayBuffers', 'RSS'], rows);
    }
    if (only === undefined || only === 'cold') {
      const installed = await coldWorker();
      const rows: string[][] = [];
      for (const client of CLIENTS) {
        const runs: ColdResult[] = [];
        for (let i = 0; i < COLD_RUNS; i++) {
          const r = await runCold(installed, job('cold', client, 1));
          if (r !== undefined) runs.push(r);
        }
        rows.push([client, String(runs.length), f(median(runs.map((r) => r.handshakeMs))), f(median(runs.map((r) => r.importMs))), f(median(runs.map((r) => r.importMs + r.handshakeMs))), f(median(runs.map((r) => r.sinceStartMs)))]);
      }
      console.log(`\nCold first handshake: a fresh process's first verified handshake (ECDSA P-256), ms, median of ${COLD_RUNS} processes (puretls provider: ${provider})`);
      console.log('(plain node on the packed packages installed with npm, as a user runs them; the last column counts from the process start)');
      table(['client', 'runs', 'handshake', 'loading the client', 'both', 'process start to handshake'], rows);
    }
    if (only === undefined || only === 'concurrent') {
      const rows: string[][] = [];
      for (const client of CLIENTS) {
        const r = (await runLoad(job('concurrent', client, CONCURRENT)))?.concurrent;
        rows.push([client, String(r?.connected ?? 0), String(r?.failed ?? '-'), f(r === undefined ? undefined : r.connected / (r.elapsedMs / 1000), 0), f(r?.p99StallMs), f(r?.maxStallMs)]);
      }
      console.log(`\n${CONCURRENT} concurrent handshakes against a node:tls server in the parent process (ECDSA P-256; puretls provider: ${provider})`);
      console.log('(stall: event-loop delay in the client process while they run, perf_hooks.monitorEventLoopDelay)');
      table(['client', 'connected', 'failed', 'handshakes/s', 'p99 stall ms', 'max stall ms'], rows);
    }
  } finally {
    server.close();
    server.unref();
  }
}

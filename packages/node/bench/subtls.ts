// puretls beside subtls (0.5.0, a TLS 1.3 client on SubtleCrypto) in one run, against the same
// local `openssl s_server -WWW` with the ECDSA P-256 chain, limited to what subtls supports:
// P-256 ECDH and TLS_AES_128_GCM_SHA256. puretls runs with the WebCrypto provider (AES-GCM on
// crypto.subtle through the asynchronous lane) and with noble, both with a P-256 key share only.
// One forked process per measurement. `pnpm bench --subtls`.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startServer } from './server.js';
import type { Job, Result } from './worker.js';

const SUITE = 'TLS_AES_128_GCM_SHA256';
type Side = { label: string; worker: string; provider?: Job['provider'] };
const SIDES: Side[] = [
  { label: 'subtls 0.5.0', worker: fileURLToPath(new URL('./subtls_worker.ts', import.meta.url)) },
  { label: 'puretls, webcrypto provider', worker: fileURLToPath(new URL('./worker.ts', import.meta.url)), provider: 'webcrypto' },
  { label: 'puretls, noble provider', worker: fileURLToPath(new URL('./worker.ts', import.meta.url)), provider: 'noble' },
];

function run(worker: string, job: Job, timeoutMs = 300_000): Promise<Result | undefined> {
  return new Promise((resolve) => {
    const child = fork(worker, [JSON.stringify(job)], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    let result: Result | undefined;
    const timer = setTimeout(() => { if (child.pid !== undefined) process.kill(child.pid); }, timeoutMs);
    child.on('message', (m) => { result = m as Result; });
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (result === undefined) console.error(`  ! ${job.mode} with ${worker} failed (${signal ?? `exit ${code}`})`);
      resolve(result);
    });
  });
}

/**
 * Prints the handshake median and 64 MiB download rate of subtls and puretls side by side.
 *
 * @example
 * await subtlsTable(dirWithBigBin, table, { handshakes: 50, warmup: 5, downloads: 3, size: 64 * 2 ** 20 });
 */
export async function subtlsTable(
  dir: string,
  table: (head: string[], rows: string[][]) => void,
  n: { handshakes: number; warmup: number; downloads: number; size: number },
): Promise<void> {
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const server = await startServer('p256', dir, SUITE);
  const rows: { label: string; hs?: number; mbps?: number }[] = [];
  try {
    for (const side of SIDES) {
      const base = { client: 'puretls' as const, port: server.port, alg: 'p256' as const, p256: true, ...(side.provider ? { provider: side.provider } : {}) };
      const hs = await run(side.worker, { ...base, mode: 'handshake', count: n.handshakes, warmup: n.warmup });
      const dl = await run(side.worker, { ...base, mode: 'bulk', count: n.downloads, warmup: 1 });
      if (dl !== undefined && dl.bytes.some((b) => b < n.size)) console.error(`  ! ${side.label}: short download (${dl.bytes.join(', ')} bytes)`);
      rows.push({ label: side.label, hs: hs && median(hs.times), mbps: dl && median(dl.times.map((ms, i) => dl.bytes[i]! / 1e3 / ms)) });
    }
  } finally {
    server.stop();
  }
  const fmt = (x: number | undefined, d: number) => (x === undefined ? 'failed' : x.toFixed(d));
  const vs = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
  const sub = rows[0]!;
  console.log(`\npuretls beside subtls: ${SUITE}, P-256 ECDH, ECDSA P-256 chain verified, s_server -WWW on 127.0.0.1`);
  console.log(`(handshake: median of ${n.handshakes} after ${n.warmup} warm-up, TCP connect start to handshake complete; download: ${n.size / 2 ** 20} MiB, median of ${n.downloads} after 1 untimed, MB/s = 10^6 bytes/s)`);
  table(['client', 'handshake ms', 'vs subtls', 'download MB/s', 'vs subtls'], rows.map((r) => [r.label, fmt(r.hs, 2), vs(r.hs, sub.hs), fmt(r.mbps, 1), vs(r.mbps, sub.mbps)]));
}

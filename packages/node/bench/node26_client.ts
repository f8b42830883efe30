// Node 26's own `tls` client (OpenSSL 3.5, which offers X25519MLKEM768 by default) as a benchmark
// baseline for the hybrid, in a process of its own: `warmup` untimed then `count` timed full
// handshakes, TCP connect start -> 'secureConnect', each closed as the worker closes its own
// (close_notify both ways). Node 20's node:tls cannot negotiate the hybrid at all.
import { execFile } from 'node:child_process';
import type { Result } from './worker.js';

/** The client, run with `node26 -e`; argv: port, CA file, count, warmup. Prints one JSON line. */
const CLIENT = `
const tls = require('node:tls');
const fs = require('node:fs');
const [port, caFile, count, warmup] = process.argv.slice(1);
const ca = fs.readFileSync(caFile, 'utf8');
function one() {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const s = tls.connect({ host: '127.0.0.1', port: Number(port), servername: 'localhost', ca, minVersion: 'TLSv1.3' }, () => {
      const ms = performance.now() - t0;
      const info = { ms, suite: s.getCipher().standardName, group: s.getEphemeralKeyInfo().name };
      s.on('close', () => resolve(info));
      s.end();
      s.resume();
    });
    s.on('error', reject);
  });
}
(async () => {
  const times = [];
  let last;
  for (let i = 0; i < Number(warmup) + Number(count); i++) {
    last = await one();
    if (i >= Number(warmup)) times.push(last.ms);
  }
  console.log(JSON.stringify({ times, bytes: [], suite: last.suite, group: last.group }));
})().catch((e) => { console.error(e.message); process.exit(1); });
`;

/**
 * Runs `count` timed handshakes (after `warmup`) of Node 26's tls client against `port`.
 *
 * @example
 * const r = await node26Handshakes(node26, { port, caFile, count: 10, warmup: 20 });
 */
export function node26Handshakes(node26: string, job: { port: number; caFile: string; count: number; warmup: number }): Promise<Result> {
  return new Promise((resolve, reject) => {
    execFile(node26, ['-e', CLIENT, String(job.port), job.caFile, String(job.count), String(job.warmup)], { encoding: 'utf8', timeout: 150_000 }, (err, stdout, stderr) => {
      if (err !== null) return reject(new Error(`node26 client failed: ${err.message}\n${stderr}`));
      resolve(JSON.parse(stdout.trim().split('\n').pop() ?? '') as Result);
    });
  });
}

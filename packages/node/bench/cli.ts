// The CLI's own costs, measured on this machine (no assertions; the numbers are for reading).
//
//   tsx packages/node/bench/cli.ts [--bin PATH] [--runs N]      startup: `node PATH --help` beside `node -e 0`, and a
//                                                                 fresh process's first verified request: `node PATH get`
//                                                                 beside the same request by node:https in `node -e`
//   tsx packages/node/bench/cli.ts [--bin PATH] --download [MiB]  `get -o /dev/null` of N MiB (default 1024)
//                                                                 from a local https server: peak RSS, throughput
//
// PATH defaults to the dev launcher (bin/puretls.mjs, tsx); point it at the compiled dist/cli/bin.js
// to measure what users run. Both are started by plain `node`.
import { execFile, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/rsa/', import.meta.url));
const { values } = parseArgs({ options: { bin: { type: 'string' }, runs: { type: 'string' }, download: { type: 'boolean' } }, allowPositionals: true });
const bin = values.bin ?? fileURLToPath(new URL('../bin/puretls.mjs', import.meta.url));
const MiB = 1024 * 1024;

/** A local https server (the RSA fixture chain) answering every request with `body`; its port and a stop function. */
async function httpsServer(body: (res: import('node:http').ServerResponse) => void): Promise<{ port: number; close: () => void }> {
  const server = createServer({ key: readFileSync(`${pki}leaf.key`), cert: readFileSync(`${pki}chain.pem`) }, (_req, res) => body(res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

/** Wall time of one `node ...args` to its exit, in ms. */
function timeRun(args: readonly string[]): Promise<number> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    execFile(process.execPath, args, { encoding: 'utf8' }, (err) => (err !== null ? reject(err) : resolve(performance.now() - t0)));
  });
}

const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

async function startup(runs: number): Promise<void> {
  const bare: number[] = [];
  const help: number[] = [];
  await timeRun(['-e', '0']); // warm the file cache for both
  await timeRun([bin, '--help']);
  for (let i = 0; i < runs; i++) {
    bare.push(await timeRun(['-e', '0']));
    help.push(await timeRun([bin, '--help']));
  }
  const [b, h] = [median(bare), median(help)];
  console.log(`startup over ${runs} runs (median): node -e 0 ${b.toFixed(1)} ms; node ${bin} --help ${h.toFixed(1)} ms; difference ${(h - b).toFixed(1)} ms`);
  await firstRequest(runs);
}

/**
 * A fresh process's first verified request, start to exit: `puretls get` (loading the driver,
 * the cold handshake, one GET) beside node:https doing the same in `node -e`, against one local
 * https server, runs taking turns.
 */
async function firstRequest(runs: number): Promise<void> {
  const server = await httpsServer((res) => res.end('ok'));
  const url = `https://localhost:${server.port}/`;
  const nodeHttps = `require('https').get(${JSON.stringify(url)}, { ca: require('fs').readFileSync(${JSON.stringify(`${pki}root.pem`)}) }, (r) => { r.resume(); r.on('end', () => process.exit(r.statusCode === 200 ? 0 : 1)); }).on('error', () => process.exit(1));`;
  const ours = [bin, 'get', url, '--ca', `${pki}root.pem`, '-o', '/dev/null'];
  const puretls: number[] = [];
  const https: number[] = [];
  try {
    await timeRun(ours); // the file cache, for both
    await timeRun(['-e', nodeHttps]);
    for (let i = 0; i < runs; i++) {
      puretls.push(await timeRun(ours));
      https.push(await timeRun(['-e', nodeHttps]));
    }
  } finally {
    server.close();
  }
  const [p, n] = [median(puretls), median(https)];
  console.log(`first verified request over ${runs} runs (median, process start to exit): node -e (node:https) ${n.toFixed(1)} ms; node ${bin} get ${p.toFixed(1)} ms; difference ${(p - n).toFixed(1)} ms`);
}

/** VmHWM (peak resident set) of a live process in KiB, or undefined once it is gone. */
function peakKiB(pid: number): number | undefined {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m === null ? undefined : Number(m[1]);
  } catch {
    return undefined;
  }
}

async function download(mib: number): Promise<void> {
  const total = mib * MiB;
  const block = Buffer.alloc(64 * 1024, 0x61);
  const server = await httpsServer((res) => {
    res.writeHead(200, { 'content-length': String(total), 'content-type': 'application/octet-stream' });
    let sent = 0;
    // Honour the client's pace: write until the socket pushes back, resume on 'drain'.
    const pour = () => {
      while (sent < total) {
        const n = Math.min(block.length, total - sent);
        sent += n;
        if (!res.write(n === block.length ? block : block.subarray(0, n))) return void res.once('drain', pour);
      }
      res.end();
    };
    pour();
  });
  const port = server.port;
  const t0 = performance.now();
  const child = spawn(process.execPath, [bin, 'get', `https://localhost:${port}/`, '--ca', `${pki}root.pem`, '-o', '/dev/null', '-w', '%{size_download}'], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (d: Buffer) => { out += d.toString(); });
  let peak = 0;
  // VmHWM only grows: the last reading before the exit is the peak (to within one interval).
  const sampler = setInterval(() => { peak = Math.max(peak, peakKiB(child.pid!) ?? 0); }, 20);
  const code = await new Promise<number | null>((r) => child.once('close', r));
  clearInterval(sampler);
  const seconds = (performance.now() - t0) / 1000;
  server.close();
  console.log(`download of ${mib} MiB: exit ${code}, ${out} bytes, ${seconds.toFixed(2)} s, ${(mib / seconds).toFixed(1)} MiB/s, child peak RSS ${(peak / 1024).toFixed(1)} MiB`);
}

if (values.download === true) {
  const arg = process.argv.slice(2).find((a) => /^\d+$/.test(a));
  await download(arg === undefined ? 1024 : Number(arg));
} else {
  await startup(values.runs === undefined ? 20 : Number(values.runs));
}

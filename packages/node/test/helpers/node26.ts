// A Node 26 (OpenSSL 3.5: ML-KEM hybrids) `tls` server on 127.0.0.1 with a port the system
// chose, for the hybrid-group interop tests and `pnpm bench --groups`. The Node 26 binary comes
// from scripts/runtimes.mjs (installed from npm into ~/.cache/puretls/runtimes on first use).
// Readiness is the server's own `port <n>` line on stdout; it is stopped by PID.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { run } from '../runtimes/harness.js';
import { REPO_ROOT } from '../shipping/packed.js';
import { pki } from './openssl.js';

/** Installing Node 26 on first use downloads about 30 MB: minutes on a slow link. */
export const NODE26_INSTALL_TIMEOUT_MS = 300_000;

/**
 * The path of the Node 26 binary, installing it on first use.
 *
 * @example
 * const node26 = await node26Binary();
 */
export async function node26Binary(): Promise<string> {
  const got = await run(process.execPath, [join(REPO_ROOT, 'scripts/runtimes.mjs'), 'node26']);
  const binary = got.stdout.trim().split('\n').pop() ?? '';
  if (got.status !== 0 || binary === '') throw new Error(`scripts/runtimes.mjs node26 failed (${got.status}):\n${got.stderr}`);
  return binary;
}

/**
 * The server: TLS 1.3 only, `ecdhCurve` as given (OpenSSL's group list, so a client with none of
 * them fails), echoing what it receives. It prints `port <n>` once listening.
 */
const SERVER = `
const tls = require('node:tls');
const fs = require('node:fs');
const [ecdhCurve, certFile, chainFile, keyFile] = process.argv.slice(1);
const server = tls.createServer({
  cert: fs.readFileSync(certFile, 'utf8') + fs.readFileSync(chainFile, 'utf8'),
  key: fs.readFileSync(keyFile),
  minVersion: 'TLSv1.3',
  ecdhCurve,
}, (socket) => { socket.on('error', () => {}); socket.pipe(socket); });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

/** A running Node 26 server. */
export interface Node26Server {
  readonly port: number;
  /** Stops the server by PID; resolves once it has exited. */
  stop(): Promise<void>;
}

/**
 * Starts a Node 26 echo server with the good `alg` fixture chain and the given `ecdhCurve`.
 *
 * @example
 * const srv = await startNode26Server(await node26Binary(), 'X25519MLKEM768');
 * await srv.stop();
 */
export async function startNode26Server(node26: string, ecdhCurve: string, alg: 'p256' | 'rsa' = 'p256'): Promise<Node26Server> {
  const files = ['leaf.pem', 'intermediate.pem', 'leaf.key'].map((f) => `${pki}good/${alg}/${f}`);
  const proc = spawn(node26, ['-e', SERVER, ecdhCurve, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  proc.stderr.setEncoding('utf8').on('data', (d: string) => { if (stderr.length < 8192) stderr += d; });
  const port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`node26 server (${ecdhCurve}) exited (${code}) before listening:\n${stderr}`)));
    createInterface({ input: proc.stdout }).on('line', (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m !== null) resolve(Number(m[1]));
    });
  });
  return {
    port,
    stop: async () => {
      if (proc.exitCode !== null || proc.signalCode !== null || proc.pid === undefined) return;
      const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
      process.kill(proc.pid);
      await exited;
    },
  };
}

/** A Node 26 `tls.connect` client: connects, prints `getEphemeralKeyInfo()` as JSON, closes. */
const KEY_INFO_CLIENT = `
const tls = require('node:tls');
const [port, ecdhCurve] = process.argv.slice(1);
const s = tls.connect({ host: '127.0.0.1', port: Number(port), rejectUnauthorized: false, ecdhCurve }, () => {
  console.log(JSON.stringify(s.getEphemeralKeyInfo()));
  s.destroy();
});
s.on('error', (e) => { console.error(e.message); process.exit(1); });
`;

/**
 * What Node 26's own `tls` client reports as `getEphemeralKeyInfo()` against `port`, offering the
 * groups of `ecdhCurve` (OpenSSL's list syntax).
 *
 * @example
 * await node26KeyInfo(node26, srv.port, 'X25519MLKEM768'); // { type: 'TLSGroup', name: 'X25519MLKEM768' }
 */
export async function node26KeyInfo(node26: string, port: number, ecdhCurve: string): Promise<unknown> {
  const got = await run(node26, ['-e', KEY_INFO_CLIENT, String(port), ecdhCurve]);
  if (got.status !== 0) throw new Error(`node26 client failed (${got.status}):\n${got.stderr}`);
  return JSON.parse(got.stdout.trim().split('\n').pop() ?? 'null') as unknown;
}

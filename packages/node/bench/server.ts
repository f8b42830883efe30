// `openssl s_server -WWW` on 127.0.0.1 with a free port, for the benchmark. Readiness is read from
// its output ("ACCEPT"), never probed; it is stopped by PID. `-WWW` serves files from its cwd, so
// a GET of /big.bin makes it send the file, then close_notify, then close.
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/** The fixture PKI: `<alg>/leaf.pem`, `leaf.key`, `intermediate.pem`, `root.pem`. */
export const pkiDir = fileURLToPath(new URL('../../../fixtures/pki/good/', import.meta.url));

export interface Server {
  port: number;
  stop: () => void;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** Starts s_server with the `alg` fixture chain, serving `cwd`; `suite` restricts -ciphersuites. */
export async function startServer(alg: 'p256' | 'rsa', cwd: string, suite?: string): Promise<Server> {
  const port = await freePort();
  const dir = pkiDir + alg + '/';
  const args = ['s_server', '-accept', `127.0.0.1:${port}`, '-tls1_3', '-WWW',
    '-cert', dir + 'leaf.pem', '-key', dir + 'leaf.key', '-cert_chain', dir + 'intermediate.pem',
    ...(suite === undefined ? [] : ['-ciphersuites', suite])];
  const proc = spawn('openssl', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    // Keep draining both pipes for the server's whole life, so that it never blocks on a write.
    proc.stdout.on('data', (d: Buffer) => {
      if (out.length < 4096) out += d.toString();
      if (out.includes('ACCEPT')) resolve();
    });
    proc.stderr.on('data', (d: Buffer) => { if (out.length < 4096) out += d.toString(); });
    proc.once('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
    proc.once('error', reject);
  });
  return { port, stop: () => { if (proc.pid !== undefined && proc.exitCode === null) process.kill(proc.pid); } };
}

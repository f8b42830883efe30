// Starts `openssl s_server` on 127.0.0.1 with a free port; readiness is read from its output
// ("ACCEPT"), never probed; it is stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const fixtures = fileURLToPath(new URL('../../../../fixtures/pki/', import.meta.url));

/** A free loopback port: bind port 0, read it, release it. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

export interface RunningServer {
  port: number;
  proc: ChildProcess;
  output: () => string;
  stop: () => void;
}

/** Runs s_server with `args` (plus -accept/-cert/-key) and waits for it to say ACCEPT. */
export async function startOpenSsl(args: string[], alg = 'p256'): Promise<RunningServer> {
  const port = await freePort();
  const dir = fixtures + 'good/' + alg + '/';
  const proc = spawn('openssl', ['s_server', '-accept', `127.0.0.1:${port}`, '-cert', dir + 'leaf.pem', '-key', dir + 'leaf.key', '-cert_chain', dir + 'intermediate.pem', ...args], { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    const onData = (d: Buffer) => {
      out += d.toString();
      if (out.includes('ACCEPT')) resolve();
    };
    proc.stdout!.on('data', onData);
    proc.stderr!.on('data', (d: Buffer) => { out += d.toString(); });
    proc.on('exit', (code) => reject(new Error(`openssl s_server exited (${code}): ${out}`)));
  });
  return { port, proc, output: () => out, stop: () => { if (proc.pid !== undefined && proc.exitCode === null) process.kill(proc.pid); } };
}

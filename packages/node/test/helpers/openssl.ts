// `openssl s_server -tls1_3` for the @puretls/node interop and CLI tests: a free loopback port
// each, readiness read from the server's own output ("ACCEPT"), never probed and never slept for;
// stdin kept open (s_server quits on stdin EOF, and reads its k / K / q / Q commands and the lines
// it sends to the client from there); stopped by PID.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** fixtures/pki/ with a trailing slash. */
export const pki = fileURLToPath(new URL('../../../../fixtures/pki/', import.meta.url));

/** The good fixture chains (3 levels: root, intermediate, leaf), by key algorithm. */
export const goodAlgs = ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519'] as const;
export type GoodAlg = (typeof goodAlgs)[number];

/** Text of a fixture file under fixtures/pki/good/<alg>/. */
export function goodFile(alg: GoodAlg, file: string): string {
  return readFileSync(`${pki}good/${alg}/${file}`, 'utf8');
}

/** A free loopback port: bind port 0, read it, release it. */
export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', resolve);
  });
  const port = (srv.address() as { port: number }).port;
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

/** The server's certificate: a good fixture by name, or explicit files. */
export type ServerCert = GoodAlg | { cert: string; key: string; chain?: string };

export interface OpenSslServer {
  port: number;
  proc: ChildProcess;
  /** Everything the server printed so far (stdout and stderr, interleaved as received). */
  output: () => string;
  /** Writes to the server's stdin (which stays open until stop()). */
  send: (text: string) => void;
  /**
   * Resolves once the output after `from` (default: everything) contains `text`; rejects if the
   * server exits first or after `ms` (a guard for a useful message, not a timing assertion).
   */
  waitForOutput: (text: string, opts?: { from?: number; ms?: number }) => Promise<void>;
  /** Resolves with the exit code once the process has exited and its output is all read. */
  exited: Promise<number | null>;
  /** Kills the process by PID (if still running) and waits for it to exit. */
  stop: () => Promise<void>;
}

/** Every server started and not yet stopped, for a last-resort cleanup. */
const running = new Set<OpenSslServer>();

/** Stops every server this module started that is still running. */
export async function stopAllOpenSsl(): Promise<void> {
  await Promise.all([...running].map((s) => s.stop()));
}

/**
 * Starts `openssl s_server -tls1_3` on 127.0.0.1 with a free port, the given certificate and
 * `args`, and resolves once it printed ACCEPT.
 *
 * @example
 * const srv = await startOpenSsl(['-www', '-ciphersuites', 'TLS_AES_128_GCM_SHA256'], 'p256');
 */
export async function startOpenSsl(args: readonly string[], cert: ServerCert = 'p256'): Promise<OpenSslServer> {
  // The free port can be taken by someone else before s_server binds it: then try another.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(args, cert);
    } catch (e) {
      if (attempt >= 3 || !/in use/i.test((e as Error).message)) throw e;
    }
  }
}

async function startOnce(args: readonly string[], cert: ServerCert): Promise<OpenSslServer> {
  const port = await freePort();
  const files = typeof cert === 'string' ? { cert: `${pki}good/${cert}/leaf.pem`, key: `${pki}good/${cert}/leaf.key`, chain: `${pki}good/${cert}/intermediate.pem` } : cert;
  const argv = ['s_server', '-accept', `127.0.0.1:${port}`, '-tls1_3', '-cert', files.cert, '-key', files.key, ...(files.chain !== undefined ? ['-cert_chain', files.chain] : []), ...args];
  const proc = spawn('openssl', argv, { stdio: ['pipe', 'pipe', 'pipe'] });
  let out = '';
  const watchers = new Set<() => void>();
  const onOutput = (d: Buffer) => {
    out += d.toString('latin1');
    for (const w of [...watchers]) w();
  };
  proc.stdout!.on('data', onOutput);
  proc.stderr!.on('data', onOutput);
  proc.stdin!.on('error', () => {}); // EPIPE once the server has gone
  // 'close', not 'exit': by then all of its output has been read.
  let closed = false;
  const exited = new Promise<number | null>((resolve) => {
    proc.once('close', (code) => {
      closed = true;
      for (const w of [...watchers]) w();
      resolve(code);
    });
    // Not started at all (no openssl binary): no 'close' may follow.
    proc.once('error', () => {
      if (proc.pid === undefined) {
        closed = true;
        resolve(null);
      }
    });
  });

  const waitForOutput = (text: string, opts: { from?: number; ms?: number } = {}): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      const from = opts.from ?? 0;
      let timer: NodeJS.Timeout | undefined;
      const check = () => {
        if (out.indexOf(text, from) >= 0) {
          finish();
          resolve();
        } else if (closed) {
          finish();
          reject(new Error(`openssl s_server exited (${proc.exitCode ?? proc.signalCode}) before printing ${JSON.stringify(text)}; output:\n${out}`));
        }
      };
      const finish = () => {
        watchers.delete(check);
        clearTimeout(timer);
      };
      timer = setTimeout(() => {
        finish();
        reject(new Error(`openssl s_server did not print ${JSON.stringify(text)} within ${opts.ms ?? 15000} ms; output:\n${out}`));
      }, opts.ms ?? 15000);
      watchers.add(check);
      check();
    });

  const server: OpenSslServer = {
    port,
    proc,
    output: () => out,
    send: (text) => {
      proc.stdin!.write(text);
    },
    waitForOutput,
    exited,
    stop: async () => {
      running.delete(server);
      if (proc.pid !== undefined && proc.exitCode === null && proc.signalCode === null) process.kill(proc.pid, 'SIGTERM');
      await exited;
    },
  };
  running.add(server);
  const spawnFailed = new Promise<never>((_, reject) => proc.once('error', (e) => reject(e)));
  try {
    await Promise.race([waitForOutput('ACCEPT'), spawnFailed]);
  } catch (e) {
    await server.stop();
    throw e;
  }
  return server;
}

/** A temporary directory, removed by `remove()`. */
export function opensslTempDir(prefix = 'puretls-openssl-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** The PEM certificates of a file, in order. */
export function pemBlocks(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}

/** DER bytes of a PEM certificate block. */
export function pemToDer(pem: string): Buffer {
  return Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
}

/**
 * Splits a chain file (leaf first) into s_server's -cert (the leaf) and -cert_chain (the rest,
 * if any), written to `dir`.
 */
export function splitChain(chainPem: string, key: string, dir: string, name: string): { cert: string; key: string; chain?: string } {
  const [leaf, ...rest] = pemBlocks(chainPem);
  if (leaf === undefined) throw new Error(`${name}: no certificate in the chain file`);
  const cert = join(dir, `${name}-leaf.pem`);
  writeFileSync(cert, leaf);
  if (rest.length === 0) return { cert, key };
  const chain = join(dir, `${name}-rest.pem`);
  writeFileSync(chain, rest.join(''));
  return { cert, key, chain };
}

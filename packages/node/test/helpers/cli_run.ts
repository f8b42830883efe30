// Runs the `puretls` CLI as a child process through the dev launcher (bin/puretls.mjs, tsx), as
// users run it: argv, environment, stdin; the result is the exit status and both outputs.
import { execFile, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const repo = fileURLToPath(new URL('../../../../', import.meta.url));
export const bin = fileURLToPath(new URL('../../bin/puretls.mjs', import.meta.url));
/** The fixture PKI the https test servers use (leaf SAN: localhost, 127.0.0.1, ::1). */
export const rsaDir = `${repo}fixtures/pki/good/rsa/`;
export const rsaRoot = `${rsaDir}root.pem`;

export interface CliResult { status: number; stdout: string; stderr: string; stdoutBytes: Buffer }

/** Runs the CLI to completion (killed after 25 s: a hang fails the test with its output). */
export function runCli(args: readonly string[], opts: { env?: Record<string, string>; input?: string } = {}): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = execFile(process.execPath, [bin, ...args], { cwd: repo, timeout: 25_000, encoding: 'buffer', maxBuffer: 64 * 1024 * 1024, env: { ...process.env, SSLKEYLOGFILE: '', ...opts.env } }, (err, stdout, stderr) => {
      const out = { stdout: stdout.toString('utf8'), stderr: stderr.toString('utf8'), stdoutBytes: stdout };
      if (err === null) return resolve({ status: 0, ...out });
      const e = err as Error & { code?: unknown; signal?: string | null };
      if (typeof e.code === 'number') return resolve({ status: e.code, ...out });
      reject(new Error(`puretls ${args.join(' ')} did not exit normally (${e.signal ?? String(e.code)}); stderr:\n${out.stderr}`));
    });
    if (opts.input !== undefined) child.stdin?.end(opts.input);
    else child.stdin?.end();
  });
}

/** Non-empty lines. */
export const lines = (text: string): string[] => text.split('\n').filter((l) => l !== '');

/** Spawns the CLI with piped stdio, for `connect` sessions. */
export function startCli(args: readonly string[], env: Record<string, string> = {}) {
  const child = spawn(process.execPath, [bin, ...args], { cwd: repo, stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, SSLKEYLOGFILE: '', ...env } });
  let stdout = '';
  let stderr = '';
  const ticks = new Set<() => void>();
  child.stdout.on('data', (d: Buffer) => { stdout += d.toString(); ticks.forEach((f) => f()); });
  child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
  child.stdin.on('error', () => {});
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const killer = setTimeout(() => child.kill(), 25_000); // a hang fails the test, with its output
  void exited.then(() => clearTimeout(killer));
  return {
    child,
    exited,
    stdout: () => stdout,
    stderr: () => stderr,
    /** Resolves once stdout contains `text`; rejects if the CLI exits first. */
    waitForStdout: (text: string) => new Promise<void>((resolve, reject) => {
      const check = () => { if (stdout.includes(text)) { ticks.delete(check); resolve(); } };
      ticks.add(check);
      void exited.then(() => { ticks.delete(check); if (!stdout.includes(text)) reject(new Error(`puretls exited before printing ${JSON.stringify(text)}; stderr: ${stderr}`)); });
      check();
    }),
    stop: () => { clearTimeout(killer); if (child.exitCode === null && child.signalCode === null) child.kill(); },
  };
}

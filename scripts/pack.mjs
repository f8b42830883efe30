#!/usr/bin/env node
// Builds the packages and packs each into a tarball as npm users get it (`pnpm pack`: publishConfig
// applied, workspace:^ dependencies turned into real version ranges), then prints each tarball's
// size. `pnpm pack:all [--out DIR]` (default: ./packs).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');

/**
 * Builds and packs every package into `outDir`; the tarballs' paths and sizes, in dependency order.
 *
 * @example
 * const tarballs = packAll('/tmp/packs'); // [{ name: '@puretls/core', file: '/tmp/packs/puretls-core-0.2.0.tgz', bytes: 123456 }, ...]
 */
export function packAll(outDir) {
  execFileSync(process.execPath, [join(root, 'scripts/build.mjs')], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  const PACKAGES = ['core', 'x509', 'node', 'web'];
  const out = [];
  for (const p of PACKAGES) {
    const dir = join(root, 'packages', p);
    try { statSync(join(dir, 'tsconfig.build.json')); } catch { continue; }
    const before = new Set(readdirSync(outDir));
    execFileSync('npx', ['-y', 'pnpm@10', 'pack', '--pack-destination', outDir], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
    const file = readdirSync(outDir).find((f) => !before.has(f));
    if (file === undefined) throw new Error(`pnpm pack wrote nothing for packages/${p}`);
    out.push({ name: `@puretls/${p}`, file: join(outDir, file), bytes: statSync(join(outDir, file)).size });
  }
  return out;
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const i = process.argv.indexOf('--out');
  const outDir = resolve(i > 0 ? process.argv[i + 1] : join(root, 'packs'));
  for (const t of packAll(outDir)) console.log(`${t.name.padEnd(16)} ${(t.bytes / 1024).toFixed(1).padStart(7)} KiB  ${t.file}`);
}

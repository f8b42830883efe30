#!/usr/bin/env node
// Builds every package into its dist/: the .d.ts and declaration maps with tsc (one package after
// another: each one's build reads the .d.ts of the packages it depends on, through the `paths` of
// its tsconfig.build.json), and the JavaScript with esbuild, one ESM bundle per entry point (each
// `publishConfig` export and bin), modules shared by entry points in dist/chunks/, other packages
// (but INLINED's) and Node's modules left as imports. Loading ~250 files cost a fresh process
// most of its first request: plain node imported the installed @puretls/node in 185-204 ms as
// separate files, 95-105 ms bundled. `pnpm build`; `--clean` only removes the dist folders.
import { chmodSync, existsSync, readFileSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Dependency order: a package's dependencies come before it. */
export const PACKAGES = ['core', 'x509', 'node', 'web'].filter((p) => existsSync(join(root, 'packages', p, 'tsconfig.build.json')));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

/**
 * Dependencies bundled into a package instead of imported. tldts (the Public Suffix List, its
 * version pinned) ships CommonJS for Node (its ESM build is for bundlers: no `exports`,
 * extensionless imports), and importing 140 KB of CommonJS from ESM (cjs-module-lexer, then the
 * wrapper) took 30-35 ms of every fresh process's start; bundled from its ESM build, 9-14 ms.
 * Their licences are in the package's THIRD_PARTY_NOTICES.
 */
const INLINED = { x509: ['tldts', 'tldts-core'] };

/** An esbuild plugin: every bare import (other packages, `node:`) stays an import, except `inline`'s. */
function keepImports(inline) {
  const inlined = (path) => inline.some((d) => path === d || path.startsWith(`${d}/`));
  return { name: 'keep-imports', setup: (b) => b.onResolve({ filter: /^[^./]/ }, (a) => (inlined(a.path) ? undefined : { path: a.path, external: true })) };
}

/**
 * The package's entry points (its `publishConfig` exports and bins, ./dist/x.js for src/x.ts)
 * bundled into dist/ with source maps; the bins keep their shebang (esbuild keeps an entry's).
 * Shared modules go to dist/chunks/, one level below dist/ as every entry but the index is, so
 * a module's `new URL('../../package.json', import.meta.url)` finds the package's either way.
 */
async function bundle(p) {
  const dir = join(root, 'packages', p);
  const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  const targets = [
    ...Object.values(pkg.publishConfig.exports).flatMap((e) => (typeof e === 'object' ? [e.default] : [])),
    ...Object.values(pkg.publishConfig.bin ?? {}),
  ];
  const entryPoints = targets.map((t) => join(dir, t.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts')));
  await build({
    entryPoints,
    outdir: join(dir, 'dist'),
    outbase: join(dir, 'src'),
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: p === 'node' ? 'node' : 'neutral', // the web package's relay imports node: modules, kept as imports
    target: 'es2022',
    plugins: [keepImports(INLINED[p] ?? [])],
    mainFields: ['module', 'main'], // an inlined package's ESM build
    sourcemap: true,
    sourcesContent: false, // the sources ship beside dist/ (src/), where the maps point
    chunkNames: 'chunks/[name]-[hash]',
    logLevel: 'warning',
  });
}

for (const p of PACKAGES) rmSync(join(root, 'packages', p, 'dist'), { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  for (const p of PACKAGES) {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'packages', p, 'tsconfig.build.json'), '--emitDeclarationOnly', '--sourceMap', 'false'], { stdio: 'inherit' });
    await bundle(p);
  }
  for (const bin of ['packages/node/dist/cli/bin.js', 'packages/web/dist/relay/cli.js']) if (existsSync(join(root, bin))) chmodSync(join(root, bin), 0o755);
  console.log(`built ${PACKAGES.map((p) => `packages/${p}/dist`).join(', ')}`);
}

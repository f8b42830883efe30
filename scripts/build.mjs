#!/usr/bin/env node
// Builds every package to ESM JavaScript plus .d.ts and declaration maps in its dist/ (tsc, one
// package after another: each one's build reads the .d.ts of the packages it depends on, through
// the `paths` of its tsconfig.build.json). `pnpm build`; `--clean` only removes the dist folders.
import { chmodSync, existsSync, rmSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
/** Dependency order: a package's dependencies come before it. */
export const PACKAGES = ['core', 'x509', 'node', 'web'].filter((p) => existsSync(join(root, 'packages', p, 'tsconfig.build.json')));
const tsc = join(dirname(createRequire(import.meta.url).resolve('typescript/package.json')), 'bin', 'tsc');

for (const p of PACKAGES) rmSync(join(root, 'packages', p, 'dist'), { recursive: true, force: true });
if (!process.argv.includes('--clean')) {
  for (const p of PACKAGES) {
    execFileSync(process.execPath, [tsc, '-p', join(root, 'packages', p, 'tsconfig.build.json')], { stdio: 'inherit' });
  }
  for (const bin of ['packages/node/dist/cli/bin.js', 'packages/web/dist/relay/cli.js']) if (existsSync(join(root, bin))) chmodSync(join(root, bin), 0o755);
  console.log(`built ${PACKAGES.map((p) => `packages/${p}/dist`).join(', ')}`);
}

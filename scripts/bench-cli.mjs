#!/usr/bin/env node
// The CLI as users run it, measured: packs the tarballs, installs them with npm into a scratch
// folder, then runs packages/node/bench/cli.ts against the installed `puretls` bin (compiled
// JavaScript on plain node). `pnpm bench:cli` (startup: `--help` beside `node -e 0`) and
// `pnpm bench:cli --download [MiB]` (peak RSS and throughput of `get -o /dev/null`).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { packAll } from './pack.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const scratch = mkdtempSync(join(tmpdir(), 'puretls-bench-cli-'));
try {
  const tarballs = packAll(join(scratch, 'tarballs'));
  execFileSync('npm', ['install', '--prefix', scratch, '--no-audit', '--no-fund', '--loglevel=error', ...tarballs.map((t) => t.file)], { stdio: ['ignore', 'ignore', 'inherit'] });
  const bin = join(scratch, 'node_modules/.bin/puretls');
  execFileSync(join(root, 'node_modules/.bin/tsx'), [join(root, 'packages/node/bench/cli.ts'), '--bin', bin, ...process.argv.slice(2)], { stdio: 'inherit' });
} finally {
  rmSync(scratch, { recursive: true, force: true });
}

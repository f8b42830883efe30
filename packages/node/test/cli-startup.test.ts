// `puretls --help`, `help` and `--version` must start fast: main.ts's static imports (followed
// through the CLI's own modules) reach no engine, verifier or socket module; those are loaded by
// `await import()` only for get and connect. Checked from the import statements (no timing), as
// core's layers test checks its strata.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const cliDir = fileURLToPath(new URL('../src/cli/', import.meta.url));

/** Value (not type-only) static imports of a module, as written. */
function staticImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/^import\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1]!).concat([...text.matchAll(/^export\s+(?!type\b)[^;]*?from\s+'([^']+)';/gms)].map((m) => m[1]!));
}

/** Every module main.ts loads before it knows the command, relative ones resolved to files. */
function closure(entry: string): Set<string> {
  const seen = new Set<string>();
  const todo = [entry];
  while (todo.length > 0) {
    const file = todo.pop()!;
    if (seen.has(file)) continue;
    seen.add(file);
    for (const spec of staticImports(file)) {
      if (spec.startsWith('.')) todo.push(resolve(dirname(file), spec.replace(/\.js$/, '.ts')));
      else seen.add(spec);
    }
  }
  return seen;
}

describe('the CLI starts light', () => {
  it('main.ts statically loads only node builtins and light CLI modules', () => {
    const loaded = [...closure(`${cliDir}main.ts`)];
    const packages = loaded.filter((m) => !m.startsWith('/'));
    expect(packages.every((m) => m.startsWith('node:'))).toBe(true);
    const files = loaded.filter((m) => m.startsWith('/')).map((f) => f.slice(cliDir.length));
    expect(files.every((f) => !f.startsWith('..'))).toBe(true); // nothing from src/ outside cli/
    for (const heavy of ['get.ts', 'connect_cmd.ts', 'dial.ts', 'report.ts']) expect(files).not.toContain(heavy);
  });

  it('the heavy modules are reached only through await import()', () => {
    const main = readFileSync(`${cliDir}main.ts`, 'utf8');
    expect(main).toContain("await import('./get.js')");
    expect(main).toContain("await import('./connect_cmd.js')");
    expect(closure(`${cliDir}get.ts`)).toContain(`${cliDir.replace(/cli\/$/, '')}tls_socket.ts`);
  });

  it('bin.ts is the entry: a shebang, then main(argv) as the exit status', () => {
    const bin = readFileSync(`${cliDir}bin.ts`, 'utf8');
    expect(bin.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(bin).toContain('process.exitCode = await main(process.argv.slice(2));');
  });
});

#!/usr/bin/env node
// API documentation for the public surface (TypeDoc, HTML in docs/api): `pnpm docs`.
// `--check` builds nothing; it lists every exported declaration and member without a doc comment
// and exits 1 if there is one.
//
// TypeDoc reads sources with the TypeScript compiler API, which TypeScript 7 (our compiler) does not
// have; so TypeDoc and a TypeScript 5.9 for it are installed with npm into a cache folder of their
// own, pinned, on first use.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const TOOLS = { typedoc: '0.28.20', typescript: '5.9.3' };
const cache = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'puretls', `docs-tools-${TOOLS.typedoc}-${TOOLS.typescript}`);
const typedoc = join(cache, 'node_modules/typedoc/bin/typedoc');

function ensureTools() {
  if (existsSync(typedoc)) return;
  mkdirSync(cache, { recursive: true });
  execFileSync('npm', ['install', '--prefix', cache, '--no-audit', '--no-fund', '--loglevel=error', ...Object.entries(TOOLS).map(([n, v]) => `${n}@${v}`)], { stdio: 'inherit' });
}

/** Kinds TypeDoc uses (ReflectionKind): the ones that must carry a comment. */
const KIND = { 8: 'enum', 16: 'enum member', 32: 'variable', 64: 'function', 128: 'class', 256: 'interface', 1024: 'property', 2048: 'method', 262144: 'accessor', 2097152: 'type alias' };

/** Declarations and members without a doc comment in TypeDoc's JSON model. */
function undocumented(model) {
  const missing = [];
  const hasComment = (r) => r.comment !== undefined || (r.signatures ?? []).some((s) => s.comment !== undefined) || r.getSignature?.comment !== undefined || r.setSignature?.comment !== undefined;
  const walk = (r, path) => {
    const here = path === '' ? r.name : `${path}.${r.name}`;
    // Inherited members are documented where they are declared; `name` on an Error subclass only
    // renames it; external declarations (node's, the DOM's) are not ours.
    const skip = r.inheritedFrom !== undefined || r.flags?.isExternal || (r.kind === 1024 && r.name === 'name' && r.flags?.isReadonly !== true && r.overwrites !== undefined);
    if (KIND[r.kind] !== undefined && !skip && !hasComment(r)) missing.push(`${here} (${KIND[r.kind]})`);
    for (const c of r.children ?? []) walk(c, r.kind === 1 ? '' : here);
  };
  walk(model, '');
  return missing;
}

ensureTools();
const check = process.argv.includes('--check');
if (check) {
  const out = join(tmpdir(), `puretls-api-${process.pid}.json`);
  execFileSync(process.execPath, [typedoc, '--json', out, '--logLevel', 'Error'], { cwd: root, stdio: 'inherit' });
  const missing = undocumented(JSON.parse(readFileSync(out, 'utf8')));
  rmSync(out, { force: true });
  for (const m of missing) console.log(`undocumented: ${m}`);
  console.log(`${missing.length} undocumented exported declarations and members`);
  process.exitCode = missing.length === 0 ? 0 : 1;
} else {
  execFileSync(process.execPath, [typedoc], { cwd: root, stdio: 'inherit' });
}

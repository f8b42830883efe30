// The resolve hook of built.mjs: a module under packages/<name>/src/ (an import of '../src/x.js',
// or of @puretls/<name>, whose workspace exports name the sources) becomes its build in
// packages/<name>/dist/. Missing builds fail loudly: bench.ts builds first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = /^(file:\/\/.*\/packages\/(?:core|x509|node|web))\/src\/(.*)\.(?:ts|js)$/;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const m = SOURCE.exec(resolved.url);
  if (m === null) return resolved;
  const url = `${m[1]}/dist/${m[2]}.js`;
  if (!existsSync(fileURLToPath(url))) throw new Error(`${url} is not built: run pnpm build (pnpm bench does)`);
  return { url, format: 'module', shortCircuit: true };
}

/** A build is plain JavaScript: loaded as it is, never through tsx's transform (whose keepNames the shipped code lacks). */
export async function load(url, context, next) {
  if (!/\/packages\/(?:core|x509|node|web)\/dist\//.test(url)) return next(url, context);
  return { format: 'module', source: readFileSync(fileURLToPath(url), 'utf8'), shortCircuit: true };
}

// The resolve hook of built.mjs: an entry point under packages/<name>/src/ (an import of
// '../src/index.js', or of @puretls/<name>, whose workspace exports name the sources) becomes its
// bundle in packages/<name>/dist/. A module that is no entry point (a test helper's import of an
// internal module) has no file of its own in dist/ and stays the source. A package with no build
// at all fails loudly: pnpm bench builds first.
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const SOURCE = /^(file:\/\/.*\/packages\/(?:core|x509|node|web))\/src\/(.*)\.(?:ts|js)$/;

export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  const m = SOURCE.exec(resolved.url);
  if (m === null) return resolved;
  if (!existsSync(fileURLToPath(`${m[1]}/dist/index.js`))) throw new Error(`${m[1]} is not built: run pnpm build (pnpm bench does)`);
  const url = `${m[1]}/dist/${m[2]}.js`;
  if (!existsSync(fileURLToPath(url))) return resolved;
  return { url, format: 'module', shortCircuit: true };
}

/** A build is plain JavaScript: loaded as it is, never through tsx's transform (whose keepNames the shipped code lacks). */
export async function load(url, context, next) {
  if (!/\/packages\/(?:core|x509|node|web)\/dist\//.test(url)) return next(url, context);
  return { format: 'module', source: readFileSync(fileURLToPath(url), 'utf8'), shortCircuit: true };
}

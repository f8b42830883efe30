// Browser bundle sizes of the engine alone and of the engine plus the verifier: each entry is
// bundled for the browser by esbuild (ESM, minified, tree-shaken, no Node built-ins allowed), then
// gzipped. Prints one line per bundle; `--json` prints the figures as JSON.
//
//   node scripts/bundle-size.mjs
import { build } from 'esbuild';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const BUNDLES = [
  { name: '@puretls/core (TlsClient + noble provider)', code: "export { TlsClient, nobleProvider } from '@puretls/core';" },
  { name: '@puretls/core + @puretls/x509 (WebPkiVerifier, TrustStore)', code: "export { TlsClient } from '@puretls/core'; export { WebPkiVerifier, TrustStore } from '@puretls/x509';" },
];

async function size(code) {
  const result = await build({
    stdin: { contents: code, resolveDir: `${root}packages/node`, loader: 'ts' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
  });
  const bytes = result.outputFiles[0].contents;
  return { minified: bytes.length, gzipped: gzipSync(bytes, { level: 9 }).length };
}

const rows = [];
for (const b of BUNDLES) rows.push({ name: b.name, ...(await size(b.code)) });
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else for (const r of rows) console.log(`${r.name}: ${(r.minified / 1024).toFixed(1)} KiB minified, ${(r.gzipped / 1024).toFixed(1)} KiB gzipped`);

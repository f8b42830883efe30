// Browser bundle sizes of the engine alone, of the engine plus the verifier, and of the browser
// transport (engine + verifier + @puretls/web's connectOverWebSocket): each entry is
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
  {
    name: '@puretls/core + @puretls/x509 + @puretls/web (connectOverWebSocket)',
    code: "export { WebPkiVerifier, TrustStore } from '@puretls/x509'; export { connectOverWebSocket } from '@puretls/web';",
    resolveDir: 'packages/web',
  },
  {
    name: '... + @puretls/web/certificate-compression (fflateZlibDecompressor)',
    code: "export { WebPkiVerifier, TrustStore } from '@puretls/x509'; export { connectOverWebSocket } from '@puretls/web'; export { fflateZlibDecompressor } from '@puretls/web/certificate-compression';",
    resolveDir: 'packages/web',
  },
];

async function size(code, resolveDir = 'packages/node') {
  const result = await build({
    stdin: { contents: code, resolveDir: `${root}${resolveDir}`, loader: 'ts' },
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
for (const b of BUNDLES) rows.push({ name: b.name, ...(await size(b.code, b.resolveDir)) });
if (process.argv.includes('--json')) console.log(JSON.stringify(rows, null, 2));
else for (const r of rows) console.log(`${r.name}: ${(r.minified / 1024).toFixed(1)} KiB minified, ${(r.gzipped / 1024).toFixed(1)} KiB gzipped`);

// Bundles example/main.ts for the browser (ESM, no Node built-ins): `node example/build.mjs`
// writes example/main.js next to index.html; `buildExample()` returns the code for the test.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));

/** Bundles main.ts; with `outfile`, writes it there, else returns the JavaScript text. */
export async function buildExample(outfile) {
  const result = await build({
    entryPoints: [`${here}main.ts`],
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    sourcemap: outfile === undefined ? false : 'linked',
    write: outfile !== undefined,
    ...(outfile !== undefined ? { outfile } : {}),
    logLevel: 'silent',
  });
  return outfile === undefined ? result.outputFiles[0].text : undefined;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await buildExample(`${here}main.js`);
  console.log(`wrote ${here}main.js`);
}

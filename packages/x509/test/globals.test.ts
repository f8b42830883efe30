// Importing the verifier mutates no global (issue 8, item B): it must be usable inside a browser
// page without installing anything on `globalThis` or `Reflect` (such as reflect-metadata's
// `Reflect.metadata`). A child process gives a fresh module graph.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const script = fileURLToPath(new URL('./helpers/import_globals.mjs', import.meta.url));
const entry = new URL('../src/index.ts', import.meta.url).href;

function importDiff(): Promise<unknown> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [script, entry], { timeout: 60_000, encoding: 'utf8' }, (err, stdout, stderr) => {
      if (err !== null) reject(new Error(`child failed: ${stderr}`, { cause: err }));
      else resolve(JSON.parse(stdout));
    });
  });
}

describe('importing @puretls/x509', () => {
  it('leaves globalThis and Reflect with the same own property names', async () => {
    expect(await importDiff()).toEqual({ globalThis: { added: [], removed: [] }, Reflect: { added: [], removed: [] } });
  }, 60_000);
});

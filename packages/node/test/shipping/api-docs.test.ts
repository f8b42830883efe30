// Every exported declaration and member of the public entry points has a doc comment (issue 9):
// `scripts/docs.mjs --check` reads TypeDoc's model of the API (the entry points in typedoc.json)
// and lists what has none. TypeDoc is installed on first use into a cache folder.
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { REPO_ROOT } from './packed.js';

it('documents every exported declaration and member', async () => {
  const { code, stdout } = await new Promise<{ code: number; stdout: string }>((resolve) => {
    execFile(process.execPath, [join(REPO_ROOT, 'scripts/docs.mjs'), '--check'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 }, (err, out, errOut) => {
      resolve({ code: err === null ? 0 : typeof err.code === 'number' ? err.code : -1, stdout: out + errOut });
    });
  });
  const undocumented = stdout.split('\n').filter((l) => l.startsWith('undocumented:'));
  expect(undocumented).toEqual([]);
  expect(stdout).toContain('0 undocumented exported declarations and members');
  expect(code).toBe(0);
}, 300_000);

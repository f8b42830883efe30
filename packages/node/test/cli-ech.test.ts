// `puretls connect --ech` against the ECH server of the tests (helpers/ech_server.ts) on
// 127.0.0.1: -v says ECH was accepted; a rejection exits with the TLS status and prints the
// server's retry configs as an --ech value; --ech-retry connects again with them; @FILE works.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { configList, echRootFile, echServer, makeEchKey, PUBLIC, REAL } from './helpers/ech_server.js';
import type { Running } from './helpers/node_servers.js';
import { runCli } from './helpers/cli_run.js';

let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const args = (port: number, ...more: string[]) => ['connect', `127.0.0.1:${port}`, '--servername', REAL, '--ca', echRootFile, ...more];

describe('puretls connect --ech', () => {
  it('-v reports ECH accepted; the config may come from a file', async () => {
    const k = await makeEchKey({ configId: 4, publicName: PUBLIC });
    const s = await echServer({ keys: () => [k], chain: 'ech/both.pem' });
    server = s.running;
    const r = await runCli(args(server.port, '--ech', configList(k).toString('base64'), '-v'), { input: '' });
    expect(r.stderr).toContain('* ECH: accepted');
    expect(r.status).toBe(0);
    const file = join(mkdtempSync(join(tmpdir(), 'puretls-ech-')), 'ech.bin');
    writeFileSync(file, configList(k));
    const fromFile = await runCli(args(server.port, '--ech', `@${file}`, '-v'), { input: '' });
    expect(fromFile.stderr).toContain('* ECH: accepted');
  });

  it('a rejection exits with the TLS status and prints the retry configs; --ech-retry uses them', async () => {
    const stale = await makeEchKey({ configId: 1, publicName: PUBLIC, seed: 4 });
    const current = await makeEchKey({ configId: 2, publicName: PUBLIC, seed: 5 });
    const s = await echServer({ keys: () => [current], chain: 'ech/both.pem' });
    server = s.running;
    const r = await runCli(args(server.port, '--ech', configList(stale).toString('base64')), { input: '' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('ERR_PURETLS_ECH_REJECTED');
    expect(r.stderr).toContain(`retry with --ech ${configList(current).toString('base64')}`);
    const again = await runCli(args(server.port, '--ech', configList(stale).toString('base64'), '--ech-retry', '-v'), { input: '' });
    expect(again.stderr).toContain('* ECH: accepted');
    expect(again.status).toBe(0);
  });

  it('-v without --ech reports GREASE; --ech-retry alone is a usage error', async () => {
    const k = await makeEchKey({ configId: 4, publicName: PUBLIC });
    const s = await echServer({ keys: () => [k], chain: 'ech/both.pem' });
    server = s.running;
    const r = await runCli(args(server.port, '-v'), { input: '' });
    expect(r.stderr).toContain('* ECH: GREASE only');
    const usage = await runCli(args(server.port, '--ech-retry'), { input: '' });
    expect(usage.stderr).toContain('--ech-retry needs --ech');
    expect(usage.status).toBe(1);
  });
});

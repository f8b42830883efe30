// X25519MLKEM768 against a real server that negotiates it: a Node 26 `tls` server (OpenSSL 3.5,
// installed from npm by scripts/runtimes.mjs) offering only the hybrid group, on loopback. Our
// client with a key share for the hybrid completes at once; with a key share for x25519 only, the
// server asks for the hybrid with a HelloRetryRequest. Data goes both ways. Both crypto providers.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { groupCodepoints } from '../src/names.js';
import type { TlsSocket } from '../src/index.js';
import { run } from './runtimes/harness.js';
import { pki } from './helpers/openssl.js';
import { closeAfterEachTest, open, T } from './helpers/openssl_client.js';
import { REPO_ROOT } from './shipping/packed.js';

closeAfterEachTest();

/** Installing Node 26 on first use downloads about 30 MB: minutes on a slow link. */
const INSTALL_TIMEOUT_MS = 300_000;

/**
 * The server: TLS 1.3 only, `ecdhCurve` the hybrid alone (so a client without it fails), echoing
 * what it receives. It prints `port <n>` once listening on a port the system chose.
 */
const SERVER = `
const tls = require('node:tls');
const fs = require('node:fs');
const [certFile, chainFile, keyFile] = process.argv.slice(1);
const server = tls.createServer({
  cert: fs.readFileSync(certFile, 'utf8') + fs.readFileSync(chainFile, 'utf8'),
  key: fs.readFileSync(keyFile),
  minVersion: 'TLSv1.3',
  ecdhCurve: 'X25519MLKEM768',
}, (socket) => { socket.on('error', () => {}); socket.pipe(socket); });
server.listen(0, '127.0.0.1', () => console.log('port ' + server.address().port));
`;

let child: ChildProcess | undefined;
let port = 0;

beforeAll(async () => {
  const got = await run(process.execPath, [join(REPO_ROOT, 'scripts/runtimes.mjs'), 'node26']);
  const node26 = got.stdout.trim().split('\n').pop() ?? '';
  if (got.status !== 0 || node26 === '') throw new Error(`scripts/runtimes.mjs node26 failed (${got.status}):\n${got.stderr}`);
  const files = ['leaf.pem', 'intermediate.pem', 'leaf.key'].map((f) => `${pki}good/p256/${f}`);
  const proc = spawn(node26, ['-e', SERVER, ...files], { stdio: ['ignore', 'pipe', 'pipe'] });
  child = proc;
  let stderr = '';
  proc.stderr!.setEncoding('utf8').on('data', (d: string) => { stderr += d; });
  port = await new Promise<number>((resolve, reject) => {
    proc.once('error', reject);
    proc.once('exit', (code) => reject(new Error(`node26 server exited (${code}) before listening:\n${stderr}`)));
    createInterface({ input: proc.stdout! }).on('line', (line) => {
      const m = /^port (\d+)$/.exec(line);
      if (m !== null) resolve(Number(m[1]));
    });
  });
}, INSTALL_TIMEOUT_MS);

afterAll(async () => {
  const proc = child;
  if (proc === undefined || proc.exitCode !== null || proc.pid === undefined) return;
  const exited = new Promise<void>((resolve) => proc.once('exit', () => resolve()));
  process.kill(proc.pid);
  await exited;
});

/** Writes `text` and resolves with the first `text.length` bytes echoed back. */
function echo(s: TlsSocket, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    let got = '';
    s.setEncoding('utf8');
    s.on('error', reject);
    s.on('data', (d: string) => {
      got += d;
      if (got.length >= text.length) resolve(got);
    });
    s.write(text);
  });
}

it('the groups option and --groups know X25519MLKEM768, in either case', () => {
  expect(groupCodepoints('X25519MLKEM768')).toEqual([0x11ec]);
  expect(groupCodepoints(['x25519', 'x25519mlkem768'])).toEqual([0x1d, 0x11ec]);
});

describe.each(['node', 'noble'] as const)('crypto %s: Node 26 tls server with ecdhCurve X25519MLKEM768', (crypto) => {
  it('groups [X25519MLKEM768]: a key share for the hybrid, no HelloRetryRequest, data both ways', async () => {
    const s = await open(port, 'p256', { groups: ['X25519MLKEM768'], crypto });
    expect(s.authorized).toBe(true);
    expect(s.info).toMatchObject({ groupName: 'X25519MLKEM768', helloRetryRequest: false, ech: 'grease' }); // OpenSSL 3.5 ignores GREASE ECH
    expect(await echo(s, 'hybrid key exchange\n')).toBe('hybrid key exchange\n');
  }, T);

  it('groups [x25519, X25519MLKEM768]: the server asks for the hybrid (HelloRetryRequest), data both ways', async () => {
    const s = await open(port, 'p256', { groups: ['x25519', 'X25519MLKEM768'], crypto });
    expect(s.authorized).toBe(true);
    expect(s.info).toMatchObject({ groupName: 'X25519MLKEM768', helloRetryRequest: true, ech: 'grease' }); // the same extension in both ClientHellos
    expect(await echo(s, 'after a retry\n')).toBe('after a retry\n');
  }, T);

  it('groups [x25519] only: the server has no group in common and the handshake fails', async () => {
    await expect(open(port, 'p256', { groups: ['x25519'], crypto })).rejects.toThrow();
  }, T);
});

// The CLI's client-certificate options against openssl s_server -Verify 1 -verify_return_error:
// --cert/--key (and s_client's -cert/-key/-pass), an encrypted key with --pass in its three
// openssl forms, the verbose report's "client certificate" line, and the usage mistakes.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rsaRoot, runCli } from './helpers/cli_run.js';
import { clientPki } from './helpers/client_pki.js';
import { startOpenSsl, stopAllOpenSsl, type OpenSslServer } from './helpers/openssl.js';

const T = 30_000; // several CLI processes per test, no timing asserted
const pki = clientPki('p256');
const tmp = mkdtempSync(join(tmpdir(), 'puretls-cli-cert-'));
const file = (name: string, text: string) => { const f = join(tmp, name); writeFileSync(f, text); return f; };
const chain = file('chain.pem', pki.chain);
const key = file('leaf.key', pki.key);
const encKey = file('leaf.enc.key', pki.encKey);
const passFile = file('pass.txt', `${pki.passphrase}\n`);
let requiring: OpenSslServer;
let optional: OpenSslServer;
beforeAll(async () => {
  requiring = await startOpenSsl(['-Verify', '1', '-verify_return_error', '-CAfile', `${pki.dir}root.pem`], 'rsa');
  optional = await startOpenSsl([], 'rsa');
});
afterAll(async () => {
  await stopAllOpenSsl();
  rmSync(tmp, { recursive: true, force: true });
});

const connect = (srv: OpenSslServer, args: string[], env: Record<string, string> = {}) =>
  runCli(['connect', `localhost:${srv.port}`, '--ca', rsaRoot, ...args], { input: 'hello\n', env });

describe('puretls connect --cert --key', () => {
  it('the server requires a certificate: sent, and -v says so', async () => {
    const from = requiring.output().length;
    const r = await connect(requiring, ['--cert', chain, '--key', key, '-v']);
    expect(r.stderr).toContain('* client certificate: requested by the server; sent CN=puretls client p256 (2 certificates)');
    expect(r.status).toBe(0);
    await requiring.waitForOutput('depth=0 CN = puretls client p256', { from });
  }, T);

  it.each([
    ['--pass pass:TEXT', (['--pass', `pass:${pki.passphrase}`])],
    ['--pass env:VAR', (['--pass', 'env:PURETLS_TEST_PASS'])],
    ['-pass file:PATH', (['-pass', `file:${passFile}`])],
  ])('an encrypted key with %s', async (_what, pass) => {
    const r = await connect(requiring, ['-cert', chain, '-key', encKey, ...pass, '-v'], { PURETLS_TEST_PASS: pki.passphrase });
    expect(r.stderr).toContain('sent CN=puretls client p256');
    expect(r.status).toBe(0);
  }, T);

  it('without a certificate: the server refuses (certificate_required), exit 3', async () => {
    const r = await connect(requiring, ['-v']);
    expect(r.stderr).toContain('* client certificate: requested by the server; none sent');
    expect(r.stderr).toMatch(/certificate_required/);
    expect(r.status).toBe(3);
  }, T);

  it('a server that does not ask: -v says not requested', async () => {
    const r = await connect(optional, ['--cert', chain, '--key', key, '-v']);
    expect(r.stderr).toContain('* client certificate: not requested by the server');
    expect(r.status).toBe(0);
  }, T);

  it('usage mistakes: --cert without --key, a wrong passphrase (not echoed), a missing file', async () => {
    const half = await connect(requiring, ['--cert', chain]);
    expect(half.status).toBe(1);
    expect(half.stderr).toContain('--cert needs --key');
    const wrong = await connect(requiring, ['--cert', chain, '--key', encKey, '--pass', 'pass:hunter2']);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toMatch(/passphrase/);
    expect(wrong.stderr).not.toContain('hunter2');
    const missing = await connect(requiring, ['--cert', chain, '--key', join(tmp, 'nope.key')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain('--key');
  }, T);
});

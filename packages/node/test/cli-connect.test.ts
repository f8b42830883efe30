// `puretls connect`'s s_client habits against real `openssl s_server -tls1_3` processes:
// --showcerts / -showcerts (the chain as sent, PEM, equal to the fixture's chain file),
// --keylogfile (mode 0600, the very secrets s_server logs), --brief, the dangerous switch's
// warning, s_client spellings (-connect, -CAfile, -servername), --resolve/--connect-to.
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, rsaDir, rsaRoot, runCli } from './helpers/cli_run.js';
import { pemBlocks, startOpenSsl, stopAllOpenSsl, type OpenSslServer } from './helpers/openssl.js';

let srv: OpenSslServer;
const tmp = mkdtempSync(join(tmpdir(), 'puretls-cli-connect-'));
const serverKeys = join(tmp, 'server.keys');
beforeAll(async () => {
  // One s_server (it accepts connection after connection) serves every test.
  srv = await startOpenSsl(['-keylogfile', serverKeys, '-alpn', 'x-test'], 'rsa');
});
afterAll(async () => {
  await stopAllOpenSsl();
  rmSync(tmp, { recursive: true, force: true });
});

/** connect with stdin already at its end: handshake, our close_notify, the server's, exit. */
const connect = (...args: string[]) => runCli(['connect', `localhost:${srv.port}`, ...args], { input: '' });

describe('puretls connect', () => {
  it('--showcerts: the chain as sent, in PEM, equal to the fixture chain file, before any data', async () => {
    for (const flag of ['--showcerts', '-showcerts']) {
      const r = await connect('--ca', rsaRoot, flag);
      expect(r.status).toBe(0);
      expect(r.stdout.startsWith('---\nCertificate chain\n 0 s:CN = localhost\n   i:CN = puretls test intermediate rsa\n-----BEGIN CERTIFICATE-----\n')).toBe(true);
      expect(pemBlocks(r.stdout)).toEqual(pemBlocks(readFileSync(`${rsaDir}chain.pem`, 'utf8')));
      expect(r.stdout.endsWith('-----END CERTIFICATE-----\n---\n')).toBe(true);
    }
  });

  it('--keylogfile: created with mode 0600; exactly the secrets s_server logged for the connection', async () => {
    const file = join(tmp, 'client.keys');
    const r = await connect('--ca', rsaRoot, '--keylogfile', file);
    expect(r.status).toBe(0);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const ours = lines(readFileSync(file, 'utf8'));
    expect(ours.map((l) => l.split(' ')[0]).sort()).toEqual(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
    await srv.waitForOutput('DONE'); // s_server has written its key log by the end of the session
    const theirs = lines(readFileSync(serverKeys, 'utf8'));
    for (const line of ours) expect(theirs).toContain(line);
  });

  it('SSLKEYLOGFILE does the same; --keylogfile wins over it', async () => {
    const env = join(tmp, 'env.keys');
    const opt = join(tmp, 'opt.keys');
    expect((await runCli(['connect', `localhost:${srv.port}`, '--ca', rsaRoot], { input: '', env: { SSLKEYLOGFILE: env } })).status).toBe(0);
    expect(lines(readFileSync(env, 'utf8'))).toHaveLength(5);
    expect((await runCli(['connect', `localhost:${srv.port}`, '--ca', rsaRoot, '--keylogfile', opt], { input: '', env: { SSLKEYLOGFILE: join(tmp, 'unused.keys') } })).status).toBe(0);
    expect(lines(readFileSync(opt, 'utf8'))).toHaveLength(5);
    expect(() => statSync(join(tmp, 'unused.keys'))).toThrow();
  });

  it('--trace: every handshake message and record, in and out, in wire order, on stderr', async () => {
    const r = await connect('--ca', rsaRoot, '--trace');
    expect(r.status).toBe(0);
    const handshake = lines(r.stderr).filter((l) => / Handshake \[length/.test(l) && !l.includes(' record ')).map((l) => l.replace(/^(<<<|>>>) .*?\], (\w+).*$/, '$1 $2'));
    expect(handshake.slice(0, 7)).toEqual(['>>> ClientHello', '<<< ServerHello', '<<< EncryptedExtensions', '<<< Certificate', '<<< CertificateVerify', '<<< Finished', '>>> Finished']);
    expect(r.stderr).toMatch(/^>>> record Handshake \[length [0-9a-f]{4}\]/m);
    expect(r.stderr).toMatch(/^<<< record ApplicationData \[length [0-9a-f]{4}\] \(inner handshake\)/m);
    expect(r.stderr).toMatch(/close_notify/);
    expect(r.stderr).not.toMatch(/[0-9a-f]{64}/); // no secrets, no randoms
  });

  it('--brief (and -brief): protocol, suite, group, peer certificate, verification, ALPN on stderr', async () => {
    for (const flag of ['--brief', '-brief']) {
      const r = await connect('--ca', rsaRoot, flag, '--alpn', 'x-test', '--suites', 'aes128');
      expect([r.status, r.stdout]).toEqual([0, '']);
      expect(lines(r.stderr)).toEqual([
        'CONNECTION ESTABLISHED',
        'Protocol version: TLSv1.3',
        'Ciphersuite: TLS_AES_128_GCM_SHA256',
        'Group: x25519',
        'Signature type: rsa_pss_rsae_sha256',
        'Peer certificate: CN=localhost',
        'Verification: OK',
        'ALPN protocol: x-test',
      ]);
    }
  });

  it('s_client spellings: -connect, -CAfile, -servername, -ciphersuites, -groups', async () => {
    const r = await runCli(['connect', '-connect', `127.0.0.1:${srv.port}`, '-CAfile', rsaRoot, '-servername', 'localhost', '-ciphersuites', 'TLS_CHACHA20_POLY1305_SHA256', '-groups', 'p256:x25519', '-brief'], { input: '' });
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual(expect.arrayContaining(['Ciphersuite: TLS_CHACHA20_POLY1305_SHA256', 'Group: secp256r1', 'Verification: OK']));
  });

  it('--dangerously-accept-any-certificate: no --ca, the chain accepted, one warning line, brief says not verified', async () => {
    const r = await connect('--dangerously-accept-any-certificate', '--brief');
    expect(r.status).toBe(0);
    const err = lines(r.stderr);
    expect(err[0]).toMatch(/^puretls: warning: --dangerously-accept-any-certificate: /);
    expect(err).toContain('Verification: NOT DONE (--dangerously-accept-any-certificate)');
    const refused = await connect();
    expect(refused.status).toBe(2); // without it, Node's root store does not know the fixture root
  });

  it('--connect-to and --resolve reach the server under a name the certificate covers', async () => {
    const a = await runCli(['connect', 'localhost:9', '--ca', rsaRoot, '--connect-to', `localhost:9:127.0.0.1:${srv.port}`], { input: '' });
    expect(a.status).toBe(0);
    const b = await runCli(['connect', `elsewhere.test:${srv.port}`, '--ca', rsaRoot, '--resolve', `elsewhere.test:${srv.port}:127.0.0.1`], { input: '' });
    expect(b.status).toBe(2); // verified against elsewhere.test, which the leaf does not name
    expect(b.stderr).toMatch(/ERR_TLS_CERT_ALTNAME_INVALID/);
  });
});

// The `puretls` CLI as a child process (node packages/node/bin/puretls.mjs) against real
// `openssl s_server -tls1_3` processes on loopback: a good `get` (with --verbose), every bad chain
// of fixtures/pki/bad/cases.json (exit 2 and the expected alert), usage errors (1), TLS failures
// (3), network errors (4), and `connect` carrying stdin and stdout both ways.
import { createServer, type Socket } from 'node:net';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseCli, USAGE, type CliCommand } from '../src/cli/args.js';
import { lines, runCli, startCli } from './helpers/cli_run.js';
import { freePort, opensslTempDir, pki, splitChain, startOpenSsl, stopAllOpenSsl, type OpenSslServer, type ServerCert } from './helpers/openssl.js';

const T = 30_000; // per-test timeout: a CLI start loads TypeScript through tsx; no timing is asserted
const goodRoot = `${pki}good/p256/root.pem`;


const servers: OpenSslServer[] = [];
async function server(args: readonly string[], cert: ServerCert = 'p256'): Promise<OpenSslServer> {
  const s = await startOpenSsl(args, cert);
  servers.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.stop()));
});
afterAll(stopAllOpenSsl);

describe('puretls get', () => {
  it('a good server: exit 0, the status page on stdout', async () => {
    const srv = await server(['-www']);
    const r = await runCli(['get', `https://localhost:${srv.port}/`, '--ca', goodRoot]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout.startsWith('<HTML><BODY BGCOLOR="#ffffff">')).toBe(true);
    expect(r.stdout).toContain('New, TLSv1.3, Cipher is TLS_AES_128_GCM_SHA256');
    expect(r.stdout.endsWith('</BODY></HTML>\r\n\r\n')).toBe(true);
  }, T);

  it('--verbose: version, suite, group, ALPN, chain subjects and verification on stderr', async () => {
    const srv = await server(['-www', '-alpn', 'h2,http/1.1']);
    const r = await runCli(['get', `https://localhost:${srv.port}/`, '--ca', goodRoot, '--verbose']);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('Cipher is TLS_AES_128_GCM_SHA256');
    const err = lines(r.stderr);
    expect(err).toContain('* TLSv1.3 TLS_AES_128_GCM_SHA256, group x25519, server signature ecdsa_secp256r1_sha256');
    expect(err).toContain('* ALPN: http/1.1');
    expect(err).toContain('* server chain (2 certificates):');
    expect(err).toContain('  0: CN=localhost (issuer CN=puretls test intermediate p256)');
    expect(err).toContain('  1: CN=puretls test intermediate p256 (issuer CN=puretls test root p256)');
    expect(err).toContain('* verification: ok for localhost');
    expect(err).toContain('< HTTP/1.0 200 ok');
  }, T);

  it('SSLKEYLOGFILE: the traffic secrets, the very lines s_server logs for the connection', async () => {
    const { dir, remove } = opensslTempDir();
    const srv = await server(['-www', '-keylogfile', join(dir, 'server.keys')]);
    const r = await runCli(['get', `https://localhost:${srv.port}/`, '--ca', goodRoot], { env: { SSLKEYLOGFILE: join(dir, 'client.keys') } });
    expect(r.status).toBe(0);
    const ours = lines(readFileSync(join(dir, 'client.keys'), 'utf8'));
    const theirs = lines(readFileSync(join(dir, 'server.keys'), 'utf8')).filter((l) => !l.startsWith('#'));
    expect(ours.map((l) => l.split(' ')[0]).sort()).toEqual(['CLIENT_HANDSHAKE_TRAFFIC_SECRET', 'CLIENT_TRAFFIC_SECRET_0', 'EXPORTER_SECRET', 'SERVER_HANDSHAKE_TRAFFIC_SECRET', 'SERVER_TRAFFIC_SECRET_0']);
    for (const line of ours) expect(theirs).toContain(line);
    remove();
  }, T);

  it('--suites and --groups reach the handshake (a HelloRetryRequest to P-384)', async () => {
    const srv = await server(['-www', '-groups', 'P-384']);
    const r = await runCli(['get', `https://localhost:${srv.port}/`, '--ca', goodRoot, '--verbose', '--suites', 'chacha20', '--groups', 'x25519,p384']);
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toContain('* TLSv1.3 TLS_CHACHA20_POLY1305_SHA256, group secp384r1 (after HelloRetryRequest), server signature ecdsa_secp256r1_sha256');
    expect(r.stdout).toContain('Cipher is TLS_CHACHA20_POLY1305_SHA256');
  }, T);
});

interface BadCase { name: string; serverName: string; reason: string; alert: string }
const cases = JSON.parse(readFileSync(`${pki}bad/cases.json`, 'utf8')) as BadCase[];

describe('puretls get: every bad chain of fixtures/pki/bad/cases.json, served by s_server', () => {
  const tmp = opensslTempDir();
  afterAll(() => tmp.remove());

  it('covers every case', () => {
    expect(cases.length).toBeGreaterThanOrEqual(19);
    expect(new Set(cases.map((c) => c.name)).size).toBe(cases.length);
  });

  it.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const dir = `${pki}bad/${c.name}/`;
    const files = splitChain(readFileSync(`${dir}chain.pem`, 'utf8'), `${dir}leaf.key`, tmp.dir, c.name);
    // Security level 0, or s_server refuses to load the sha1 and RSA-1024 certificates.
    const srv = await server(['-www', '-cipher', 'DEFAULT:@SECLEVEL=0'], files);
    const ip = /^[\d.]+$/.test(c.serverName);
    const url = `https://${ip ? c.serverName : 'localhost'}:${srv.port}/`;
    const r = await runCli(['get', url, '--ca', `${dir}root.pem`, ...(!ip && c.serverName !== 'localhost' ? ['--servername', c.serverName] : [])]);
    expect(r.stdout).toBe('');
    const err = lines(r.stderr);
    expect(err).toHaveLength(1);
    if (c.name === 'sha1-signed') {
      // Our ClientHello's signature_algorithms_cert leaves SHA-1 out, and OpenSSL 3.0 then refuses
      // to serve the chain at all (handshake_failure) instead of sending it anyway (RFC 9846
      // §4.4.2.2 says SHOULD send): the verifier never sees it. Its rejection is covered in
      // interop-openssl.test.ts, where the client advertises rsa_pkcs1_sha1 for certificates, and
      // here by sha1-signed-intermediate (OpenSSL checks only the leaf's signature): exit 2.
      expect(r.status).toBe(3);
      expect(err[0]).toMatch(/^puretls: TLS failure: .*alert handshake_failure\]$/);
      return;
    }
    expect(r.status).toBe(2);
    expect(err[0]!.startsWith('puretls: certificate verification failed:')).toBe(true);
    expect(err[0]).toContain(`alert ${c.alert}`);
    // The server was told why: it logs the alert we sent.
    await srv.waitForOutput(`alert ${c.alert.replace(/_/g, ' ')}`);
  }, T);
});

describe('puretls: exit statuses of other failures', () => {
  it.each([
    ['no arguments', []],
    ['an unknown command', ['fetch', 'https://localhost/']],
    ['a bad --timeout', ['get', 'https://localhost:1/', '--timeout', 'soon']],
    ['an unknown option', ['get', 'https://localhost:1/', '--frobnicate']],
    ['a non-https URL', ['get', 'http://localhost:1/']],
    ['an unknown group', ['get', 'https://localhost:1/', '--groups', 'p521']],
    ['an unknown suite', ['get', 'https://localhost:1/', '--suites', 'rc4']],
    ['an ALPN protocol get does not speak', ['get', 'https://localhost:1/', '--alpn', 'x-nope']],
  ])('usage: %s → 1', async (_what, args) => {
    const r = await runCli(args as string[]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^puretls: .+\nTry 'puretls --help' for more\.\n$/);
    expect(r.stdout).toBe('');
  }, T);

  it('connection refused → 4', async () => {
    const port = await freePort(); // nothing listens there any more
    const r = await runCli(['get', `https://127.0.0.1:${port}/`, '--ca', goodRoot, '--servername', 'localhost']);
    expect(r.status).toBe(4);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^puretls: network error: .*ECONNREFUSED/);
  }, T);

  it('--timeout against a server that accepts and never answers → 4', async () => {
    const held: Socket[] = [];
    const mute = createServer((sock) => held.push(sock));
    await new Promise<void>((r) => mute.listen(0, '127.0.0.1', r));
    try {
      const port = (mute.address() as { port: number }).port;
      const r = await runCli(['get', `https://localhost:${port}/`, '--ca', goodRoot, '--timeout', '1000']);
      expect(r.status).toBe(4);
      expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: timeout: /)]);
      expect(held.length).toBe(1); // the TCP connection was made; the handshake never finished
    } finally {
      held.forEach((sock) => sock.destroy());
      mute.close();
    }
  }, T);

  it('without --timeout the handshake deadline is the documented default of 30 s', () => {
    expect((parseCli(['get', 'https://localhost:1/']) as CliCommand).options.timeout).toBe(30_000);
    expect((parseCli(['connect', 'localhost:1', '--timeout', '500']) as CliCommand).options.timeout).toBe(500);
    expect(USAGE).toMatch(/--timeout MS .*\(default 30000\)/);
  });

  it('a fatal alert from the server (no common ALPN protocol) → 3', async () => {
    const srv = await server(['-www', '-alpn', 'h2']);
    // connect: get offers http/1.1 only (another --alpn is a usage error there).
    const r = await runCli(['connect', `localhost:${srv.port}`, '--ca', goodRoot, '--alpn', 'x-nope']);
    expect(r.status).toBe(3);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^puretls: TLS failure: .*\[ERR_PURETLS_ALERT_RECEIVED, alert no_application_protocol\]\n$/);
  }, T);
});

/** Runs `puretls connect` as a child with its stdio as pipes. */
const startConnect = (port: number) => startCli(['connect', `localhost:${port}`, '--ca', goodRoot]);

describe('puretls connect', () => {
  it('stdin to the server, the server to stdout; end of stdin closes cleanly', async () => {
    const srv = await server([]);
    const cli = startConnect(srv.port);
    try {
      cli.child.stdin.write('hello\n');
      await srv.waitForOutput('hello\n');
      srv.send('=> from s_server\n');
      await cli.waitForStdout('=> from s_server\n');
      cli.child.stdin.end();
      expect(await cli.exited).toBe(0);
      expect(cli.stdout()).toBe('=> from s_server\n');
      expect(cli.stderr()).toBe('');
      // Our close_notify ended the server's session cleanly: s_server says DONE (after a TCP close
      // without close_notify it says ERROR and "unexpected eof while reading").
      await srv.waitForOutput('DONE');
      expect(srv.output()).not.toContain('unexpected eof');
    } finally {
      cli.stop();
    }
  }, T);

  it('the server closes TCP without close_notify (s_server q): truncation → 3', async () => {
    const srv = await server([]);
    const cli = startConnect(srv.port);
    try {
      cli.child.stdin.write('hello\n');
      await srv.waitForOutput('hello\n');
      srv.send('=> before the cut\n');
      await cli.waitForStdout('=> before the cut\n');
      srv.send('q\n');
      expect(await cli.exited).toBe(3);
      expect(cli.stdout()).toBe('=> before the cut\n');
      expect(lines(cli.stderr())).toEqual([expect.stringMatching(/^puretls: TLS failure: .*\[ERR_PURETLS_TRUNCATED\]$/)]);
    } finally {
      cli.stop();
    }
  }, T);
});

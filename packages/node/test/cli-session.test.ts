// The CLI's session options against real servers: `openssl s_server -early_data` for connect
// (--sess-out / -sess_out, --sess-in, --reconnect, --early-data accepted and refused by the
// server's anti-replay, --reconnect --early-data), node:https for get (--sess-out then --sess-in),
// and the usage mistakes.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeSessionTicket } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCli, type CliCommand } from '../src/cli/args.js';
import { reconnectEarlyData } from '../src/cli/sessions.js';
import type { TlsSocket } from '../src/index.js';
import { lines, rsaRoot, runCli } from './helpers/cli_run.js';
import { httpsServer, type Running } from './helpers/http_servers.js';
import { startOpenSsl, stopAllOpenSsl, type OpenSslServer } from './helpers/openssl.js';

const T = 30_000; // generous: several CLI processes per test, no timing asserted
let srv: OpenSslServer;
let web: Running;
const tmp = mkdtempSync(join(tmpdir(), 'puretls-cli-session-'));
beforeAll(async () => {
  // One s_server (connection after connection) with 0-RTT on; it prints what it receives.
  srv = await startOpenSsl(['-early_data'], 'rsa');
  web = await httpsServer((_seen, res) => res.end('ok\n'));
});
afterAll(async () => {
  await stopAllOpenSsl();
  await web.close();
  rmSync(tmp, { recursive: true, force: true });
});

const target = () => `localhost:${srv.port}`;
/** connect with `input` on stdin, then its end: handshake, data, our close_notify, the server's, exit. */
const connect = (args: string[], input = '') => runCli(['connect', target(), '--ca', rsaRoot, ...args], { input });
/** Lines of ours ("data ...") in s_server's output after `from`, in order (s_server's own messages interleave). */
const dataLines = (from: number) => srv.output().slice(from).split('\n').filter((l) => l.startsWith('data '));

/** A session file from a full handshake with s_server. */
async function sessionFile(name: string): Promise<string> {
  const file = join(tmp, name);
  const r = await connect(['--sess-out', file]);
  expect(r.status).toBe(0);
  return file;
}

describe('puretls connect: sessions', () => {
  it('--sess-out (and -sess_out) writes the newest ticket, mode 0600; --sess-in resumes with it', async () => {
    for (const flag of ['--sess-out', '-sess_out']) {
      const file = join(tmp, `out${flag}.bin`);
      const r = await connect([flag, file]);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(decodeSessionTicket(readFileSync(file))).toMatchObject({ serverName: 'localhost', maxEarlyData: expect.any(Number) });
      const from = srv.output().length;
      const again = await connect(['--sess-in', file, '-v']);
      expect(again.status).toBe(0);
      expect(again.stderr).toContain("* session: resumed (no Certificate sent; the original connection's chain, verified again)");
      expect(again.stderr).toContain('* verification: ok for localhost');
      await srv.waitForOutput('Reused session-id', { from });
    }
  }, T);

  it('--sess-in with a session for another server name: a full handshake', async () => {
    const file = await sessionFile('for-localhost.bin');
    const r = await runCli(['connect', `127.0.0.1:${srv.port}`, '--ca', rsaRoot, '--sess-in', file, '-v'], { input: '' });
    expect(r.status).toBe(0);
    expect(r.stderr).toContain('* session: new (full handshake)');
  }, T);

  it('--reconnect: a full handshake, then five resumed ones, one line each with its time', async () => {
    const r = await connect(['--reconnect']);
    expect(r.status).toBe(0);
    const report = lines(r.stderr);
    expect(report).toHaveLength(6);
    report.forEach((line, i) => {
      expect(line).toMatch(new RegExp(`^connection ${i + 1}: ${i === 0 ? 'full handshake' : 'resumed'}, \\d+\\.\\d ms \\(TCP connect and handshake\\), TLS_AES_128_GCM_SHA256$`));
    });
    // -reconnect, with a session to start from: all six resumed.
    const file = await sessionFile('reconnect.bin');
    const s = await runCli(['connect', target(), '-CAfile', rsaRoot, '-sess_in', file, '-reconnect'], { input: '' });
    expect(s.status).toBe(0);
    expect(lines(s.stderr).map((l) => l.split(',')[0])).toEqual([1, 2, 3, 4, 5, 6].map((n) => `connection ${n}: resumed`));
  }, T);

  it('--early-data: the file goes out as 0-RTT, accepted, before stdin; each byte once, in order', async () => {
    const session = await sessionFile('early.bin');
    const early = join(tmp, 'early.txt');
    writeFileSync(early, 'data early one\ndata early two\n');
    const from = srv.output().length;
    const r = await connect(['--sess-in', session, '--early-data', early], 'data from stdin\n');
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual(['early data: accepted']);
    await srv.waitForOutput('data from stdin\n', { from });
    await srv.waitForOutput('Early data received:', { from });
    expect(dataLines(from)).toEqual(['data early one', 'data early two', 'data from stdin']);
  }, T);

  it('--early-data with a session used before: refused (anti-replay), resent after the handshake, once', async () => {
    const session = await sessionFile('replayed.bin');
    const early = join(tmp, 'replay.txt');
    writeFileSync(early, 'data replayable request\n');
    expect((await connect(['--sess-in', session, '--early-data', early])).stderr).toBe('early data: accepted\n');
    const from = srv.output().length;
    const r = await connect(['-sess_in', session, '-early_data', early], 'data after it\n');
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toEqual(["early data: rejected by the server (resent after the handshake, as the ALPN protocol is the session's)"]);
    await srv.waitForOutput('data after it\n', { from });
    await srv.waitForOutput('Early data was rejected', { from });
    expect(dataLines(from)).toEqual(['data replayable request', 'data after it']);
  }, T);

  it('--reconnect --early-data: the five reconnections resume and send the file as 0-RTT, accepted; the server gets it five times', async () => {
    const early = join(tmp, 'reconnect-early.txt');
    writeFileSync(early, 'data reconnect early\n');
    const from = srv.output().length;
    const r = await connect(['--reconnect', '--early-data', early]);
    expect(r.status).toBe(0);
    const report = lines(r.stderr);
    expect(report).toHaveLength(6);
    report.forEach((line, i) => {
      const [kind, outcome] = i === 0 ? ['full handshake', 'not sent'] : ['resumed', 'accepted'];
      expect(line).toMatch(new RegExp(`^connection ${i + 1}: ${kind}, \\d+\\.\\d ms \\(TCP connect and handshake\\), TLS_AES_128_GCM_SHA256, early data: ${outcome}$`));
    });
    // s_server serves one connection at a time and prints data as it arrives: once a later
    // connection's data is printed, everything of the six before it is too.
    const probe = await connect([], 'data probe after reconnect\n');
    expect(probe.status).toBe(0);
    await srv.waitForOutput('data probe after reconnect\n', { from });
    expect(dataLines(from)).toEqual([...Array<string>(5).fill('data reconnect early'), 'data probe after reconnect']);
  }, T);

  it('-sess_in -reconnect -early_data: all six resume, each sends the file as 0-RTT, accepted', async () => {
    const session = await sessionFile('reconnect-early.bin');
    const early = join(tmp, 'reconnect-early-all.txt');
    writeFileSync(early, 'data six times early\n');
    const from = srv.output().length;
    const r = await runCli(['connect', target(), '-CAfile', rsaRoot, '-sess_in', session, '-reconnect', '-early_data', early], { input: '' });
    expect(r.status).toBe(0);
    expect(lines(r.stderr).map((l) => `${l.split(',')[0]},${l.split(',').at(-1)}`)).toEqual([1, 2, 3, 4, 5, 6].map((n) => `connection ${n}: resumed, early data: accepted`));
    const probe = await connect([], 'data probe after six\n');
    expect(probe.status).toBe(0);
    await srv.waitForOutput('data probe after six\n', { from });
    expect(dataLines(from)).toEqual([...Array<string>(6).fill('data six times early'), 'data probe after six']);
  }, T);

  it('a --sess-in file that is not a session, and files that cannot be read or written: exit 1', async () => {
    const bad = join(tmp, 'bad.bin');
    writeFileSync(bad, 'not a session');
    const r = await connect(['--sess-in', bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`puretls: --sess-in ${bad}: not a puretls session (bad magic or version)\nTry 'puretls --help' for more.\n`);
    const missing = await connect(['--sess-in', join(tmp, 'nope.bin')]);
    expect(missing.status).toBe(1);
    expect(missing.stderr).toMatch(/^puretls: --sess-in .*nope\.bin: no such file or directory/);
    const unwritable = await connect(['--sess-out', join(tmp, 'no-dir', 'out.bin')]);
    expect(unwritable.status).toBe(1);
    expect(unwritable.stderr).toMatch(/^puretls: --sess-out .*out\.bin: no such file or directory/);
  }, T);

  it.each([
    ['--early-data without --sess-in or --reconnect', ['connect', 'localhost:1', '--early-data', rsaRoot], '--early-data needs --sess-in (or --reconnect)'],
    ['--reconnect with get', ['get', 'https://localhost:1/', '--reconnect'], '--reconnect is an option of connect, not get'],
    ['--early-data with get', ['get', 'https://localhost:1/', '--sess-in', rsaRoot, '--early-data', rsaRoot], '--early-data is an option of connect, not get'],
  ])('usage: %s → 1', async (_what, args, message) => {
    const r = await runCli(args);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`puretls: ${message}`);
  }, T);

  it("a --reconnect line's early-data part: accepted, rejected (resent), not sent (written or not)", () => {
    const as = (earlyData: string) => ({ earlyData }) as unknown as TlsSocket;
    expect(reconnectEarlyData(as('accepted'), true)).toBe('early data: accepted');
    expect(reconnectEarlyData(as('rejected'), true)).toBe('early data: rejected (resent after the handshake)');
    expect(reconnectEarlyData(as('not-offered'), false)).toBe('early data: not sent');
    expect(reconnectEarlyData(as('not-offered'), true)).toBe('early data: not sent as 0-RTT (sent after the handshake)');
  });

  it('--early-data with --reconnect is accepted, with or without --sess-in', () => {
    for (const extra of [[], ['--sess-in', rsaRoot]]) {
      const cmd = parseCli(['connect', 'localhost:1', '--early-data', rsaRoot, '--reconnect', ...extra]) as CliCommand;
      expect(cmd.sessions.reconnect).toBe(true);
      expect(cmd.sessions.earlyData?.equals(readFileSync(rsaRoot))).toBe(true);
    }
  });
});

describe('puretls get: sessions', () => {
  it('--sess-out, then --sess-in: the second request resumes', async () => {
    const file = join(tmp, 'get.bin');
    const url = `https://localhost:${web.port}/`;
    const first = await runCli(['get', url, '--ca', rsaRoot, '--sess-out', file, '-v']);
    expect([first.status, first.stdout]).toEqual([0, 'ok\n']);
    expect(first.stderr).toContain('* session: new (full handshake)');
    expect(decodeSessionTicket(readFileSync(file)).serverName).toBe('localhost');
    const second = await runCli(['get', url, '--ca', rsaRoot, '--sess-in', file, '-v']);
    expect([second.status, second.stdout]).toEqual([0, 'ok\n']);
    expect(second.stderr).toContain('* session: resumed');
  }, T);
});

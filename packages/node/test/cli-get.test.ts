// `puretls get`'s curl options against a real node:https server (rsa fixture chain for localhost,
// 127.0.0.1 and ::1): -i, -o, -X, -d (and @file), -H, -L with its bounds, -f, -w, --resolve,
// --connect-to, --dangerously-accept-any-certificate, -v; usage and file errors.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, rsaRoot, runCli } from './helpers/cli_run.js';
import { httpsServer, type Running, type Seen } from './helpers/http_servers.js';

let srv: Running & { seen: Seen[] };
const tmp = mkdtempSync(join(tmpdir(), 'puretls-cli-get-'));
beforeAll(async () => {
  srv = await httpsServer((req, res) => {
    const u = new URL(req.url, 'https://x');
    const n = Number(u.searchParams.get('n') ?? '0');
    if (u.pathname === '/echo') return res.end(JSON.stringify({ method: req.method, body: req.body, headers: req.headers, raw: req.rawHeaders }));
    if (u.pathname === '/status') return res.writeHead(n, { 'content-type': 'text/plain' }).end(`status ${n} body`);
    if (u.pathname === '/redirect') return res.writeHead(n, { location: u.searchParams.get('to') ?? '/echo' }).end('redirect body');
    if (u.pathname === '/loop') return res.writeHead(302, { location: `/loop?n=${n + 1}` }).end();
    if (u.pathname === '/big') return res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(Buffer.alloc(n, 0x61));
    res.writeHead(404).end('no such route');
  });
});
afterAll(async () => {
  await srv.close();
  rmSync(tmp, { recursive: true, force: true });
});

const url = (path: string, host = 'localhost') => `https://${host}:${srv.port}${path}`;
const get = (path: string, ...args: Array<string | { input: string }>) => {
  const input = args.find((a): a is { input: string } => typeof a !== 'string');
  return runCli(['get', url(path), '--ca', rsaRoot, ...args.filter((a): a is string => typeof a === 'string')], input ?? {});
};
const echo = (stdout: string) => JSON.parse(stdout) as { method: string; body: string; headers: Record<string, string>; raw: string[] };

describe.concurrent('the request', () => {
  it('defaults: GET, Host, User-Agent puretls/<version>, Accept */*, Connection close', async () => {
    const r = await get('/echo');
    expect(r.status).toBe(0);
    const e = echo(r.stdout);
    expect(e.method).toBe('GET');
    const version = (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
    expect(e.raw).toEqual(['Host', `localhost:${srv.port}`, 'User-Agent', `puretls/${version}`, 'Accept', '*/*', 'Connection', 'close']);
  });

  it('-d: POST, form Content-Type, Content-Length; repeated -d joined by &; -d @file strips CR/LF', async () => {
    const file = join(tmp, 'form.txt');
    writeFileSync(file, 'c=3\r\nd=4\n');
    const e = echo((await get('/echo', '-d', 'a=1', '--data', 'b=2', '-d', `@${file}`)).stdout);
    expect(e.method).toBe('POST');
    expect(e.body).toBe('a=1&b=2&c=3d=4');
    expect(e.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(e.headers['content-length']).toBe('14');
  });

  it('--data-binary @file keeps every byte; -H Content-Type wins; -X PUT', async () => {
    const file = join(tmp, 'bin.txt');
    writeFileSync(file, 'line1\r\nline2\n');
    const e = echo((await get('/echo', '--data-binary', `@${file}`, '-H', 'Content-Type: text/plain', '-X', 'PUT')).stdout);
    expect([e.method, e.body, e.headers['content-type']]).toEqual(['PUT', 'line1\r\nline2\n', 'text/plain']);
  });

  it('-H adds, replaces a default, removes one (Name:), sends one empty (Name;)', async () => {
    const e = echo((await get('/echo', '-H', 'X-One: 1', '-H', 'User-Agent: mine', '-H', 'Accept:', '-H', 'X-Empty;', '-X', 'DELETE')).stdout);
    expect(e.method).toBe('DELETE');
    expect(e.headers['x-one']).toBe('1');
    expect(e.headers['user-agent']).toBe('mine');
    expect(e.headers.accept).toBeUndefined();
    expect(e.headers['x-empty']).toBe('');
  });
});

describe.concurrent('what goes to stderr', () => {
  it('-v: the handshake, then the request head (>) and the response head (<)', async () => {
    const r = await get('/echo', '-v', '-d', '@-', { input: 'from=stdin' });
    expect(r.status).toBe(0);
    const err = lines(r.stderr);
    expect(err).toContain('* verification: ok for localhost');
    expect(err).toContain('> POST /echo HTTP/1.1');
    expect(err).toContain('> Content-Length: 10');
    expect(err).toContain('< HTTP/1.1 200 OK');
    expect(err.indexOf('> POST /echo HTTP/1.1')).toBeLessThan(err.indexOf('< HTTP/1.1 200 OK'));
  });

  it('-s: no error line (the status still says it); -sS: the error line', async () => {
    const dead = 'https://127.0.0.1:1/';
    expect(await runCli(['get', dead, '-s'])).toMatchObject({ status: 4, stdout: '', stderr: '' });
    const shown = await runCli(['get', dead, '-s', '-S']);
    expect(shown.status).toBe(4);
    expect(lines(shown.stderr)).toEqual([expect.stringMatching(/^puretls: network error: .*ECONNREFUSED/)]);
  });
});

describe.concurrent('credentials', () => {
  it('user:password in the URL: Basic Authorization, as curl sends it; -v hides it and -H credentials', async () => {
    const r = await runCli(['get', `https://user:p%40ss@localhost:${srv.port}/echo`, '--ca', rsaRoot, '-v', '-H', 'Cookie: c=secret-cookie']);
    expect(r.status).toBe(0);
    expect(echo(r.stdout).headers.authorization).toBe(`Basic ${Buffer.from('user:p@ss').toString('base64')}`);
    expect(lines(r.stderr)).toEqual(expect.arrayContaining(['> Authorization: (hidden)', '> Cookie: (hidden)']));
    expect(r.stderr).not.toContain(Buffer.from('user:p@ss').toString('base64'));
    expect(r.stderr).not.toContain('secret-cookie');
  });
});

describe.concurrent('the response', () => {
  it('-i: the status line and headers before the body', async () => {
    const r = await get('/status?n=201', '-i');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^HTTP\/1\.1 201 Created\r\n(?:.+\r\n)*content-type: text\/plain\r\n(?:.+\r\n)*\r\nstatus 201 body$/i);
  });

  it('-o FILE: the body in the file, nothing on stdout; -o into a missing directory names the file, exit 1', async () => {
    const file = join(tmp, 'out.bin');
    const r = await get('/big?n=300000', '-o', file);
    expect([r.status, r.stdout, r.stderr]).toEqual([0, '', '']);
    expect(statSync(file).size).toBe(300_000);
    expect(readFileSync(file).every((b) => b === 0x61)).toBe(true);
    const bad = await get('/big?n=10', '-o', join(tmp, 'nope', 'x'));
    expect(bad.status).toBe(1);
    expect(lines(bad.stderr)[0]).toBe(`puretls: -o ${join(tmp, 'nope', 'x')}: no such file or directory, open '${join(tmp, 'nope', 'x')}'`);
  });

  it('-f: status >= 400 writes nothing of the body, exit 5; below 400 as usual', async () => {
    const file = join(tmp, 'fail.out');
    const r = await get('/status?n=404', '-f', '-o', file);
    expect(r.status).toBe(5);
    expect(lines(r.stderr)).toEqual(['puretls: HTTP 404 Not Found (--fail)']);
    expect(() => statSync(file)).toThrow(); // not even created
    const stdout = await get('/status?n=500', '--fail', '-i');
    expect([stdout.status, stdout.stdout]).toEqual([5, '']);
    const ok = await get('/status?n=299', '-f');
    expect([ok.status, ok.stdout]).toEqual([0, 'status 299 body']);
    const without = await get('/status?n=404');
    expect([without.status, without.stdout]).toEqual([0, 'status 404 body']);
  });

  it('-w: curl\'s variables, numeric, with \\n escapes', async () => {
    const vars = ['http_code', 'time_namelookup', 'time_connect', 'time_appconnect', 'time_starttransfer', 'time_total', 'size_download', 'remote_ip', 'remote_port', 'num_redirects', 'ssl_verify_result'];
    const r = await get('/big?n=1234', '-o', '/dev/null', '-w', `${vars.map((v) => `%{${v}}`).join(' ')}\\n`);
    expect(r.status).toBe(0);
    expect(r.stdout.endsWith('\n')).toBe(true);
    const [code, dns, tcp, tls, first, total, size, ip, port, redirects, verify] = r.stdout.trim().split(' ');
    expect([code, size, ip, port, redirects, verify]).toEqual(['200', '1234', '127.0.0.1', String(srv.port), '0', '0']);
    const times = [dns, tcp, tls, first, total].map(Number);
    for (const t of times) expect(t).toBeGreaterThanOrEqual(0);
    // curl's phases are in order: lookup <= connect <= TLS <= first byte <= total.
    for (let i = 1; i < times.length; i++) expect(times[i]!).toBeGreaterThanOrEqual(times[i - 1]!);
  });
});

describe.concurrent('-L: redirects', () => {
  it('followed: relative Location, 303 and 302-after-POST become GET, 307 keeps POST and body', async () => {
    const r303 = echo((await get('/redirect?n=303&to=echo', '-L', '-d', 'x=1')).stdout);
    expect([r303.method, r303.body]).toEqual(['GET', '']);
    const r302 = echo((await get('/redirect?n=302', '-L', '-d', 'x=1')).stdout);
    expect(r302.method).toBe('GET');
    const r307 = echo((await get('/redirect?n=307', '-L', '-d', 'x=1', '-w', '%{num_redirects}')).stdout.replace(/1$/, ''));
    expect([r307.method, r307.body]).toEqual(['POST', 'x=1']);
  });

  it('not followed without -L: the 3xx and its body; with -i under -L, every head', async () => {
    const r = await get('/redirect?n=301');
    expect([r.status, r.stdout]).toEqual([0, 'redirect body']);
    const i = await get('/redirect?n=308', '-L', '-i');
    expect(i.stdout).toMatch(/^HTTP\/1\.1 308 Permanent Redirect\r\n[\s\S]*\r\n\r\nHTTP\/1\.1 200 OK\r\n[\s\S]*\r\n\r\n\{"method":"GET"/);
  });

  it('a loop is bounded by --max-redirs (default 10): exit 9', async () => {
    const r = await get('/loop', '-L');
    expect(r.status).toBe(9);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: more than 10 redirects \(--max-redirs 10\); the next was to https:\/\/localhost:\d+\/loop\?n=11$/)]);
    const two = await get('/loop', '-L', '--max-redirs', '2');
    expect(lines(two.stderr)).toEqual([expect.stringMatching(/more than 2 redirects .*loop\?n=3$/)]);
  });

  it('a redirect to http: is refused: exit 9', async () => {
    const r = await get('/redirect?n=302&to=http://localhost/', '-L');
    expect(r.status).toBe(9);
    expect(lines(r.stderr)).toEqual(['puretls: redirect to a URL that is not https: refused: http://localhost/']);
  });
});

describe.concurrent('--resolve and --connect-to: TCP elsewhere, SNI and verification on the URL\'s host', () => {
  it('--resolve a name the certificate covers to 127.0.0.1: ok', async () => {
    const r = await runCli(['get', `https://localhost:${srv.port}/echo`, '--ca', rsaRoot, '--resolve', `localhost:${srv.port}:127.0.0.1`, '-w', '\\n%{remote_ip}']);
    expect(r.status).toBe(0);
    expect(r.stdout.split('\n').at(-1)).toBe('127.0.0.1');
  });

  it('--resolve a name it does not cover: verified against that name, so refused (exit 2)', async () => {
    const r = await runCli(['get', `https://other.test:${srv.port}/echo`, '--ca', rsaRoot, '--resolve', `other.test:${srv.port}:127.0.0.1`]);
    expect(r.status).toBe(2);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: certificate verification failed: .*ERR_TLS_CERT_ALTNAME_INVALID/)]);
  });

  it('--resolve for another port does not apply (the name is looked up: not found, exit 4)', async () => {
    const r = await runCli(['get', `https://other.invalid:${srv.port}/`, '--ca', rsaRoot, '--resolve', `other.invalid:1:127.0.0.1`]);
    expect(r.status).toBe(4);
  });

  it('--connect-to: the URL\'s host on a dead port reaches the server; Host and SNI keep the URL\'s', async () => {
    const r = await runCli(['get', 'https://localhost:9/echo', '--ca', rsaRoot, '--connect-to', `localhost:9:127.0.0.1:${srv.port}`]);
    expect(r.status).toBe(0);
    expect(echo(r.stdout).headers.host).toBe('localhost:9');
    const any = await runCli(['get', 'https://localhost:9/echo', '--ca', rsaRoot, '--connect-to', `::127.0.0.1:${srv.port}`]);
    expect(any.status).toBe(0);
    const uncovered = await runCli(['get', 'https://nothere.test/echo', '--ca', rsaRoot, '--connect-to', `nothere.test:443:127.0.0.1:${srv.port}`]);
    expect(uncovered.status).toBe(2);
  });

  it('--dangerously-accept-any-certificate: a name not covered is accepted, with one warning line', async () => {
    const r = await runCli(['get', `https://nothere.test:${srv.port}/status?n=200`, '--resolve', `nothere.test:${srv.port}:127.0.0.1`, '--dangerously-accept-any-certificate', '-w', ' %{ssl_verify_result}']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('status 200 body 1');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: warning: --dangerously-accept-any-certificate: the server's certificate is not verified/)]);
  });
});

describe.concurrent('usage and file errors: exactly one line, then the pointer to --help; exit 1', () => {
  it.each([
    ['no command', [], 'missing command (get or connect)'],
    ['an unknown option', ['get', 'https://localhost:1/', '--frobnicate'], 'unknown option --frobnicate'],
    ['a missing value', ['get', 'https://localhost:1/', '-o'], 'option -o needs a value'],
    ['--alpn h2', ['get', 'https://localhost:1/', '--alpn', 'h2'], 'get speaks HTTP/1.1, not HTTP/2 (--alpn h2): use --alpn http/1.1, or connect'],
    ['-k', ['get', 'https://localhost:1/', '-k'], '-k/--insecure is spelled --dangerously-accept-any-certificate here'],
    ['a bad -H', ['get', 'https://localhost:1/', '-H', 'no colon'], '-H: not "Name: value": "no colon"'],
    ['a bad -w variable', ['get', 'https://localhost:1/', '-w', '%{bogus}'], '-w: unknown variable %{bogus}'],
    ['a bad --resolve', ['get', 'https://localhost:1/', '--resolve', 'a:1:notip'], '--resolve: not an IP address: "notip" in "a:1:notip"'],
    ['a bad --connect-to', ['get', 'https://localhost:1/', '--connect-to', 'a:b'], '--connect-to: not HOST1:PORT1:HOST2:PORT2: "a:b"'],
    ['a negative --max-redirs', ['get', 'https://localhost:1/', '--max-redirs', '-1'], 'option --max-redirs: a value starting with - is written --max-redirs=VALUE'],
    ['a bad --max-redirs', ['get', 'https://localhost:1/', '--max-redirs=-1'], '--max-redirs: not a non-negative integer: -1'],
    ['--showcerts on get', ['get', 'https://localhost:1/', '--showcerts'], '--showcerts is an option of connect, not get'],
    ['-o on connect', ['connect', 'localhost:1', '-o', 'x'], '--output is an option of get, not connect'],
    ['a missing --ca file', ['get', 'https://localhost:1/', '--ca', '/nonexistent/ca.pem'], "--ca /nonexistent/ca.pem: no such file or directory, open '/nonexistent/ca.pem'"],
    ['a missing -d @file', ['get', 'https://localhost:1/', '-d', '@/nonexistent/data'], "-d @/nonexistent/data: no such file or directory, open '/nonexistent/data'"],
    ['an unwritable --keylogfile', ['get', 'https://localhost:1/', '--keylogfile', '/nonexistent/keys'], "--keylogfile /nonexistent/keys: no such file or directory, open '/nonexistent/keys'"],
    ['an unknown group', ['get', 'https://localhost:1/', '--groups', 'p521'], expect.stringMatching(/^unknown group "p521"/)],
  ])('%s', async (_what, args, message) => {
    const r = await runCli(args as string[]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(lines(r.stderr)).toEqual([typeof message === 'string' ? `puretls: ${message}` : expect.stringMatching(/^puretls: unknown group/), "Try 'puretls --help' for more."]);
  });

  it('--help, help and --version: on stdout, exit 0', async () => {
    for (const args of [['--help'], ['help'], ['-h']]) {
      const r = await runCli(args);
      expect([r.status, r.stderr]).toEqual([0, '']);
      expect(r.stdout).toMatch(/^usage:\n/);
      expect(r.stdout).toContain('exit status:');
    }
    const v = await runCli(['--version']);
    expect([v.status, v.stdout]).toEqual([0, `puretls ${(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version}\n`]);
  });
});

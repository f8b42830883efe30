// `puretls get` against hand-written HTTP/1.1 responses from a raw node:tls server: the body
// framings of RFC 9112 §6 (Content-Length, chunked with extensions and trailers, close-delimited,
// none for HEAD/204/304, 1xx skipped) and §9.8's truncation rules: a complete message is complete
// even without close_notify (exit 0), a close-delimited body without close_notify is delivered
// with a warning (exit 7), a Content-Length or chunked body cut short is exit 6.
// node:tls: end() sends close_notify then FIN; destroy() after the write's callback sends neither.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lines, rsaRoot, runCli } from './helpers/cli_run.js';
import { rawTlsServer, writeThenCut, type Running } from './helpers/http_servers.js';

type Script = (s: import('node:tls').TLSSocket, head: string) => void;
const scripts = new Map<string, Script>();
let srv: Running;
beforeAll(async () => {
  srv = await rawTlsServer((s, head) => {
    const path = /^\S+ (\S+)/.exec(head)?.[1] ?? '';
    (scripts.get(path) ?? ((x) => x.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n')))(s, head);
  });
});
afterAll(() => srv.close());

const get = (path: string, ...args: string[]) => runCli(['get', `https://localhost:${srv.port}${path}`, '--ca', rsaRoot, ...args]);
function route(path: string, script: Script): string {
  scripts.set(path, script);
  return path;
}

describe.concurrent('body framings', () => {
  it('Content-Length, then a TCP close without close_notify: complete, exit 0', async () => {
    const r = await get(route('/cl-cut', (s) => writeThenCut(s, 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello')));
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'hello', '']);
  });

  it('chunked with extensions and trailers, decoded; the final chunk makes it complete even without close_notify', async () => {
    const body = '5;ext=1\r\nhello\r\n1\r\n \r\nA\r\n0123456789\r\n0\r\nX-Sum: 42\r\n\r\n';
    const r = await get(route('/chunked', (s) => writeThenCut(s, `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${body}`)), '-v');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('hello 0123456789');
    expect(lines(r.stderr)).toContain('< (trailer) X-Sum: 42');
  });

  it('a chunked body delivered one byte per TLS record decodes the same', async () => {
    const text = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n';
    const r = await get(route('/bytewise', (s) => { for (const ch of text) s.write(ch); s.end(); }));
    expect([r.status, r.stdout]).toEqual([0, 'abc']);
  });

  it('close-delimited, ended by close_notify: exit 0, no warning', async () => {
    const r = await get(route('/close-clean', (s) => s.end('HTTP/1.1 200 OK\r\n\r\nuntil the end')));
    expect([r.status, r.stdout, r.stderr]).toEqual([0, 'until the end', '']);
  });

  it('close-delimited, ended by a TCP close without close_notify: delivered, one warning line, exit 7', async () => {
    const r = await get(route('/close-cut', (s) => writeThenCut(s, 'HTTP/1.0 200 OK\r\n\r\nmaybe all of it')));
    expect(r.status).toBe(7);
    expect(r.stdout).toBe('maybe all of it');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: warning: .*without close_notify.*RFC 9112 §9\.8/)]);
  });

  it('-s silences that warning, not the exit status', async () => {
    const r = await get(route('/close-cut-s', (s) => writeThenCut(s, 'HTTP/1.0 200 OK\r\n\r\nmaybe all of it')), '-s');
    expect([r.status, r.stdout, r.stderr]).toEqual([7, 'maybe all of it', '']);
  });

  it('a Content-Length body cut short: exit 6, how many bytes of how many', async () => {
    const r = await get(route('/cl-short', (s) => writeThenCut(s, 'HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n0123456789')));
    expect(r.status).toBe(6);
    expect(r.stdout).toBe('0123456789');
    expect(lines(r.stderr)).toEqual(['puretls: body truncated: 10 of 100 bytes arrived, and without close_notify']);
  });

  it('a Content-Length body cut short even with close_notify: exit 6', async () => {
    const r = await get(route('/cl-short-clean', (s) => s.end('HTTP/1.1 200 OK\r\nContent-Length: 8\r\n\r\nabc')));
    expect(r.status).toBe(6);
    expect(lines(r.stderr)).toEqual(['puretls: body truncated: 3 of 8 bytes arrived']);
  });

  it('a chunked body without its last chunk: exit 6', async () => {
    const r = await get(route('/chunk-short', (s) => writeThenCut(s, 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nabcd\r\n10\r\nonly')));
    expect(r.status).toBe(6);
    expect(r.stdout).toBe('abcdonly');
    expect(lines(r.stderr)).toEqual([expect.stringMatching(/^puretls: chunked body truncated: 8 bytes arrived/)]);
  });

  it('1xx interim responses are skipped; 204 and 304 have no body; HEAD has none either', async () => {
    const r1 = await get(route('/interim', (s) => s.end('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early Hints\r\nLink: </a>\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok')), '-i');
    expect([r1.status, r1.stdout]).toEqual([0, 'HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok']);
    // A 204 with stray bytes after it: they are not a body (the connection then stays open until we close).
    const r2 = await get(route('/204', (s) => s.write('HTTP/1.1 204 No Content\r\nContent-Length: 9\r\n\r\nnot-body!')));
    expect([r2.status, r2.stdout]).toEqual([0, '']);
    const r3 = await get(route('/304', (s) => s.write('HTTP/1.1 304 Not Modified\r\n\r\n')));
    expect([r3.status, r3.stdout]).toEqual([0, '']);
    const r4 = await get(route('/head', (s, head) => s.write(`HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Method: ${head.split(' ')[0]}\r\n\r\n`)), '-I');
    expect(r4.status).toBe(0);
    expect(r4.stdout).toBe('HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nX-Method: HEAD\r\n\r\n');
  });
});

describe.concurrent('bad responses: exit 8, one line', () => {
  it.each([
    ['conflicting Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello', /conflicting Content-Length values: 5, 6/],
    ['a non-numeric Content-Length', 'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n', /Content-Length is not a number/],
    ['not HTTP at all', 'SSH-2.0-OpenSSH\r\n', /not HTTP\/1\.x: it starts "SSH-2/],
    ['HTTP/2 framing', 'HTTP/2 200\r\n\r\n', /not an HTTP\/1\.x status line/],
    ['a space before the colon', 'HTTP/1.1 200 OK\r\nContent-Length : 1\r\n\r\nx', /not a field line/],
    ['a bad chunk-size line', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n', /not a chunk-size line/],
    ['a huge chunk size', 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffff\r\n', /not a chunk-size line/],
    ['101 not asked for', 'HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n', /101 Switching Protocols/],
  ])('%s', async (name, response, message) => {
    const r = await get(route(`/bad-${name.replace(/\W/g, '')}`, (s) => s.end(response)));
    expect(r.status).toBe(8);
    expect(lines(r.stderr)).toEqual([expect.stringMatching(message)]);
  });

  it('a head over 64 KiB, a chunk-size line over 4 KiB, 101 fields: refused, not held', async () => {
    const big = await get(route('/big-head', (s) => { s.write('HTTP/1.1 200 OK\r\n'); s.write(`X-Big: ${'a'.repeat(70_000)}\r\n\r\n`); }));
    expect([big.status, lines(big.stderr)]).toEqual([8, ['puretls: bad HTTP response: the head is longer than 65536 bytes']]);
    const ext = await get(route('/big-ext', (s) => s.write(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1;${'e'.repeat(5000)}`)));
    expect([ext.status, lines(ext.stderr)]).toEqual([8, ['puretls: bad HTTP response: a chunk-size line longer than 4096 bytes']]);
    const many = await get(route('/many', (s) => s.write(`HTTP/1.1 200 OK\r\n${'X: y\r\n'.repeat(101)}\r\n`)));
    expect([many.status, lines(many.stderr)]).toEqual([8, ['puretls: bad HTTP response: more than 100 fields']]);
  });

  it('no response at all (the server closes after the request): exit 6', async () => {
    const r = await get(route('/nothing', (s) => s.end()));
    expect([r.status, lines(r.stderr)]).toEqual([6, ['puretls: the server closed the connection without a response']]);
  });

  it('a server that answers the handshake and then never the request: --timeout ends it, exit 4', async () => {
    const r = await get(route('/mute', () => {}), '--timeout', '1500');
    expect(r.status).toBe(4);
    expect(lines(r.stderr)).toEqual(['puretls: timeout: no data from the server for 1500 ms']);
  });
});

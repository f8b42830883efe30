// The CLI's HTTP/1.1 response parser (src/cli/http1.ts) on its own, without I/O: the same
// message split at every byte boundary parses the same (RFC 9112 framing is independent of how
// TCP and TLS cut the bytes), bodies come out as they arrive, and the bounds hold.
import { describe, expect, it } from 'vitest';
import { parseCli, type CliCommand } from '../src/cli/args.js';
import { HTTP_LIMITS, ResponseParser, type ParserEvent } from '../src/cli/http1.js';

/** Feeds `parts` in order; the events' summary: head statuses, the body, trailers, whether complete. */
function run(method: string, parts: readonly Buffer[]) {
  const p = new ResponseParser(method);
  const events: ParserEvent[] = [];
  for (const part of parts) events.push(...p.push(part));
  return {
    heads: events.flatMap((e) => (e.type === 'head' ? [`${e.head.status}${e.interim ? ' interim' : ''}`] : [])),
    body: Buffer.concat(events.flatMap((e) => (e.type === 'body' ? [e.data] : []))).toString('latin1'),
    trailers: events.flatMap((e) => (e.type === 'end' ? e.trailers : [])),
    complete: p.complete,
    parser: p,
  };
}

const chunked = Buffer.from('HTTP/1.1 103 Early Hints\r\nLink: </s>\r\n\r\nHTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nX-Folded: a\r\n  b\r\n\r\n4;x=y\r\nWiki\r\n5\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\nExpires: never\r\n\r\nAFTER');

describe('ResponseParser', () => {
  it('a chunked message with an interim response and trailers, split at every byte boundary', () => {
    const whole = run('GET', [chunked]);
    expect(whole).toMatchObject({ heads: ['103 interim', '200'], body: 'Wikipedia in\r\n\r\nchunks.', trailers: [['Expires', 'never']], complete: true });
    expect(whole.parser.head?.fields).toContainEqual(['X-Folded', 'a b']); // obs-fold becomes a space (RFC 9112 §5.2)
    for (let i = 1; i < chunked.length; i++) {
      const split = run('GET', [chunked.subarray(0, i), chunked.subarray(i)]);
      expect({ ...split, parser: undefined }).toEqual({ ...whole, parser: undefined });
    }
    const bytewise = run('GET', [...chunked].map((b) => Buffer.from([b])));
    expect({ ...bytewise, parser: undefined }).toEqual({ ...whole, parser: undefined });
  });

  it('Content-Length: complete at the last byte, later bytes ignored; end() after it is fine either way', () => {
    const r = run('GET', [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 3, 3\r\n\r\nabcdef')]);
    expect([r.body, r.complete, r.parser.end(false)]).toEqual(['abc', true, 'complete']);
  });

  it('bare LF line endings are accepted (RFC 9112 §2.2)', () => {
    const r = run('GET', [Buffer.from('HTTP/1.0 200 OK\nContent-Length: 2\n\nok')]);
    expect([r.body, r.complete]).toEqual(['ok', true]);
  });

  it('close-delimited: complete with close_notify, "unclosed" without', () => {
    const a = run('GET', [Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome')]);
    expect([a.body, a.complete, a.parser.end(true)]).toEqual(['some', false, 'complete']);
    expect(run('GET', [Buffer.from('HTTP/1.1 200 OK\r\n\r\nsome')]).parser.end(false)).toBe('unclosed');
  });

  it('cut short: how many bytes of how many', () => {
    expect(() => run('GET', [Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')]).parser.end(true)).toThrow('body truncated: 3 of 10 bytes arrived');
    expect(() => run('GET', [Buffer.from('HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n')]).parser.end(false)).toThrow('chunked body truncated: 3 bytes arrived, then the connection closed before the last chunk, and without close_notify');
    expect(() => run('GET', [Buffer.from('HTTP/1.1 200')]).parser.end(true)).toThrow('response truncated: the connection closed after 12 bytes of the head');
  });

  it('no body for HEAD, 204, 304 whatever the fields say', () => {
    for (const [method, status] of [['HEAD', '200 OK'], ['GET', '204 No Content'], ['GET', '304 Not Modified']] as const) {
      const r = run(method, [Buffer.from(`HTTP/1.1 ${status}\r\nContent-Length: 5\r\n\r\n`)]);
      expect([r.body, r.complete]).toEqual(['', true]);
    }
  });

  it('bounds: the head is refused past maxHeadBytes even when fed in small pieces (no unbounded holding)', () => {
    const p = new ResponseParser('GET');
    p.push(Buffer.from('HTTP/1.1 200 OK\r\nX: '));
    const piece = Buffer.alloc(1000, 0x61);
    let fed = 0;
    expect(() => { for (;;) { p.push(piece); fed += piece.length; } }).toThrow(`the head is longer than ${HTTP_LIMITS.maxHeadBytes} bytes`);
    expect(fed).toBeLessThanOrEqual(HTTP_LIMITS.maxHeadBytes);
    const interim = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n'.repeat(HTTP_LIMITS.maxInterim + 1));
    expect(() => new ResponseParser('GET').push(interim)).toThrow('interim (1xx) responses');
    const trailers = Buffer.from(`HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n${'T: v\r\n'.repeat(HTTP_LIMITS.maxFields + 1)}\r\n`);
    expect(() => new ResponseParser('GET').push(trailers)).toThrow('trailer fields');
  });
});

describe('parseCli', () => {
  it('--cert-compression: a list in order, or none; anything else is a usage error', () => {
    const opts = (args: string[]) => (parseCli(['connect', 'h:1', ...args], {}) as CliCommand).options.certificateCompression;
    expect(opts([])).toBeUndefined(); // the driver's default: brotli, zlib
    expect(opts(['--cert-compression', 'zlib'])).toEqual(['zlib']);
    expect(opts(['--cert-compression', 'zlib,brotli'])).toEqual(['zlib', 'brotli']);
    expect(opts(['--cert-compression', 'none'])).toBe(false);
    expect(() => opts(['--cert-compression', 'zstd'])).toThrow(/--cert-compression/);
    expect(() => opts(['--cert-compression', 'zlib,zlib'])).toThrow(/twice/);
  });

  it('--trace is accepted and kept (wired by cli/trace.ts)', () => {
    expect((parseCli(['connect', 'localhost:1', '--trace'], {}) as CliCommand).trace).toBe(true);
    expect((parseCli(['get', 'https://localhost/'], {}) as CliCommand).trace).toBe(false);
  });

  it('--keylogfile wins over SSLKEYLOGFILE; an empty SSLKEYLOGFILE is none', () => {
    expect((parseCli(['connect', 'h:1'], { SSLKEYLOGFILE: '/tmp/a' }) as CliCommand).keylogFile).toBe('/tmp/a');
    expect((parseCli(['connect', 'h:1', '--keylogfile', '/tmp/b'], { SSLKEYLOGFILE: '/tmp/a' }) as CliCommand).keylogFile).toBe('/tmp/b');
    expect((parseCli(['connect', 'h:1'], { SSLKEYLOGFILE: '' }) as CliCommand).keylogFile).toBeUndefined();
  });
});

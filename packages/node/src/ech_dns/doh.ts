/**
 * DNS over HTTPS (RFC 8484): the query POSTed as `application/dns-message` (§4.1) to the URL
 * the user names, over puretls itself (a TlsSocket under `https.request`, the server's
 * certificate verified as `connect()` verifies: `ca`, else Node's root store), id 0 (§4.1: "the
 * DNS ID SHOULD be 0"), status 200 and content type `application/dns-message` required (§4.2.1),
 * the body capped at one DNS message. One timeout for the whole exchange; every path destroys
 * the request and clears the timer.
 */
import type { IncomingMessage } from 'node:http';
import { unbracket } from '../host_name.js';
import { TlsSocket } from '../tls_socket.js';
import type { VerificationOptions } from '../verification.js';
import { DnsServerFailure } from './errors.js';
import { EchDnsLimits } from './limits.js';
import { buildQuery, readResponse, type FinalAnswer } from './message.js';

/**
 * The DoH URL as a URL, or a TypeError (an https: URL without credentials or fragment).
 *
 * @example
 * dohTarget('https://dns.example/dns-query').pathname; // '/dns-query'
 */
export function dohTarget(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`echDns.dohUrl: not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:') throw new TypeError(`echDns.dohUrl: an https: URL (RFC 8484 §5), not ${url.protocol}`);
  if (url.username !== '' || url.password !== '' || url.hash !== '') throw new TypeError('echDns.dohUrl: no credentials or fragment in the URL');
  return url;
}

/** The body of `res`, at most `max` bytes (more fails), or why not. */
function readBody(res: IncomingMessage, max: number, fail: (why: string) => void, done: (body: Buffer) => void): void {
  const declared = res.headers['content-length'];
  if (declared !== undefined && Number(declared) > max) return fail(`a ${declared}-byte response body (at most ${max})`);
  const chunks: Buffer[] = [];
  let have = 0;
  res.on('data', (d: Buffer) => {
    have += d.length;
    if (have > max) return fail(`a response body over ${max} bytes`);
    chunks.push(d);
  });
  res.on('end', () => done(Buffer.concat(chunks)));
  res.on('error', (e: Error) => fail(e.message));
}

/**
 * One query over DoH; the answer, checked as a UDP one is (id 0, our question), or a
 * DnsServerFailure saying why not.
 *
 * @example
 * const answer = await dohExchange(new URL('https://127.0.0.1:8443/dns-query'), 'example.com', 5000, { ca });
 */
export async function dohExchange(url: URL, name: string, ms: number, tls: Pick<VerificationOptions, 'ca'>, signal?: AbortSignal): Promise<FinalAnswer> {
  // node:https only when DoH is used: importing the package does not load Node's HTTP client.
  const { request } = await import('node:https');
  const query = buildQuery(0, name);
  const host = unbracket(url.hostname);
  const port = Number(url.port || 443);
  return new Promise<FinalAnswer>((resolve, reject) => {
    let settled = false;
    const finish = (f: () => void) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      req.destroy();
      f();
    };
    const fail = (why: string) => finish(() => reject(new DnsServerFailure(why)));
    const onAbort = () => finish(() => reject(Object.assign(new Error('DNS lookup aborted', { cause: signal?.reason }), { code: 'ABORT_ERR' })));
    const timer = setTimeout(() => fail(`no answer within ${ms} ms`), ms);
    // No session store and no ECH of its own: one short exchange, verified against `host`.
    const createConnection = () => new TlsSocket({ host, port, ALPNProtocols: ['http/1.1'], sessionStore: null, ...(tls.ca !== undefined ? { ca: tls.ca } : {}) });
    const req = request({
      method: 'POST', host, port, path: `${url.pathname}${url.search}`, createConnection: createConnection as never,
      headers: { accept: 'application/dns-message', 'content-type': 'application/dns-message', 'content-length': query.length },
    }, (res) => {
      const type = (res.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
      if (res.statusCode !== 200) return fail(`HTTP status ${res.statusCode ?? '?'} (RFC 8484 §4.2.1: 200 carries the answer)`);
      if (type !== 'application/dns-message') return fail(`content type ${JSON.stringify(type)}, not application/dns-message`);
      readBody(res, EchDnsLimits.maxDohBody, fail, (body) => {
        try {
          const answer = readResponse(body, { id: 0, name });
          if (answer.kind === 'stray') fail(`a response that does not answer the query (${answer.why})`);
          else if (answer.kind === 'truncated') fail('a truncated answer over DoH');
          else finish(() => resolve(answer));
        } catch (e) {
          fail((e as Error).message);
        }
      });
    });
    req.on('error', (e: Error & { code?: string }) => fail(`${e.message}${e.code !== undefined ? ` [${e.code}]` : ''}`));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted === true) onAbort();
    req.end(query);
  });
}

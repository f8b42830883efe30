/** -L: which responses are followed, where to, and with which method (curl's rules, RFC 9110 §15.4). */
import { CliFailure, EXIT } from './failures.js';
import { field, type ResponseHead } from './http1.js';
import type { HeaderEdit } from './request_args.js';

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/**
 * The next request of a followed redirect.
 *
 * @example
 * const hop: NextHop = { url: new URL('https://a.test/'), method: 'GET', body: undefined, headers: [] };
 */
export interface NextHop { url: URL; method: string; body: Buffer | undefined; headers: HeaderEdit[] }

/**
 * The next hop if `head` is a redirect to follow, else undefined (the response is delivered as
 * is: not a redirect status, or no Location). A relative Location is resolved against `url`. 303,
 * and 301/302 after POST, become GET without a body (as curl and browsers do, RFC 9110 §15.4.2-4);
 * 307 and 308 keep the method and body. Authorization and Cookie from -H are not sent to another
 * host (curl's rule: credentials stay with the host they were given for).
 *
 * @example
 * nextHop(head, new URL('https://a.test/x'), 'GET', undefined, [], 0, 10);
 */
export function nextHop(head: ResponseHead, url: URL, method: string, body: Buffer | undefined, headers: readonly HeaderEdit[], followed: number, max: number): NextHop | undefined {
  if (!REDIRECTS.has(head.status)) return undefined;
  const location = field(head, 'location')[0];
  if (location === undefined || location === '') return undefined;
  let next: URL;
  try {
    next = new URL(location, url);
  } catch {
    throw new CliFailure(EXIT.redirect, `redirect to a Location that is not a URL: ${JSON.stringify(location.slice(0, 200))}`);
  }
  if (next.protocol !== 'https:') throw new CliFailure(EXIT.redirect, `redirect to a URL that is not https: refused: ${next.href}`);
  if (followed >= max) throw new CliFailure(EXIT.redirect, `more than ${max} redirects (--max-redirs ${max}); the next was to ${next.href}`);
  next.hash = '';
  const toGet = (head.status === 303 && method !== 'HEAD') || ((head.status === 301 || head.status === 302) && method === 'POST');
  const sameHost = next.host === url.host;
  return {
    url: next,
    method: toGet ? 'GET' : method,
    body: toGet ? undefined : body,
    headers: sameHost ? [...headers] : headers.filter((h) => !/^(authorization|cookie)$/i.test(h.name)),
  };
}

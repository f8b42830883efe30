/** The HTTP/1.1 request `get` sends (RFC 9112 §3): curl's default fields, edited by -H. */
import type { HeaderEdit } from './request_args.js';

/**
 * The request head and body. Defaults: Host, User-Agent `puretls/<version>`, Accept `*\/*`,
 * Authorization for credentials in the URL, and for
 * a body Content-Type (form-urlencoded, as curl's -d) and Content-Length; `Connection: close`
 * last, so the server ends the exchange and the body's end is never in doubt. A -H naming a
 * default replaces it (or removes it, `Name:`); other -H are added in order.
 *
 * @example
 * buildRequest(new URL('https://example.com/a?b'), 'GET', undefined, [], '0.1.0').toString();
 */
export function buildRequest(url: URL, method: string, body: Buffer | undefined, edits: readonly HeaderEdit[], version: string): Buffer {
  const fields: Array<{ name: string; value: string; isDefault: boolean }> = [
    { name: 'Host', value: url.host, isDefault: true },
    { name: 'User-Agent', value: `puretls/${version}`, isDefault: true },
    { name: 'Accept', value: '*/*', isDefault: true },
    // https://user:pass@host/ as curl reads it: Basic credentials (RFC 7617), percent-decoded.
    ...(url.username !== '' ? [{ name: 'Authorization', value: `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString('base64')}`, isDefault: true }] : []),
    ...(body !== undefined ? [
      { name: 'Content-Type', value: 'application/x-www-form-urlencoded', isDefault: true },
      { name: 'Content-Length', value: String(body.length), isDefault: true },
    ] : []),
    { name: 'Connection', value: 'close', isDefault: true },
  ];
  for (const edit of edits) {
    const same = (f: { name: string }) => f.name.toLowerCase() === edit.name.toLowerCase();
    if (edit.value === undefined) {
      for (let i = fields.length - 1; i >= 0; i--) if (same(fields[i]!)) fields.splice(i, 1);
      continue;
    }
    const dflt = fields.find((f) => f.isDefault && same(f));
    if (dflt !== undefined) Object.assign(dflt, { name: edit.name, value: edit.value, isDefault: false });
    else {
      // Added fields go before Connection (kept last), or at the end if -H removed it.
      const at = fields.findIndex((f) => f.name === 'Connection' && f.isDefault);
      fields.splice(at < 0 ? fields.length : at, 0, { name: edit.name, value: edit.value, isDefault: false });
    }
  }
  const target = `${url.pathname || '/'}${url.search}`;
  const head = `${method} ${target} HTTP/1.1\r\n${fields.map((f) => `${f.name}: ${f.value}\r\n`).join('')}\r\n`;
  return body === undefined ? Buffer.from(head, 'latin1') : Buffer.concat([Buffer.from(head, 'latin1'), body]);
}

/**
 * The request head's lines for -v, with credentials hidden: -v output ends up in bug reports.
 *
 * @example
 * requestLines(buildRequest(url, 'GET', undefined, [], '0.1.0')); // ['GET / HTTP/1.1', 'Host: …', …]
 */
export function requestLines(request: Buffer): string[] {
  return request.subarray(0, request.indexOf('\r\n\r\n')).toString('latin1').split('\r\n')
    .map((l) => l.replace(/^((?:proxy-)?authorization|cookie):.*$/i, '$1: (hidden)'));
}

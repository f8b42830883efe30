/**
 * HTTP/1.1 message heads as RFC 9112 defines them (§2.2 lines, §4 status line, §5 field lines),
 * with hard bounds: a hostile server can make us hold at most HTTP_LIMITS.maxHeadBytes of head.
 */
import { CliFailure, EXIT } from './failures.js';

/**
 * The bounds on what a server may send before the body (RFC 9112 §2.3: a recipient bounds the
 * lengths it accepts). 64 KiB and 100 fields are far beyond any real response head.
 *
 * @example
 * if (headBytes > HTTP_LIMITS.maxHeadBytes) throw badResponse('head too large');
 */
export const HTTP_LIMITS = {
  /** Bytes of one head (status line and fields), and of a trailer section. */
  maxHeadBytes: 64 * 1024,
  /** Field lines in one head or trailer section. */
  maxFields: 100,
  /** 1xx interim responses skipped before the final one. */
  maxInterim: 10,
  /** One chunk-size line with its extensions (RFC 9112 §7.1.1). */
  maxChunkLine: 4096,
} as const;

/**
 * A response head. `fields` keep their order and case; look them up with `field()`.
 *
 * @example
 * const head: ResponseHead = parseHead(raw); head.status;
 */
export interface ResponseHead {
  version: '1.0' | '1.1';
  status: number;
  reason: string;
  fields: Array<[name: string, value: string]>;
  /** The head's bytes as received (for -i, which shows them verbatim). */
  raw: Buffer;
}

/**
 * The error for a response that is not valid HTTP/1.x (exit 8).
 *
 * @example
 * throw badResponse('no status line');
 */
export function badResponse(what: string): CliFailure {
  return new CliFailure(EXIT.badResponse, `bad HTTP response: ${what}`);
}

const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The index just past the empty line that ends a head in `buf` (CRLF CRLF, or bare LF as RFC 9112
 * §2.2 lets a recipient accept), or -1. `from` skips bytes already searched.
 *
 * @example
 * headEnd(Buffer.from('HTTP/1.1 200 OK\r\n\r\nbody'), 0); // 19
 */
export function headEnd(buf: Buffer, from: number): number {
  for (let i = buf.indexOf(0x0a, from); i >= 0; i = buf.indexOf(0x0a, i + 1)) {
    if (buf[i + 1] === 0x0a) return i + 2;
    if (buf[i + 1] === 0x0d && buf[i + 2] === 0x0a) return i + 3;
  }
  return -1;
}

/** Lines of a head or trailer section (without the final empty line), CRLF or LF terminated. */
function lines(text: string): string[] {
  const out = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (out.length > 0 && out[out.length - 1] === '') out.pop();
  return out;
}

/**
 * Field lines (RFC 9112 §5): `name: value`, no whitespace before the colon (§5.1: MUST reject),
 * obs-fold replaced by a space (§5.2, as a user agent must), at most HTTP_LIMITS.maxFields.
 *
 * @example
 * parseFields(['Content-Length: 5']); // [['Content-Length', '5']]
 */
export function parseFields(fieldLines: readonly string[]): Array<[string, string]> {
  const fields: Array<[string, string]> = [];
  for (const line of fieldLines) {
    if (/^[ \t]/.test(line)) {
      const last = fields[fields.length - 1];
      if (last === undefined) throw badResponse('a continuation line before any field');
      last[1] = `${last[1]} ${line.trim()}`.trim();
      continue;
    }
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    if (!TOKEN.test(name)) throw badResponse(`not a field line: ${JSON.stringify(line.slice(0, 80))}`);
    const value = line.slice(colon + 1).replace(/^[ \t]+|[ \t]+$/g, '');
    if (/[\0\r]/.test(value)) throw badResponse(`a field value holds NUL or CR: ${name}`);
    if (fields.length >= HTTP_LIMITS.maxFields) throw badResponse(`more than ${HTTP_LIMITS.maxFields} fields`);
    fields.push([name, value]);
  }
  return fields;
}

/**
 * A complete head (status line and fields, through the empty line), RFC 9112 §4.
 *
 * @example
 * parseHead(Buffer.from('HTTP/1.1 204 No Content\r\n\r\n')).status; // 204
 */
export function parseHead(raw: Buffer): ResponseHead {
  const [statusLine, ...rest] = lines(raw.toString('latin1'));
  const m = /^HTTP\/1\.([01]) (\d{3})(?: ([^\0\r\n]*))?$/.exec(statusLine ?? '');
  if (m === null) throw badResponse(`not an HTTP/1.x status line: ${JSON.stringify((statusLine ?? '').slice(0, 80))}`);
  return { version: m[1] === '0' ? '1.0' : '1.1', status: Number(m[2]), reason: m[3] ?? '', fields: parseFields(rest), raw };
}

/**
 * The values of a field (case-insensitive name), in order.
 *
 * @example
 * field(head, 'content-type')[0];
 */
export function field(head: Pick<ResponseHead, 'fields'>, name: string): string[] {
  const lower = name.toLowerCase();
  return head.fields.filter(([n]) => n.toLowerCase() === lower).map(([, v]) => v);
}

/**
 * Splits a head or trailer section into lines; exported for the trailer reader.
 *
 * @example
 * sectionLines('a: 1\r\n\r\n'); // ['a: 1']
 */
export function sectionLines(text: string): string[] {
  return lines(text);
}

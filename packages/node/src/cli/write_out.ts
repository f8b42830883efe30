/** curl's `-w/--write-out FORMAT`: `%{variable}` and `\n`-style escapes, checked when parsed. */
import { UsageError } from './failures.js';

/**
 * The values -w can print; times are in seconds since the command started, as curl's.
 *
 * @example
 * renderWriteOut(parseWriteOut('%{http_code}'), facts);
 */
export interface TransferFacts {
  http_code: number;
  http_version: string;
  num_redirects: number;
  url_effective: string;
  content_type: string;
  remote_ip: string;
  remote_port: number | string;
  local_ip: string;
  local_port: number | string;
  size_download: number;
  size_header: number;
  size_request: number;
  speed_download: number;
  /** 0 when the chain verified, 1 otherwise (curl's convention). */
  ssl_verify_result: number;
  time_namelookup: number;
  time_connect: number;
  time_appconnect: number;
  time_pretransfer: number;
  time_starttransfer: number;
  time_redirect: number;
  time_total: number;
  exitcode: number;
}

type Variable = keyof TransferFacts;
const VARIABLES: readonly Variable[] = [
  'http_code', 'http_version', 'num_redirects', 'url_effective', 'content_type', 'remote_ip', 'remote_port', 'local_ip', 'local_port',
  'size_download', 'size_header', 'size_request', 'speed_download', 'ssl_verify_result', 'time_namelookup', 'time_connect',
  'time_appconnect', 'time_pretransfer', 'time_starttransfer', 'time_redirect', 'time_total', 'exitcode',
];
const ALIASES: Record<string, Variable> = { response_code: 'http_code' };

/**
 * A parsed format: literal text and variables in order.
 *
 * @example
 * const format: WriteOut = parseWriteOut('%{time_total}\\n');
 */
export type WriteOut = ReadonlyArray<string | { variable: Variable }>;

const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\' };

/**
 * Parses a -w format; an unknown variable is a usage error (curl warns; we refuse, so a typo is seen).
 *
 * @example
 * parseWriteOut('%{http_code} %{time_total}\\n');
 */
export function parseWriteOut(format: string): WriteOut {
  const out: Array<string | { variable: Variable }> = [];
  let text = '';
  for (let i = 0; i < format.length; i++) {
    const ch = format[i]!;
    const next = format[i + 1];
    if (ch === '\\' && next !== undefined && ESCAPES[next] !== undefined) { text += ESCAPES[next]; i++; continue; }
    if (ch === '%' && next === '%') { text += '%'; i++; continue; }
    if (ch === '%' && next === '{') {
      const close = format.indexOf('}', i);
      if (close < 0) throw new UsageError(`-w: unterminated %{ in ${JSON.stringify(format)}`);
      const name = format.slice(i + 2, close);
      const variable = ALIASES[name] ?? (VARIABLES as readonly string[]).find((x) => x === name) as Variable | undefined;
      if (variable === undefined) throw new UsageError(`-w: unknown variable %{${name}}`);
      if (text !== '') out.push(text);
      text = '';
      out.push({ variable });
      i = close;
      continue;
    }
    text += ch;
  }
  if (text !== '') out.push(text);
  return out;
}

/**
 * The format with the facts filled in (times with 6 decimals, as curl prints them).
 *
 * @example
 * renderWriteOut(parseWriteOut('%{http_code}\\n'), facts); // '200\n'
 */
export function renderWriteOut(format: WriteOut, facts: TransferFacts): string {
  return format.map((part) => {
    if (typeof part === 'string') return part;
    const value = facts[part.variable];
    return part.variable.startsWith('time_') ? (value as number).toFixed(6) : part.variable === 'speed_download' ? String(Math.round(value as number)) : String(value);
  }).join('');
}

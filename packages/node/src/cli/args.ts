/**
 * Command-line parsing for `puretls get` and `puretls connect` (node:util parseArgs), and the
 * translation of the options into `ConnectOptions`. Light: no engine import (only types).
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { EchDnsOptions } from '../ech_dns/resolve_ech.js';
import type { ConnectOptions } from '../tls_socket.js';
import { UsageError } from './failures.js';
import { parseConnectTo, parseResolve, type ConnectTo, type Resolve } from './routes.js';
import { DEFAULT_MAX_REDIRS, DEFAULT_TIMEOUT_MS } from './usage.js';
import { parseWriteOut, type WriteOut } from './write_out.js';
import { parseHeader, readData, type DataPart, type HeaderEdit } from './request_args.js';

export { UsageError } from './failures.js';
export { DEFAULT_TIMEOUT_MS, USAGE } from './usage.js';

/**
 * What `get` does beyond the connection: curl's options.
 *
 * @example
 * const { fail, location } = (parseCli(argv) as CliCommand).http;
 */
export interface HttpOptions {
  method: string | undefined;
  headers: HeaderEdit[];
  data: DataPart[] | undefined;
  include: boolean;
  head: boolean;
  output: string | undefined;
  location: boolean;
  maxRedirs: number;
  fail: boolean;
  writeOut: WriteOut | undefined;
}

/**
 * The session options (openssl s_client's -sess_in, -sess_out, -reconnect, -early_data): files
 * read, not yet decoded (that needs the engine, which parsing does not load).
 *
 * @example
 * const { sessIn, sessOut } = (parseCli(argv) as CliCommand).sessions;
 */
export interface SessionArgs {
  /** --sess-in FILE and its bytes. */
  sessIn: { file: string; bytes: Buffer } | undefined;
  /** --sess-out FILE. */
  sessOut: string | undefined;
  /** --reconnect (connect only). */
  reconnect: boolean;
  /** --early-data FILE's bytes (connect only, with --sess-in or --reconnect). */
  earlyData: Buffer | undefined;
}

/**
 * A `get` or `connect` command as parsed.
 *
 * @example
 * const cmd = parseCli(['get', url]) as CliCommand; cmd.options.timeout;
 */
export interface CliCommand {
  command: 'get' | 'connect';
  target: string;
  verbose: boolean;
  brief: boolean;
  /** -s: no warnings, no error line (unless -S). */
  silent: boolean;
  showError: boolean;
  showcerts: boolean;
  /** --status: the stapled OCSP response's verdict to stderr (s_client -status). */
  status: boolean;
  /** --trace: the engine's trace events to stderr (cli/trace.ts formats them). */
  trace: boolean;
  /** --export LABEL:LEN (repeatable): keying material to print once connected (RFC 9846 §7.5). */
  exports: { label: string; length: number }[];
  /** --dangerously-accept-any-certificate was given. */
  dangerous: boolean;
  /** --keylogfile, else SSLKEYLOGFILE. */
  keylogFile: string | undefined;
  resolve: Resolve[];
  connectTo: ConnectTo[];
  sessions: SessionArgs;
  /** --ech-dns / --ech-doh / --dns-server: look the ECHConfigList up in the HTTPS record (RFC 9460). */
  echDns: EchDnsOptions | undefined;
  options: ConnectOptions;
  http: HttpOptions;
}

/**
 * What argv asks for.
 *
 * @example
 * const p: Parsed = parseCli(argv); if (p.command === 'help') showUsage();
 */
export type Parsed = CliCommand | { command: 'help' } | { command: 'version' };

/** openssl s_client spellings (one dash) and what they mean here. */
const S_CLIENT: Record<string, string> = {
  '-showcerts': '--showcerts', '-brief': '--brief', '-keylogfile': '--keylogfile', '-servername': '--servername',
  '-alpn': '--alpn', '-CAfile': '--ca', '-groups': '--s-groups', '-ciphersuites': '--s-suites', '-connect': '--s-connect',
  '-sess_in': '--sess-in', '-sess_out': '--sess-out', '-reconnect': '--reconnect', '-early_data': '--early-data',
  '-cert': '--cert', '-key': '--key', '-pass': '--pass', '-status': '--status',
};

const OPTIONS = {
  ca: { type: 'string', multiple: true }, servername: { type: 'string' }, alpn: { type: 'string' },
  groups: { type: 'string' }, suites: { type: 'string' }, 'cert-compression': { type: 'string' }, 's-groups': { type: 'string' }, 's-suites': { type: 'string' },
  's-connect': { type: 'string' }, timeout: { type: 'string' }, crypto: { type: 'string' }, verbose: { type: 'boolean', short: 'v' },
  brief: { type: 'boolean' }, trace: { type: 'boolean' }, showcerts: { type: 'boolean' }, status: { type: 'boolean' }, keylogfile: { type: 'string' },
  'dangerously-accept-any-certificate': { type: 'boolean' }, insecure: { type: 'boolean', short: 'k' },
  'sess-in': { type: 'string' }, 'sess-out': { type: 'string' }, reconnect: { type: 'boolean' }, 'early-data': { type: 'string' },
  cert: { type: 'string' }, key: { type: 'string' }, pass: { type: 'string' }, export: { type: 'string', multiple: true },
  ech: { type: 'string' }, 'ech-retry': { type: 'boolean' }, 'ech-dns': { type: 'boolean' }, 'ech-doh': { type: 'string' }, 'dns-server': { type: 'string', multiple: true },
  resolve: { type: 'string', multiple: true }, 'connect-to': { type: 'string', multiple: true },
  request: { type: 'string', short: 'X' }, header: { type: 'string', short: 'H', multiple: true },
  data: { type: 'string', short: 'd', multiple: true }, 'data-binary': { type: 'string', multiple: true },
  include: { type: 'boolean', short: 'i' }, head: { type: 'boolean', short: 'I' }, output: { type: 'string', short: 'o' },
  location: { type: 'boolean', short: 'L' }, 'max-redirs': { type: 'string' }, fail: { type: 'boolean', short: 'f' },
  'write-out': { type: 'string', short: 'w' }, silent: { type: 'boolean', short: 's' }, 'show-error': { type: 'boolean', short: 'S' },
  help: { type: 'boolean', short: 'h' }, version: { type: 'boolean', short: 'V' },
} as const;

/** Options that only `get` understands, and those only `connect` does. */
const GET_ONLY = ['request', 'header', 'data', 'data-binary', 'include', 'head', 'output', 'location', 'max-redirs', 'fail', 'write-out'] as const;
const CONNECT_ONLY = ['showcerts', 'reconnect', 'early-data', 'export'] as const;

/** `--cert-compression brotli,zlib` (in order) or `none`: the certificateCompression option (RFC 8879). */
function certificateCompressionArg(text: string): false | ('brotli' | 'zlib')[] {
  if (text === 'none') return false;
  const names = text.split(',');
  for (const n of names) if (n !== 'brotli' && n !== 'zlib') throw new UsageError(`--cert-compression: brotli, zlib or none, not ${JSON.stringify(n)}`);
  if (new Set(names).size !== names.length) throw new UsageError('--cert-compression: an algorithm is named twice');
  return names as ('brotli' | 'zlib')[];
}

/** parseArgs' long messages, as one short line naming the option once. */
function parseError(e: Error & { code?: string }): UsageError {
  const opt = /'(-[^' ,]+)/.exec(e.message)?.[1] ?? '?';
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') return new UsageError(`unknown option ${opt}`);
  if (/argument missing/.test(e.message)) return new UsageError(`option ${opt} needs a value`);
  if (/ambiguous/.test(e.message)) return new UsageError(`option ${opt}: a value starting with - is written ${opt}=VALUE`);
  if (/does not take an argument/.test(e.message)) return new UsageError(`option ${opt} takes no value`);
  return new UsageError(e.message.split('\n')[0] ?? 'bad arguments');
}

function readFile(option: string, file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    throw new UsageError(`${option} ${file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}

const readCa = (file: string): string => readFile('--ca', file).toString('utf8');

/**
 * --ech-dns (the system's resolvers), --dns-server ADDR (repeatable; implies --ech-dns),
 * --ech-doh URL (DNS over HTTPS; implies it too): where the HTTPS record is looked up. Not with
 * --ech (the list is given or looked up, not both); --dns-server and --ech-doh exclude each other.
 */
function echDnsArgs(v: { ech?: string; 'ech-dns'?: boolean; 'ech-doh'?: string; 'dns-server'?: string[] }): EchDnsOptions | undefined {
  const servers = v['dns-server'];
  if (v['ech-dns'] !== true && v['ech-doh'] === undefined && servers === undefined) return undefined;
  const given = v['ech-doh'] !== undefined ? '--ech-doh' : servers !== undefined ? '--dns-server' : '--ech-dns';
  if (v.ech !== undefined) throw new UsageError(`--ech and ${given}: give the ECHConfigList, or look it up in DNS, not both`);
  if (v['ech-doh'] !== undefined && servers !== undefined) throw new UsageError('--ech-doh and --dns-server: DNS over HTTPS, or over UDP/TCP to the servers named, not both');
  if (v['ech-doh'] !== undefined) return { dohUrl: v['ech-doh'] };
  return servers !== undefined ? { servers } : {};
}

/** --sess-in, --sess-out, --reconnect, --early-data, and the combinations that make no sense. */
function sessionArgs(v: { 'sess-in'?: string; 'sess-out'?: string; reconnect?: boolean; 'early-data'?: string }): SessionArgs {
  const sessIn = v['sess-in'] === undefined ? undefined : { file: v['sess-in'], bytes: readFile('--sess-in', v['sess-in']) };
  // With --reconnect the reconnections resume with the tickets of the connections before them.
  if (v['early-data'] !== undefined && sessIn === undefined && v.reconnect !== true) throw new UsageError('--early-data needs --sess-in (or --reconnect): 0-RTT data goes out only with a session to resume');
  return { sessIn, sessOut: v['sess-out'], reconnect: v.reconnect === true, earlyData: v['early-data'] === undefined ? undefined : readFile('--early-data', v['early-data']) };
}

/**
 * --pass as openssl spells it (`pass:TEXT`, `env:VAR`, `file:PATH` (its first line)); plain text
 * is taken as `pass:`. The passphrase never appears in a message.
 */
function passphrase(spec: string, env: Record<string, string | undefined>): string {
  if (spec.startsWith('env:')) {
    const value = env[spec.slice(4)];
    if (value === undefined) throw new UsageError(`--pass ${spec}: the environment variable is not set`);
    return value;
  }
  if (spec.startsWith('file:')) return readFile('--pass', spec.slice(5)).toString('utf8').split(/\r?\n/)[0]!;
  return spec.startsWith('pass:') ? spec.slice(5) : spec;
}

/** --export LABEL:LEN, the length last (a label may hold colons). */
function exportArg(text: string): { label: string; length: number } {
  const at = text.lastIndexOf(':');
  if (at <= 0) throw new UsageError(`--export: LABEL:LEN, not ${JSON.stringify(text)}`);
  return { label: text.slice(0, at), length: positiveInt('--export length', text.slice(at + 1)) };
}

/** --cert FILE --key FILE [--pass]: our certificate for servers that ask (mTLS); both or neither. */
function clientCertificateArgs(v: { cert?: string; key?: string; pass?: string }, options: ConnectOptions, env: Record<string, string | undefined>): void {
  if (v.cert === undefined && v.key === undefined) {
    if (v.pass !== undefined) throw new UsageError('--pass without --key');
    return;
  }
  if (v.cert === undefined || v.key === undefined) throw new UsageError(`--${v.cert === undefined ? 'key' : 'cert'} needs --${v.cert === undefined ? 'cert' : 'key'}: a client certificate is a chain and its key`);
  options.cert = readFile('--cert', v.cert);
  options.key = readFile('--key', v.key);
  if (v.pass !== undefined) options.passphrase = passphrase(v.pass, env);
}

function positiveInt(name: string, text: string, min = 1): number {
  const n = Number(text);
  if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name}: not ${min === 0 ? 'a non-negative' : 'a positive'} integer: ${text}`);
  return n;
}

/**
 * Parses argv (without the node and script paths). Throws UsageError for every mistake.
 *
 * @example
 * parseCli(['get', 'https://localhost:8443/', '--ca', 'root.pem', '-i']);
 */
export function parseCli(argv: readonly string[], env: Record<string, string | undefined> = process.env): Parsed {
  let parsed;
  try {
    parsed = parseArgs({ args: argv.map((a) => S_CLIENT[a] ?? a), allowPositionals: true, options: OPTIONS });
  } catch (e) {
    throw parseError(e as Error);
  }
  const { values: v, positionals } = parsed;
  if (v.help === true || positionals[0] === 'help') return { command: 'help' };
  if (v.version === true) return { command: 'version' };
  const [command, ...rest] = positionals;
  if (command !== 'get' && command !== 'connect') throw new UsageError(command === undefined ? 'missing command (get or connect)' : `unknown command ${JSON.stringify(command)} (get or connect)`);
  if (v['s-connect'] !== undefined) rest.unshift(v['s-connect']);
  const [target, ...extra] = rest;
  if (target === undefined) throw new UsageError(`${command}: missing ${command === 'get' ? 'URL' : 'host:port'}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  if (v.insecure === true) throw new UsageError('-k/--insecure is spelled --dangerously-accept-any-certificate here');
  if (command === 'connect') {
    const wrong = GET_ONLY.find((o) => v[o] !== undefined);
    if (wrong !== undefined) throw new UsageError(`--${wrong} is an option of get, not connect`);
  } else {
    const wrong = CONNECT_ONLY.find((o) => v[o] !== undefined);
    if (wrong !== undefined) throw new UsageError(`--${wrong} is an option of connect, not get`);
  }
  const options: ConnectOptions = { timeout: DEFAULT_TIMEOUT_MS };
  if (v.ca !== undefined) options.ca = v.ca.map(readCa);
  if (v.servername !== undefined) options.servername = v.servername;
  if (v.alpn !== undefined) options.ALPNProtocols = v.alpn.split(',').filter((p) => p !== '');
  const groups = v.groups ?? v['s-groups']?.replace(/:/g, ',');
  if (groups !== undefined) options.groups = groups;
  const suites = v.suites ?? v['s-suites']?.replace(/:/g, ',');
  if (suites !== undefined) options.cipherSuites = suites;
  if (v['cert-compression'] !== undefined) options.certificateCompression = certificateCompressionArg(v['cert-compression']);
  if (v.timeout !== undefined) options.timeout = positiveInt('--timeout', v.timeout);
  if (v.crypto !== undefined && v.crypto !== 'node' && v.crypto !== 'noble') throw new UsageError(`--crypto: node or noble, not ${JSON.stringify(v.crypto)}`);
  options.crypto = v.crypto ?? 'node';
  clientCertificateArgs(v, options, env);
  if (v.ech !== undefined) options.ech = v.ech.startsWith('@') ? readFile('--ech', v.ech.slice(1)) : v.ech;
  const echDns = echDnsArgs(v);
  if (v['ech-retry'] === true) {
    if (v.ech === undefined && echDns === undefined) throw new UsageError('--ech-retry needs --ech (or --ech-dns)');
    options.echRetry = true;
  }
  const dangerous = v['dangerously-accept-any-certificate'] === true;
  if (dangerous) options.dangerouslySkipCertificateVerification = true;
  if (command === 'get' && options.ALPNProtocols?.some((p) => p !== 'http/1.1') === true) {
    const other = options.ALPNProtocols.find((p) => p !== 'http/1.1')!;
    throw new UsageError(other === 'h2' ? 'get speaks HTTP/1.1, not HTTP/2 (--alpn h2): use --alpn http/1.1, or connect' : `get speaks HTTP/1.1 only, not ${JSON.stringify(other)} (--alpn): use --alpn http/1.1, or connect`);
  }
  const data = [...(v.data ?? []).map((d) => readData(d, '-d')), ...(v['data-binary'] ?? []).map((d) => readData(d, '--data-binary'))];
  const http: HttpOptions = {
    method: v.request ?? (v.head === true ? 'HEAD' : undefined),
    headers: (v.header ?? []).map(parseHeader),
    data: data.length > 0 ? data : undefined,
    include: v.include === true || v.head === true,
    head: v.head === true,
    output: v.output === '-' ? undefined : v.output,
    location: v.location === true,
    maxRedirs: v['max-redirs'] === undefined ? DEFAULT_MAX_REDIRS : positiveInt('--max-redirs', v['max-redirs'], 0),
    fail: v.fail === true,
    writeOut: v['write-out'] === undefined ? undefined : parseWriteOut(v['write-out']),
  };
  if (http.method !== undefined && !/^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/.test(http.method)) throw new UsageError(`-X: not a method name: ${JSON.stringify(http.method)}`);
  return {
    command, target, options, http, dangerous, sessions: sessionArgs(v), echDns,
    verbose: v.verbose === true, brief: v.brief === true, silent: v.silent === true, showError: v['show-error'] === true,
    showcerts: v.showcerts === true, status: v.status === true, trace: v.trace === true, exports: (v.export ?? []).map(exportArg),
    keylogFile: v.keylogfile ?? (env.SSLKEYLOGFILE === '' ? undefined : env.SSLKEYLOGFILE),
    resolve: (v.resolve ?? []).map(parseResolve),
    connectTo: (v['connect-to'] ?? []).map(parseConnectTo),
  };
}

/**
 * `host:port`, `[v6]:port` or an https URL's host and port.
 *
 * @example
 * hostPort('[::1]:8443'); // { host: '::1', port: 8443 }
 */
export function hostPort(text: string): { host: string; port: number } {
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  if (m === null) throw new UsageError(`not host:port: ${JSON.stringify(text)}`);
  const port = Number(m[3]);
  if (port < 1 || port > 65535) throw new UsageError(`port out of range: ${port}`);
  return { host: (m[1] ?? m[2])!, port };
}

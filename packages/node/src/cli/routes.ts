/**
 * curl's `--resolve` and `--connect-to`: where the TCP connection goes, while SNI and certificate
 * verification stay on the URL's host (that is their point: test a server before DNS points at it).
 */
import { isIP } from 'node:net';
import { unbracket } from '../host_name.js';
import { UsageError } from './failures.js';

/**
 * `--resolve HOST:PORT:ADDR[,ADDR]`: HOST:PORT is not looked up; ADDR (the first) is used.
 *
 * @example
 * const r: Resolve = parseResolve('example.com:443:127.0.0.1');
 */
export interface Resolve { host: string; port: number; addresses: string[] }
/**
 * `--connect-to HOST1:PORT1:HOST2:PORT2`; empty fields are undefined (match any / keep).
 *
 * @example
 * const c: ConnectTo = parseConnectTo('::127.0.0.1:8443'); // every host and port to 127.0.0.1:8443
 */
export interface ConnectTo { fromHost?: string; fromPort?: number; toHost?: string; toPort?: number }

/** Splits on ':' outside [brackets]; a bracketed field loses its brackets. */
function fields(text: string): string[] {
  const out: string[] = [];
  let cur = '';
  let depth = 0;
  for (const ch of text) {
    if (ch === '[') depth++;
    else if (ch === ']') depth--;
    if (ch === ':' && depth === 0) { out.push(cur); cur = ''; } else cur += ch;
  }
  out.push(cur);
  return out.map(unbracket);
}

function port(option: string, text: string, entry: string): number {
  const n = Number(text);
  if (!/^\d{1,5}$/.test(text) || n < 1 || n > 65535) throw new UsageError(`${option}: bad port ${JSON.stringify(text)} in ${JSON.stringify(entry)}`);
  return n;
}

/**
 * Parses one --resolve entry (curl's form; a leading `+` is accepted and ignored).
 *
 * @example
 * parseResolve('example.com:443:127.0.0.1'); // { host: 'example.com', port: 443, addresses: ['127.0.0.1'] }
 */
export function parseResolve(entry: string): Resolve {
  const text = entry.startsWith('+') ? entry.slice(1) : entry;
  const colon1 = text.indexOf(':');
  const colon2 = colon1 < 0 ? -1 : text.indexOf(':', colon1 + 1);
  if (colon1 <= 0 || colon2 < 0) throw new UsageError(`--resolve: not HOST:PORT:ADDR: ${JSON.stringify(entry)}`);
  const addresses = text.slice(colon2 + 1).split(',').map((a) => unbracket(a.trim())).filter((a) => a !== '');
  const bad = addresses.find((a) => isIP(a) === 0);
  if (addresses.length === 0 || bad !== undefined) throw new UsageError(`--resolve: not an IP address: ${JSON.stringify(bad ?? '')} in ${JSON.stringify(entry)}`);
  return { host: text.slice(0, colon1).toLowerCase(), port: port('--resolve', text.slice(colon1 + 1, colon2), entry), addresses };
}

/**
 * Parses one --connect-to entry.
 *
 * @example
 * parseConnectTo('example.com:443:127.0.0.1:8443'); // { fromHost: 'example.com', fromPort: 443, toHost: '127.0.0.1', toPort: 8443 }
 */
export function parseConnectTo(entry: string): ConnectTo {
  const f = fields(entry);
  if (f.length !== 4) throw new UsageError(`--connect-to: not HOST1:PORT1:HOST2:PORT2: ${JSON.stringify(entry)}`);
  const [h1, p1, h2, p2] = f as [string, string, string, string];
  return {
    ...(h1 !== '' ? { fromHost: h1.toLowerCase() } : {}),
    ...(p1 !== '' ? { fromPort: port('--connect-to', p1, entry) } : {}),
    ...(h2 !== '' ? { toHost: h2 } : {}),
    ...(p2 !== '' ? { toPort: port('--connect-to', p2, entry) } : {}),
  };
}

/**
 * Where to connect for host:port: --connect-to (the first matching rule) picks the host and port,
 * then --resolve may give that host:port's address (`address` undefined: look it up).
 *
 * @example
 * route('example.com', 443, [], [{ host: 'example.com', port: 443, addresses: ['127.0.0.1'] }]); // { host: 'example.com', port: 443, address: '127.0.0.1' }
 */
export function route(host: string, port: number, connectTo: readonly ConnectTo[], resolve: readonly Resolve[]): { host: string; port: number; address: string | undefined } {
  const name = host.toLowerCase();
  const rule = connectTo.find((r) => (r.fromHost === undefined || r.fromHost === name) && (r.fromPort === undefined || r.fromPort === port));
  const toHost = rule?.toHost ?? host;
  const toPort = rule?.toPort ?? port;
  const pinned = resolve.find((r) => (r.host === toHost.toLowerCase() || r.host === '*') && r.port === toPort);
  return { host: toHost, port: toPort, address: pinned?.addresses[0] ?? (isIP(toHost) !== 0 ? toHost : undefined) };
}

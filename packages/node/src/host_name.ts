/**
 * Host names as the options give them: the bracket-free form of an IPv6 literal, and the name a
 * connection verifies. No package imports: the CLI's light start (cli/main.ts) loads this.
 */
import type { ConnectOptions } from './connect_options.js';

/**
 * A host as a name or address, without the brackets of an IPv6 literal (`[::1]` → `::1`).
 *
 * @example
 * unbracket('[::1]'); // '::1'
 */
export function unbracket(host: string): string {
  return host.replace(/^\[(.*)\]$/, '$1');
}

/**
 * The name the connection verifies and sends in SNI: `servername`, else the host (as `tls.connect`).
 *
 * @example
 * defaultServername({ host: '[::1]' }); // '::1'
 */
export function defaultServername(opts: Pick<ConnectOptions, 'servername' | 'host'>): string {
  return opts.servername ?? unbracket(opts.host ?? 'localhost');
}

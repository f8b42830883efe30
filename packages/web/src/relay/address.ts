/**
 * `host:port` as the relay's options and CLI take it: `127.0.0.1:8080`, `localhost:8443`,
 * `[::1]:8443`.
 */

/**
 * A host and a TCP port.
 *
 * @example
 * const target: HostPort = { host: 'localhost', port: 8443 };
 */
export interface HostPort {
  /** A host name or an IP literal, without brackets. */
  readonly host: string;
  /** A TCP port, 1–65535 (0 only where a listen address asks the system to choose). */
  readonly port: number;
}

/**
 * Parses `host:port` (an IPv6 host in brackets); throws a TypeError on anything else, so a typo in
 * the configuration stops the relay from starting instead of pointing it somewhere unexpected.
 *
 * @example
 * parseHostPort('[::1]:8443'); // { host: '::1', port: 8443 }
 */
export function parseHostPort(text: string, allowPortZero = false): HostPort {
  const m = /^(?:\[([0-9A-Fa-f:.]+)\]|([A-Za-z0-9.-]+)):(\d{1,5})$/.exec(text);
  const port = m === null ? NaN : Number(m[3]);
  if (m === null || !(port <= 65535) || (port === 0 && !allowPortZero)) throw new TypeError(`expected host:port, got ${JSON.stringify(text)}`);
  return { host: m[1] ?? m[2]!, port };
}

/**
 * The text form back: brackets around an IPv6 host.
 *
 * @example
 * formatHostPort({ host: '::1', port: 80 }); // '[::1]:80'
 */
export function formatHostPort({ host, port }: HostPort): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

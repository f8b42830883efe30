/**
 * The relay CLI's arguments, parsed apart from the process so a test can check them.
 */
import { parseHostPort } from './address.js';
import type { RelayOptions } from './relay.js';

const USAGE = 'usage: puretls-relay --target HOST:PORT --origin ORIGIN [--origin ORIGIN ...] [--listen HOST:PORT] [--max-connections N]';

/**
 * Turns CLI arguments into relay options; throws a TypeError (whose message includes the usage)
 * on anything unknown or missing. `--target` and at least one `--origin` are required: there is no
 * default target and no "any origin".
 *
 * @example
 * parseRelayArgs(['--listen', '127.0.0.1:8080', '--target', 'localhost:8443', '--origin', 'http://127.0.0.1:8000']);
 */
export function parseRelayArgs(argv: readonly string[]): RelayOptions {
  let listen = '127.0.0.1:8080';
  let target: string | undefined;
  const origins: string[] = [];
  let maxConnections: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i];
    const value = argv[i + 1];
    if (value === undefined) throw new TypeError(`${flag} needs a value\n${USAGE}`);
    i++;
    if (flag === '--listen') listen = value;
    else if (flag === '--target') target = value;
    else if (flag === '--origin') origins.push(value);
    else if (flag === '--max-connections' && /^[1-9]\d{0,5}$/.test(value)) maxConnections = Number(value);
    else throw new TypeError(`unexpected argument ${JSON.stringify(flag)}\n${USAGE}`);
  }
  if (target === undefined) throw new TypeError(`--target is required\n${USAGE}`);
  if (origins.length === 0) throw new TypeError(`at least one --origin is required\n${USAGE}`);
  return { listen: parseHostPort(listen, true), target: parseHostPort(target), allowedOrigins: origins, ...(maxConnections !== undefined ? { maxConnections } : {}) };
}

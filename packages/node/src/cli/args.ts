/**
 * Command-line parsing for `puretls get` and `puretls connect` (node:util parseArgs), and the
 * translation of the options into `ConnectOptions`.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import type { ConnectOptions } from '../tls_socket.js';

/**
 * The CLI's handshake deadline when --timeout is not given: a server that accepts and never
 * answers ends the command (exit 4, one line) instead of hanging it. The API has no default.
 *
 * @example
 * new TlsSocket({ host, port, timeout: DEFAULT_TIMEOUT_MS });
 */
export const DEFAULT_TIMEOUT_MS = 30_000;

/** The usage text. @example process.stdout.write(USAGE); */
export const USAGE = `usage:
  puretls get <https-url> [options]       HTTP/1.1 GET; the body to stdout
  puretls connect <host:port> [options]   stdin to the connection, the connection to stdout
options:
  --ca FILE           trust the PEM certificates in FILE (repeatable; default: Node's root store)
  --servername NAME   SNI and the name to verify (default: the host)
  --alpn P1,P2        ALPN protocols to offer
  --groups G1,G2      key exchange groups: x25519, p256, p384 (the first gets a key share)
  --suites S1,S2      cipher suites: TLS_AES_128_GCM_SHA256 (aes128), TLS_AES_256_GCM_SHA384 (aes256),
                      TLS_CHACHA20_POLY1305_SHA256 (chacha20)
  --timeout MS        deadline for TCP connect plus handshake (default ${DEFAULT_TIMEOUT_MS})
  --verbose           the handshake (version, suite, group, HRR, ALPN, chain, verification, timings) to stderr
environment: SSLKEYLOGFILE=FILE appends the traffic secrets (NSS key log format, for Wireshark)
exit status: 0 success, 1 usage, 2 certificate verification failed, 3 other TLS failure,
  4 network error or timeout`;

/** A usage mistake: exit status 1. @example throw new UsageError('missing URL'); */
export class UsageError extends Error {
  override name = 'UsageError';
}

export interface CliCommand {
  command: 'get' | 'connect';
  target: string;
  verbose: boolean;
  options: ConnectOptions;
}

/**
 * Parses argv (without the node and script paths).
 *
 * @example
 * parseCli(['get', 'https://localhost:8443/', '--ca', 'root.pem']);
 */
export function parseCli(argv: readonly string[]): CliCommand {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      options: {
        ca: { type: 'string', multiple: true },
        servername: { type: 'string' },
        alpn: { type: 'string' },
        groups: { type: 'string' },
        suites: { type: 'string' },
        timeout: { type: 'string' },
        verbose: { type: 'boolean', short: 'v' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help === true) throw new UsageError('');
  const [command, target, ...extra] = positionals;
  if (command !== 'get' && command !== 'connect') throw new UsageError(command === undefined ? 'missing command' : `unknown command ${JSON.stringify(command)}`);
  if (target === undefined) throw new UsageError(`${command}: missing ${command === 'get' ? 'URL' : 'host:port'}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const options: ConnectOptions = { timeout: DEFAULT_TIMEOUT_MS };
  if (values.ca !== undefined) {
    options.ca = values.ca.map((f) => {
      try {
        return readFileSync(f, 'utf8');
      } catch (e) {
        throw new UsageError(`--ca ${f}: ${(e as Error).message}`);
      }
    });
  }
  if (values.servername !== undefined) options.servername = values.servername;
  if (values.alpn !== undefined) options.ALPNProtocols = values.alpn.split(',').filter((p) => p !== '');
  if (values.groups !== undefined) options.groups = values.groups;
  if (values.suites !== undefined) options.cipherSuites = values.suites;
  if (values.timeout !== undefined) {
    const ms = Number(values.timeout);
    if (!Number.isInteger(ms) || ms <= 0) throw new UsageError(`--timeout: not a positive integer: ${values.timeout}`);
    options.timeout = ms;
  }
  return { command, target, verbose: values.verbose === true, options };
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

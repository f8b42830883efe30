/**
 * `puretls get` and `puretls connect`: see USAGE in args.ts. Returns the exit status.
 */
import { appendFileSync } from 'node:fs';
import { request } from 'node:https';
import { pipeline } from 'node:stream/promises';
import { TlsSocket } from '../tls_socket.js';
import { hostPort, parseCli, UsageError, USAGE, type CliCommand } from './args.js';
import { classify, handshakeReport } from './report.js';

/** SSLKEYLOGFILE, as curl and browsers honour it: the traffic secrets appended for Wireshark. */
function keyLogTo(socket: TlsSocket): void {
  const file = process.env.SSLKEYLOGFILE;
  if (file !== undefined && file !== '') socket.on('keylog', (line: Buffer) => appendFileSync(file, line, { mode: 0o600 }));
}

/** HTTP/1.1 GET over a TlsSocket through node:https; the body to stdout. */
async function get(cmd: CliCommand): Promise<void> {
  let url: URL;
  try {
    url = new URL(cmd.target);
  } catch {
    throw new UsageError(`not a URL: ${JSON.stringify(cmd.target)}`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`get needs an https: URL, not ${url.protocol}`);
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  const socket = new TlsSocket({ ALPNProtocols: ['http/1.1'], ...cmd.options, host, port: Number(url.port || 443) });
  keyLogTo(socket);
  if (cmd.verbose) socket.once('secureConnect', () => handshakeReport(socket).forEach((l) => process.stderr.write(`${l}\n`)));
  await new Promise<void>((resolve, reject) => {
    const req = request(url, { createConnection: () => socket, headers: { connection: 'close', 'user-agent': 'puretls' } }, (res) => {
      if (cmd.verbose) process.stderr.write(`< HTTP/${res.httpVersion} ${res.statusCode} ${res.statusMessage}\n`);
      pipeline(res, process.stdout, { end: false }).then(resolve, reject);
    });
    req.on('error', reject);
    socket.on('error', reject);
    req.end();
  });
  socket.end();
}

/** stdin to the connection, the connection to stdout, until the server closes. */
async function connectCommand(cmd: CliCommand): Promise<void> {
  const { host, port } = hostPort(cmd.target);
  const socket = new TlsSocket({ ...cmd.options, host, port });
  keyLogTo(socket);
  await new Promise<void>((resolve, reject) => { socket.once('secureConnect', resolve); socket.once('error', reject); });
  if (cmd.verbose) handshakeReport(socket).forEach((l) => process.stderr.write(`${l}\n`));
  process.stdin.pipe(socket);
  await pipeline(socket, process.stdout, { end: false });
  process.stdin.unpipe(socket);
  process.stdin.destroy();
}

/**
 * Runs the CLI; the result is the exit status.
 *
 * @example
 * process.exitCode = await main(['get', 'https://example.com/']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  try {
    const cmd = parseCli(argv);
    await (cmd.command === 'get' ? get(cmd) : connectCommand(cmd));
    return 0;
  } catch (e) {
    if (e instanceof UsageError && e.message === '') {
      process.stdout.write(`${USAGE}\n`);
      return 0;
    }
    const { status, line } = classify(e);
    process.stderr.write(`${line}\n`);
    if (status === 1) process.stderr.write(`${USAGE}\n`);
    return status;
  }
}

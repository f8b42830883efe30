/**
 * `puretls get` and `puretls connect`: see USAGE in usage.ts. Returns the exit status.
 *
 * Only light modules are imported here: `--help`, `help` and `--version` never load the engine,
 * the verifier or the socket, which the commands import when they run (`await import`).
 */
import { closeSync, openSync, writeSync } from 'node:fs';
import { parseCli, USAGE, type CliCommand } from './args.js';
import { CliFailure, EXIT, UsageError } from './failures.js';
import { version } from './version.js';

const POINTER = "Try 'puretls --help' for more.";

/** The keylog sink: FILE opened now (so a bad path fails before any connection), mode 0600. */
function openKeyLog(file: string | undefined): { write: ((line: Buffer) => void) | undefined; close: () => void } {
  if (file === undefined) return { write: undefined, close: () => {} };
  let fd: number;
  try {
    // 0600 when created: the file lets anyone who reads it decrypt the connection.
    fd = openSync(file, 'a', 0o600);
  } catch (e) {
    throw new UsageError(`--keylogfile ${file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
  return { write: (line) => { writeSync(fd, line); }, close: () => closeSync(fd) };
}

async function run(cmd: CliCommand): Promise<number> {
  const say = (line: string) => { if (!cmd.silent || cmd.showError) process.stderr.write(`${line}\n`); };
  let keylog: ReturnType<typeof openKeyLog> | undefined;
  try {
    keylog = openKeyLog(cmd.keylogFile);
    // Printed even with -s: nobody should skip verification without being told, every time.
    if (cmd.dangerous) process.stderr.write("puretls: warning: --dangerously-accept-any-certificate: the server's certificate is not verified; anyone on the path can read and change this connection\n");
    const io = { warn: (l: string) => { if (!cmd.silent) process.stderr.write(`${l}\n`); }, info: (l: string) => process.stderr.write(`${l}\n`), keylog: keylog.write };
    if (cmd.command === 'get') return await (await import('./get.js')).get(cmd, io);
    return await (await import('./connect_cmd.js')).connectCommand(cmd, io);
  } catch (e) {
    const { status, line } = e instanceof CliFailure ? { status: e.status, line: `puretls: ${e.message}` } : (await import('./report.js')).classify(e);
    say(line);
    // Every usage mistake (ours, or a TypeError from the options) gets the pointer; a failed write does not.
    if (status === EXIT.usage && (e instanceof UsageError || !(e instanceof CliFailure))) say(POINTER);
    return status;
  } finally {
    keylog?.close();
  }
}

/**
 * Runs the CLI; the result is the exit status.
 *
 * @example
 * process.exitCode = await main(['get', 'https://example.com/']);
 */
export async function main(argv: readonly string[]): Promise<number> {
  let parsed;
  try {
    parsed = parseCli(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`puretls: ${e.message}\n${POINTER}\n`);
    return EXIT.usage;
  }
  if (parsed.command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return EXIT.ok;
  }
  if (parsed.command === 'version') {
    process.stdout.write(`puretls ${version()}\n`);
    return EXIT.ok;
  }
  return run(parsed);
}

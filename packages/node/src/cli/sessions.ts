/**
 * The CLI's session options, openssl s_client's (RFC 9846 §2.2, §2.3): --sess-in FILE resumes
 * with a session that --sess-out wrote; --sess-out FILE gets each ticket the server sends, the
 * newest last, created with mode 0600 (it holds the PSK); --reconnect makes a connection, then
 * five more, each resuming with the newest ticket of the one before, and prints each handshake's
 * kind and time; --early-data FILE sends the file's bytes as 0-RTT data with --sess-in, or, with
 * --reconnect, on each connection that resumes a session allowing 0-RTT (each reconnection, and
 * the first one too with --sess-in), its line then saying what became of them.
 */
import { accessSync, constants, existsSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeSessionTicket, InvalidMessageError } from '@puretls/core';
import { errorCode } from '../errors.js';
import { allowsEarlyWrites, sessionTicketFrom } from '../session.js';
import type { TlsSocket } from '../tls_socket.js';
import type { CliCommand } from './args.js';
import { dial } from './dial.js';
import { CliFailure, EXIT, UsageError, type ExitStatus } from './failures.js';
import type { CliIo } from './get.js';

/** Reconnections --reconnect makes after the first connection, as s_client does. @example for (let i = 0; i <= RECONNECTS; i++) await once(); */
export const RECONNECTS = 5;

/**
 * What the session options do to a command's connections.
 *
 * @example
 * const plan = sessionPlan(cmd, io);
 * const { socket } = await dial(plan.cmd, host, port, t0, undefined, io.keylog, plan.setup);
 * plan.finish();
 */
export interface SessionPlan {
  /** The command with `options.session` (the decoded --sess-in) and `options.earlyData` set. */
  cmd: CliCommand;
  /** Run on each new socket before its handshake starts: --sess-out's listener, --early-data's write (without --reconnect, which writes it itself). */
  setup: (socket: TlsSocket) => void;
  /** After the command: a --sess-out that could not be written is an error, one never written a warning. */
  finish: () => void;
}

/** --sess-out FILE must be writable (or creatable) before any connection is made. */
function checkWritable(file: string): void {
  try {
    accessSync(existsSync(file) ? file : dirname(file), constants.W_OK);
  } catch (e) {
    throw new UsageError(`--sess-out ${file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
  }
}

/**
 * Decodes --sess-in (a malformed file is a usage error here, where the API would ignore it as
 * Node does) and prepares --sess-out and --early-data.
 *
 * @example
 * const plan = sessionPlan(cmd, io); // throws UsageError for a --sess-in that is not a session
 */
export function sessionPlan(cmd: CliCommand, io: CliIo): SessionPlan {
  const { sessIn, sessOut, earlyData } = cmd.sessions;
  let session;
  if (sessIn !== undefined) {
    try {
      session = decodeSessionTicket(sessIn.bytes);
    } catch (e) {
      if (!(e instanceof InvalidMessageError)) throw e;
      const why = e.message.replace(/^session: /, '');
      throw new UsageError(`--sess-in ${sessIn.file}: ${why.startsWith('not a ') ? why : `not a puretls session (${why})`}`);
    }
  }
  if (sessOut !== undefined) checkWritable(sessOut);
  let written = 0;
  let failure: Error | undefined;
  const save = (buf: Buffer) => {
    try {
      writeFileSync(sessOut!, buf, { mode: 0o600 });
      written++;
    } catch (e) {
      failure ??= e as Error;
    }
  };
  return {
    cmd: { ...cmd, options: { ...cmd.options, ...(session !== undefined ? { session } : {}), ...(earlyData !== undefined ? { earlyData: true } : {}) } },
    setup: (socket) => {
      if (sessOut !== undefined) socket.on('session', save);
      if (earlyData !== undefined && !cmd.sessions.reconnect) socket.write(earlyData);
    },
    finish: () => {
      if (failure !== undefined) throw new CliFailure(EXIT.usage, `--sess-out ${sessOut}: ${failure.message.replace(/^[A-Z]+: /, '')}`);
      if (sessOut !== undefined && written === 0) io.warn(`puretls: warning: the server sent no session ticket: --sess-out ${sessOut} not written`);
    },
  };
}

/**
 * What --early-data reports once the handshake is done (s_client's "Early data was ...").
 *
 * @example
 * io.info(earlyDataLine(socket)); // 'early data: accepted'
 */
export function earlyDataLine(socket: TlsSocket): string {
  const outcome = socket.earlyData;
  if (outcome === 'accepted') return 'early data: accepted';
  if (outcome === 'rejected') return 'early data: rejected by the server (resent after the handshake, as the ALPN protocol is the session\'s)';
  return 'early data: not sent (the session allows no 0-RTT, has expired, or is for another server; sent after the handshake)';
}

/**
 * What --early-data adds to a --reconnect line: accepted, rejected (the driver then resent the
 * bytes after the handshake), or not sent (`wrote`: they were written, and went after the
 * handshake, the engine not offering the ticket, expired or for another server).
 *
 * @example
 * reconnectEarlyData(socket, true); // 'early data: accepted'
 */
export function reconnectEarlyData(socket: TlsSocket, wrote: boolean): string {
  const outcome = socket.earlyData;
  if (outcome === 'accepted' || outcome === 'rejected') return `early data: ${outcome}${outcome === 'rejected' ? ' (resent after the handshake)' : ''}`;
  return wrote ? 'early data: not sent as 0-RTT (sent after the handshake)' : 'early data: not sent';
}

/** Sends close_notify and reads until the server's (its tickets arrive on the way); a TCP close without it is tolerated here. */
async function drain(socket: TlsSocket): Promise<void> {
  socket.end();
  try {
    for await (const _ of socket) { /* --reconnect discards data */ }
  } catch (e) {
    if (errorCode(e) !== 'ERR_PURETLS_TRUNCATED') throw e;
  } finally {
    socket.destroy();
  }
}

/**
 * --reconnect: a connection, then {@link RECONNECTS} more, each offering the newest ticket of the
 * one before; one line per handshake on stderr (full or resumed, its time, the suite). With
 * --early-data, a connection whose session allows 0-RTT (its ticket's max_early_data_size,
 * RFC 9846 §4.7.1) writes the bytes before its handshake, and its line says the outcome; one
 * without (the first, without --sess-in) writes nothing, as --reconnect sends no other data.
 *
 * @example
 * process.exitCode = await reconnect(plan, host, port, io);
 */
export async function reconnect(plan: SessionPlan, host: string, port: number, io: CliIo): Promise<ExitStatus> {
  let session = plan.cmd.options.session;
  for (let i = 0; i <= RECONNECTS; i++) {
    let newest: Buffer | undefined;
    const cmd = { ...plan.cmd, options: { ...plan.cmd.options, session } };
    const early = plan.cmd.sessions.earlyData;
    const wrote = early !== undefined && allowsEarlyWrites(true, sessionTicketFrom(session));
    const { socket } = await dial(cmd, host, port, performance.now(), undefined, io.keylog, (s) => {
      plan.setup(s);
      s.on('session', (b: Buffer) => { newest = b; });
      if (wrote) s.write(early);
    });
    const kind = socket.isSessionReused() ? 'resumed' : 'full handshake';
    const outcome = early === undefined ? '' : `, ${reconnectEarlyData(socket, wrote)}`;
    io.info(`connection ${i + 1}: ${kind}, ${socket.timings.handshake?.toFixed(1) ?? '?'} ms (TCP connect and handshake), ${socket.info?.cipherSuiteName ?? '?'}${outcome}`);
    await drain(socket);
    session = newest;
  }
  return EXIT.ok;
}

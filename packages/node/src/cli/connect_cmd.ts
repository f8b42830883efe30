/**
 * `puretls connect`, openssl s_client's habits: --showcerts (the chain as sent, PEM, to stdout
 * before any data), --brief, --verbose, the session options (sessions.ts); then stdin to the
 * connection and the connection to stdout until the server closes. The end of stdin sends
 * close_notify (RFC 9846 §6.1).
 */
import { X509Certificate } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import { hostPort, type CliCommand } from './args.js';
import { dial } from './dial.js';
import { EXIT, type ExitStatus } from './failures.js';
import type { CliIo } from './get.js';
import { briefReport, handshakeReport } from './report.js';
import { earlyDataLine, reconnect, sessionPlan } from './sessions.js';

/**
 * DER as a PEM block (RFC 7468: base64 in lines of 64).
 *
 * @example
 * toPem(leafDer).startsWith('-----BEGIN CERTIFICATE-----\n'); // true
 */
export function toPem(der: Uint8Array): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n').replace(/\n$/, '');
  return `-----BEGIN CERTIFICATE-----\n${b64}\n-----END CERTIFICATE-----\n`;
}

/** A distinguished name on one line, as s_client prints it (`CN = a, O = b`). */
function oneLine(dn: string): string {
  return dn.split('\n').filter((l) => l !== '').map((l) => l.replace('=', ' = ')).join(', ');
}

/**
 * s_client's "Certificate chain" section: for each certificate as the server sent it, its
 * subject and issuer, then its PEM.
 *
 * @example
 * process.stdout.write(showCerts(socket.info!.peerCertificates));
 */
export function showCerts(chain: readonly Uint8Array[]): string {
  const parts = ['---\nCertificate chain\n'];
  chain.forEach((der, i) => {
    try {
      const c = new X509Certificate(der);
      parts.push(` ${i} s:${oneLine(c.subject)}\n   i:${oneLine(c.issuer)}\n`);
    } catch (e) {
      parts.push(` ${i} (cannot render: ${(e as Error).message})\n`);
    }
    parts.push(toPem(der));
  });
  parts.push('---\n');
  return parts.join('');
}

/**
 * Runs `connect`; resolves with the exit status.
 *
 * @example
 * process.exitCode = await connectCommand(parsedCommand, io);
 */
export async function connectCommand(cmd: CliCommand, io: CliIo): Promise<ExitStatus> {
  const { host, port } = hostPort(cmd.target);
  const plan = sessionPlan(cmd, io);
  if (cmd.sessions.reconnect) {
    const status = await reconnect(plan, host, port, io);
    plan.finish();
    return status;
  }
  const { socket, echConfig } = await dial(plan.cmd, host, port, performance.now(), undefined, io.keylog, plan.setup);
  if (cmd.showcerts) process.stdout.write(showCerts(socket.info?.peerCertificates ?? []));
  if (cmd.brief) briefReport(socket, cmd.dangerous).forEach(io.info);
  if (cmd.verbose) handshakeReport(socket, echConfig).forEach(io.info);
  if (cmd.sessions.earlyData !== undefined) io.info(earlyDataLine(socket));
  // As s_server -keymatexport prints it: the label, the length, the bytes in hex.
  for (const e of cmd.exports) io.info(`exporter ${JSON.stringify(e.label)} ${e.length}: ${socket.exportKeyingMaterial(e.length, e.label).toString('hex').toUpperCase()}`);
  process.stdin.pipe(socket);
  try {
    await pipeline(socket, process.stdout, { end: false });
  } finally {
    process.stdin.unpipe(socket);
    process.stdin.destroy();
  }
  plan.finish();
  return EXIT.ok;
}

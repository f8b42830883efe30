/**
 * The connection both commands make: --connect-to and --resolve pick where TCP goes, our own DNS
 * lookup (node:dns, so -w can report its time), then a TlsSocket whose SNI and verification stay
 * on the name the user asked for.
 */
import { lookup } from 'node:dns/promises';
import { EchRejectedError, type TraceEvent } from '@puretls/core';
import { resolveEchConfigs } from '../ech_dns/lazy.js';
import { groupCodepoints, suiteCodepoints } from '../names.js';
import { TlsSocket, type ConnectOptions } from '../tls_socket.js';
import { WaitError } from '../wait.js';
import type { CliCommand } from './args.js';
import { ocspFailureLine, ocspStatusLine } from './ocsp_status.js';
import { route } from './routes.js';

/**
 * Milliseconds since the command started, curl's phases.
 *
 * @example
 * const { times } = await dial(...); times.appconnect - times.connect; // the TLS handshake, ms
 */
export interface DialTimes { namelookup: number; connect: number; appconnect: number }

/**
 * A connected, handshaken socket and how long each phase took.
 *
 * @example
 * const { socket, address, port }: Dialled = await dial(cmd, host, 443, t0, undefined, undefined);
 */
export interface Dialled {
  socket: TlsSocket;
  times: DialTimes;
  address: string;
  port: number;
  /** Where the ECHConfigList came from, for -v (`given with --ech`, `HTTPS record of ... via ...`); undefined without ECH. */
  echConfig: string | undefined;
}

/**
 * --ech-dns / --ech-doh / --dns-server: the ECHConfigList from the HTTPS record of the name
 * (RFC 9460; `--ca` also trusts the DoH server), where to dial, and the -v text saying so.
 */
async function echFromDns(cmd: CliCommand, name: string, port: number): Promise<{ ech: Uint8Array; host: string | undefined; port: number | undefined; text: string }> {
  const found = await resolveEchConfigs(name, port, { ...cmd.echDns, ...(cmd.options.ca !== undefined ? { ca: cmd.options.ca } : {}) });
  const at = found.owner !== found.queried ? ` (the record at ${found.owner})` : '';
  const to = found.dialHost !== undefined || found.dialPort !== undefined ? `; dialling ${found.dialHost ?? name}:${found.dialPort ?? port}` : '';
  return { ech: found.configList, host: found.dialHost, port: found.dialPort, text: `HTTPS record of ${found.queried} via ${found.source}${at}${to}` };
}

/** The first address of `host`, within the --timeout (a resolver that never answers must not hang the command). */
async function lookupWithin(host: string, ms: number | undefined): Promise<string> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new WaitError('timeout', `no DNS answer for ${host} within ${ms} ms`)), ms ?? 2 ** 31 - 1); });
  try {
    return (await Promise.race([lookup(host), deadline])).address;
  } finally {
    clearTimeout(timer);
  }
}

/** The trace option printing each event as a line on stderr. */
function traceTo({ formatTraceEvent }: typeof import('./trace.js')): (event: TraceEvent) => void {
  return (event) => process.stderr.write(`${formatTraceEvent(event)}\n`);
}

/**
 * Connects to host:port as the command's routes say, and completes the handshake. `setup` runs on
 * the socket before its handshake starts (listeners that must be there then, 0-RTT writes).
 *
 * @example
 * const { socket, times } = await dial(cmd, 'example.com', 443, performance.now(), ['http/1.1'], undefined);
 */
export async function dial(cmd: CliCommand, host: string, port: number, t0: number, alpn: string[] | undefined, keylog: ((line: Buffer) => void) | undefined, setup?: (socket: TlsSocket) => void): Promise<Dialled> {
  // A mistyped --groups or --suites is a usage error before any DNS or TCP (TlsSocket would say so only after the lookup).
  if (cmd.options.groups !== undefined) groupCodepoints(cmd.options.groups);
  if (cmd.options.cipherSuites !== undefined) suiteCodepoints(cmd.options.cipherSuites);
  // The HTTPS record's TargetName and port, if it names them, are where TCP goes (RFC 9460 §9);
  // --connect-to and --resolve then apply to them. SNI and verification stay on the name.
  const fromDns = cmd.echDns === undefined ? undefined : await echFromDns(cmd, cmd.options.servername ?? host, port);
  let echConfig = fromDns?.text ?? (cmd.options.ech !== undefined ? 'given with --ech' : undefined);
  const r = route(fromDns?.host ?? host, fromDns?.port ?? port, cmd.connectTo, cmd.resolve);
  const address = r.address ?? (await lookupWithin(r.host, cmd.options.timeout));
  // --trace: each record and handshake message in and out, one line each on stderr (s_client -msg).
  const trace = cmd.trace ? traceTo(await import('./trace.js')) : undefined;
  let tTcp = performance.now();
  const open = async (ech: ConnectOptions['ech']): Promise<TlsSocket> => {
    const s = new TlsSocket({
      ...(alpn !== undefined ? { ALPNProtocols: alpn } : {}),
      ...cmd.options,
      ...(ech !== undefined ? { ech } : {}),
      ...(trace !== undefined ? { trace } : {}),
      host: address,
      port: r.port,
      servername: cmd.options.servername ?? host,
    });
    if (keylog !== undefined) s.on('keylog', keylog);
    setup?.(s);
    await new Promise<void>((resolve, reject) => {
      const onError = (e: Error) => {
        // --status: the OCSP verdict before the error line (exit 2) when the staple was the reason.
        const line = cmd.status ? ocspFailureLine(e) : undefined;
        if (line !== undefined) process.stderr.write(`${line}\n`);
        reject(e);
      };
      s.once('error', onError);
      s.once('secureConnect', () => { s.off('error', onError); resolve(); });
    });
    return s;
  };
  let socket: TlsSocket;
  try {
    socket = await open(fromDns?.ech ?? cmd.options.ech);
  } catch (e) {
    // --ech-retry (RFC 9849 §6.1.6): once, on a new connection, with the server's retry configs.
    if (cmd.options.echRetry !== true || !(e instanceof EchRejectedError) || e.retryConfigs === undefined) throw e;
    if (cmd.verbose) process.stderr.write('* ECH rejected; connecting again with the server\'s retry configs\n');
    tTcp = performance.now();
    socket = await open(e.retryConfigs);
    echConfig = `the server's retry configs (it rejected the first config, ${echConfig ?? 'given'})`;
  }
  if (cmd.status) process.stderr.write(`${ocspStatusLine(socket, cmd.dangerous)}\n`);
  const base = tTcp - t0;
  return {
    socket,
    address,
    port: r.port,
    echConfig,
    times: { namelookup: base, connect: base + (socket.timings.connect ?? 0), appconnect: base + (socket.timings.handshake ?? 0) },
  };
}

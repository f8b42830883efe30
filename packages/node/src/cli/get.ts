/**
 * `puretls get`: HTTP/1.1 over a TlsSocket with our own request writer and streaming response
 * parser (http1.ts), curl's options, and RFC 9112 §9.8's rule on truncation: a message whose
 * framing completed is complete whatever follows; a close-delimited body is complete only with
 * close_notify; anything else cut short is an error.
 */
import { unbracket } from '../host_name.js';
import { errorCode } from '../errors.js';
import { WaitError } from '../wait.js';
import type { CliCommand } from './args.js';
import { dial, type Dialled } from './dial.js';
import { CliFailure, EXIT, UsageError, type ExitStatus } from './failures.js';
import { buildRequest, requestLines } from './http_request.js';
import { field, ResponseParser, type ResponseHead } from './http1.js';
import { Output } from './output.js';
import { nextHop, type NextHop } from './redirect.js';
import { briefReport, handshakeReport } from './report.js';
import { sessionPlan, type SessionPlan } from './sessions.js';
import { version } from './version.js';
import { renderWriteOut, type TransferFacts } from './write_out.js';

/**
 * How the CLI talks to the user besides stdout.
 *
 * @example
 * const io: CliIo = { warn: console.error, info: console.error, keylog: undefined };
 */
export interface CliIo {
  /** A warning line (silenced by -s). */
  warn: (line: string) => void;
  /** An informational line to stderr (-v, --brief). */
  info: (line: string) => void;
  keylog: ((line: Buffer) => void) | undefined;
}

/** What one request-response exchange ended with. */
interface HopResult {
  head: ResponseHead;
  follow: NextHop | undefined;
  outcome: 'complete' | 'unclosed';
  dialled: Dialled;
  parser: ResponseParser;
  requestBytes: number;
  tStart: number;
}

const since = (t0: number) => (performance.now() - t0) / 1000;

function parseUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new UsageError(`not a URL: ${JSON.stringify(text)}`);
  }
  if (url.protocol !== 'https:') throw new UsageError(`get needs an https: URL, not ${url.protocol}`);
  url.hash = '';
  return url;
}

/** One exchange: connect, send the request, read the response as the parser frames it. */
async function exchange(plan: SessionPlan, io: CliIo, out: Output, hop: NextHop, followed: number, t0: number): Promise<HopResult> {
  const { cmd } = plan;
  const { url } = hop;
  const host = unbracket(url.hostname);
  const dialled = await dial(cmd, host, Number(url.port || 443), t0, ['http/1.1'], io.keylog, plan.setup);
  const { socket } = dialled;
  try {
    if (cmd.brief) briefReport(socket, cmd.dangerous).forEach(io.info);
    if (cmd.verbose) handshakeReport(socket, dialled.echConfig).forEach(io.info);
    const agreed = socket.alpnProtocol;
    if (agreed !== false && agreed !== null && agreed !== 'http/1.1') throw new CliFailure(EXIT.badResponse, `the server chose ALPN ${JSON.stringify(agreed)}, and get speaks HTTP/1.1 only`);
    // After the handshake the --timeout bounds each silence of the server (no hang on a mute one).
    const ms = cmd.options.timeout;
    socket.on('timeout', () => socket.destroy(new WaitError('timeout', `no data from the server for ${ms} ms`)));
    const request = buildRequest(url, hop.method, hop.body, hop.headers, version());
    if (cmd.verbose) requestLines(request).forEach((l) => io.info(`> ${l}`));
    socket.write(request);
    const tStart = performance.now();
    const parser = new ResponseParser(hop.method);
    let follow: NextHop | undefined;
    let head: ResponseHead | undefined;
    let tFirst: number | undefined;
    let outcome: 'complete' | 'unclosed';
    try {
      reading: for await (const chunk of socket as AsyncIterable<Buffer>) {
        tFirst ??= performance.now();
        for (const ev of parser.push(chunk)) {
          if (ev.type === 'head') {
            if (cmd.verbose) ev.head.raw.toString('latin1').split(/\r?\n/).filter((l) => l !== '').forEach((l) => io.info(`< ${l}`));
            if (ev.interim) continue;
            head = ev.head;
            follow = cmd.http.location ? nextHop(ev.head, url, hop.method, hop.body, hop.headers, followed, cmd.http.maxRedirs) : undefined;
            if (follow === undefined && cmd.http.fail && ev.head.status >= 400) throw new CliFailure(EXIT.httpError, `HTTP ${ev.head.status}${ev.head.reason !== '' ? ` ${ev.head.reason}` : ''} (--fail)`);
            if (cmd.http.include) await out.write(ev.head.raw);
            if (follow !== undefined) break reading; // its body is not wanted: the next hop is another connection
          } else if (ev.type === 'body') {
            await out.write(ev.data);
          } else if (cmd.verbose) {
            ev.trailers.forEach(([n, v]) => io.info(`< (trailer) ${n}: ${v}`));
          }
        }
        if (parser.complete) break;
      }
      outcome = follow !== undefined ? 'complete' : parser.end(true);
    } catch (e) {
      if (errorCode(e) !== 'ERR_PURETLS_TRUNCATED' || parser.complete) throw e;
      outcome = parser.end(false); // throws (exit 6) unless the body is close-delimited
    }
    head ??= parser.head!;
    return { head, follow, outcome, dialled, parser, requestBytes: request.length, tStart: tFirst ?? tStart };
  } finally {
    socket.destroy();
  }
}

/**
 * Runs `get`; resolves with the exit status (failures with a status of their own are thrown).
 *
 * @example
 * process.exitCode = await get(parsedCommand, io);
 */
export async function get(cmd: CliCommand, io: CliIo): Promise<ExitStatus> {
  const t0 = performance.now();
  let url = parseUrl(cmd.target);
  const body = cmd.http.data === undefined ? undefined : Buffer.concat(cmd.http.data.flatMap((d, i) => (i === 0 ? [d] : [Buffer.from('&'), d])));
  let hop: NextHop = { url, method: cmd.http.method ?? (body !== undefined ? 'POST' : 'GET'), body, headers: cmd.http.headers };
  const plan = sessionPlan(cmd, io);
  const out = new Output(cmd.http.output);
  let followed = 0;
  let tRedirect = 0;
  let result: HopResult;
  try {
    for (;;) {
      result = await exchange(plan, io, out, hop, followed, t0);
      if (result.follow === undefined) break;
      if (cmd.verbose) io.info(`* following the ${result.head.status} redirect to ${result.follow.url.href}`);
      followed++;
      tRedirect = since(t0);
      hop = result.follow;
      url = hop.url;
    }
  } catch (e) {
    out.abandon();
    throw e;
  }
  await out.close();
  plan.finish();
  const status: ExitStatus = result.outcome === 'unclosed' ? EXIT.unclosed : EXIT.ok;
  if (status === EXIT.unclosed) io.warn(`puretls: warning: the body (${result.parser.bodyBytes} bytes, delimited by the connection's close) ended with a TCP close without close_notify: it may be truncated (RFC 9112 §9.8)`);
  if (cmd.http.writeOut !== undefined) {
    const { dialled, head, parser } = result;
    const total = since(t0);
    const local = dialled.socket.socket;
    const facts: TransferFacts = {
      http_code: head.status, http_version: head.version === '1.0' ? '1' : '1.1', num_redirects: followed, url_effective: url.href,
      content_type: field(head, 'content-type')[0] ?? '', remote_ip: dialled.address, remote_port: dialled.port,
      local_ip: local.localAddress ?? '', local_port: local.localPort ?? '', size_download: parser.bodyBytes, size_header: parser.headBytes,
      size_request: result.requestBytes, speed_download: total > 0 ? parser.bodyBytes / total : 0, ssl_verify_result: dialled.socket.authorized ? 0 : 1,
      time_namelookup: dialled.times.namelookup / 1000, time_connect: dialled.times.connect / 1000, time_appconnect: dialled.times.appconnect / 1000,
      time_pretransfer: dialled.times.appconnect / 1000, time_starttransfer: (result.tStart - t0) / 1000, time_redirect: tRedirect, time_total: total, exitcode: status,
    };
    await new Output(undefined).write(Buffer.from(renderWriteOut(cmd.http.writeOut, facts)));
  }
  return status;
}

/**
 * DNS over UDP and TCP to a resolver (RFC 1035 §4.2, RFC 7766): the query with a random 16-bit
 * id from node:crypto (RFC 5452 §9.2), a connected UDP socket (datagrams from other addresses
 * never reach us), datagrams that do not answer our query ignored (a bounded number), TC=1 asked
 * again over TCP with its 2-byte length prefix, one timeout per exchange. Every path closes its
 * socket and clears its timer.
 */
import { randomInt } from 'node:crypto';
import { createSocket } from 'node:dgram';
import { connect as netConnect, isIP } from 'node:net';
import { DnsServerFailure } from './errors.js';
import { EchDnsLimits } from './limits.js';
import { buildQuery, readResponse, type DnsAnswer, type FinalAnswer } from './message.js';

/**
 * A resolver's address.
 *
 * @example
 * const s: DnsServer = parseDnsServer('[::1]:5353'); // { host: '::1', port: 5353 }
 */
export interface DnsServer { host: string; port: number }

/**
 * `ip`, `ip:port` or `[v6]:port` (what `dns.getServers()` gives); port 53 by default. A
 * TypeError for anything else: a resolver is named by address, never looked up itself.
 *
 * @example
 * parseDnsServer('127.0.0.1:5353'); // { host: '127.0.0.1', port: 5353 }
 */
export function parseDnsServer(text: string): DnsServer {
  if (isIP(text) !== 0) return { host: text, port: 53 };
  const m = /^(?:\[([^\]]+)\]|([^:[\]]+)):(\d{1,5})$/.exec(text);
  const host = m?.[1] ?? m?.[2];
  const port = Number(m?.[3]);
  if (host === undefined || isIP(host) === 0 || (m?.[1] !== undefined && isIP(host) !== 6) || port < 1 || port > 65535) {
    throw new TypeError(`echDns.servers: not an IP address with an optional port (ip, ip:port, [v6]:port): ${JSON.stringify(text)}`);
  }
  return { host, port };
}

/** `1.2.3.4:53` / `[::1]:53`. @example serverText({ host: '::1', port: 53 }); // '[::1]:53' */
export function serverText(s: DnsServer): string {
  return isIP(s.host) === 6 ? `[${s.host}]:${s.port}` : `${s.host}:${s.port}`;
}

/** What one exchange settles with; `fail` ends it with a reason. */
interface Exchange<T> {
  resolve: (v: T) => void;
  fail: (why: string) => void;
}

/**
 * Runs `start` until it settles, with a timeout and an abort signal; `cleanup` runs on every path.
 */
function bounded<T>(ms: number, signal: AbortSignal | undefined, start: (x: Exchange<T>) => () => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    let done = false;
    let cleanup: () => void = () => {};
    const settle = (f: () => void) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      cleanup();
      f();
    };
    const onAbort = () => settle(() => reject(Object.assign(new Error('DNS lookup aborted', { cause: signal?.reason }), { code: 'ABORT_ERR' })));
    const timer = setTimeout(() => settle(() => reject(new DnsServerFailure(`no answer within ${ms} ms`))), ms);
    signal?.addEventListener('abort', onAbort, { once: true });
    try {
      cleanup = start({ resolve: (v) => settle(() => resolve(v)), fail: (why) => settle(() => reject(new DnsServerFailure(why))) });
    } catch (e) {
      settle(() => reject(new DnsServerFailure((e as Error).message)));
    }
    if (signal?.aborted === true) onAbort();
  });
}

/**
 * One query over UDP: the first datagram that answers it (id, QR and question match), within `ms`.
 *
 * @example
 * const answer = await udpExchange({ host: '127.0.0.1', port: 53 }, 'example.com', 5000);
 */
export function udpExchange(server: DnsServer, name: string, ms: number, signal?: AbortSignal): Promise<DnsAnswer> {
  const id = randomInt(0, 0x10000);
  return bounded<DnsAnswer>(ms, signal, ({ resolve, fail }) => {
    const socket = createSocket(isIP(server.host) === 6 ? 'udp6' : 'udp4');
    let strays = 0;
    socket.on('error', (e) => fail(e.message));
    socket.on('message', (msg) => {
      if (msg.length > EchDnsLimits.maxUdpResponse) return;
      try {
        const answer = readResponse(msg, { id, name });
        if (answer.kind !== 'stray') return resolve(answer);
      } catch (e) {
        return fail((e as Error).message);
      }
      // RFC 5452 §9.1: not our answer; keep waiting for it (a spoofer gets a bounded number of tries).
      if (++strays > EchDnsLimits.maxStrayDatagrams) fail(`more than ${EchDnsLimits.maxStrayDatagrams} datagrams that do not answer the query`);
    });
    socket.connect(server.port, server.host, () => socket.send(buildQuery(id, name), (e) => { if (e) fail(e.message); }));
    return () => { try { socket.close(); } catch { /* already closed */ } };
  });
}

/**
 * One query over TCP (RFC 7766; RFC 1035 §4.2.2: each message after a 2-byte length): the
 * response must answer our query (over TCP a stray one is a failure, not noise).
 *
 * @example
 * const answer = await tcpExchange({ host: '127.0.0.1', port: 53 }, 'example.com', 5000);
 */
export function tcpExchange(server: DnsServer, name: string, ms: number, signal?: AbortSignal): Promise<DnsAnswer> {
  const id = randomInt(0, 0x10000);
  return bounded<DnsAnswer>(ms, signal, ({ resolve, fail }) => {
    const socket = netConnect({ host: server.host, port: server.port });
    const query = buildQuery(id, name);
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(query.length);
    socket.write(Buffer.concat([prefix, query]));
    // The chunks are joined once, when the whole message is in: not on every 'data' event.
    const chunks: Buffer[] = [];
    let have = 0;
    let need: number | undefined; // 2 + the message length, once the prefix is in
    socket.on('error', (e) => fail(e.message));
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      have += d.length;
      if (have > 2 + EchDnsLimits.maxTcpResponse) return fail('more bytes than one DNS message over TCP');
      if (need === undefined && have >= 2) need = 2 + Buffer.concat(chunks, 2).readUInt16BE(0);
      if (need === undefined || have < need) return;
      const message = Buffer.concat(chunks, need).subarray(2);
      try {
        const answer = readResponse(message, { id, name });
        if (answer.kind === 'stray') fail(`a response that does not answer the query (${answer.why})`);
        else if (answer.kind === 'truncated') fail('a truncated answer over TCP');
        else resolve(answer);
      } catch (e) {
        fail((e as Error).message);
      }
    });
    socket.on('end', () => fail('the connection closed before a whole response'));
    return () => socket.destroy();
  });
}

/**
 * One query to one resolver: UDP, then TCP if the answer was truncated. `source` says which
 * transport answered (`udp 127.0.0.1:53`, or `tcp ...` after TC=1).
 *
 * @example
 * const { answer, source } = await queryServer({ host: '127.0.0.1', port: 53 }, 'example.com', 5000);
 */
export async function queryServer(server: DnsServer, name: string, ms: number, signal?: AbortSignal): Promise<{ answer: FinalAnswer; source: string }> {
  const udp = await udpExchange(server, name, ms, signal);
  if (udp.kind !== 'truncated' && udp.kind !== 'stray') return { answer: udp, source: `udp ${serverText(server)}` };
  const tcp = await tcpExchange(server, name, ms, signal);
  if (tcp.kind === 'truncated' || tcp.kind === 'stray') throw new DnsServerFailure('no usable answer over TCP');
  return { answer: tcp, source: `tcp ${serverText(server)}` };
}

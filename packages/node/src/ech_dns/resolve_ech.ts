/**
 * `resolveEchConfigs()`: a server's ECHConfigList from its HTTPS resource record (RFC 9460,
 * `ech` SvcParam of RFC 9848), through the system resolver (`dns.getServers()`) or servers you
 * name over UDP/TCP, or a DNS-over-HTTPS URL. The choice follows RFC 9460: the query name with
 * the port prefix for ports other than 443 (§9.1), AliasMode followed (§2.4.2, bounded, loops
 * refused), ServiceMode records by ascending SvcPriority, the first carrying `ech`; its
 * TargetName and `port` say where to connect (§7.2, §9) while SNI and verification stay on the
 * origin's name. Nothing usable is an EchNotFoundError, a failed DNS an EchDnsError: never a
 * result without an ECHConfigList.
 */
import { getServers } from 'node:dns';
import type { VerificationOptions } from '../verification.js';
import { dohExchange, dohTarget } from './doh.js';
import { parseDnsServer, queryServer, serverText, type DnsServer } from './dns_transport.js';
import { DnsServerFailure, EchDnsError, EchNotFoundError } from './errors.js';
import { EchDnsLimits } from './limits.js';
import { queryName, type FinalAnswer } from './message.js';
import { parseHttpsRdata, type HttpsRecord } from './svcb.js';

/**
 * How to look the HTTPS record up (`ConnectOptions.echDns`). Default: the system's resolvers
 * (`dns.getServers()`) over UDP, TCP after a truncated answer.
 *
 * @example
 * await connect({ host: 'example.com', echDns: { dohUrl: 'https://dns.example/dns-query' } });
 */
export interface EchDnsOptions {
  /** A DNS-over-HTTPS URL (RFC 8484) to POST the query to, over puretls; replaces `servers`. */
  dohUrl?: string;
  /** Resolvers to ask instead of `dns.getServers()`: `ip`, `ip:port` or `[v6]:port` (port 53 by default), tried in order. */
  servers?: readonly string[];
  /** Milliseconds each query waits for each server (default 5000). */
  timeout?: number;
  /** Trust anchors for the DoH server's certificate (PEM or DER), replacing Node's root store. */
  ca?: VerificationOptions['ca'];
  /** Aborting stops the lookup (an `ABORT_ERR`). */
  signal?: AbortSignal;
}

/**
 * What the lookup found.
 *
 * @example
 * const found: EchDnsResult = await resolveEchConfigs('example.com', 443);
 * await connect({ host: found.dialHost ?? 'example.com', port: found.dialPort ?? 443, servername: 'example.com', ech: found.configList });
 */
export interface EchDnsResult {
  /** The ECHConfigList of the chosen record's `ech` SvcParam. */
  configList: Uint8Array;
  /** The name first queried (`example.com`, or `_8443._https.example.com` for port 8443). */
  queried: string;
  /** The owner name of the chosen record (after AliasMode and CNAMEs). */
  owner: string;
  /** Where to connect instead of the origin's host, when the record names another TargetName (RFC 9460 §9). */
  dialHost?: string;
  /** The record's `port` SvcParam, when it has one (§7.2). */
  dialPort?: number;
  /** The record's `alpn` SvcParam (§7.1), for information. */
  alpn?: string[];
  /** Which resolver answered: `udp 127.0.0.1:53`, `tcp ...` after a truncated UDP answer, or the DoH URL. */
  source: string;
}

/** One query to whichever servers the options name: the answer and who gave it. */
type Ask = (name: string) => Promise<{ answer: FinalAnswer; source: string }>;

/** The servers to ask: the option's, else the system's (cut at EchDnsLimits.maxServers). */
function serversOf(options: EchDnsOptions): DnsServer[] {
  const list = (options.servers ?? getServers()).slice(0, EchDnsLimits.maxServers).map(parseDnsServer);
  if (list.length === 0) throw new TypeError('echDns: no DNS server to ask (dns.getServers() is empty; give echDns.servers or echDns.dohUrl)');
  return list;
}

/** The query function for `options`: DoH, or each server in turn until one answers. */
function asker(options: EchDnsOptions): { ask: Ask; resolver: string } {
  const ms = options.timeout ?? EchDnsLimits.defaultTimeoutMs;
  if (!Number.isSafeInteger(ms) || ms <= 0) throw new TypeError(`echDns.timeout: a positive number of ms, not ${String(options.timeout)}`);
  const failed = (failures: string[], e: unknown, where: string) => {
    if (!(e instanceof DnsServerFailure)) throw e;
    failures.push(`${where}: ${e.message}`);
  };
  if (options.dohUrl !== undefined) {
    const url = dohTarget(options.dohUrl);
    return {
      resolver: url.href,
      ask: async (name) => {
        try {
          return { answer: await dohExchange(url, name, ms, { ca: options.ca }, options.signal), source: url.href };
        } catch (e) {
          const failures: string[] = [];
          failed(failures, e, url.href);
          throw new EchDnsError(name, failures);
        }
      },
    };
  }
  const servers = serversOf(options);
  return {
    resolver: servers.map((s) => `udp ${serverText(s)}`).join(', '),
    ask: async (name) => {
      const failures: string[] = [];
      for (const server of servers) {
        try {
          return await queryServer(server, name, ms, options.signal);
        } catch (e) {
          failed(failures, e, `udp/tcp ${serverText(server)}`);
        }
      }
      throw new EchDnsError(name, failures);
    },
  };
}

/**
 * The record to use from one RRset (RFC 9460 §2.4.1, §2.4.2): an AliasMode one if present
 * (ServiceMode ones beside it are ignored), else the ServiceMode records by ascending priority,
 * stably (answer order breaks ties), the first with `ech`. `skipped` collects why records were not used.
 *
 * @example
 * const pick = chooseRecord(rdatas, skipped); if (pick?.priority === 0) follow(pick.target);
 */
export function chooseRecord(rdatas: readonly Uint8Array[], skipped: string[]): HttpsRecord | undefined {
  const records: HttpsRecord[] = [];
  for (const rdata of rdatas) {
    const r = parseHttpsRdata(rdata);
    if (r.ok) records.push(r.record);
    else skipped.push(r.reason);
  }
  const alias = records.find((r) => r.priority === 0);
  if (alias !== undefined) return alias;
  const service = records.sort((a, b) => a.priority - b.priority);
  const chosen = service.find((r) => r.ech !== undefined);
  if (chosen === undefined) for (const r of service) skipped.push(`priority ${r.priority} record without ech`);
  return chosen;
}

/**
 * The lookup itself, as the public `resolveEchConfigs` (lazy.ts, which loads this module on first
 * use) describes it: `name`'s ECHConfigList for a connection to `port`.
 *
 * @example
 * const found = await resolveEchConfigs('example.com', 443, { servers: ['127.0.0.1:5353'] });
 */
export async function resolveEchConfigs(name: string, port = 443, options: EchDnsOptions = {}): Promise<EchDnsResult> {
  const origin = queryName(name);
  if (origin === undefined) throw new TypeError(`echDns: ${JSON.stringify(name)} is not a DNS name (an IP address has no HTTPS record: give servername)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new TypeError(`echDns: port out of range: ${port}`);
  const { ask, resolver } = asker(options);
  // §9.1: "_<port>._https." before the name for any port but 443.
  const queried = port === 443 ? origin : `_${port}._https.${origin}`;
  const seen = new Set<string>();
  const skipped: string[] = [];
  let current = queried;
  let source = resolver;
  for (let hops = 0; ; hops++) {
    seen.add(current);
    const reply = await ask(current);
    source = reply.source;
    if (reply.answer.kind === 'nxdomain') throw new EchNotFoundError(current, source, 'NXDOMAIN: the name does not exist', skipped);
    const record = chooseRecord(reply.answer.rdatas, skipped);
    if (record === undefined) throw new EchNotFoundError(current, source, reply.answer.rdatas.length === 0 ? 'no HTTPS record' : 'no usable HTTPS record with ech', skipped);
    if (record.priority !== 0) {
      const aliased = current !== queried;
      // §2.5.2: TargetName "." is the owner name: the origin itself, or the name an alias led to.
      const target = record.target !== '.' ? record.target : aliased ? reply.answer.owner : origin;
      return {
        configList: record.ech!,
        queried,
        owner: reply.answer.owner,
        ...(target !== origin ? { dialHost: target } : {}),
        ...(record.port !== undefined ? { dialPort: record.port } : {}),
        ...(record.alpn !== undefined ? { alpn: record.alpn } : {}),
        source,
      };
    }
    // §2.5.1: an AliasMode TargetName of "." means the service is not available.
    if (record.target === '.') throw new EchNotFoundError(current, source, 'AliasMode to "." (RFC 9460 §2.5.1: the service is not available)', skipped);
    if (seen.has(record.target)) throw new EchNotFoundError(current, source, `AliasMode loop back to ${record.target}`, skipped);
    if (hops === EchDnsLimits.maxAliasChain) throw new EchNotFoundError(current, source, `more than ${EchDnsLimits.maxAliasChain} AliasMode hops`, skipped);
    current = record.target;
  }
}

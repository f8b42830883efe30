/**
 * The public door to the ECH lookup, loading it on first use: the DNS code and dns-packet (a
 * CommonJS module) took ~10 ms of every process's start (plain node, installed package), and
 * only connections with `echDns` and callers of {@link resolveEchConfigs} need them.
 */
import type { EchDnsOptions, EchDnsResult } from './resolve_ech.js';

/**
 * Looks `name`'s ECHConfigList up in DNS for a connection to `port` (default 443).
 * Rejects with EchNotFoundError (`ERR_PURETLS_ECH_NOT_FOUND`) when DNS answered but holds no
 * usable record with `ech`, EchDnsError (`ERR_PURETLS_ECH_DNS`) when no server answered, and a
 * TypeError for a name that cannot be queried (an IP literal) or a bad option.
 *
 * @example
 * const found = await resolveEchConfigs('example.com', 443, { servers: ['127.0.0.1:5353'] });
 * console.log(found.source, found.configList.length, found.dialHost);
 */
export async function resolveEchConfigs(name: string, port = 443, options: EchDnsOptions = {}): Promise<EchDnsResult> {
  const lookup = await import('./resolve_ech.js');
  return lookup.resolveEchConfigs(name, port, options);
}

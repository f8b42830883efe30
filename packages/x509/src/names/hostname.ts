/**
 * Server identity checks (RFC 9525): subjectAltName only, never the CN.
 */
import { tryParseServerName } from '@puretls/core';
import type { GeneralName } from '../parse/general_names.js';
import { isPublicSuffix } from './public_suffix.js';

/** A reference identity: a DNS name (A-label form) or an IP address. */
export type ReferenceId = { readonly kind: 'dns'; readonly name: string } | { readonly kind: 'ip'; readonly bytes: Uint8Array };

/**
 * An IP literal's bytes, by the engine's one server-name grammar (core `tryParseServerName`):
 * IPv4 as exactly four decimal octets without leading zeros, IPv6 in the RFC 4291 §2.2 text
 * forms, optionally bracketed. Anything else (`127.1`, `0x7f.1`, a DNS name) is undefined.
 *
 * @example
 * parseIp('::1'); // 16 bytes
 */
export function parseIp(text: string): Uint8Array | undefined {
  const id = tryParseServerName(text);
  return id.kind === 'ip' ? id.bytes : undefined;
}

/**
 * A DNS name in the form we compare: A-labels (IDNA, core's own Punycode encoder), lower case,
 * no trailing dot. Returns undefined for something that is not a valid host name, including an
 * IP literal or a non-canonical IPv4 spelling such as `127.1`.
 *
 * @example
 * canonicalDnsName('Bücher.Example.'); // 'xn--bcher-kva.example'
 */
export function canonicalDnsName(name: string): string | undefined {
  const id = tryParseServerName(name);
  return id.kind === 'dns' ? id.name : undefined;
}

/**
 * The reference identity for a server name string, by the same grammar the engine used for SNI:
 * an IP literal is an IP-ID, a host name a DNS-ID; `127.1`, `host:port` and the like are neither.
 *
 * @example
 * referenceId('127.0.0.1'); // { kind: 'ip', bytes: [127, 0, 0, 1] }
 * referenceId('127.1'); // undefined: never the DNS name "127.0.0.1"
 */
export function referenceId(serverName: string): ReferenceId | undefined {
  const id = tryParseServerName(serverName);
  if (id.kind === 'invalid') return undefined;
  return id.kind === 'ip' ? { kind: 'ip', bytes: id.bytes } : { kind: 'dns', name: id.name };
}

/** How wildcards are matched. */
export interface NameMatchOptions {
  /**
   * Let a wildcard cover a public suffix (`*.co.uk` matching `example.co.uk`), as RFC 9525 alone
   * allows. Off by default: the Public Suffix List decides (CABF BR §3.2.2.6).
   */
  readonly dangerouslyAllowPublicSuffixWildcards?: boolean;
}

/**
 * RFC 9525 §6.3: a DNS-ID matches case-insensitively; a wildcard only as the complete leftmost
 * label, matching exactly one non-empty label, never a bare suffix, only with at least two
 * labels after it, and (unless `dangerouslyAllowPublicSuffixWildcards`) never when what follows
 * `*.` is a public suffix.
 *
 * @example
 * dnsIdMatches('*.example.com', 'www.example.com'); // true
 * dnsIdMatches('*.example.com', 'example.com'); // false
 * dnsIdMatches('*.co.uk', 'example.co.uk'); // false: co.uk is a public suffix
 */
export function dnsIdMatches(presented: string, reference: string, opts: NameMatchOptions = {}): boolean {
  let p = presented.toLowerCase();
  if (p.endsWith('.')) p = p.slice(0, -1);
  if (p === '' || !/^[a-z0-9*_.-]+$/.test(p)) return false;
  if (!p.startsWith('*.')) return !p.includes('*') && p === reference;
  const suffix = p.slice(2);
  if (suffix.includes('*') || suffix.split('.').length < 2 || suffix.split('.').some((l) => l === '')) return false;
  const dot = reference.indexOf('.');
  if (dot <= 0 || reference.slice(dot + 1) !== suffix) return false;
  return opts.dangerouslyAllowPublicSuffixWildcards === true || !isPublicSuffix(suffix);
}

/**
 * Whether a certificate's subjectAltNames cover the reference identity (RFC 9525 §6).
 *
 * @example
 * matchesServerName(cert.subjectAltNames ?? [], referenceId('localhost')!);
 */
export function matchesServerName(sans: readonly GeneralName[], ref: ReferenceId, opts: NameMatchOptions = {}): boolean {
  for (const n of sans) {
    if (ref.kind === 'dns' && n.kind === 'dns' && dnsIdMatches(n.value, ref.name, opts)) return true;
    if (ref.kind === 'ip' && n.kind === 'ip' && n.bytes.length === ref.bytes.length && n.bytes.every((b, i) => b === ref.bytes[i])) return true;
  }
  return false;
}

/**
 * Server identity checks (RFC 9525): subjectAltName only, never the CN.
 */
import type { GeneralName } from '../parse/general_names.js';

/** A reference identity: a DNS name (A-label form) or an IP address. */
export type ReferenceId = { readonly kind: 'dns'; readonly name: string } | { readonly kind: 'ip'; readonly bytes: Uint8Array };

/**
 * Parses an IPv4 dotted quad (exactly four decimal octets) or an IPv6 literal (optionally
 * bracketed) to bytes, or returns undefined.
 *
 * @example
 * parseIp('::1'); // 16 bytes
 */
export function parseIp(text: string): Uint8Array | undefined {
  const s = text.replace(/^\[(.*)\]$/, '$1');
  const v4 = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(s);
  if (v4) {
    const parts = v4.slice(1).map(Number);
    if (parts.some((p, i) => p > 255 || (v4[i + 1]!.length > 1 && v4[i + 1]!.startsWith('0')))) return undefined;
    return Uint8Array.from(parts);
  }
  if (!s.includes(':') || !/^[0-9a-fA-F:.]+$/.test(s)) return undefined;
  let head = s;
  let tail = '';
  const dbl = s.indexOf('::');
  if (dbl >= 0) {
    if (s.indexOf('::', dbl + 1) >= 0) return undefined;
    head = s.slice(0, dbl);
    tail = s.slice(dbl + 2);
  }
  const groups = (part: string): number[] | undefined => {
    if (part === '') return [];
    const out: number[] = [];
    const items = part.split(':');
    for (const [i, g] of items.entries()) {
      if (i === items.length - 1 && g.includes('.')) {
        const v4b = parseIp(g);
        if (v4b === undefined || v4b.length !== 4) return undefined;
        out.push((v4b[0]! << 8) | v4b[1]!, (v4b[2]! << 8) | v4b[3]!);
      } else {
        if (!/^[0-9a-fA-F]{1,4}$/.test(g)) return undefined;
        out.push(parseInt(g, 16));
      }
    }
    return out;
  };
  const h = groups(head);
  const t = groups(tail);
  if (h === undefined || t === undefined) return undefined;
  const missing = 8 - h.length - t.length;
  if ((dbl >= 0 && missing < 1) || (dbl < 0 && missing !== 0)) return undefined;
  const all = [...h, ...new Array<number>(missing).fill(0), ...t];
  const out = new Uint8Array(16);
  all.forEach((g, i) => { out[2 * i] = g >> 8; out[2 * i + 1] = g & 0xff; });
  return out;
}

/**
 * A DNS name in the form we compare: A-labels (IDNA, via the WHATWG URL host parser), lower case,
 * no trailing dot. Returns undefined for something that is not a valid host name.
 *
 * @example
 * canonicalDnsName('Bücher.Example.'); // 'xn--bcher-kva.example'
 */
export function canonicalDnsName(name: string): string | undefined {
  const trimmed = name.endsWith('.') ? name.slice(0, -1) : name;
  if (trimmed === '' || trimmed.length > 253 || /[\s/?#@:%\\[\]]/.test(trimmed)) return undefined;
  // An explicit test, not a caught TypeError: the WHATWG parser decides what a valid host is.
  const url = `http://${trimmed}/`;
  if (!URL.canParse(url)) return undefined;
  let host = new URL(url).hostname;
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)*$/.test(host)) return undefined;
  if (host.split('.').some((l) => l.length > 63)) return undefined;
  return host;
}

/**
 * The reference identity for a server name: an IP literal is an IP, anything else a DNS name.
 *
 * @example
 * referenceId('127.0.0.1'); // { kind: 'ip', bytes: [127, 0, 0, 1] }
 */
export function referenceId(serverName: string): ReferenceId | undefined {
  const ip = parseIp(serverName);
  if (ip !== undefined) return { kind: 'ip', bytes: ip };
  const name = canonicalDnsName(serverName);
  return name === undefined ? undefined : { kind: 'dns', name };
}

/**
 * RFC 9525 §6.3: a DNS-ID matches case-insensitively; a wildcard only as the complete leftmost
 * label, matching exactly one non-empty label, never a bare suffix, and only with at least two
 * labels after it.
 *
 * @example
 * dnsIdMatches('*.example.com', 'www.example.com'); // true
 * dnsIdMatches('*.example.com', 'example.com'); // false
 */
export function dnsIdMatches(presented: string, reference: string): boolean {
  let p = presented.toLowerCase();
  if (p.endsWith('.')) p = p.slice(0, -1);
  if (p === '' || !/^[a-z0-9*_.-]+$/.test(p)) return false;
  if (!p.startsWith('*.')) return !p.includes('*') && p === reference;
  const suffix = p.slice(2);
  if (suffix.includes('*') || suffix.split('.').length < 2 || suffix.split('.').some((l) => l === '')) return false;
  const dot = reference.indexOf('.');
  return dot > 0 && reference.slice(dot + 1) === suffix;
}

/**
 * Whether a certificate's subjectAltNames cover the reference identity (RFC 9525 §6).
 *
 * @example
 * matchesServerName(cert.subjectAltNames ?? [], referenceId('localhost')!);
 */
export function matchesServerName(sans: readonly GeneralName[], ref: ReferenceId): boolean {
  for (const n of sans) {
    if (ref.kind === 'dns' && n.kind === 'dns' && dnsIdMatches(n.value, ref.name)) return true;
    if (ref.kind === 'ip' && n.kind === 'ip' && n.bytes.length === ref.bytes.length && n.bytes.every((b, i) => b === ref.bytes[i])) return true;
  }
  return false;
}

/**
 * The commonName rule of CABF BR 7.1.4.3: a CN, if present, repeats one subjectAltName entry
 * character for character. The CN never authenticates anything here (RFC 9525 §6.3: SAN only), so
 * this is a consistency check that refuses a CN naming a host the SAN does not: legacy clients that
 * still read the CN would otherwise see an identity the CA never vouched for.
 *
 * It is applied to a CN that presents a host identity (an FQDN, possibly with U-labels, or an IP
 * address in any textual form, even one inet_aton alone would read) and is compared with the SAN
 * entries of the same kind when there are any. A CN naming the domain its SAN entries lie under
 * (CN example.com with SAN *.example.com or foo.example.com) is accepted: it names no host the
 * SAN does not also cover, and CAs issue that shape (x509-limbo expects it to verify).
 */
import { X509Error } from '../errors.js';
import type { GeneralName } from '../parse/general_names.js';

/**
 * Throws `bad-encoding` when a host-like commonName disagrees with the subjectAltName. `subject`
 * names the certificate in the message (a function, so that it is rendered only on failure).
 *
 * @example
 * checkCommonName(['example.com'], [{ kind: 'dns', value: 'example.com' }], 'CN=example.com'); // ok
 */
export function checkCommonName(commonNames: readonly string[], sans: readonly GeneralName[], subject: string | (() => string), der?: Uint8Array): void {
  for (const cn of commonNames) {
    const kind = hostKind(cn);
    if (kind === undefined) continue;
    const texts = sans.flatMap((n) => (n.kind === 'dns' && kind === 'dns' ? [n.value] : n.kind === 'ip' && kind === 'ip' ? [ipText(n.bytes)] : []));
    if (texts.length === 0) continue;
    const ok = texts.some((t) => t === cn || (kind === 'dns' && t.endsWith(`.${cn}`)));
    if (!ok) throw new X509Error('bad-encoding', `${typeof subject === 'string' ? subject : subject()}: commonName ${JSON.stringify(cn)} is not one of the subjectAltName entries (CABF BR 7.1.4.3)`, der);
  }
}

/** Whether a CN presents an IP address (any text form) or a DNS name with at least two labels. */
function hostKind(cn: string): 'ip' | 'dns' | undefined {
  if (looksLikeIp(cn)) return 'ip';
  if (/^(?:[\p{L}\p{N}_*-]+\.)+[\p{L}\p{N}_-]+\.?$/u.test(cn)) return 'dns';
  return undefined;
}

/** IPv6 text of any form, or IPv4 as inet_aton reads it (1 to 4 parts, decimal, octal or hex). */
function looksLikeIp(s: string): boolean {
  if (s.includes(':')) return /^[0-9a-fA-F:.]+$/.test(s) && s.split(':').length >= 3;
  const parts = s.split('.');
  return parts.length <= 4 && parts.every((p) => /^(0[xX][0-9a-fA-F]+|\d+)$/.test(p));
}

/**
 * An IP address in its canonical text: dotted decimal, or RFC 5952 IPv6 (lower case, leading zeros
 * dropped, the longest run of two or more zero groups compressed).
 *
 * @example
 * ipText(Uint8Array.of(127, 0, 0, 1)); // '127.0.0.1'
 */
export function ipText(b: Uint8Array): string {
  if (b.length === 4) return [...b].join('.');
  // RFC 5952 §5: an IPv4-mapped address keeps its IPv4 part dotted.
  if (b.subarray(0, 10).every((x) => x === 0) && b[10] === 0xff && b[11] === 0xff) return `::ffff:${[...b.subarray(12)].join('.')}`;
  const groups = Array.from({ length: 8 }, (_, i) => (b[2 * i]! << 8) | b[2 * i + 1]!);
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    let j = i;
    while (j < 8 && groups[j] === 0) j++;
    if (j - i > bestLen) { best = i; bestLen = j - i; }
    i = j === i ? i + 1 : j;
  }
  const hex = groups.map((g) => g.toString(16));
  if (best < 0) return hex.join(':');
  return `${hex.slice(0, best).join(':')}::${hex.slice(best + bestLen).join(':')}`;
}

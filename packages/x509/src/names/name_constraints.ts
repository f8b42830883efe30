/**
 * Name constraints (RFC 5280 §4.2.1.10) for DNS names, IP addresses and directory names, permitted
 * and excluded. A constraint of a type we do not implement (email, URI, otherName) refuses any
 * subordinate name of that type rather than letting it through.
 */
import { X509Error } from '../errors.js';
import { X509Limits } from '../limits.js';
import type { NameConstraints, ParsedCertificate } from '../parse/certificate.js';
import type { NormalName } from '../parse/der.js';
import type { GeneralName } from '../parse/general_names.js';

/**
 * RFC 5280 §4.2.1.10: a DNS constraint matches the name itself and any subdomain. A leading period
 * is refused when the certificate is parsed (it is URI syntax, not DNS).
 */
function dnsWithin(name: string, constraint: string): boolean {
  const n = name.toLowerCase().replace(/\.$/, '');
  const c = constraint.toLowerCase();
  if (c === '') return true;
  return n === c || n.endsWith('.' + c);
}

function ipWithin(ip: Uint8Array, constraint: Uint8Array, cert: Uint8Array): boolean {
  const half = constraint.length / 2;
  if (constraint.length !== 8 && constraint.length !== 32) throw new X509Error('bad-encoding', 'IP name constraint of bad length', cert);
  const mask = constraint.subarray(half);
  // The mask must be contiguous ones then zeros.
  let seenZero = false;
  for (const byte of mask) for (let b = 7; b >= 0; b--) {
    const one = (byte >> b) & 1;
    if (one && seenZero) throw new X509Error('bad-encoding', 'IP name constraint with a non-contiguous mask', cert);
    if (!one) seenZero = true;
  }
  if (ip.length !== half) return false;
  return ip.every((b, i) => (b & mask[i]!) === (constraint[i]! & mask[i]!));
}

function dnWithin(name: NormalName, constraint: NormalName): boolean {
  if (constraint.length > name.length) return false;
  return constraint.every((rdn, i) => JSON.stringify(rdn) === JSON.stringify(name[i]));
}

type Kind = 'dns' | 'ip' | 'dn';

/**
 * A wildcard DNS name `*.S` stands for every one-label subdomain of S (RFC 9525), so for an
 * exclusion it counts as inside C when any of those could be (CVE-2025-61727), and for a
 * permission only when all of them are.
 */
function wildcardWithin(suffix: string, c: string, forExclusion: boolean): boolean {
  if (dnsWithin(suffix, c)) return true; // S itself is under C: all of *.S is
  if (!forExclusion) return false;
  const cc = c.toLowerCase();
  const dot = cc.indexOf('.');
  return dot > 0 && cc.slice(dot + 1) === suffix.toLowerCase();
}

function within(n: GeneralName, c: GeneralName, cert: Uint8Array, forExclusion = false): boolean {
  if (n.kind === 'dns' && c.kind === 'dns') {
    return n.value.startsWith('*.') ? wildcardWithin(n.value.slice(2), c.value, forExclusion) : dnsWithin(n.value, c.value);
  }
  if (n.kind === 'ip' && c.kind === 'ip') return ipWithin(n.bytes, c.bytes, cert);
  if (n.kind === 'dn' && c.kind === 'dn') return dnWithin(n.name, c.name);
  return false;
}

/** The names of a certificate that constraints apply to: SANs, plus the subject as a DN. */
function constrainedNames(cert: ParsedCertificate): GeneralName[] {
  const names: GeneralName[] = [...(cert.subjectAltNames ?? [])];
  if (cert.subject.length > 0) names.push({ kind: 'dn', name: cert.subject });
  return names;
}

/**
 * Checks one subordinate certificate against one CA's name constraints.
 *
 * @example
 * checkNameConstraints(intermediate.nameConstraints!, leaf);
 */
export function checkNameConstraints(nc: NameConstraints, cert: ParsedCertificate): void {
  const fail = (why: string) => new X509Error('name-constraints', `${cert.subjectText}: ${why}`, cert.der);
  const supported = (k: string): k is Kind => k === 'dns' || k === 'ip' || k === 'dn';
  const names = constrainedNames(cert);
  // The work is names x subtrees; bound it before doing any (X509Limits).
  const comparisons = names.length * (nc.excluded.length + (nc.permitted?.length ?? 0));
  if (comparisons > X509Limits.maxNameConstraintChecks) {
    throw new X509Error('too-much-work', `${cert.subjectText}: ${comparisons} name-constraint comparisons exceed the limit of ${X509Limits.maxNameConstraintChecks}`, cert.der);
  }
  for (const name of names) {
    for (const ex of nc.excluded) {
      if (!supported(ex.kind) && ex.kind === name.kind) throw fail(`a ${name.kind} name under an unsupported excluded constraint`);
      if (within(name, ex, cert.der, true)) throw fail(`${describe(name)} is excluded`);
    }
    if (nc.permitted !== undefined) {
      const sameKind = nc.permitted.filter((p) => p.kind === name.kind);
      if (sameKind.length === 0) continue;
      if (!supported(name.kind)) throw fail(`a ${name.kind} name under an unsupported permitted constraint`);
      if (!sameKind.some((p) => within(name, p, cert.der))) throw fail(`${describe(name)} is not permitted`);
    }
  }
}

function describe(n: GeneralName): string {
  if (n.kind === 'dns') return `DNS name ${n.value}`;
  if (n.kind === 'ip') return `IP address ${[...n.bytes].join(n.bytes.length === 4 ? '.' : ',')}`;
  if (n.kind === 'dn') return 'directory name';
  return `${n.kind} name`;
}

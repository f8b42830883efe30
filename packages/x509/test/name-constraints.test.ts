// checkNameConstraints (RFC 5280 §4.2.1.10): DNS, IP and directory-name subtrees, permitted and
// excluded, over the SANs and subject of a fixture leaf with overridden names.
import 'reflect-metadata';
import { Name } from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { X509Limits } from '../src/limits.js';
import { checkNameConstraints } from '../src/names/name_constraints.js';
import { parseIp } from '../src/names/hostname.js';
import type { NameConstraints, ParsedCertificate } from '../src/parse/certificate.js';
import { normaliseName } from '../src/parse/der.js';
import type { GeneralName } from '../src/parse/general_names.js';
import { parsedGood } from './helpers/pki.js';

const leaf = parsedGood('p256', 'leaf');
const dn = (text: string) => normaliseName(new Uint8Array(new Name(text).toArrayBuffer()));
const dns = (value: string): GeneralName => ({ kind: 'dns', value });
const ip = (text: string): GeneralName => ({ kind: 'ip', bytes: parseIp(text)! });
/** An IP subtree: address bytes followed by mask bytes. */
const net = (addr: string, mask: string): GeneralName => ({ kind: 'ip', bytes: Uint8Array.from([...parseIp(addr)!, ...parseIp(mask)!]) });
const permit = (...p: GeneralName[]): NameConstraints => ({ permitted: p, excluded: [] });
const exclude = (...e: GeneralName[]): NameConstraints => ({ permitted: undefined, excluded: e });
/** The leaf with these SANs (and subject CN=localhost unless `subject` is given). */
const cert = (sans: GeneralName[], subject = leaf.subject): ParsedCertificate => ({ ...leaf, subjectAltNames: sans, subject });

const ok = (nc: NameConstraints, c: ParsedCertificate) => expect(() => checkNameConstraints(nc, c)).not.toThrow();
const refused = (nc: NameConstraints, c: ParsedCertificate, reason = 'name-constraints') =>
  expect(() => checkNameConstraints(nc, c)).toThrow(expect.objectContaining({ reason, alertName: 'bad_certificate' }));

describe('DNS subtrees', () => {
  it('permitted: the name itself and any subdomain', () => {
    ok(permit(dns('example.com')), cert([dns('example.com')]));
    ok(permit(dns('example.com')), cert([dns('www.example.com')]));
    ok(permit(dns('example.com')), cert([dns('a.b.example.com')]));
  });

  it('permitted is not a string-suffix match, nor a parent-domain match', () => {
    refused(permit(dns('example.com')), cert([dns('notexample.com')]));
    refused(permit(dns('example.com')), cert([dns('example.com.evil')]));
    refused(permit(dns('www.example.com')), cert([dns('example.com')]));
    refused(permit(dns('example.com')), cert([dns('com')]));
  });

  it('every DNS SAN must be permitted, not just one', () => {
    refused(permit(dns('example.com')), cert([dns('www.example.com'), dns('www.example.org')]));
    ok(permit(dns('example.com'), dns('example.org')), cert([dns('www.example.com'), dns('www.example.org')]));
  });

  it('excluded: the name itself and any subdomain, not a string suffix', () => {
    refused(exclude(dns('example.com')), cert([dns('example.com')]));
    refused(exclude(dns('example.com')), cert([dns('deep.www.example.com')]));
    ok(exclude(dns('example.com')), cert([dns('notexample.com')]));
    ok(exclude(dns('www.example.com')), cert([dns('example.com')]));
  });

  it('excluded wins over permitted', () => {
    const nc = { permitted: [dns('example.com')], excluded: [dns('secret.example.com')] };
    ok(nc, cert([dns('www.example.com')]));
    refused(nc, cert([dns('db.secret.example.com')]));
  });

  it('compares case-insensitively', () => {
    ok(permit(dns('Example.COM')), cert([dns('WWW.example.com')]));
    refused(exclude(dns('EXAMPLE.com')), cert([dns('www.Example.Com')]));
  });

  it('ignores a trailing dot on the name', () => {
    ok(permit(dns('example.com')), cert([dns('www.example.com.')]));
    refused(exclude(dns('example.com')), cert([dns('www.example.com.')]));
    refused(permit(dns('example.com')), cert([dns('notexample.com.')]));
  });

  it('a wildcard SAN is permitted only when every name it stands for is', () => {
    ok(permit(dns('example.com')), cert([dns('*.example.com')]));
    ok(permit(dns('example.com')), cert([dns('*.sub.example.com')]));
    refused(permit(dns('www.example.com')), cert([dns('*.example.com')]));
    refused(permit(dns('example.com')), cert([dns('*.notexample.com')]));
  });

  it('a wildcard SAN is excluded when any name it stands for could be (CVE-2025-61727)', () => {
    refused(exclude(dns('example.com')), cert([dns('*.example.com')]));
    refused(exclude(dns('secret.example.com')), cert([dns('*.example.com')]));
    refused(exclude(dns('SECRET.Example.com')), cert([dns('*.example.com')]));
    // *.example.com stands for one label only: nothing under a.b.example.com.
    ok(exclude(dns('a.b.example.com')), cert([dns('*.example.com')]));
    ok(exclude(dns('other.com')), cert([dns('*.example.com')]));
  });

  it('an empty DNS constraint matches every DNS name', () => {
    ok(permit(dns('')), cert([dns('anything.example')]));
    refused(exclude(dns('')), cert([dns('anything.example')]));
    ok(exclude(dns('')), cert([ip('127.0.0.1')]));
  });

  it('the commonName is not read as a DNS name (only SANs and the subject as a directory name)', () => {
    ok(permit(dns('example.com')), cert([dns('www.example.com')], dn('CN=evil.test')));
  });
});

describe('IP subtrees', () => {
  it('IPv4 permitted and excluded with masks', () => {
    ok(permit(net('192.168.0.0', '255.255.0.0')), cert([ip('192.168.5.1')]));
    refused(permit(net('192.168.0.0', '255.255.0.0')), cert([ip('192.169.0.1')]));
    refused(exclude(net('10.0.0.0', '255.0.0.0')), cert([ip('10.1.2.3')]));
    ok(exclude(net('10.0.0.0', '255.0.0.0')), cert([ip('11.0.0.1')]));
    ok(permit(net('10.1.2.3', '255.255.255.255')), cert([ip('10.1.2.3')]));
    refused(permit(net('10.1.2.3', '255.255.255.255')), cert([ip('10.1.2.4')]));
    refused(exclude(net('0.0.0.0', '0.0.0.0')), cert([ip('203.0.113.9')]));
  });

  it('host bits set in the constraint address are masked off', () => {
    ok(permit(net('192.168.77.77', '255.255.0.0')), cert([ip('192.168.1.1')]));
  });

  it('IPv6 permitted and excluded with masks', () => {
    ok(permit(net('2001:db8::', 'ffff:ffff::')), cert([ip('2001:db8::1')]));
    refused(permit(net('2001:db8::', 'ffff:ffff::')), cert([ip('2001:db9::1')]));
    refused(exclude(net('fe80::', 'ffc0::')), cert([ip('fe80::1')]));
    refused(exclude(net('fe80::', 'ffc0::')), cert([ip('febf::1')]));
    ok(exclude(net('fe80::', 'ffc0::')), cert([ip('fec0::1')]));
  });

  it('an IPv4 name never lies in an IPv6 subtree (not even ::ffff:0:0/96), nor the reverse', () => {
    refused(permit(net('::ffff:0:0', 'ffff:ffff:ffff:ffff:ffff:ffff::')), cert([ip('192.0.2.1')]));
    ok(exclude(net('::', '::')), cert([ip('192.0.2.1')]));
    refused(permit(net('0.0.0.0', '0.0.0.0')), cert([ip('::1')]));
  });

  it('a malformed IP constraint is bad-encoding once an IP name meets it', () => {
    refused(permit({ kind: 'ip', bytes: Uint8Array.of(10, 0, 0, 0, 255) }), cert([ip('10.0.0.1')]), 'bad-encoding');
    refused(exclude(net('10.0.0.0', '255.0.255.0')), cert([ip('11.0.0.1')]), 'bad-encoding');
  });

  it('DNS subtrees do not constrain IP names, nor IP subtrees DNS names', () => {
    ok(permit(dns('example.com')), cert([ip('203.0.113.9'), dns('www.example.com')]));
    ok(permit(net('10.0.0.0', '255.0.0.0')), cert([dns('anything.test')]));
  });
});

describe('directory-name subtrees', () => {
  it('permitted: the subject must start with the constraint RDNs', () => {
    ok(permit({ kind: 'dn', name: dn('C=US, O=Acme') }), cert([], dn('C=US, O=Acme, CN=host')));
    ok(permit({ kind: 'dn', name: dn('C=US, O=Acme') }), cert([], dn('C=us, O=ACME, CN=host')));
    refused(permit({ kind: 'dn', name: dn('C=US, O=Acme') }), cert([], dn('C=US, O=Other, CN=host')));
    refused(permit({ kind: 'dn', name: dn('C=US, O=Acme') }), cert([], dn('C=US')));
    refused(permit({ kind: 'dn', name: dn('C=US, O=Acme') }), cert([], dn('O=Acme, C=US, CN=host')));
  });

  it('excluded directory names', () => {
    refused(exclude({ kind: 'dn', name: dn('O=Evil') }), cert([], dn('O=Evil, CN=x')));
    ok(exclude({ kind: 'dn', name: dn('O=Evil') }), cert([], dn('O=Good, CN=x')));
  });

  it('a directoryName SAN is checked too; an empty subject is not a name', () => {
    refused(permit({ kind: 'dn', name: dn('O=Acme') }), cert([{ kind: 'dn', name: dn('O=Other') }], []));
    ok(permit({ kind: 'dn', name: dn('O=Acme') }), cert([dns('x.test')], []));
  });
});

describe('constraints of kinds not implemented', () => {
  it('an excluded email/URI/other subtree refuses any name of that kind', () => {
    refused(exclude({ kind: 'email', value: 'example.com' }), cert([{ kind: 'email', value: 'a@example.org' }]));
    refused(exclude({ kind: 'uri', value: 'example.com' }), cert([{ kind: 'uri', value: 'https://example.org/' }]));
    refused(exclude({ kind: 'other', tag: 0xa0 }), cert([{ kind: 'other', tag: 0xa0 }]));
  });

  it('a permitted email/URI subtree refuses any name of that kind', () => {
    refused(permit({ kind: 'email', value: 'example.com' }), cert([{ kind: 'email', value: 'a@example.com' }]));
    refused(permit({ kind: 'uri', value: 'example.com' }), cert([{ kind: 'uri', value: 'https://example.com/' }]));
  });

  it('without names of that kind, they do not get in the way', () => {
    ok(exclude({ kind: 'email', value: 'example.com' }), cert([dns('www.example.com')]));
    ok(permit({ kind: 'uri', value: 'example.com' }, dns('example.com')), cert([dns('www.example.com')]));
  });

  it('a name of a kind no subtree names is not constrained', () => {
    ok(permit(dns('example.com')), cert([dns('www.example.com'), { kind: 'email', value: 'a@elsewhere.test' }]));
  });
});

describe('work bound', () => {
  it(`more than X509Limits.maxNameConstraintChecks (${X509Limits.maxNameConstraintChecks}) subtree-name comparisons is too-much-work`, () => {
    // 300 permitted subtrees x 301 names (300 SANs and the subject) = 90,300 comparisons.
    const subtrees = Array.from({ length: 300 }, (_, i) => dns(`zone${i}.example`));
    const sans = Array.from({ length: 300 }, () => dns('host.zone299.example'));
    refused(permit(...subtrees), cert(sans), 'too-much-work');
  });
});

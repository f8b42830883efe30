// Wildcards over a public suffix never match (CABF BR §3.2.2.6; x509-limbo
// webpki::san::public-suffix-*): the Public Suffix List, ICANN and private sections, via tldts.
import { describe, expect, it } from 'vitest';
import { TrustStore, verifyChain, WebPkiVerifier, X509Error } from '../src/index.js';
import { dnsIdMatches } from '../src/names/hostname.js';
import { isPublicSuffix } from '../src/names/public_suffix.js';
import { issue, newKeys } from './helpers/pki.js';

describe('isPublicSuffix', () => {
  it.each([
    ['com', true],
    ['co.uk', true],
    ['github.io', true], // private section
    ['s3.amazonaws.com', true], // private section
    ['xn--p1ai', true], // .рф as an A-label
    ['xn--55qx5d.cn', true], // 公司.cn, an IDN second-level suffix
    ['kobe.jp', true],
    ['x.kobe.jp', true], // *.kobe.jp
    ['city.kobe.jp', false], // !city.kobe.jp, an exception rule
    ['example.com', false],
    ['example.co.uk', false],
    ['example.xn--p1ai', false],
  ])('%s -> %s', (name, expected) => {
    expect(isPublicSuffix(name)).toBe(expected);
  });
});

describe('wildcard DNS-IDs over public suffixes', () => {
  it.each([
    ['*.com', 'example.com', false],
    ['*.co.uk', 'example.co.uk', false],
    ['*.s3.amazonaws.com', 'bucket.s3.amazonaws.com', false],
    ['*.github.io', 'someone.github.io', false],
    ['*.xn--55qx5d.cn', 'xn--fiqs8s.xn--55qx5d.cn', false],
    ['*.example.com', 'www.example.com', true],
    ['*.example.co.uk', 'www.example.co.uk', true],
    ['*.example.xn--p1ai', 'www.example.xn--p1ai', true],
    ['*.city.kobe.jp', 'www.city.kobe.jp', true],
    ['*.bucket.s3.amazonaws.com', 'x.bucket.s3.amazonaws.com', true],
  ])('%s vs %s -> %s', (presented, reference, expected) => {
    expect(dnsIdMatches(presented, reference)).toBe(expected);
  });

  it('an exact SAN equal to a public suffix host still matches (only wildcards are restricted)', () => {
    expect(dnsIdMatches('github.io', 'github.io')).toBe(true);
  });

  it('dangerouslyAllowPublicSuffixWildcards restores plain RFC 9525 matching', () => {
    expect(dnsIdMatches('*.co.uk', 'example.co.uk', { dangerouslyAllowPublicSuffixWildcards: true })).toBe(true);
    // The two-label rule is RFC 9525's own and stays.
    expect(dnsIdMatches('*.com', 'example.com', { dangerouslyAllowPublicSuffixWildcards: true })).toBe(false);
  });
});

describe('a certificate for *.co.uk', async () => {
  const rootKeys = await newKeys();
  const leafKeys = await newKeys();
  const rootDer = await issue({ subject: 'CN=psl root', issuer: 'CN=psl root', publicKey: rootKeys.publicKey, signingKey: rootKeys.privateKey, ca: true, ski: '01' });
  const leafDer = await issue({ subject: 'CN=*.co.uk', issuer: 'CN=psl root', publicKey: leafKeys.publicKey, signingKey: rootKeys.privateKey, aki: '01', sans: [{ type: 'dns', value: '*.co.uk' }] });
  const roots = TrustStore.fromDer([rootDer]);
  const now = Date.UTC(2030, 0, 1);

  it('is refused for example.co.uk with name-mismatch, and accepted when dangerously allowed', () => {
    expect(() => verifyChain(leafDer, { roots, now, serverName: 'example.co.uk' })).toThrow(expect.objectContaining({ reason: 'name-mismatch' }));
    verifyChain(leafDer, { roots, now, serverName: 'example.co.uk', dangerouslyAllowPublicSuffixWildcards: true });
  });

  it('the WebPkiVerifier option reaches the name check', () => {
    const input = { chain: [leafDer], now, serverName: 'example.co.uk' };
    expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate(input)).toThrow(X509Error);
    new WebPkiVerifier({ roots, dangerouslyAllowPublicSuffixWildcards: true }).verifyServerCertificate(input);
  });
});

// Server identity (RFC 9525): the tricky cases.
import { describe, expect, it } from 'vitest';
import { canonicalDnsName, dnsIdMatches, matchesServerName, parseIp, referenceId } from '../src/names/hostname.js';

describe('DNS-ID matching', () => {
  it.each([
    ['example.com', 'example.com', true],
    ['EXAMPLE.com', 'example.com', true],
    ['example.com.', 'example.com', true],
    ['*.example.com', 'www.example.com', true],
    ['*.example.com', 'example.com', false], // never the bare suffix
    ['*.example.com', 'a.b.example.com', false], // exactly one label
    ['*.com', 'example.com', false], // at least two labels after the wildcard
    ['w*.example.com', 'www.example.com', false], // only a whole leftmost label
    ['www.*.com', 'www.example.com', false],
    ['*.*.example.com', 'a.b.example.com', false],
    ['xn--bcher-kva.example', 'xn--bcher-kva.example', true],
  ])('%s vs %s -> %s', (presented, reference, expected) => {
    expect(dnsIdMatches(presented, reference)).toBe(expected);
  });

  it('reference names are canonicalised to A-labels, lower case, without the trailing dot', () => {
    expect(canonicalDnsName('Bücher.Example.')).toBe('xn--bcher-kva.example');
    expect(canonicalDnsName('WWW.Example.COM')).toBe('www.example.com');
    expect(canonicalDnsName('bad host')).toBeUndefined();
    expect(canonicalDnsName('')).toBeUndefined();
  });
});

describe('IP literals', () => {
  it.each([
    ['127.0.0.1', [127, 0, 0, 1]],
    ['::1', [...new Array(15).fill(0), 1]],
    ['[::1]', [...new Array(15).fill(0), 1]],
    ['2001:db8::8:800:200c:417a', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0x08, 0x08, 0, 0x20, 0x0c, 0x41, 0x7a]],
    ['::ffff:192.0.2.1', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 192, 0, 2, 1]],
    ['2001:DB8:0:0:0:0:0:1', [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1]],
  ])('%s parses', (text, bytes) => {
    expect([...parseIp(text)!]).toEqual(bytes);
  });

  it.each(['1.2.3', '1.2.3.256', '01.2.3.4', '1::2::3', '12345::1', 'example.com'])('%s is not an IP literal', (text) => {
    expect(parseIp(text)).toBeUndefined();
  });

  it('an IP reference matches only IP SANs, never a DNS SAN spelling the address', () => {
    const ref = referenceId('127.0.0.1')!;
    expect(matchesServerName([{ kind: 'dns', value: '127.0.0.1' }], ref)).toBe(false);
    expect(matchesServerName([{ kind: 'ip', bytes: Uint8Array.of(127, 0, 0, 1) }], ref)).toBe(true);
    const v6 = referenceId('0:0::1')!;
    expect(matchesServerName([{ kind: 'ip', bytes: parseIp('::1')! }], v6)).toBe(true);
    expect(matchesServerName([{ kind: 'ip', bytes: Uint8Array.of(127, 0, 0, 1) }], v6)).toBe(false);
  });
});

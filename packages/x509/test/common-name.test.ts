// checkCommonName (CABF BR 7.1.4.3: a host-like CN repeats a SAN entry) and ipText (RFC 5952).
import { describe, expect, it } from 'vitest';
import { checkCommonName, ipText } from '../src/names/common_name.js';
import { parseIp } from '../src/names/hostname.js';
import type { GeneralName } from '../src/parse/general_names.js';

const dns = (value: string): GeneralName => ({ kind: 'dns', value });
const ip = (text: string): GeneralName => ({ kind: 'ip', bytes: parseIp(text)! });
const der = Uint8Array.of(0x30, 0x00);

const ok = (cn: string | string[], sans: GeneralName[]) => expect(() => checkCommonName(typeof cn === 'string' ? [cn] : cn, sans, 'subject', der)).not.toThrow();
const refused = (cn: string | string[], sans: GeneralName[]) =>
  expect(() => checkCommonName(typeof cn === 'string' ? [cn] : cn, sans, 'subject', der)).toThrow(expect.objectContaining({ reason: 'bad-encoding', alertName: 'bad_certificate', certificate: der }));

describe('checkCommonName: DNS names', () => {
  it('accepts a CN equal to one SAN entry', () => {
    ok('www.example.com', [dns('www.example.com')]);
    ok('b.example.com', [dns('a.example.com'), dns('b.example.com')]);
    ok('*.example.com', [dns('*.example.com')]);
    ok([], [dns('www.example.com')]);
  });

  it('refuses a CN naming a host no SAN entry names', () => {
    refused('evil.example.com', [dns('www.example.com')]);
    refused('www.example.org', [dns('www.example.com'), ip('127.0.0.1')]);
  });

  it('refuses a CN differing from the SAN only in case, or by a trailing dot (character for character)', () => {
    refused('WWW.example.com', [dns('www.example.com')]);
    refused('www.example.com', [dns('WWW.EXAMPLE.COM')]);
    refused('www.example.com.', [dns('www.example.com')]);
  });

  it('accepts a CN that is the parent domain of a SAN or of a wildcard SAN', () => {
    ok('example.com', [dns('www.example.com')]);
    ok('example.com', [dns('*.example.com')]);
    ok('example.com', [dns('a.b.example.com')]);
  });

  it('a parent domain is a label boundary, not a string suffix', () => {
    refused('ample.com', [dns('www.example.com')]);
    refused('xample.com', [dns('*.example.com')]);
    refused('www.example.com', [dns('example.com')]);
  });

  it('does not check a single-label CN or a CN that is no host name', () => {
    ok('localhost', [dns('www.example.com')]);
    ok('My Server', [dns('www.example.com')]);
    ok('com', [dns('www.example.com')]);
  });

  it('does not check a DNS CN when the SAN holds only IP addresses (nor when there is no SAN)', () => {
    ok('www.example.com', [ip('192.0.2.1')]);
    ok('www.example.com', []);
  });

  it('refuses a U-label CN against its A-label SAN', () => {
    refused('bücher.example', [dns('xn--bcher-kva.example')]);
    ok('xn--bcher-kva.example', [dns('xn--bcher-kva.example')]);
  });

  it('checks every CN', () => {
    refused(['www.example.com', 'evil.example.com'], [dns('www.example.com')]);
    ok(['www.example.com', 'example.com'], [dns('www.example.com')]);
  });
});

describe('checkCommonName: IP addresses', () => {
  it('accepts an IPv4 CN in dotted decimal equal to an IP SAN', () => {
    ok('192.0.2.1', [ip('192.0.2.1')]);
    ok('127.0.0.1', [dns('localhost'), ip('127.0.0.1')]);
  });

  it.each(['0x7f.0.0.1', '0x7f000001', '2130706433', '127.1', '127.000.000.001', '0177.0.0.1', '127.0.0.2'])('refuses the IPv4 CN %s when the SAN is 127.0.0.1', (cn) => {
    refused(cn, [ip('127.0.0.1')]);
  });

  it('does not check an IP CN when the SAN holds only DNS names', () => {
    ok('0x7f.0.0.1', [dns('localhost')]);
    ok('127.0.0.1', [dns('localhost')]);
  });

  it('accepts an IPv6 CN in RFC 5952 form equal to an IP SAN', () => {
    ok('::1', [ip('::1')]);
    ok('2001:db8::1', [ip('2001:DB8:0:0:0:0:0:1')]);
  });

  it.each([
    ['0:0:0:0:0:0:0:1', '::1'],
    ['::0001', '::1'],
    ['2001:DB8::1', '2001:db8::1'],
    ['2001:db8:0:0:0:0:0:1', '2001:db8::1'],
    ['2001:0db8::1', '2001:db8::1'],
    ['2001:db8::0:1', '2001:db8::1'],
    ['2001:0:0:1::1', '2001::1:0:0:1'], // shorter run compressed
    ['2001:db8:0:0:1::1', '2001:db8::1:0:0:1'], // second of equal runs compressed
  ])('refuses the non-canonical IPv6 CN %s (SAN %s)', (cn, san) => {
    refused(cn, [ip(san)]);
  });
});

describe('ipText', () => {
  const text = (s: string) => ipText(parseIp(s)!);

  it('IPv4 is dotted decimal', () => {
    expect(ipText(Uint8Array.of(127, 0, 0, 1))).toBe('127.0.0.1');
    // RFC 5952 §5: IPv4-mapped addresses keep the dotted IPv4 part.
    expect(text('::ffff:192.0.2.1')).toBe('::ffff:192.0.2.1');
    expect(text('::ffff:c000:201')).toBe('::ffff:192.0.2.1');
    expect(ipText(Uint8Array.of(0, 0, 0, 0))).toBe('0.0.0.0');
    expect(ipText(Uint8Array.of(255, 255, 255, 255))).toBe('255.255.255.255');
  });

  it.each([
    // RFC 5952 §4.1: leading zeros dropped.
    ['2001:0db8:0000:0000:0000:0000:0002:0001', '2001:db8::2:1'],
    // §4.2.1: '::' used to its maximum extent.
    ['2001:db8:0:0:0:0:2:1', '2001:db8::2:1'],
    // §4.2.2: a single 16-bit zero field is not compressed.
    ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
    // §4.2.3: the longest run is compressed...
    ['2001:0:0:1:0:0:0:1', '2001:0:0:1::1'],
    // ...and of equal runs, the first.
    ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
    // §4.3: lower case.
    ['2001:DB8:AB:CD:EF::1', '2001:db8:ab:cd:ef::1'],
    ['::', '::'],
    ['::1', '::1'],
    ['1::', '1::'],
    ['1:0:0:0:0:0:0:0', '1::'],
    ['0:0:0:0:0:0:0:1', '::1'],
    ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8'],
    ['1:0:2:0:3:0:4:0', '1:0:2:0:3:0:4:0'],
    ['fe80:0:0:0:1:0:0:0', 'fe80::1:0:0:0'], // equal runs of three: the first
    ['ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff', 'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'],
  ])('%s -> %s', (input, expected) => {
    expect(text(input)).toBe(expected);
  });
});

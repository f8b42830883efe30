// The server name, parsed once (items 13, 15): SNI carries ASCII A-labels without a trailing dot
// (RFC 6066 §3); an IP literal (canonical text forms only) is an IP identity and never SNI;
// non-canonical IPv4 spellings and host:port are configuration errors, never a DNS name.
import { decode as nodePunycodeDecode, encode as nodePunycode } from 'node:punycode';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, ExtensionType, TlsClient, type VerifyInput } from '../../src/index.js';
import { parseServerName, tryParseServerName } from '../../src/client/server_name.js';
import { punycodeDecode, punycodeEncode } from '../../src/client/punycode.js';
import { encodeServerNameClient } from '../../src/msgs/ext_bodies.js';
import { findExtension } from '../../src/msgs/extension.js';

import { ScriptedServer } from '../helpers/scripted_server.js';
import { decodeClientHello, decodeServerNameClient } from '../helpers/server_codecs.js';

const acceptAll = { verifyServerCertificate: () => {} };

/** The host names in the server_name extension of the first ClientHello, or undefined without one. */
function sniOf(serverName: string): string[] | undefined {
  const client = new TlsClient({ serverName, verifier: acceptAll });
  client.handshake();
  const record = client.takeOutgoing();
  const hello = decodeClientHello(record.subarray(5 + 4));
  const ext = findExtension(hello.extensions, ExtensionType.server_name);
  return ext === undefined ? undefined : decodeServerNameClient(ext.data);
}

/** What the verifier is given for a server name, after a handshake with the scripted server. */
function verifyInputFor(serverName: string): VerifyInput {
  let seen: VerifyInput | undefined;
  const server = new ScriptedServer();
  const client = new TlsClient({ serverName, verifier: { verifyServerCertificate: (i) => { seen = i; } } });
  client.handshake();
  client.receive(server.respond(client.takeOutgoing()));
  client.handshake();
  return seen!;
}

const whatwg = (name: string): string => new URL(`https://${name}/`).hostname;

describe('Punycode (RFC 3492)', () => {
  it('encodes the RFC 3492 §7.1 samples', () => {
    expect(punycodeEncode('\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F')).toBe('egbpdaj6bu4bxfgehfvwxn');
    expect(punycodeEncode('\u4ED6\u4EEC\u4E3A\u4EC0\u4E48\u4E0D\u8BF4\u4E2D\u6587')).toBe('ihqwcrb4cv8a8dqg056pqjye');
    expect(punycodeEncode('3\u5E74B\u7D44\u91D1\u516B\u5148\u751F')).toBe('3B-ww4c5e180e575a65lsy2b');
    expect(punycodeEncode('bücher')).toBe('bcher-kva');
    expect(punycodeEncode('münchen')).toBe('mnchen-3ya');
    expect(punycodeEncode('abc')).toBe('abc-');
  });

  it('decodes what it encodes, and the RFC 3492 samples', { timeout: 60_000 }, () => {
    expect(punycodeDecode('egbpdaj6bu4bxfgehfvwxn')).toBe('\u0644\u064A\u0647\u0645\u0627\u0628\u062A\u0643\u0644\u0645\u0648\u0634\u0639\u0631\u0628\u064A\u061F');
    expect(punycodeDecode('3B-ww4c5e180e575a65lsy2b')).toBe('3\u5E74B\u7D44\u91D1\u516B\u5148\u751F');
    expect(punycodeDecode('bcher-kva')).toBe('bücher');
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
      expect(punycodeDecode(punycodeEncode(s))).toBe(s);
    }), { numRuns: 200 });
  });

  it('the decoder refuses malformed input instead of producing a string', () => {
    for (const bad of ['bcher-kv\u00e4', '99999999999', 'zzzzzzzzzzzzzzzzzzzz', 'abc-!']) expect(punycodeDecode(bad), bad).toBeUndefined();
    expect(nodePunycodeDecode('bcher-kva')).toBe('bücher');
  });

  it('agrees with Node\'s punycode module on arbitrary labels', { timeout: 60_000 }, () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (s) => {
      expect(punycodeEncode(s)).toBe(nodePunycode(s));
    }), { numRuns: 200 });
  });
});

describe('the public entry points', () => {
  it('parseServerName and tryParseServerName are exported from the package', async () => {
    const index = await import('../../src/index.js');
    expect(index.parseServerName('Bücher.example')).toEqual({ kind: 'dns', name: 'xn--bcher-kva.example' });
    expect(index.tryParseServerName('127.1').kind).toBe('invalid');
  });
});

describe('SNI carries ASCII A-labels without a trailing dot (RFC 6066 §3)', () => {
  it('an IDN server name is sent as its A-label form', () => {
    expect(sniOf('bücher.example')).toEqual(['xn--bcher-kva.example']);
  });

  it('a trailing dot is dropped from SNI', () => {
    expect(sniOf('example.com.')).toEqual(['example.com']);
  });

  it('SNI is lower case', () => {
    expect(sniOf('WWW.Example.COM')).toEqual(['www.example.com']);
  });

  it('the server_name encoder refuses a U-label or a trailing dot instead of sending it', () => {
    for (const host of ['bücher.example', 'example.com.', '', 'a b']) expect(() => encodeServerNameClient(host), host).toThrow(/ASCII host name/);
    expect(decodeServerNameClient(encodeServerNameClient('xn--bcher-kva.example'))).toEqual(['xn--bcher-kva.example']);
  });

  it('an IP literal is not sent as SNI, bracketed or not', () => {
    for (const ip of ['127.0.0.1', '::1', '[::1]', '2001:db8::1']) expect(sniOf(ip), ip).toBeUndefined();
  });

  it('internationalized names convert as the WHATWG URL host parser does', () => {
    const names = ['bücher.example', 'münchen.de', 'ПРИМЕР.рф', '例え.テスト', 'ｅｘａｍｐｌｅ.com', 'straße.de', 'ÖBB.at',
      'bücher。example', 'ελληνικά.gr', 'עברית.il', 'hindi-हिन्दी.in', 'xn--bcher-kva.example', 'a-b.c_d.example',
      'İstanbul.tr', 'ς.gr', 'Ⅻ.example', 'ﬃ.example', '日本語。ＪＰ', 'e\u0301.example', 'soft\u00adhyphen.example', 'zero\u200bwidth.example', '١٢٣.example'];
    for (const name of names) {
      const id = parseServerName(name);
      expect(id.kind === 'dns' && id.name, name).toBe(whatwg(name));
    }
  });
});

describe('one typed server name (parseServerName)', () => {
  it('an IPv4 literal is an IP identity', () => {
    expect(parseServerName('127.0.0.1')).toEqual({ kind: 'ip', bytes: Uint8Array.of(127, 0, 0, 1), text: '127.0.0.1' });
  });

  it('IPv6 literals in the RFC 4291 text forms are IP identities, with RFC 5952 text', () => {
    const cases: [string, string][] = [['::1', '::1'], ['[::1]', '::1'], ['0:0:0:0:0:0:0:1', '::1'], ['2001:DB8::8:800:200C:417A', '2001:db8::8:800:200c:417a'],
      ['::ffff:192.0.2.1', '::ffff:192.0.2.1'], ['2001:db8:0:0:1:0:0:1', '2001:db8::1:0:0:1'], ['1:2:3:4:5:6:7:8', '1:2:3:4:5:6:7:8']];
    for (const [text, canonical] of cases) {
      const id = parseServerName(text);
      expect(id.kind, text).toBe('ip');
      expect(id.kind === 'ip' && id.text, text).toBe(canonical);
      expect(id.kind === 'ip' && id.bytes.length, text).toBe(16);
    }
  });

  it('non-canonical IPv4 spellings are refused, never turned into the DNS name "127.0.0.1"', () => {
    for (const text of ['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '127.0.0.1.', '127.000.000.001', '1.2.3.256', '1.2.3', '0x7f000001', '１２７．０．０．１']) {
      expect(() => parseServerName(text), text).toThrow(ApiMisuseError);
      expect(tryParseServerName(text).kind, text).toBe('invalid');
    }
  });

  it('an A-label is accepted only when it is a valid one (RFC 5891 §5.3)', () => {
    expect(parseServerName('XN--BCHER-KVA.example')).toEqual({ kind: 'dns', name: 'xn--bcher-kva.example' });
    for (const text of ['xn--a.example', 'xn--abc-.example', 'xn--abc.example', 'xn--.example', 'xn--ls8h-.example']) {
      expect(() => parseServerName(text), text).toThrow(ApiMisuseError);
    }
    expect(() => new URL('https://xn--a.example/')).toThrow(); // the WHATWG parser agrees
  });

  it('a URL given as the server name is a clear configuration error', () => {
    expect(() => parseServerName('https://example.com/')).toThrow(/a URL is not a server name/);
  });

  it('host:port is a clear configuration error', () => {
    for (const text of ['example.com:443', 'localhost:8443', '127.0.0.1:443', '[::1]:443']) {
      expect(() => parseServerName(text), text).toThrow(/host:port/);
    }
  });

  it('empty labels and names that are neither DNS names nor IPs are refused', () => {
    const bad = ['', '.', 'a..b', '.example.com', 'example.com..', 'bad host', 'a/b', 'http://example.com', '*.example.com', '-a.example', 'a-.example',
      'fe80::1%eth0', '1::2::3', '12345::1', '[example.com]', `${'a'.repeat(64)}.example`, `${'abcdefghi.'.repeat(26)}com`, 'x'.repeat(5000)];
    for (const text of bad) expect(() => parseServerName(text), text).toThrow(ApiMisuseError);
  });

  it('a name of exactly 253 octets and labels of 63 are accepted', () => {
    const name = `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(61)}`;
    expect(name).toHaveLength(253);
    expect(parseServerName(name)).toEqual({ kind: 'dns', name });
  });

  it('new TlsClient refuses a non-canonical IP or host:port before sending anything', () => {
    expect(() => new TlsClient({ serverName: '127.1', verifier: acceptAll })).toThrow(ApiMisuseError);
    expect(() => new TlsClient({ serverName: 'example.com:443', verifier: acceptAll })).toThrow(/host:port/);
  });
});

describe('the verifier gets the typed identity (item 15)', () => {
  it('a DNS name reaches the verifier as its A-label form, typed and as text', () => {
    const input = verifyInputFor('Bücher.Example.');
    expect(input.serverIdentity).toEqual({ kind: 'dns', name: 'xn--bcher-kva.example' });
    expect(input.serverName).toBe('xn--bcher-kva.example');
  });

  it('an IP literal reaches the verifier as an IP identity', () => {
    const input = verifyInputFor('[2001:DB8::1]');
    const bytes = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1);
    expect(input.serverIdentity).toEqual({ kind: 'ip', bytes, text: '2001:db8::1' });
    expect(input.serverName).toBe('2001:db8::1');
  });
});

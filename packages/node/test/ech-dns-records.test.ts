// The HTTPS RDATA reader (ech_dns/svcb.ts, RFC 9460 §2.2, RFC 9848) and the DNS response checks
// (ech_dns/message.ts): round trips with the tests' own encoder (helpers/svcb_encode.ts), strict
// prefixes, fast-check properties (valid records read back; arbitrary bytes never throw), and
// each rule: keys increasing, lengths, mandatory, AliasMode, the record choice.
import fc from 'fast-check';
import * as dnsPacket from 'dns-packet';
import { describe, expect, it } from 'vitest';
import { DnsServerFailure } from '../src/ech_dns/errors.js';
import { buildQuery, queryName, readResponse } from '../src/ech_dns/message.js';
import { chooseRecord } from '../src/ech_dns/resolve_ech.js';
import { parseHttpsRdata, readWireName } from '../src/ech_dns/svcb.js';
import { respond } from './helpers/dns_server.js';
import { fakeConfigList, httpsRdata, param } from './helpers/svcb_encode.js';

/** Property runs are bounded; the timeout is several times their normal duration on a loaded machine. */
const PROPERTY_TIMEOUT = 60_000;

const reason = (rdata: Uint8Array): string => { const r = parseHttpsRdata(rdata); return r.ok ? 'ok' : r.reason; };

describe('HTTPS RDATA (RFC 9460 §2.2)', () => {
  it('round trip: priority, target, ech, port, alpn and every param raw', () => {
    const list = fakeConfigList(12);
    const rdata = httpsRdata(1, 'svc.Example.net', [param.mandatory(3, 5), param.alpn('h2', 'http/1.1'), param.port(8443), param.ipv4hint('192.0.2.1'), param.ech(list), [7, Buffer.from('/dns{?dns}')]]);
    const r = parseHttpsRdata(rdata);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.record.priority).toBe(1);
    expect(r.record.target).toBe('svc.example.net');
    expect(Buffer.from(r.record.ech!).equals(list)).toBe(true);
    expect(r.record.port).toBe(8443);
    expect(r.record.alpn).toEqual(['h2', 'http/1.1']);
    expect([...r.record.params.keys()]).toEqual([0, 1, 3, 4, 5, 7]);
    expect(Buffer.from(r.record.params.get(7)!).toString()).toBe('/dns{?dns}');
  });

  it('every strict prefix is rejected, except those ending on a param boundary, which read as fewer params', () => {
    const rdata = httpsRdata(2, 'a.example', [param.alpn('h2'), param.port(443), param.ech(fakeConfigList(6))]);
    const boundaries = new Set<number>();
    let at = 2 + 'a.example'.length + 2;
    boundaries.add(at);
    for (const len of [1 + 2, 2, 8]) { at += 4 + len; boundaries.add(at); }
    expect(at).toBe(rdata.length);
    for (let n = 0; n < rdata.length; n++) {
      const r = parseHttpsRdata(rdata.subarray(0, n));
      if (boundaries.has(n)) {
        expect(r.ok, `prefix ${n}`).toBe(true);
        if (r.ok) expect(r.record.params.size).toBeLessThan(3);
      } else expect(r.ok, `prefix ${n}`).toBe(false);
    }
  });

  it('keys out of order, repeated, or values running past the RDATA: skipped with a reason', () => {
    expect(reason(httpsRdata(1, '.', [param.port(443), param.alpn('h2')]))).toMatch(/after 3/);
    expect(reason(httpsRdata(1, '.', [param.port(443), param.port(444)]))).toMatch(/repeated/);
    const cut = httpsRdata(1, '.', [param.ech(fakeConfigList())]);
    expect(reason(Buffer.concat([cut.subarray(0, cut.length - 1)]))).toMatch(/runs past/);
  });

  it('ServiceMode values of the wrong length or shape: skipped', () => {
    expect(reason(httpsRdata(1, '.', [[3, Buffer.of(1)]]))).toMatch(/port: not 2 bytes/);
    expect(reason(httpsRdata(1, '.', [param.port(0)]))).toMatch(/port: 0/);
    expect(reason(httpsRdata(1, '.', [[1, Buffer.alloc(0)]]))).toMatch(/alpn: empty/);
    expect(reason(httpsRdata(1, '.', [[1, Buffer.of(3, 0x68)]]))).toMatch(/alpn: a protocol id runs past/);
    expect(reason(httpsRdata(1, '.', [[1, Buffer.of(0)]]))).toMatch(/empty protocol id/);
    expect(reason(httpsRdata(1, '.', [[2, Buffer.of(1)]]))).toMatch(/no-default-alpn: not empty/);
    expect(reason(httpsRdata(1, '.', [param.noDefaultAlpn()]))).toMatch(/without alpn/);
    expect(reason(httpsRdata(1, '.', [[4, Buffer.of(1, 2, 3)]]))).toMatch(/ipv4hint/);
    expect(reason(httpsRdata(1, '.', [[6, Buffer.alloc(15)]]))).toMatch(/ipv6hint/);
    expect(reason(httpsRdata(1, '.', [[5, Buffer.of(0, 9, 1, 2)]]))).toMatch(/ech: not an ECHConfigList/);
    expect(reason(httpsRdata(1, '.', [[5, Buffer.alloc(0)]]))).toMatch(/ech: not an ECHConfigList/);
  });

  it('mandatory (§8): an unknown key, a missing one, itself, or out of order: skipped', () => {
    expect(reason(httpsRdata(1, '.', [param.mandatory(9), param.ech(fakeConfigList()), [9, Buffer.of(1)]]))).toMatch(/key 9, which we do not support/);
    expect(reason(httpsRdata(1, '.', [param.mandatory(3), param.ech(fakeConfigList())]))).toMatch(/key 3, which the record lacks/);
    expect(reason(httpsRdata(1, '.', [param.mandatory(0)]))).toMatch(/mandatory itself/);
    expect(reason(httpsRdata(1, '.', [param.mandatory(5, 3), param.port(1), param.ech(fakeConfigList())]))).toMatch(/strictly increasing/);
    expect(reason(httpsRdata(1, '.', [param.mandatory(3, 5), param.port(1), param.ech(fakeConfigList())]))).toBe('ok');
  });

  it('TargetName: uncompressed host-name labels only, at most 255 octets', () => {
    expect(reason(Buffer.concat([Buffer.of(0, 1, 0xc0, 0x02)]))).toMatch(/compressed/);
    expect(reason(Buffer.concat([Buffer.of(0, 1, 3, 0x61, 0x2e, 0x62, 0)]))).toMatch(/host-name character/);
    const long = Array.from({ length: 5 }, () => 'a'.repeat(63)).join('.');
    expect(reason(httpsRdata(1, long))).toMatch(/longer than 255/);
    expect(readWireName(Uint8Array.of(0), 0)).toEqual({ ok: true, name: '.', end: 1 });
  });

  it('AliasMode ignores its SvcParams (§2.4.2); an AliasMode record wins over ServiceMode ones beside it', () => {
    const alias = httpsRdata(0, 'alias.example', [[3, Buffer.of(1)]]);
    expect(reason(alias)).toBe('ok');
    const skipped: string[] = [];
    expect(chooseRecord([httpsRdata(1, '.', [param.ech(fakeConfigList())]), alias], skipped)?.target).toBe('alias.example');
  });

  it('the choice: ascending priority, the first with ech; malformed and ech-less ones are skipped', () => {
    const skipped: string[] = [];
    const chosen = chooseRecord([
      httpsRdata(3, 'c.example', [param.ech(fakeConfigList(4, 3))]),
      httpsRdata(1, 'a.example', [param.alpn('h2')]),
      httpsRdata(2, 'b.example', [param.port(1), param.port(2)]),
      httpsRdata(2, 'b2.example', [param.ech(fakeConfigList(4, 2))]),
    ], skipped);
    expect(chosen?.target).toBe('b2.example');
    expect(skipped).toEqual(['SvcParam key 3 repeated']);
  });

  it('property: a valid record reads back as encoded', () => {
    const label = fc.stringMatching(/^[a-z0-9-]{1,20}$/);
    const target = fc.oneof(fc.constant('.'), fc.array(label, { minLength: 1, maxLength: 4 }).map((l) => l.join('.')));
    fc.assert(fc.property(fc.integer({ min: 1, max: 65535 }), target, fc.option(fc.integer({ min: 1, max: 65535 })), fc.option(fc.uint8Array({ minLength: 4, maxLength: 64 })), fc.array(fc.stringMatching(/^[a-z0-9/.]{1,10}$/), { maxLength: 3 }), (priority, t, port, ech, alpn) => {
      const params = [
        ...(alpn.length > 0 ? [param.alpn(...alpn)] : []),
        ...(port !== null ? [param.port(port)] : []),
        ...(ech !== null ? [param.ech(Buffer.concat([Buffer.of(ech.length >> 8, ech.length & 0xff), ech]))] : []),
      ];
      const r = parseHttpsRdata(httpsRdata(priority, t, params));
      expect(r.ok).toBe(true);
      if (!r.ok) return;
      expect(r.record.priority).toBe(priority);
      expect(r.record.target).toBe(t);
      expect(r.record.port).toBe(port ?? undefined);
      expect(r.record.alpn).toEqual(alpn.length > 0 ? alpn : undefined);
      expect(r.record.ech === undefined ? null : Buffer.from(r.record.ech).subarray(2)).toEqual(ech === null ? null : Buffer.from(ech));
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT);

  it('property: arbitrary bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => {
      const r = parseHttpsRdata(bytes);
      expect(typeof r.ok).toBe('boolean');
    }), { numRuns: 2000 });
  }, PROPERTY_TIMEOUT);
});

describe('DNS responses (message.ts)', () => {
  const name = 'private.puretls.test';
  const rdata = httpsRdata(1, '.', [param.ech(fakeConfigList())]);
  const response = (id: number) => respond(buildQuery(id, name), () => ({ https: [{ name, rdata }] }), 'tcp')[0]!;

  it('round trip: our query, answered, reads back the RDATA', () => {
    const r = readResponse(response(77), { id: 77, name });
    expect(r.kind).toBe('answer');
    if (r.kind === 'answer') expect(Buffer.from(r.rdatas[0]!).equals(rdata)).toBe(true);
    const q = dnsPacket.decode(buildQuery(77, name));
    expect(q.flag_rd).toBe(true);
    expect((q.additionals?.[0] as { udpPayloadSize?: number }).udpPayloadSize).toBe(1232);
  });

  it('every strict prefix is rejected (a typed failure, or not taken as ours)', () => {
    const full = response(5);
    for (let n = 0; n < full.length; n++) {
      let kind: string;
      try {
        kind = readResponse(full.subarray(0, n), { id: 5, name }).kind;
      } catch (e) {
        expect(e, `prefix ${n}`).toBeInstanceOf(DnsServerFailure);
        kind = 'failure';
      }
      expect(['failure', 'stray'], `prefix ${n}`).toContain(kind);
    }
  });

  it('another id, a query, another question: stray; SERVFAIL: a failure; NXDOMAIN and TC: said so', () => {
    expect(readResponse(response(5), { id: 6, name }).kind).toBe('stray');
    expect(readResponse(buildQuery(5, name), { id: 5, name }).kind).toBe('stray');
    expect(readResponse(response(5), { id: 5, name: 'other.test' }).kind).toBe('stray');
    const servfail = respond(buildQuery(5, name), () => ({ rcode: 'SERVFAIL' }), 'udp')[0]!;
    expect(() => readResponse(servfail, { id: 5, name })).toThrow(/SERVFAIL/);
    expect(readResponse(respond(buildQuery(5, name), () => ({ rcode: 'NXDOMAIN' }), 'udp')[0]!, { id: 5, name }).kind).toBe('nxdomain');
    expect(readResponse(respond(buildQuery(5, name), () => ({ truncate: true }), 'udp')[0]!, { id: 5, name }).kind).toBe('truncated');
  });

  it('CNAMEs in the answer are followed; a loop is a failure', () => {
    const via = respond(buildQuery(5, name), () => ({ cnames: [{ name, target: 'cdn.example' }], https: [{ name: 'cdn.example', rdata }] }), 'tcp')[0]!;
    const r = readResponse(via, { id: 5, name });
    expect(r.kind === 'answer' && r.owner).toBe('cdn.example');
    const loop = respond(buildQuery(5, name), () => ({ cnames: [{ name, target: 'b.example' }, { name: 'b.example', target: name }] }), 'tcp')[0]!;
    expect(() => readResponse(loop, { id: 5, name })).toThrow(DnsServerFailure);
  });

  it('property: arbitrary bytes after our id and QR never throw anything but DnsServerFailure', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 10, maxLength: 400 }), (tail) => {
      const bytes = Buffer.concat([Buffer.of(0, 5, 0x81), tail]);
      try {
        readResponse(bytes, { id: 5, name });
      } catch (e) {
        expect(e).toBeInstanceOf(DnsServerFailure);
      }
    }), { numRuns: 2000 });
  }, PROPERTY_TIMEOUT);

  it('query names: IP literals and bad labels are refused', () => {
    expect(queryName('Example.COM.')).toBe('example.com');
    expect(queryName('127.0.0.1')).toBeUndefined();
    expect(queryName('::1')).toBeUndefined();
    expect(queryName('a..b')).toBeUndefined();
    expect(queryName(`${'a'.repeat(64)}.test`)).toBeUndefined();
  });
});

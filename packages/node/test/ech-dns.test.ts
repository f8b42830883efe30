// ECH configs from the DNS HTTPS record (RFC 9460, RFC 9848) through resolveEchConfigs() and
// connect({ echDns }), against the tests' DNS server (UDP + TCP on 127.0.0.1) and DoH server
// (https with the good/rsa fixture chain), then the ECH server of ech.test.ts: accepted with a
// config served by DNS or DoH; TC=1 → TCP; a wrong-id datagram ignored; NXDOMAIN, no record,
// SERVFAIL, aliases, loops, port prefix, TargetName and port; never a connection without ECH.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, EchDnsError, EchNotFoundError, resolveEchConfigs, TlsSocket } from '../src/index.js';
import { parseDnsServer } from '../src/ech_dns/dns_transport.js';
import { dnsServer, dohServer, type Reply, type Zone } from './helpers/dns_server.js';
import { configList, echRootFile, echServer, makeEchKey, PUBLIC, REAL } from './helpers/ech_server.js';
import { fakeConfigList, httpsRdata, param } from './helpers/svcb_encode.js';

const ca = readFileSync(echRootFile);
const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

/** A DNS server for `zone`, closed after the test. */
async function dns(zone: Zone) {
  const s = await dnsServer(zone);
  closers.push(s.close);
  return s;
}

/** Zone: each name's reply, NXDOMAIN for the rest. */
const zoneOf = (names: Record<string, Reply>): Zone => (name) => names[name] ?? { rcode: 'NXDOMAIN' };
const service = (name: string, list: Uint8Array, more: ReadonlyArray<readonly [number, Uint8Array]> = [], target = '.'): Reply => ({ https: [{ name, rdata: httpsRdata(1, target, [...more, param.ech(list)]) }] });

describe('resolveEchConfigs over UDP and TCP', () => {
  const list = fakeConfigList(10);

  it('the config of the record at the name (port 443); source names the server', async () => {
    const s = await dns(zoneOf({ 'example.test': service('example.test', list) }));
    const found = await resolveEchConfigs('Example.TEST', 443, { servers: [s.address] });
    expect(Buffer.from(found.configList).equals(list)).toBe(true);
    expect(found).toMatchObject({ queried: 'example.test', owner: 'example.test', source: `udp ${s.address}` });
    expect(found.dialHost).toBeUndefined();
    expect(s.queries).toEqual([{ name: 'example.test', transport: 'udp' }]);
  });

  it('another port: _PORT._https.name (§9.1); TC=1 is asked again over TCP; a wrong-id datagram is ignored', async () => {
    const s = await dns(zoneOf({ '_8443._https.example.test': { ...service('_8443._https.example.test', list), truncate: true, wrongIdFirst: true } }));
    const found = await resolveEchConfigs('example.test', 8443, { servers: [s.address] });
    expect(found.queried).toBe('_8443._https.example.test');
    expect(found.source).toBe(`tcp ${s.address}`);
    expect(s.queries.map((q) => q.transport)).toEqual(['udp', 'tcp']);
    const t = await dns(zoneOf({ 'example.test': { ...service('example.test', list), wrongIdFirst: true } }));
    expect((await resolveEchConfigs('example.test', 443, { servers: [t.address] })).source).toBe(`udp ${t.address}`);
  });

  it('TargetName and port say where to dial; priority order, the first with ech; mandatory unknown skipped', async () => {
    const name = 'example.test';
    const s = await dns(zoneOf({
      [name]: { https: [
        { name, rdata: httpsRdata(1, 'no-ech.test', [param.alpn('h2')]) },
        { name, rdata: httpsRdata(2, 'unknown.test', [param.mandatory(9), param.ech(fakeConfigList(4, 1)), [9, Buffer.of(1)]]) },
        { name, rdata: httpsRdata(4, 'later.test', [param.ech(fakeConfigList(4, 4))]) },
        { name, rdata: httpsRdata(3, 'svc.test', [param.alpn('h2'), param.port(8443), param.ech(list)]) },
      ] },
    }));
    const found = await resolveEchConfigs(name, 443, { servers: [s.address] });
    expect(found).toMatchObject({ dialHost: 'svc.test', dialPort: 8443, alpn: ['h2'] });
    expect(Buffer.from(found.configList).equals(list)).toBe(true);
  });

  it('AliasMode is followed; "." at the alias target is that name (dialled)', async () => {
    const s = await dns(zoneOf({
      'example.test': { https: [{ name: 'example.test', rdata: httpsRdata(0, 'a1.test') }] },
      'a1.test': { https: [{ name: 'a1.test', rdata: httpsRdata(0, 'a2.test') }] },
      'a2.test': service('a2.test', list),
    }));
    const found = await resolveEchConfigs('example.test', 443, { servers: [s.address] });
    expect(found).toMatchObject({ queried: 'example.test', owner: 'a2.test', dialHost: 'a2.test' });
    expect(s.queries.map((q) => q.name)).toEqual(['example.test', 'a1.test', 'a2.test']);
  });

  it('an AliasMode loop, a chain over 8 hops, an alias to ".": not found', async () => {
    const loop = await dns(zoneOf({
      'example.test': { https: [{ name: 'example.test', rdata: httpsRdata(0, 'b.test') }] },
      'b.test': { https: [{ name: 'b.test', rdata: httpsRdata(0, 'example.test') }] },
    }));
    const e1 = await resolveEchConfigs('example.test', 443, { servers: [loop.address] }).catch((e: unknown) => e);
    expect(e1).toBeInstanceOf(EchNotFoundError);
    expect((e1 as Error).message).toMatch(/loop/);
    const chain = await dns((name) => {
      const n = Number(/^h(\d+)\.test$/.exec(name)?.[1] ?? 0);
      return { https: [{ name, rdata: httpsRdata(0, `h${n + 1}.test`) }] };
    });
    const e2 = await resolveEchConfigs('h0.test', 443, { servers: [chain.address] }).catch((e: unknown) => e);
    expect((e2 as Error).message).toMatch(/more than 8 AliasMode hops/);
    expect(chain.queries).toHaveLength(9);
    const dot = await dns(zoneOf({ 'example.test': { https: [{ name: 'example.test', rdata: httpsRdata(0, '.') }] } }));
    expect(((await resolveEchConfigs('example.test', 443, { servers: [dot.address] }).catch((e: unknown) => e)) as Error).message).toMatch(/not available/);
  });

  it('NXDOMAIN, no record, no record with ech: ERR_PURETLS_ECH_NOT_FOUND naming the name and the resolver', async () => {
    const s = await dns(zoneOf({ 'empty.test': {}, 'plain.test': { https: [{ name: 'plain.test', rdata: httpsRdata(1, '.', [param.alpn('h2')]) }] } }));
    for (const [name, why] of [['gone.test', /NXDOMAIN/], ['empty.test', /no HTTPS record/], ['plain.test', /without ech/]] as const) {
      const e = await resolveEchConfigs(name, 443, { servers: [s.address] }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(EchNotFoundError);
      expect((e as EchNotFoundError).code).toBe('ERR_PURETLS_ECH_NOT_FOUND');
      expect((e as Error).message).toContain(name);
      expect((e as Error).message).toContain(`udp ${s.address}`);
      expect((e as Error).message).toMatch(why);
    }
  });

  it('SERVFAIL on every server: ERR_PURETLS_ECH_DNS; a failing server is followed by the next', async () => {
    const bad = await dns(() => ({ rcode: 'SERVFAIL' }));
    const e = await resolveEchConfigs('example.test', 443, { servers: [bad.address, bad.address] }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EchDnsError);
    expect((e as EchDnsError).code).toBe('ERR_PURETLS_ECH_DNS');
    expect((e as EchDnsError).failures).toHaveLength(2);
    const good = await dns(zoneOf({ 'example.test': service('example.test', list) }));
    expect((await resolveEchConfigs('example.test', 443, { servers: [bad.address, good.address] })).source).toBe(`udp ${good.address}`);
  });

  it('a silent server: ERR_PURETLS_ECH_DNS after the per-query timeout', async () => {
    const mute = await dns(() => ({ silent: true }));
    const e = await resolveEchConfigs('example.test', 443, { servers: [mute.address], timeout: 300 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(EchDnsError);
    expect((e as Error).message).toMatch(/no answer within 300 ms/);
  });

  it('an aborted signal stops the lookup (ABORT_ERR), and connect() passes its signal on', async () => {
    const mute = await dns(() => ({ silent: true }));
    const controller = new AbortController();
    const pending = resolveEchConfigs('example.test', 443, { servers: [mute.address], signal: controller.signal }).catch((x: unknown) => x);
    controller.abort();
    expect((await pending as { code?: string }).code).toBe('ABORT_ERR');
    const err = await connect({ host: '127.0.0.1', port: 1, servername: 'example.test', signal: AbortSignal.abort(), echDns: { servers: [mute.address] } }).catch((x: unknown) => x);
    expect((err as { code?: string }).code).toBe('ABORT_ERR');
  });

  it('no timer is left behind, whether the lookup answers (UDP, TCP) or fails', async () => {
    const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;
    const s = await dns(zoneOf({ 'example.test': service('example.test', list), 'tc.test': { ...service('tc.test', list), truncate: true } }));
    const before = timers();
    await resolveEchConfigs('example.test', 443, { servers: [s.address] });
    await resolveEchConfigs('tc.test', 443, { servers: [s.address] });
    await resolveEchConfigs('gone.test', 443, { servers: [s.address] }).catch(() => {});
    expect(timers()).toBe(before);
  });

  it('server addresses: ip, ip:port, [v6]:port, bare v6', () => {
    expect(parseDnsServer('10.0.0.1')).toEqual({ host: '10.0.0.1', port: 53 });
    expect(parseDnsServer('10.0.0.1:5353')).toEqual({ host: '10.0.0.1', port: 5353 });
    expect(parseDnsServer('[::1]:5353')).toEqual({ host: '::1', port: 5353 });
    expect(parseDnsServer('2001:db8::1')).toEqual({ host: '2001:db8::1', port: 53 });
    for (const bad of ['[10.0.0.1]:53', '10.0.0.1:0', '10.0.0.1:70000', 'ns.example:53', '']) expect(() => parseDnsServer(bad), bad).toThrow(TypeError);
  });

  it('bad options: TypeErrors before any query', async () => {
    await expect(resolveEchConfigs('127.0.0.1', 443, { servers: ['127.0.0.1'] })).rejects.toThrow(TypeError);
    await expect(resolveEchConfigs('example.test', 443, { servers: ['dns.example'] })).rejects.toThrow(/not an IP address/);
    await expect(resolveEchConfigs('example.test', 443, { dohUrl: 'http://127.0.0.1/dns-query' })).rejects.toThrow(/https: URL/);
  });
});

describe('DNS over HTTPS (RFC 8484)', () => {
  const list = fakeConfigList(10);

  it('POSTs application/dns-message over puretls, the certificate verified', async () => {
    const d = await dohServer(zoneOf({ 'example.test': service('example.test', list) }));
    closers.push(d.close);
    const found = await resolveEchConfigs('example.test', 443, { dohUrl: d.url, ca });
    expect(Buffer.from(found.configList).equals(list)).toBe(true);
    expect(found.source).toBe(d.url);
    expect(d.queries).toEqual(['POST /dns-query application/dns-message example.test']);
  });

  it('an untrusted certificate, another status or content type: ERR_PURETLS_ECH_DNS', async () => {
    const d = await dohServer(zoneOf({ 'example.test': service('example.test', list) }));
    closers.push(d.close);
    const untrusted = await resolveEchConfigs('example.test', 443, { dohUrl: d.url }).catch((x: unknown) => x);
    expect(untrusted).toBeInstanceOf(EchDnsError);
    expect((untrusted as Error).message).toMatch(/UNABLE_TO_GET_ISSUER_CERT_LOCALLY|certificate/i);
    const status = await dohServer(() => ({}), { status: 500 });
    closers.push(status.close);
    expect(((await resolveEchConfigs('example.test', 443, { dohUrl: status.url, ca }).catch((x: unknown) => x)) as Error).message).toMatch(/HTTP status 500/);
    const type = await dohServer(() => ({}), { contentType: 'text/plain' });
    closers.push(type.close);
    expect(((await resolveEchConfigs('example.test', 443, { dohUrl: type.url, ca }).catch((x: unknown) => x)) as Error).message).toMatch(/content type "text\/plain"/);
  });
});

describe('connect({ echDns }) end to end with the ECH server', () => {
  async function ech() {
    const k = await makeEchKey({ configId: 7, publicName: PUBLIC, maximumNameLength: 32 });
    const s = await echServer({ keys: () => [k], chain: 'ech/both.pem' });
    closers.push(s.running.close);
    return { k, s, port: s.running.port };
  }

  it('a config served over UDP: ECH accepted; echDnsResult says where it came from', async () => {
    const { k, s, port } = await ech();
    const name = `_${port}._https.${REAL}`;
    const d = await dns(zoneOf({ [name]: service(name, configList(k)) }));
    const socket = await connect({ host: '127.0.0.1', port, servername: REAL, ca, echDns: { servers: [d.address] } });
    expect(socket.ech).toBe('accepted');
    expect(socket.echDnsResult?.source).toBe(`udp ${d.address}`);
    expect(s.fronts[0]!.seen.accepted).toBe(true);
    socket.destroy();
  });

  it('the record\'s port is dialled (SNI and verification stay on the name)', async () => {
    const { k, port } = await ech();
    const d = await dns(zoneOf({ [REAL]: service(REAL, configList(k), [param.port(port)]) }));
    // Port 443 asked for: the record at the name itself sends TCP to the ECH server's port.
    const socket = await connect({ host: '127.0.0.1', port: 443, servername: REAL, ca, echDns: { servers: [d.address] } });
    expect(socket.ech).toBe('accepted');
    expect(socket.remotePort).toBe(port);
    socket.destroy();
  });

  it('a config served over DoH: ECH accepted', async () => {
    const { k, port } = await ech();
    const name = `_${port}._https.${REAL}`;
    const d = await dohServer(zoneOf({ [name]: service(name, configList(k)) }));
    closers.push(d.close);
    const socket = await connect({ host: '127.0.0.1', port, servername: REAL, ca, echDns: { dohUrl: d.url, ca } });
    expect(socket.ech).toBe('accepted');
    expect(socket.echDnsResult?.source).toBe(d.url);
    socket.destroy();
  });

  it('no record: ERR_PURETLS_ECH_NOT_FOUND and the server saw no connection', async () => {
    const { s, port } = await ech();
    const d = await dns(() => ({ rcode: 'NXDOMAIN' }));
    const err = await connect({ host: '127.0.0.1', port, servername: REAL, ca, echDns: { servers: [d.address] } }).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ERR_PURETLS_ECH_NOT_FOUND');
    expect(s.fronts).toHaveLength(0);
  });

  it('ech with echDns, and echDns on new TlsSocket(): TypeErrors', async () => {
    await expect(connect({ host: '127.0.0.1', port: 1, ech: fakeConfigList(), echDns: true })).rejects.toThrow(/not both/);
    expect(() => new TlsSocket({ host: '127.0.0.1', port: 1, echDns: true })).toThrow(/connect\(\)/);
  });
});

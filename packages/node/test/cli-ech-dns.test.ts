// `puretls connect --ech-dns / --dns-server / --ech-doh` against the tests' DNS and DoH servers
// (helpers/dns_server.ts) and the ECH server (helpers/ech_server.ts) on 127.0.0.1: -v says ECH
// was accepted and where the config came from; no record fails (exit 4) before any connection;
// --ech with --ech-dns, and --ech-doh with --dns-server, are usage errors.
import { afterEach, describe, expect, it } from 'vitest';
import { dnsServer, dohServer, type Zone } from './helpers/dns_server.js';
import { configList, echRootFile, echServer, makeEchKey, PUBLIC, REAL } from './helpers/ech_server.js';
import { runCli } from './helpers/cli_run.js';
import { httpsRdata, param } from './helpers/svcb_encode.js';

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const c of closers.splice(0)) await c();
});

const args = (port: number, ...more: string[]) => ['connect', `127.0.0.1:${port}`, '--servername', REAL, '--ca', echRootFile, ...more];

/** The ECH server, and a zone serving its config at _PORT._https.REAL. */
async function setUp() {
  const k = await makeEchKey({ configId: 9, publicName: PUBLIC });
  const s = await echServer({ keys: () => [k], chain: 'ech/both.pem' });
  closers.push(s.running.close);
  const name = `_${s.running.port}._https.${REAL}`;
  const zone: Zone = (q) => (q === name ? { https: [{ name, rdata: httpsRdata(1, '.', [param.ech(configList(k))]) }] } : { rcode: 'NXDOMAIN' });
  return { s, port: s.running.port, name, zone };
}

describe('puretls connect --ech-dns', () => {
  it('--dns-server: -v reports ECH accepted and the HTTPS record it came from', async () => {
    const { port, name, zone } = await setUp();
    const d = await dnsServer(zone);
    closers.push(d.close);
    const r = await runCli(args(port, '--ech-dns', '--dns-server', d.address, '-v'), { input: '' });
    expect(r.stderr).toContain('* ECH: accepted');
    expect(r.stderr).toContain(`* ECH config: HTTPS record of ${name} via udp ${d.address}`);
    expect(r.status).toBe(0);
  });

  it('--ech-doh: the lookup over DoH, the DoH server trusted through --ca', async () => {
    const { port, name, zone } = await setUp();
    const d = await dohServer(zone);
    closers.push(d.close);
    const r = await runCli(args(port, '--ech-doh', d.url, '-v'), { input: '' });
    expect(r.stderr).toContain('* ECH: accepted');
    expect(r.stderr).toContain(`* ECH config: HTTPS record of ${name} via ${d.url}`);
    expect(r.status).toBe(0);
  });

  it('no record: exit 4 with ERR_PURETLS_ECH_NOT_FOUND, and no connection was made', async () => {
    const { s, port } = await setUp();
    const d = await dnsServer(() => ({}));
    closers.push(d.close);
    const r = await runCli(args(port, '--dns-server', d.address), { input: '' });
    expect(r.status).toBe(4);
    expect(r.stderr).toContain('ERR_PURETLS_ECH_NOT_FOUND');
    expect(s.fronts).toHaveLength(0);
  });

  it('--ech with --ech-dns, --ech-doh with --dns-server: usage errors; -v with --ech says so', async () => {
    const both = await runCli(args(1, '--ech', 'AAAA', '--ech-dns'), { input: '' });
    expect(both.status).toBe(1);
    expect(both.stderr).toContain('not both');
    const two = await runCli(args(1, '--ech-doh', 'https://127.0.0.1/dns-query', '--dns-server', '127.0.0.1'), { input: '' });
    expect(two.status).toBe(1);
    const { port } = await setUp();
    const k = await makeEchKey({ configId: 9, publicName: PUBLIC });
    const given = await runCli(args(port, '--ech', configList(k).toString('base64'), '-v'), { input: '' });
    expect(given.stderr).toContain('* ECH config: given with --ech');
  });
});

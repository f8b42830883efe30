// getPeerCertificate(true) and `puretls get --verbose` never throw on a certificate they cannot
// render: they show what they can, and the verifier's verdict stands. The server (core's scripted
// server over TCP) sends its RFC 8448 leaf plus an entry node:crypto cannot parse.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handshakeReport } from '../src/cli/report.js';
import { connect, peerCertificate } from '../src/index.js';
import type { Running } from './helpers/node_servers.js';
import { scriptedTcpServer } from './helpers/scripted_tcp.js';

const garbage = new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x07]); // DER, but no certificate
let server: Running;
beforeAll(async () => {
  server = await scriptedTcpServer({ certificate: (c) => ({ ...c, entries: [...c.entries, { data: garbage, extensions: [] }] }) });
});
afterAll(() => server.close());

describe('a certificate node:crypto cannot render', () => {
  it('getPeerCertificate(true) shows the leaf and what it can of the unrenderable issuer, without throwing', async () => {
    const verdicts: number[] = [];
    const verifier = { verifyServerCertificate: ({ chain }: { chain: readonly Uint8Array[] }) => { verdicts.push(chain.length); } };
    const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'server', verifier });
    expect(verdicts).toEqual([2]);
    expect(s.authorized).toBe(true); // the verifier's verdict stands
    const leaf = s.getPeerCertificate(true);
    expect(leaf.subject?.CN).toBe('localhost'); // the scripted server's fixture RSA leaf
    const issuer = leaf.issuerCertificate!;
    expect(issuer.raw).toEqual(Buffer.from(garbage));
    expect(issuer.subject).toEqual({});
    expect(issuer.fingerprint256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(issuer.renderError).toMatch(/.+/);
    s.destroy();
  });

  it('--verbose (the handshake report) lists the chain, the unrenderable entry as such', async () => {
    const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'server', verifier: { verifyServerCertificate: () => {} } });
    const report = handshakeReport(s);
    expect(report).toContain('* server chain (2 certificates):');
    expect(report.find((l) => l.startsWith('  0: '))).toContain('CN=localhost');
    expect(report.find((l) => l.startsWith('  1: '))).toMatch(/^ {2}1: \(cannot render: .+; 5 bytes, SHA-256 [0-9A-F:]+\)$/);
    expect(report).toContain('* verification: ok for server');
    s.destroy();
  });

  it('checkServerIdentity gets what can be rendered, and an unrenderable leaf never throws', () => {
    const one = peerCertificate([garbage], false);
    expect(one).toMatchObject({ subject: {}, issuer: {}, raw: Buffer.from(garbage), ca: false });
    expect(() => peerCertificate([garbage, garbage, new Uint8Array(0)], true)).not.toThrow();
  });
});

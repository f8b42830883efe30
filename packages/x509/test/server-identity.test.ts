// One server-name grammar for SNI and identity (items 13, 15): the verifier checks the A-label
// form, uses the engine's typed identity when given (DNS -> dNSName SANs, IP -> iPAddress SANs),
// and never reads `127.1` as the DNS name "127.0.0.1". The last test is a real handshake with an
// internationalized name against a node:tls server on loopback.
import type { AddressInfo } from 'node:net';
import { createServer, type Server } from 'node:tls';
import { webcrypto } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { TlsClient, parseServerName, type ServerName } from '@puretls/core';
import { canonicalDnsName, parseIp, referenceId } from '../src/names/hostname.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { WebPkiVerifier } from '../src/verifier.js';
import { handshake } from './helpers/loopback.js';
import { fixtureText, good, hex, issue, newKeys, NOW, p256FixtureKeys, parsedGood } from './helpers/pki.js';

const INTER = { name: 'CN=puretls test intermediate p256', keys: await p256FixtureKeys('intermediate'), ski: hex(parsedGood('p256', 'intermediate').subjectKeyId) };
const roots = TrustStore.fromDer([good('p256', 'root')]);
const inter = good('p256', 'intermediate');

/** A server leaf for `sans` under the fixture intermediate, with its key pair. */
async function leafFor(sans: { type: 'dns' | 'ip'; value: string }[]): Promise<{ der: Uint8Array; keys: CryptoKeyPair }> {
  const keys = await newKeys();
  const der = await issue({ subject: 'O=puretls identity test', issuer: INTER.name, publicKey: keys.publicKey, signingKey: INTER.keys.privateKey, aki: INTER.ski, sans });
  return { der, keys };
}

const dnsLeaf = (await leafFor([{ type: 'dns', value: '10.0.0.1' }, { type: 'dns', value: 'localhost' }])).der;
const ipLeaf = (await leafFor([{ type: 'ip', value: '10.0.0.1' }])).der;
const idnLeaf = await leafFor([{ type: 'dns', value: 'xn--bcher-kva.example' }]);

const verify = (leaf: Uint8Array, serverName: string | undefined, serverIdentity?: ServerName) => () =>
  new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [leaf, inter], serverName, serverIdentity, now: NOW });
const refused = expect.objectContaining({ reason: 'name-mismatch' });

describe('one grammar for server names (x509 side)', () => {
  it('a non-canonical IPv4 spelling is no reference identity, never the DNS name "127.0.0.1"', () => {
    for (const text of ['127.1', '0x7f.1', '2130706433', '0177.0.0.1', '127.0.0.1.']) {
      expect(referenceId(text), text).toBeUndefined();
      expect(canonicalDnsName(text), text).toBeUndefined();
      expect(parseIp(text), text).toBeUndefined();
    }
  });

  it('a server name string spelling an IP the non-canonical way does not match a DNS SAN "10.0.0.1"', () => {
    expect(verify(dnsLeaf, '10.1')).toThrow(refused);
    expect(verify(dnsLeaf, '10.0.0.1.')).toThrow(refused);
  });

  it('a typed IP identity is checked against iPAddress SANs only', () => {
    const ip = parseServerName('10.0.0.1');
    expect(verify(ipLeaf, '10.0.0.1', ip)).not.toThrow();
    expect(verify(dnsLeaf, '10.0.0.1', ip)).toThrow(refused);
  });

  it('a typed identity takes precedence over the serverName string', () => {
    expect(verify(dnsLeaf, 'localhost')).not.toThrow();
    expect(verify(dnsLeaf, 'localhost', parseServerName('10.0.0.1'))).toThrow(refused);
    expect(verify(ipLeaf, 'localhost', parseServerName('10.0.0.1'))).not.toThrow();
  });

  it('a typed DNS identity in A-label form matches the A-label SAN', () => {
    expect(verify(idnLeaf.der, undefined, parseServerName('bücher.example'))).not.toThrow();
    expect(verify(idnLeaf.der, 'bücher.example')).not.toThrow();
  });

  it('a hand-built identity whose text reads as another kind is refused, not matched as that kind', () => {
    expect(verify(dnsLeaf, undefined, { kind: 'dns', name: '10.0.0.1' })).toThrow(refused);
    expect(verify(ipLeaf, undefined, { kind: 'ip', bytes: Uint8Array.of(10, 0, 0, 1), text: '10.0.0.2' })).toThrow(refused);
    expect(verify(idnLeaf.der, undefined, { kind: 'dns', name: 'Bücher.example' })).toThrow(refused);
  });
});

describe('an internationalized server name end to end', () => {
  const servers: Server[] = [];
  afterAll(() => servers.forEach((s) => s.close()));

  it('serverName "bücher.example" sends SNI xn--bcher-kva.example and verifies the A-label SAN', async () => {
    const pkcs8 = new Uint8Array(await webcrypto.subtle.exportKey('pkcs8', idnLeaf.keys.privateKey));
    const pem = (label: string, der: Uint8Array) => `-----BEGIN ${label}-----\n${Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n')}\n-----END ${label}-----\n`;
    const server = createServer({ cert: pem('CERTIFICATE', idnLeaf.der) + fixtureText('good/p256/intermediate.pem'), key: pem('PRIVATE KEY', pkcs8), minVersion: 'TLSv1.3' }, (s) => s.end());
    servers.push(server);
    const sni = new Promise<string | false | null>((r) => server.once('secureConnection', (s) => r(s.servername)));
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const client = new TlsClient({ serverName: 'bücher.example', verifier: new WebPkiVerifier({ roots }), now: () => NOW });
    expect(await handshake((server.address() as AddressInfo).port, client)).toBe('ok');
    expect(await sni).toBe('xn--bcher-kva.example');
  });
});

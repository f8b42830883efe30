// The bad fixture PKIs (fixtures/pki/bad/*, made by fixtures/generate-bad.sh) are each refused with
// the reason and alert cases.json names, by verifyChain and by WebPkiVerifier.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { TrustStore, verifyChain, WebPkiVerifier } from '../src/index.js';

interface BadCase {
  readonly name: string;
  readonly description: string;
  readonly serverName: string;
  readonly now: string | null;
  readonly reason: string;
  readonly alert: string;
}

const pki = fileURLToPath(new URL('../../../fixtures/pki/bad/', import.meta.url));
const der = (pem: string) => Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
const ders = (pem: string) => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(der);
const cases = JSON.parse(readFileSync(`${pki}cases.json`, 'utf8')) as BadCase[];

const load = (c: BadCase) => {
  const roots = TrustStore.fromDer([der(readFileSync(`${pki}${c.name}/root.pem`, 'utf8'))]);
  const [leaf, ...rest] = ders(readFileSync(`${pki}${c.name}/chain.pem`, 'utf8'));
  if (leaf === undefined) throw new Error(`${c.name}: empty chain.pem`);
  const now = Date.parse(c.now ?? '2030-01-01T00:00:00Z');
  return { roots, leaf, rest, now };
};

describe('fixtures/pki/bad', () => {
  it('has all the cases', () => {
    expect(cases.map((c) => c.name).sort()).toEqual(
      [
        'expired-leaf',
        'not-yet-valid-leaf',
        'expired-intermediate',
        'wrong-host',
        'wildcard-bare-domain',
        'cn-only',
        'untrusted-root',
        'missing-intermediate',
        'wrong-eku',
        'ca-false-intermediate',
        'no-keycertsign-intermediate',
        'pathlen-violated',
        'nc-dns-violated',
        'nc-ip-violated',
        'sha1-signed',
        'sha1-signed-intermediate',
        'rsa-1024',
        'unknown-critical-extension',
        'self-signed-leaf',
        'bad-signature',
      ].sort(),
    );
  });

  describe.each(cases)('$name', (c) => {
    const { roots, leaf, rest, now } = load(c);
    const { serverName, reason, alert: alertName } = c;

    it(`verifyChain refuses it (${c.reason}, ${c.alert})`, () => {
      expect(() => verifyChain(leaf, { roots, intermediates: rest, now, serverName })).toThrow(expect.objectContaining({ reason, alertName }));
    });

    it('WebPkiVerifier refuses it too', () => {
      expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [leaf, ...rest], serverName, now })).toThrow(expect.objectContaining({ reason, alertName }));
    });
  });
});

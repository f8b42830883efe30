// The client-certificate fixtures are what client_pki.ts says they are: every file present, every
// certificate parses, the leaf is a clientAuth certificate issued by the intermediate (itself issued
// by the root), the chain is leaf + intermediate, and both key files hold the leaf's key.
import { X509Certificate, createPrivateKey } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { clientAlgs, clientPki } from './client_pki.ts';

const clientAuth = '1.3.6.1.5.5.7.3.2'; // id-kp-clientAuth, RFC 5280 section 4.2.1.12
const pemCerts = (pem: string): string[] => pem.match(/-----BEGIN CERTIFICATE-----[^-]+-----END CERTIFICATE-----/g) ?? [];

describe('fixtures/pki/client', () => {
  for (const alg of clientAlgs) {
    describe(alg, () => {
      const pki = clientPki(alg);

      it('has every file', () => {
        const files = ['root.pem', 'root.key', 'intermediate.pem', 'intermediate.key', 'leaf.pem', 'leaf.key', 'chain.pem', 'leaf.enc.key'];
        if (alg === 'rsa') files.push('leaf.pkcs1.key');
        if (alg === 'p256') files.push('leaf.sec1.key');
        for (const f of files) expect(existsSync(`${pki.dir}${f}`), f).toBe(true);
        expect(pki.key).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
        expect(pki.encKey).toMatch(/^-----BEGIN ENCRYPTED PRIVATE KEY-----\n/);
      });

      it('is a 3-level chain whose leaf is a clientAuth certificate', () => {
        const root = new X509Certificate(pki.root);
        const intermediate = new X509Certificate(pki.intermediate);
        const leaf = new X509Certificate(pki.leaf);
        expect(root.ca).toBe(true);
        expect(intermediate.ca).toBe(true);
        expect(leaf.ca).toBe(false);
        expect(leaf.subject).toBe(`CN=puretls client ${alg}`);
        expect(leaf.keyUsage).toContain(clientAuth); // node's keyUsage is the extendedKeyUsage OIDs
        expect(leaf.checkIssued(intermediate)).toBe(true);
        expect(leaf.verify(intermediate.publicKey)).toBe(true);
        expect(intermediate.checkIssued(root)).toBe(true);
        expect(intermediate.verify(root.publicKey)).toBe(true);
        expect(root.verify(root.publicKey)).toBe(true);
        expect(new Date(leaf.validTo).getUTCFullYear()).toBeGreaterThanOrEqual(2099);
      });

      it('chain.pem is leaf then intermediate', () => {
        const certs = pemCerts(pki.chain).map((p) => new X509Certificate(p));
        expect(certs.map((c) => c.fingerprint256)).toEqual(
          [pki.leaf, pki.intermediate].map((p) => new X509Certificate(p).fingerprint256),
        );
      });

      it('leaf.key and leaf.enc.key are the leaf certificate\'s key', () => {
        const leaf = new X509Certificate(pki.leaf);
        const key = createPrivateKey(pki.key);
        const enc = createPrivateKey({ key: pki.encKey, passphrase: pki.passphrase });
        expect(leaf.checkPrivateKey(key)).toBe(true);
        expect(leaf.checkPrivateKey(enc)).toBe(true);
        expect(enc.export({ type: 'pkcs8', format: 'der' }).equals(key.export({ type: 'pkcs8', format: 'der' }))).toBe(true);
        expect(() => createPrivateKey({ key: pki.encKey, passphrase: 'wrong' })).toThrow();
      });
    });
  }

  it('the traditional key files hold the same leaf key (rsa PKCS#1, p256 SEC 1)', () => {
    for (const [alg, file, header] of [['rsa', 'leaf.pkcs1.key', 'RSA PRIVATE KEY'], ['p256', 'leaf.sec1.key', 'EC PRIVATE KEY']] as const) {
      const pki = clientPki(alg);
      const pem = readFileSync(`${pki.dir}${file}`, 'utf8');
      expect(pem).toMatch(new RegExp(`^-----BEGIN ${header}-----\\n`));
      expect(new X509Certificate(pki.leaf).checkPrivateKey(createPrivateKey(pem))).toBe(true);
    }
  });

  it('the rsa-pss keys are RSASSA-PSS keys fixed to SHA-256, MGF1-SHA-256, salt 32', () => {
    const details = createPrivateKey(clientPki('rsa-pss').key).asymmetricKeyDetails;
    expect(createPrivateKey(clientPki('rsa-pss').key).asymmetricKeyType).toBe('rsa-pss');
    expect(details).toMatchObject({ modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256', saltLength: 32 });
  });

  it('the untrusted leaf chains to no other directory\'s root', () => {
    const untrusted = new X509Certificate(clientPki('untrusted').intermediate);
    for (const alg of clientAlgs.filter((a) => a !== 'untrusted')) {
      const { root, intermediate } = clientPki(alg);
      expect(untrusted.checkIssued(new X509Certificate(root)), alg).toBe(false);
      expect(new X509Certificate(clientPki('untrusted').leaf).checkIssued(new X509Certificate(intermediate)), alg).toBe(false);
    }
  });
});

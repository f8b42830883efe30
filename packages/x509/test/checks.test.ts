// Unit tests of every check in src/path/checks.ts, on fixture certificates with overridden fields.
import { createNobleProvider, nobleProvider, type CryptoProvider, type PublicKey } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { OID, parseCertificate, type ParsedCertificate } from '../src/parse/certificate.js';
import { checkAnchor, checkCriticalExtensions, checkIssuer, checkKeyIdentifiers, checkKeyUsageConsistency, checkLeaf, checkValidity, isSelfIssued, publicKeyOf } from '../src/path/checks.js';
import { elementsOf, fixtureText, NOW, parsedGood, pemBlocksToDer, seq, tlv } from './helpers/pki.js';

const leaf = parsedGood('p256', 'leaf');
const intermediate = parsedGood('p256', 'intermediate');
const root = parsedGood('p256', 'root');
const CLIENT_AUTH = '1.3.6.1.5.5.7.3.2';
const UNKNOWN = '1.3.6.1.4.1.55555.1';

const refused = (reason: string, alertName?: string) => expect.objectContaining(alertName === undefined ? { reason } : { reason, alertName });
const withExt = (c: ParsedCertificate, oid: string, critical: boolean): ParsedCertificate => ({ ...c, extensions: [...c.extensions, { oid, critical, value: Uint8Array.of(0x05, 0x00) }] });

describe('checkValidity', () => {
  const c = { ...leaf, notBefore: Date.UTC(2030, 0, 1, 0, 0, 0), notAfter: Date.UTC(2031, 0, 1, 0, 0, 0) };

  it('accepts exactly notBefore and exactly notAfter (inclusive at both ends)', () => {
    expect(() => checkValidity(c, c.notBefore)).not.toThrow();
    expect(() => checkValidity(c, c.notAfter)).not.toThrow();
    expect(() => checkValidity(c, Date.UTC(2030, 5, 1))).not.toThrow();
  });

  it('refuses one second before notBefore (not-yet-valid) and one second after notAfter (expired)', () => {
    expect(() => checkValidity(c, c.notBefore - 1000)).toThrow(refused('not-yet-valid', 'certificate_expired'));
    expect(() => checkValidity(c, c.notAfter + 1000)).toThrow(refused('expired', 'certificate_expired'));
  });

  it('compares whole seconds: 1 ms before notBefore is refused, within the notAfter second is accepted', () => {
    expect(() => checkValidity(c, c.notBefore - 1)).toThrow(refused('not-yet-valid'));
    expect(() => checkValidity(c, c.notBefore + 1)).not.toThrow();
    expect(() => checkValidity(c, c.notAfter + 999)).not.toThrow();
    expect(() => checkValidity(c, c.notAfter + 1001)).toThrow(refused('expired'));
  });

  it('the error carries the certificate', () => {
    expect(() => checkValidity(c, 0)).toThrow(expect.objectContaining({ reason: 'not-yet-valid', certificate: leaf.der }));
  });
});

describe('checkCriticalExtensions', () => {
  it('accepts the fixture certificates (their critical extensions are understood)', () => {
    for (const c of [leaf, intermediate, root]) expect(() => checkCriticalExtensions(c)).not.toThrow();
  });

  it('refuses an unknown critical extension', () => {
    expect(() => checkCriticalExtensions(withExt(leaf, UNKNOWN, true))).toThrow(refused('unsupported-critical-extension', 'unsupported_certificate'));
    expect(() => checkCriticalExtensions(withExt(leaf, OID.certificatePolicies, true))).toThrow(refused('unsupported-critical-extension'));
  });

  it('accepts an unknown non-critical extension', () => {
    expect(() => checkCriticalExtensions(withExt(leaf, UNKNOWN, false))).not.toThrow();
  });

  it('a duplicate extension is refused when the certificate is parsed (duplicate-extension)', () => {
    // Repeat the leaf's last extension inside its TBS; the parse refuses before any signature check.
    const [tbs, alg, sig] = elementsOf(leaf.der);
    const fields = elementsOf(tbs!.raw);
    const exts = fields.at(-1)!;
    expect(exts.tag).toBe(0xa3);
    const list = elementsOf(exts.value);
    const dup = tlv(0xa3, seq(...list.map((e) => e.raw), list.at(-1)!.raw));
    const der = seq(seq(...fields.slice(0, -1).map((f) => f.raw), dup), alg!.raw, sig!.raw);
    expect(() => parseCertificate(der)).toThrow(refused('duplicate-extension', 'bad_certificate'));
  });
});

describe('checkIssuer', () => {
  it('accepts the fixture intermediate and root', () => {
    expect(() => checkIssuer(intermediate)).not.toThrow();
    expect(() => checkIssuer(root)).not.toThrow();
  });

  it('requires basicConstraints cA TRUE in a v3 certificate (not-a-ca)', () => {
    expect(() => checkIssuer({ ...intermediate, basicConstraints: undefined })).toThrow(refused('not-a-ca', 'bad_certificate'));
    expect(() => checkIssuer({ ...intermediate, basicConstraints: { ca: false, pathLen: undefined } })).toThrow(refused('not-a-ca'));
    expect(() => checkIssuer({ ...intermediate, version: 1 })).toThrow(refused('not-a-ca'));
    expect(() => checkIssuer(leaf)).toThrow(refused('not-a-ca'));
  });

  it('requires basicConstraints to be critical, a non-empty subject and a subjectKeyIdentifier (bad-encoding)', () => {
    const nonCritical = intermediate.extensions.map((e) => (e.oid === OID.basicConstraints ? { ...e, critical: false } : e));
    expect(() => checkIssuer({ ...intermediate, extensions: nonCritical })).toThrow(refused('bad-encoding'));
    expect(() => checkIssuer({ ...intermediate, subject: [] })).toThrow(refused('bad-encoding'));
    expect(() => checkIssuer({ ...intermediate, subjectKeyId: undefined })).toThrow(refused('bad-encoding'));
  });

  it('requires keyCertSign when keyUsage is present (wrong-key-usage)', () => {
    expect(() => checkIssuer({ ...intermediate, keyUsage: new Set([0, 6]) })).toThrow(refused('wrong-key-usage', 'unsupported_certificate'));
    expect(() => checkIssuer({ ...intermediate, keyUsage: new Set([5]) })).not.toThrow();
    expect(() => checkIssuer({ ...intermediate, keyUsage: undefined })).not.toThrow();
  });

  it('an EKU, if present, must allow serverAuth or anyExtendedKeyUsage (wrong-eku)', () => {
    expect(() => checkIssuer({ ...intermediate, extKeyUsage: [CLIENT_AUTH] })).toThrow(refused('wrong-eku', 'unsupported_certificate'));
    expect(() => checkIssuer({ ...intermediate, extKeyUsage: [CLIENT_AUTH, OID.serverAuth] })).not.toThrow();
    expect(() => checkIssuer({ ...intermediate, extKeyUsage: [OID.anyExtendedKeyUsage] })).not.toThrow();
    expect(() => checkIssuer({ ...intermediate, extKeyUsage: undefined })).not.toThrow();
  });
});

describe('checkLeaf', () => {
  it('accepts the fixture leaves', () => {
    for (const alg of ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519']) expect(() => checkLeaf(parsedGood(alg, 'leaf'))).not.toThrow();
  });

  it('refuses a CA certificate as the leaf (ca-used-as-leaf)', () => {
    expect(() => checkLeaf({ ...leaf, basicConstraints: { ca: true, pathLen: undefined } })).toThrow(refused('ca-used-as-leaf', 'bad_certificate'));
    expect(() => checkLeaf({ ...leaf, basicConstraints: undefined })).not.toThrow();
  });

  it('requires digitalSignature when keyUsage is present (wrong-key-usage)', () => {
    expect(() => checkLeaf({ ...leaf, keyUsage: new Set([2]) })).toThrow(refused('wrong-key-usage', 'unsupported_certificate'));
    expect(() => checkLeaf({ ...leaf, keyUsage: new Set([0, 2]) })).not.toThrow();
    expect(() => checkLeaf({ ...leaf, keyUsage: undefined })).not.toThrow();
  });

  it.each([
    ['missing', { extKeyUsage: undefined }],
    ['clientAuth only', { extKeyUsage: [CLIENT_AUTH] }],
    ['anyExtendedKeyUsage only', { extKeyUsage: [OID.anyExtendedKeyUsage] }],
    ['serverAuth with anyExtendedKeyUsage', { extKeyUsage: [OID.serverAuth, OID.anyExtendedKeyUsage] }],
    ['critical', { ekuCritical: true }],
  ])('refuses an EKU that is %s (wrong-eku)', (_, over) => {
    expect(() => checkLeaf({ ...leaf, ...over })).toThrow(refused('wrong-eku', 'unsupported_certificate'));
  });

  it('accepts serverAuth alongside clientAuth', () => {
    expect(() => checkLeaf({ ...leaf, extKeyUsage: [CLIENT_AUTH, OID.serverAuth] })).not.toThrow();
  });

  it('refuses nameConstraints in a leaf (bad-encoding)', () => {
    expect(() => checkLeaf({ ...leaf, nameConstraints: { permitted: [{ kind: 'dns', value: 'localhost' }], excluded: [] } })).toThrow(refused('bad-encoding'));
  });

  it('subjectAltName must be critical exactly when the subject is empty', () => {
    expect(() => checkLeaf({ ...leaf, sanCritical: true })).toThrow(refused('bad-encoding'));
    expect(() => checkLeaf({ ...leaf, subject: [], commonNames: [], sanCritical: false })).toThrow(refused('bad-encoding'));
    expect(() => checkLeaf({ ...leaf, subject: [], commonNames: [], sanCritical: true })).not.toThrow();
    // No SAN at all is not checkLeaf's concern (the name check refuses it).
    expect(() => checkLeaf({ ...leaf, subjectAltNames: undefined })).not.toThrow();
  });

  it.each(['foo_bar.example.com', '*.*.example.com', 'f*o.example.com', 'www.*.example.com', '*', '', 'example..com', '-foo.example.com', 'foo-.example.com', `${'a'.repeat(64)}.example.com`, 'bücher.example'])(
    'refuses the malformed DNS SAN %j (bad-encoding)',
    (value) => {
      expect(() => checkLeaf({ ...leaf, subjectAltNames: [{ kind: 'dns', value }] })).toThrow(refused('bad-encoding', 'bad_certificate'));
    },
  );

  it.each(['*.example.com', 'example.com.', 'xn--bcher-kva.example', 'a-b.c0.example', `${'a'.repeat(63)}.example.com`, 'localhost'])('accepts the DNS SAN %j', (value) => {
    expect(() => checkLeaf({ ...leaf, subjectAltNames: [{ kind: 'dns', value }] })).not.toThrow();
  });

  it('refuses an IP SAN that is neither 4 nor 16 bytes (bad-encoding)', () => {
    expect(() => checkLeaf({ ...leaf, subjectAltNames: [{ kind: 'ip', bytes: Uint8Array.of(127, 0, 0, 1, 0) }] })).toThrow(refused('bad-encoding'));
  });

  it('applies the commonName rule: a host-like CN must repeat a SAN (bad-encoding)', () => {
    expect(() => checkLeaf({ ...leaf, commonNames: ['evil.example.com'], subjectAltNames: [{ kind: 'dns', value: 'good.example.com' }] })).toThrow(refused('bad-encoding'));
  });
});

describe('checkKeyIdentifiers', () => {
  it('requires an authorityKeyIdentifier unless self-issued (bad-encoding)', () => {
    expect(() => checkKeyIdentifiers(leaf)).not.toThrow();
    expect(() => checkKeyIdentifiers({ ...leaf, authorityKeyId: undefined })).toThrow(refused('bad-encoding'));
    expect(() => checkKeyIdentifiers({ ...intermediate, authorityKeyId: undefined })).toThrow(refused('bad-encoding'));
    expect(() => checkKeyIdentifiers({ ...root, authorityKeyId: undefined })).not.toThrow();
  });
});

describe('checkAnchor', () => {
  it('accepts the fixture roots', () => {
    for (const alg of ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519']) expect(() => checkAnchor(parsedGood(alg, 'root'), NOW)).not.toThrow();
  });

  it('applies validity, critical-extension, key-identifier and CA rules to the anchor', () => {
    expect(() => checkAnchor(root, Date.UTC(2000, 0, 1))).toThrow(refused('not-yet-valid'));
    expect(() => checkAnchor(root, Date.UTC(2200, 0, 1))).toThrow(refused('expired'));
    expect(() => checkAnchor(withExt(root, UNKNOWN, true), NOW)).toThrow(refused('unsupported-critical-extension'));
    expect(() => checkAnchor({ ...root, basicConstraints: undefined }, NOW)).toThrow(refused('not-a-ca'));
    expect(() => checkAnchor({ ...root, keyUsage: new Set([0]) }, NOW)).toThrow(refused('wrong-key-usage'));
    expect(() => checkAnchor({ ...intermediate, authorityKeyId: undefined, extKeyUsage: undefined }, NOW)).toThrow(refused('bad-encoding'));
  });

  it('refuses an anchor carrying extendedKeyUsage, even serverAuth (wrong-eku)', () => {
    expect(() => checkAnchor({ ...root, extKeyUsage: [OID.serverAuth] }, NOW)).toThrow(refused('wrong-eku'));
    expect(() => checkAnchor(intermediate, NOW)).toThrow(refused('wrong-eku'));
  });

  it('refuses a self-issued anchor whose AKI differs from its SKI; a missing AKI is fine', () => {
    expect(() => checkAnchor({ ...root, authorityKeyId: Uint8Array.of(1, 2, 3) }, NOW)).toThrow(refused('bad-encoding'));
    expect(() => checkAnchor({ ...root, authorityKeyId: root.subjectKeyId!.slice(0, -1) }, NOW)).toThrow(refused('bad-encoding'));
    expect(() => checkAnchor({ ...root, authorityKeyId: undefined }, NOW)).not.toThrow();
  });

  it('a non-self-issued CA (an intermediate configured as anchor) may have an AKI naming another key', () => {
    expect(() => checkAnchor({ ...intermediate, extKeyUsage: undefined }, NOW)).not.toThrow();
  });
});

describe('checkKeyUsageConsistency', () => {
  it('refuses keyCertSign without cA TRUE (wrong-key-usage)', () => {
    expect(() => checkKeyUsageConsistency({ ...leaf, keyUsage: new Set([0, 5]) })).toThrow(refused('wrong-key-usage', 'unsupported_certificate'));
    expect(() => checkKeyUsageConsistency({ ...leaf, keyUsage: new Set([5]), basicConstraints: undefined })).toThrow(refused('wrong-key-usage'));
  });

  it('accepts keyCertSign in a CA, and any keyUsage without keyCertSign', () => {
    expect(() => checkKeyUsageConsistency(intermediate)).not.toThrow();
    expect(() => checkKeyUsageConsistency(leaf)).not.toThrow();
    expect(() => checkKeyUsageConsistency({ ...leaf, keyUsage: undefined })).not.toThrow();
  });
});

describe('isSelfIssued', () => {
  it('is true exactly when issuer and subject names are equal', () => {
    expect(isSelfIssued(root)).toBe(true);
    expect(isSelfIssued(intermediate)).toBe(false);
    expect(isSelfIssued(leaf)).toBe(false);
    expect(isSelfIssued({ ...leaf, issuerKey: leaf.subjectKey })).toBe(true);
  });
});

describe('publicKeyOf', () => {
  const fake = (key: PublicKey | Error): CryptoProvider => ({ ...nobleProvider, parsePublicKey: () => { if (key instanceof Error) throw key; return key; } });
  const rsa = (bits: number): PublicKey => ({ kind: 'rsa', n: 1n, e: 65537n, bits, pssOnly: false });

  it('returns the provider key of the fixture certificates', () => {
    expect(publicKeyOf(parsedGood('p256', 'leaf'), nobleProvider, {})).toMatchObject({ kind: 'ec', curve: 'P-256' });
    expect(publicKeyOf(parsedGood('p384', 'leaf'), nobleProvider, {})).toMatchObject({ kind: 'ec', curve: 'P-384' });
    expect(publicKeyOf(parsedGood('rsa', 'leaf'), nobleProvider, {})).toMatchObject({ kind: 'rsa', bits: 2048 });
    expect(publicKeyOf(parsedGood('ed25519', 'leaf'), nobleProvider, {})).toMatchObject({ kind: 'ed25519' });
  });

  it('an unparseable key is unsupported-algorithm', () => {
    expect(() => publicKeyOf(leaf, fake(new Error('no such curve')), {})).toThrow(refused('unsupported-algorithm', 'unsupported_certificate'));
  });

  it('refuses RSA under 2048 bits and a modulus not a whole number of bytes (weak-key)', () => {
    const rsa1024 = parseCertificate(pemBlocksToDer(fixtureText('bad/rsa-1024/chain.pem'))[0]!);
    expect(() => publicKeyOf(rsa1024, nobleProvider, {})).toThrow(refused('weak-key', 'unsupported_certificate'));
    // Both the verifier's policy and the provider's bound must allow a weak key.
    expect(publicKeyOf(rsa1024, createNobleProvider({ rsa: { minModulusBits: 1024 } }), { dangerouslyAllowRsaBitsBelow2048: 1024 })).toMatchObject({ kind: 'rsa', bits: 1024 });
    expect(() => publicKeyOf(leaf, fake(rsa(2049)), {})).toThrow(refused('weak-key'));
    expect(publicKeyOf(leaf, fake(rsa(3072)), {})).toMatchObject({ bits: 3072 });
  });

  it('refuses Ed448 (unsupported-algorithm)', () => {
    expect(() => publicKeyOf(leaf, fake({ kind: 'ed448', key: new Uint8Array(57) }), {})).toThrow(refused('unsupported-algorithm'));
  });
});

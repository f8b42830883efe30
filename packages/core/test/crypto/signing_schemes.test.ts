// The shared scheme choice (signingSchemes / requireSigningScheme): no PKCS#1 v1.5 or SHA-1 scheme
// exists in the table at all, the order is the verifier's, and the lookups refuse anything else.
import { describe, expect, it } from 'vitest';
import { requireSigningScheme, SIGNING_SCHEMES } from '../../src/crypto/signing_schemes.js';
import { ApiMisuseError, nobleProvider } from '../../src/index.js';

describe('SIGNING_SCHEMES', () => {
  it('exactly the CertificateVerify schemes we sign with, in the verifier\'s order; no PKCS#1 v1.5, no SHA-1', () => {
    const ids = SIGNING_SCHEMES.map((s) => s.id);
    expect(ids).toEqual([0x0403, 0x0503, 0x0804, 0x0805, 0x0806, 0x0809, 0x080a, 0x080b, 0x0807]);
    const verifierOrder = nobleProvider.signatureSchemes.map((s) => s.id).filter((id) => ids.includes(id));
    expect(verifierOrder).toEqual(ids);
    for (const s of SIGNING_SCHEMES) {
      expect(nobleProvider.signatureSchemes.find((x) => x.id === s.id)!.name).toBe(s.name);
      expect(s.name).not.toMatch(/pkcs1|sha1/);
      if (s.kind !== 'ed25519') expect(s.hash).not.toBe('sha1');
    }
  });

  it('requireSigningScheme: only a scheme of the list given, and only one we implement', () => {
    expect(requireSigningScheme([0x0804, 0x0805], 0x0805)).toMatchObject({ kind: 'rsa-pss', hash: 'sha384', hashLength: 48, pssKey: false });
    expect(() => requireSigningScheme([0x0804], 0x0805)).toThrow(ApiMisuseError);
    expect(() => requireSigningScheme([0x0401], 0x0401)).toThrow(ApiMisuseError); // even if a caller lists PKCS#1
    expect(() => requireSigningScheme([0x0201], 0x0201)).toThrow(ApiMisuseError);
  });
});

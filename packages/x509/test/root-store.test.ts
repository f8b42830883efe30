// Trust anchors are used as trust anchors (issue 8, item 16; RFC 5280 §6.1.1 (d)): every root of
// Node's store loads, and for each the verifier gets its subject, its key (within the RSA bounds)
// and its name constraints, passes its anchor checks, and verifies the root's own self-signature
// with that key (a real signature check per anchor). The count is reported in the output.
import { rootCertificates } from 'node:tls';
import { nobleProvider } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { checkAnchor, publicKeyOf } from '../src/path/checks.js';
import { certificateSignatureAlgorithm } from '../src/parse/signature_algorithm.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { parseCertificate } from '../src/parse/certificate.js';
import { pemToDer } from './helpers/pki.js';

const roots = rootCertificates.map(pemToDer);

/** Why a root is not a usable anchor under the given store options, or undefined if it is. */
function unusable(der: Uint8Array, strictAnchors: boolean): string | undefined {
  try {
    const store = TrustStore.fromDer([der], { strictAnchors });
    const subjectKey = parseCertificate(der, { anchor: true }).subjectKey;
    const [anchor] = store.candidates(subjectKey);
    if (anchor === undefined) return 'not found in the store by its subject';
    // Within its own validity: the anchor checks apply validity too, and the store ages.
    checkAnchor(anchor, anchor.notBefore + (anchor.notAfter - anchor.notBefore) / 2, { strict: strictAnchors });
    void anchor.nameConstraints;
    void anchor.subjectText;
    const key = publicKeyOf(anchor, nobleProvider, {});
    // Some long-lived roots are self-signed with SHA-1; the self-signature is not what trust rests on.
    const alg = certificateSignatureAlgorithm(anchor.signatureAlgorithm, key, { dangerouslyAllowSha1: true }, der);
    if (!nobleProvider.verify(alg, key, anchor.tbs, anchor.signature)) return 'self-signature does not verify with the extracted key';
    return undefined;
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
}

describe(`Node's root store (${roots.length} roots)`, () => {
  it(`all ${roots.length} roots of tls.rootCertificates are usable trust anchors`, () => {
    const refused = roots.map((der) => [der, unusable(der, false)] as const).filter(([, why]) => why !== undefined);
    console.log(`root store: ${roots.length - refused.length} of ${roots.length} roots usable as trust anchors`);
    expect(refused.map(([, why]) => why)).toEqual([]);
  }, 60_000);

  it('QuoVadis Root CA 2 and 3, Certigna, Chunghwa ePKI and TWCA Global Root CA are among them (refused by the strict anchor profile)', () => {
    const names = /QuoVadis Root CA [23]$|CN=Certigna$|ePKI Root Certification Authority$|TWCA Global Root CA$/;
    const named = roots.filter((der) => names.test(parseCertificate(der, { anchor: true }).subjectText));
    expect(named.length).toBeGreaterThanOrEqual(4);
    for (const der of named) {
      expect(unusable(der, false)).toBeUndefined();
      expect(unusable(der, true)).toMatch(/authorityKeyIdentifier|basicConstraints|subjectKeyIdentifier/);
    }
  }, 60_000);
});

describe('TrustStore strictAnchors', () => {
  it('a root without subjectKeyIdentifier anchors a chain by default and is refused with strictAnchors', async () => {
    const { issue, newKeys, NOW } = await import('./helpers/pki.js');
    const { verifyChain } = await import('../src/path/verify_chain.js');
    const rootKeys = await newKeys();
    const root = await issue({ subject: 'CN=No SKI Root', issuer: 'CN=No SKI Root', publicKey: rootKeys.publicKey, signingKey: rootKeys.privateKey, ca: true });
    const leaf = await issue({ subject: 'CN=leaf', issuer: 'CN=No SKI Root', publicKey: (await newKeys()).publicKey, signingKey: rootKeys.privateKey, aki: 'aa', sans: [{ type: 'dns', value: 'localhost' }] });
    const opts = (strictAnchors: boolean) => ({ roots: TrustStore.fromDer([root], { strictAnchors }), now: NOW, serverName: 'localhost' });
    expect(verifyChain(leaf, opts(false)).anchor.der).toEqual(root);
    expect(() => verifyChain(leaf, opts(true))).toThrow(expect.objectContaining({ reason: 'bad-encoding', message: expect.stringContaining('subjectKeyIdentifier') }));
  });
});

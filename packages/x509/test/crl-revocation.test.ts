// The revocation check (RFC 5280 §6.3) over the good p256 chain (leaf <- intermediate <- root):
// revoked leaf and intermediate, the fail-closed policy when no usable CRL covers a certificate,
// CRLs that must not count (bad signature, stale, not yet valid, wrong issuer, out of scope), and
// the WebPkiVerifier option with its alerts.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alertFor, CrlStore, SignatureCache, TrustStore, verifyChain, WebPkiVerifier, X509Error, type ChainOptions } from '../src/index.js';
import { akiExt, crlFixture, crlNumberExt, crlTbs, extension, idpExt, makeCrl } from './helpers/crl.js';
import { countingProvider, good, newKeys, NOW, p256FixtureKeys, parsedGood, seq, tlv } from './helpers/pki.js';

const leaf = parsedGood('p256', 'leaf');
const intermediate = parsedGood('p256', 'intermediate');
const root = parsedGood('p256', 'root');
const roots = TrustStore.fromDer([good('p256', 'root')]);
const chain = { roots, intermediates: [good('p256', 'intermediate')], now: NOW, serverName: 'localhost' };
const rootCrl = crlFixture('root');
const intermediateCrl = crlFixture('intermediate');

/** verifyChain's outcome: 'ok' or the X509Error (anything else fails the test). */
function verify(crls: ChainOptions['crls'], opts: Partial<ChainOptions> = {}): 'ok' | X509Error {
  try {
    verifyChain(good('p256', 'leaf'), { ...chain, crls, ...opts });
    return 'ok';
  } catch (e) {
    if (!(e instanceof X509Error)) throw e;
    return e;
  }
}

const reasonOf = (r: 'ok' | X509Error) => (r === 'ok' ? 'ok' : r.reason);

describe('revocation by CRL: openssl fixtures', () => {
  it('accepts the chain when both CRLs cover it and list nothing', () => {
    expect(verify([rootCrl, intermediateCrl])).toBe('ok');
    expect(verify(CrlStore.fromDer([rootCrl, intermediateCrl]))).toBe('ok');
  });

  it('refuses a revoked leaf with certificate_revoked, naming the leaf', () => {
    const r = verify([rootCrl, crlFixture('intermediate-revoked')]);
    expect(reasonOf(r)).toBe('revoked');
    const e = r as X509Error;
    expect(e.alertName).toBe('certificate_revoked');
    expect(e.certificate).toEqual(leaf.der);
    expect(e.message).toMatch(/\(serial 2001\) is revoked by the CRL of CN=puretls test intermediate p256/);
  });

  it('refuses a revoked intermediate, naming the intermediate', () => {
    const r = verify([crlFixture('root-revoked'), intermediateCrl]) as X509Error;
    expect(r.reason).toBe('revoked');
    expect(r.certificate).toEqual(intermediate.der);
  });

  it('fails closed: a certificate no supplied CRL covers has an unknown status', () => {
    const r = verify([intermediateCrl]) as X509Error;
    expect(r.reason).toBe('revocation-unknown');
    expect(r.alertName).toBe('certificate_unknown');
    expect(r.certificate).toEqual(intermediate.der);
    expect(r.message).toMatch(/no CRL from CN=puretls test root p256 was supplied/);
    expect(reasonOf(verify([]))).toBe('revocation-unknown');
    // Without the option nothing is checked.
    expect(verify(undefined)).toBe('ok');
  });

  it('maps the reasons to their alerts', () => {
    expect(alertFor('revoked')).toBe('certificate_revoked');
    expect(alertFor('revocation-unknown')).toBe('certificate_unknown');
  });
});

describe('revocation by CRL: CRLs that must not count', async () => {
  const ca = await p256FixtureKeys('intermediate');
  const other = await newKeys();
  const byIntermediate = (spec: Partial<Parameters<typeof makeCrl>[0]> = {}) => makeCrl({ issuer: intermediate.subjectDer, signingKey: ca.privateKey, ...spec });
  const revokingLeaf = { revoked: [{ serial: leaf.serial }] };

  it('a hand-built CRL of the intermediate revokes the leaf', async () => {
    expect(reasonOf(verify([rootCrl, await byIntermediate(revokingLeaf)]))).toBe('revoked');
    expect(verify([rootCrl, await byIntermediate()])).toBe('ok');
  });

  it('ignores a CRL whose signature does not verify (it neither revokes nor covers)', async () => {
    const forged = await byIntermediate({ ...revokingLeaf, signingKey: other.privateKey });
    const r = verify([rootCrl, forged]) as X509Error;
    expect(r.reason).toBe('revocation-unknown');
    expect(r.message).toMatch(/signature was refused \(bad-signature/);
    // Beside a good CRL the forged one changes nothing.
    expect(verify([rootCrl, forged, intermediateCrl])).toBe('ok');
  });

  it('does not use a stale CRL (past nextUpdate) or one not yet valid', async () => {
    const stale = verify([rootCrl, await byIntermediate({ ...revokingLeaf, thisUpdate: new Date('2028-01-01T00:00:00Z'), nextUpdate: new Date('2029-01-01T00:00:00Z') })]) as X509Error;
    expect(stale.reason).toBe('revocation-unknown');
    expect(stale.message).toMatch(/stale: its nextUpdate 2029-01-01T00:00:00Z has passed/);
    const early = verify([rootCrl, await byIntermediate({ thisUpdate: new Date('2031-01-01T00:00:00Z') })]) as X509Error;
    expect(early.message).toMatch(/not valid before its thisUpdate/);
  });

  it('a CRL of another issuer listing the leaf serial does not affect the leaf', async () => {
    // Issued under the root's name and key: it covers the intermediate, not the leaf.
    const rootKeys = await p256FixtureKeys('root');
    const rootListingLeafSerial = await makeCrl({ issuer: root.subjectDer, signingKey: rootKeys.privateKey, ...revokingLeaf });
    expect(verify([rootListingLeafSerial, intermediateCrl])).toBe('ok');
  });

  it('skips a CRL whose authorityKeyIdentifier names another key, before checking its signature', async () => {
    const { provider, verifies } = countingProvider();
    const r = verify([rootCrl, await byIntermediate({ extensions: [crlNumberExt(1n), akiExt(Uint8Array.of(9, 9, 9))] })], { provider }) as X509Error;
    expect(r.message).toMatch(/signed by another key/);
    expect(verifies()).toBe(2); // the two certificate signatures: the leaf is decided first
  });

  it('does not use a CRL with an unknown critical extension, a critical entry extension or a delta indicator', async () => {
    for (const spec of [
      { extensions: [crlNumberExt(1n), extension('1.2.3.4', tlv(0x05, []), true)] },
      { revoked: [{ serial: Uint8Array.of(0x77), extensions: [extension('1.2.3.4', tlv(0x05, []), true)] }] },
      { extensions: [crlNumberExt(2n), extension('2.5.29.27', tlv(0x02, [1]), true)] },
    ]) {
      expect(reasonOf(verify([rootCrl, await byIntermediate(spec)]))).toBe('revocation-unknown');
    }
  });

  it('applies the issuingDistributionPoint scope (§6.3.3 (b)(2))', async () => {
    const idp = async (...fields: Uint8Array[]) => byIntermediate({ extensions: [crlNumberExt(1n), idpExt(...fields)] });
    const yes = [0xff]; // BOOLEAN TRUE (implicitly tagged)
    expect(verify([rootCrl, await idp(tlv(0x81, yes))])).toBe('ok'); // only user certificates: the leaf
    expect((verify([rootCrl, await idp(tlv(0x82, yes))]) as X509Error).message).toMatch(/covers only CA certificates/);
    expect((verify([rootCrl, await idp(tlv(0x84, yes))]) as X509Error).message).toMatch(/indirect CRL/);
    expect((verify([rootCrl, await idp(tlv(0x83, [0x07, 0x80]))]) as X509Error).reason).toBe('revocation-unknown'); // only some reasons
    // A distribution point the leaf (which has no cRLDistributionPoints) does not name.
    const uri = tlv(0x86, [...new TextEncoder().encode('http://crl.example/ca.crl')]);
    expect((verify([rootCrl, await idp(tlv(0xa0, tlv(0xa0, uri)))]) as X509Error).message).toMatch(/distribution point is not one of/);
    // A CRL of only some reasons still revokes what it lists.
    const partial = await byIntermediate({ ...revokingLeaf, extensions: [crlNumberExt(1n), idpExt(tlv(0x83, [0x07, 0x80]))] });
    expect(reasonOf(verify([rootCrl, partial]))).toBe('revoked');
  });
});

describe('revocation by CRL: hostile CRL bytes', async () => {
  const ca = await p256FixtureKeys('intermediate');
  const crl = await makeCrl({
    issuer: intermediate.subjectDer,
    signingKey: ca.privateKey,
    revoked: [{ serial: Uint8Array.of(0x33), extensions: [extension('2.5.29.21', tlv(0x0a, [1]))] }],
    extensions: [akiExt(intermediate.subjectKeyId!), crlNumberExt(7n), idpExt(tlv(0x81, [0xff]))],
  });

  it('a mutated CRL ends in ok or a typed X509Error from explicit checks, never a runtime error', () => {
    expect(verify([rootCrl, crl])).toBe('ok');
    fc.assert(
      fc.property(fc.integer({ min: 0, max: crl.length - 1 }), fc.integer({ min: 0, max: 255 }), (at, byte) => {
        const m = crl.slice();
        m[at] = byte;
        const r = verify([rootCrl, m]);
        if (r === 'ok') return;
        for (let c: unknown = r; c instanceof Error; c = c.cause) expect(c instanceof TypeError || c instanceof RangeError).toBe(false);
        // A changed byte never revokes: the signature no longer covers it.
        expect(r.reason).not.toBe('revoked');
      }),
      { numRuns: 300 },
    );
  }, 60_000);
});

describe('WebPkiVerifier crls option', () => {
  const input = { chain: [good('p256', 'leaf'), good('p256', 'intermediate')], now: NOW, serverName: 'localhost' };

  it('refuses a revoked leaf with alert certificate_revoked, and accepts with covering CRLs', () => {
    const revoked = new WebPkiVerifier({ roots, crls: CrlStore.fromDer([rootCrl, crlFixture('intermediate-revoked')]) });
    expect(() => revoked.verifyServerCertificate(input)).toThrow(expect.objectContaining({ reason: 'revoked', alertName: 'certificate_revoked' }));
    new WebPkiVerifier({ roots, crls: [rootCrl, intermediateCrl] }).verifyServerCertificate(input);
  });

  it('parses DER CRLs once, and remembers CRL signatures in the signature cache', () => {
    const { provider, verifies } = countingProvider();
    const verifier = new WebPkiVerifier({ roots, provider, crls: [rootCrl, intermediateCrl] });
    verifier.verifyServerCertificate(input);
    expect(verifies()).toBe(4);
    verifier.verifyServerCertificate(input);
    expect(verifies()).toBe(4);
  });

  it('a cached CRL signature does not vouch for another TBSCertList with the same signature', async () => {
    const ca = await p256FixtureKeys('intermediate');
    const spec = { issuer: intermediate.subjectDer, signingKey: ca.privateKey };
    const genuine = await makeCrl(spec);
    const signatureCache = new SignatureCache();
    new WebPkiVerifier({ roots, signatureCache, crls: [rootCrl, genuine] }).verifyServerCertificate(input);
    // The same signatureAlgorithm and signature after a TBSCertList that now lists the leaf.
    const tail = genuine.subarray(2 + (genuine[1]! & 0x80 ? genuine[1]! & 0x7f : 0) + crlTbs(spec).length);
    const tampered = seq(crlTbs({ ...spec, revoked: [{ serial: leaf.serial }] }), tail);
    const verifier = new WebPkiVerifier({ roots, signatureCache, crls: [rootCrl, tampered] });
    expect(() => verifier.verifyServerCertificate(input)).toThrow(expect.objectContaining({ reason: 'revocation-unknown', message: expect.stringMatching(/signature was refused/) }));
  });

  it('refuses a malformed CRL when constructed, with a typed error', () => {
    expect(() => new WebPkiVerifier({ roots, crls: [rootCrl.subarray(0, 40)] })).toThrow(expect.objectContaining({ reason: 'bad-encoding' }));
  });
});

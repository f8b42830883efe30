// Errors are explicit, never masked (issue 8, item 23): every malformed structure is refused by
// an explicit check, so the X509Error's cause is that check (never a TypeError or RangeError that
// a catch-all relabelled as bad-encoding).
import { nobleProvider } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../src/parse/certificate.js';
import { certificateSignatureAlgorithm } from '../src/parse/signature_algorithm.js';
import { TrustStore } from '../src/trust/trust_store.js';
import { elementsOf, good, oid, seq, TBS, tlv, withTbsField } from './helpers/pki.js';

const leaf = good('p256', 'leaf');
const rsaKey = nobleProvider.parsePublicKey(parseCertificate(good('rsa', 'leaf')).spki);

/** The error `f` throws, which must be an explicit bad-encoding refusal. */
function explicitRefusal(f: () => unknown): Error {
  let caught: unknown;
  try {
    f();
  } catch (e) {
    caught = e;
  }
  expect(caught).toMatchObject({ name: 'X509Error', reason: 'bad-encoding' });
  const cause = (caught as Error).cause;
  expect(cause).toBeInstanceOf(Error);
  expect(cause).not.toBeInstanceOf(TypeError);
  expect(cause).not.toBeInstanceOf(RangeError);
  expect((caught as Error).message).not.toMatch(/undefined|unchecked|Invalid code point/);
  return caught as Error;
}

const extensions = (cert: Uint8Array) => {
  const tbs = elementsOf(cert)[0]!;
  const last = elementsOf(tbs.raw).at(-1)!;
  return elementsOf(elementsOf(last.raw)[0]!.raw).map((e) => e.raw);
};

describe('explicit refusals', () => {
  it('an empty SEQUENCE in the extension list is refused by a check (extnID is missing)', () => {
    const bad = withTbsField(leaf, TBS.extensions, [...extensions(leaf), seq()]);
    expect(explicitRefusal(() => parseCertificate(bad)).message).toContain('extnID is missing');
  });

  it('an extension that is not a SEQUENCE, or whose extnID is not an OID, is refused by a check', () => {
    explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.extensions, [...extensions(leaf), tlv(0x04, [1])])));
    explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.extensions, [...extensions(leaf), seq(tlv(0x04, [1]), tlv(0x04, []))])));
  });

  it('a UniversalString code point above U+10FFFF is refused by a check', () => {
    const name = seq(tlv(0x31, seq(oid('2.5.4.3'), tlv(0x1c, [0x00, 0x11, 0x00, 0x00]))));
    expect(explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.subject, name))).message).toContain('not a Unicode scalar value');
  });

  it('a UniversalString surrogate, or one not a multiple of 4 octets, and an odd-length BMPString are refused', () => {
    for (const value of [tlv(0x1c, [0, 0, 0xd8, 0]), tlv(0x1c, [0, 0, 0]), tlv(0x1e, [0, 0x41, 0])]) {
      explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.subject, seq(tlv(0x31, seq(oid('2.5.4.3'), value))))));
    }
  });

  it('an empty signature AlgorithmIdentifier and empty RSA-PSS hash / MGF parameters are refused by checks', () => {
    const pss = (params: Uint8Array) => seq(oid('1.2.840.113549.1.1.10'), params);
    for (const alg of [seq(), pss(seq(tlv(0xa0, seq()))), pss(seq(tlv(0xa1, seq()))), pss(seq(tlv(0xa1, seq(oid('1.2.840.113549.1.1.8')))))]) {
      explicitRefusal(() => certificateSignatureAlgorithm(alg, rsaKey, {}, leaf));
    }
  });

  it('an empty SEQUENCE in an extKeyUsage or authorityInfoAccess is refused by a check', () => {
    const ext = (id: string, value: Uint8Array) => seq(oid(id), tlv(0x04, value));
    explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.extensions, [...extensions(leaf).slice(0, 1), ext('1.3.6.1.5.5.7.1.1', seq(seq()))])));
    explicitRefusal(() => parseCertificate(withTbsField(leaf, TBS.extensions, [ext('2.5.29.37', seq())])));
  });

  it('a trust anchor whose extension list holds an empty SEQUENCE is refused by a check', () => {
    const root = good('p256', 'root');
    explicitRefusal(() => TrustStore.fromDer([withTbsField(root, TBS.extensions, [seq(), ...extensions(root)])]));
  });
});

// DER is strict everywhere (issue 8, item 14; X.690 §8.3.2, §10): INTEGERs are minimally encoded
// and non-negative where RFC 5280 wants them positive: serialNumber, pathLenConstraint, the RSA-PSS
// parameters, and the RSA modulus and exponent of a SubjectPublicKeyInfo.
import { nobleProvider } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { parseCertificate } from '../src/parse/certificate.js';
import { certificateSignatureAlgorithm } from '../src/parse/signature_algorithm.js';
import { elementsOf, good, NULL, oid, seq, TBS, tlv, withTbsField } from './helpers/pki.js';

const leaf = good('p256', 'leaf');
const root = good('p256', 'root');
const rsaKey = nobleProvider.parsePublicKey(parseCertificate(good('rsa', 'leaf')).spki);
const refused = (message: RegExp) => expect.objectContaining({ name: 'X509Error', reason: 'bad-encoding', message: expect.stringMatching(message) });
const extensions = (cert: Uint8Array) => elementsOf(elementsOf(elementsOf(elementsOf(cert)[0]!.raw).at(-1)!.raw)[0]!.raw).map((e) => e.raw);
const basicConstraints = (...fields: Uint8Array[]) => seq(oid('2.5.29.19'), tlv(0x01, [0xff]), tlv(0x04, seq(...fields)));
/** The root with its basicConstraints replaced. */
const isBc = (ext: Uint8Array) => Buffer.from(elementsOf(ext)[0]!.raw).equals(Buffer.from(oid('2.5.29.19')));
const rootWithBc = (...fields: Uint8Array[]) => withTbsField(root, TBS.extensions, extensions(root).map((e) => (isBc(e) ? basicConstraints(...fields) : e)));
const TRUE = tlv(0x01, [0xff]);

describe('serialNumber', () => {
  it('a non-minimal serial (00 01) is refused, in a leaf and in an anchor', () => {
    for (const [cert, anchor] of [[leaf, false], [root, true]] as const) {
      expect(() => parseCertificate(withTbsField(cert, TBS.serialNumber, tlv(0x02, [0x00, 0x01])), { anchor })).toThrow(refused(/not minimally encoded/));
    }
  });

  it('a serial with a needed leading 00 (00 80) is accepted; 21 octets only with that 00', () => {
    expect(parseCertificate(withTbsField(leaf, TBS.serialNumber, tlv(0x02, [0x00, 0x80]))).serial).toEqual(Uint8Array.of(0x00, 0x80));
    expect(parseCertificate(withTbsField(leaf, TBS.serialNumber, tlv(0x02, [0x00, ...new Array(20).fill(0x80)]))).serial).toHaveLength(21);
    expect(() => parseCertificate(withTbsField(leaf, TBS.serialNumber, tlv(0x02, new Array(21).fill(0x11))))).toThrow(refused(/longer than 20/));
  });

  it('a negative or empty serial is refused', () => {
    for (const body of [[0x80], [0xff, 0x01], []]) expect(() => parseCertificate(withTbsField(leaf, TBS.serialNumber, tlv(0x02, body)))).toThrow(refused(/empty or negative/));
  });
});

describe('pathLenConstraint', () => {
  it('a non-minimal pathLenConstraint (00 00) is refused', () => {
    expect(() => parseCertificate(rootWithBc(TRUE, tlv(0x02, [0x00, 0x00])), { anchor: true })).toThrow(refused(/non-minimal INTEGER/));
  });

  it('an empty or negative pathLenConstraint is refused', () => {
    expect(() => parseCertificate(rootWithBc(TRUE, tlv(0x02, [])), { anchor: true })).toThrow(refused(/empty INTEGER/));
    expect(() => parseCertificate(rootWithBc(TRUE, tlv(0x02, [0xff])), { anchor: true })).toThrow(refused(/negative INTEGER/));
  });

  it('a minimal pathLenConstraint is read (0, 1, 128 as 00 80)', () => {
    for (const [body, n] of [[[0x00], 0], [[0x01], 1], [[0x00, 0x80], 128]] as const) {
      expect(parseCertificate(rootWithBc(TRUE, tlv(0x02, body)), { anchor: true }).basicConstraints).toEqual({ ca: true, pathLen: n });
    }
  });
});

describe('RSA-PSS parameters', () => {
  const sha256 = seq(oid('2.16.840.1.101.3.4.2.1'), NULL);
  const pss = (...params: Uint8Array[]) => seq(oid('1.2.840.113549.1.1.10'), seq(tlv(0xa0, sha256), tlv(0xa1, seq(oid('1.2.840.113549.1.1.8'), sha256)), ...params));

  it('a minimal saltLength is read', () => {
    expect(certificateSignatureAlgorithm(pss(tlv(0xa2, tlv(0x02, [0x20]))), rsaKey, {}, leaf)).toEqual({ kind: 'rsa-pss', hash: 'sha256', saltLength: 32 });
  });

  it('a non-minimal saltLength (00 20), one not an INTEGER, or a non-minimal trailerField is refused', () => {
    for (const params of [[tlv(0xa2, tlv(0x02, [0x00, 0x20]))], [tlv(0xa2, tlv(0x04, [0x20]))], [tlv(0xa2, tlv(0x02, [0x20])), tlv(0xa3, tlv(0x02, [0x00, 0x01]))]]) {
      expect(() => certificateSignatureAlgorithm(pss(...params), rsaKey, {}, leaf)).toThrow(refused(/./));
    }
  });

  it('repeated or out-of-order parameters are refused', () => {
    expect(() => certificateSignatureAlgorithm(seq(oid('1.2.840.113549.1.1.10'), seq(tlv(0xa2, tlv(0x02, [0x20])), tlv(0xa0, sha256))), rsaKey, {}, leaf)).toThrow(refused(/out of order/));
  });
});

// Test helpers: the fixture PKIs, certificates issued on the fly with @peculiar/x509 (WebCrypto
// P-256), and a few DER builders for hand-made encodings.
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import * as x509 from '@peculiar/x509';
import { nobleProvider, type CryptoProvider } from '@puretls/core';
import { parseCertificate, type ParsedCertificate } from '../../src/parse/certificate.js';
import { children, DerReader, type DerElement } from '../../src/parse/der.js';

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

/** A validation time inside every good fixture's validity. */
export const NOW = Date.UTC(2030, 0, 1);

const pkiDir = fileURLToPath(new URL('../../../../fixtures/pki/', import.meta.url));

export const pemToDer = (pem: string): Uint8Array => Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
export const pemBlocksToDer = (pem: string): Uint8Array[] => (pem.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g) ?? []).map(pemToDer);

/** Text of fixtures/pki/<path>. */
export const fixtureText = (path: string): string => readFileSync(pkiDir + path, 'utf8');
/** A good fixture certificate (DER). */
export const good = (alg: string, name: 'root' | 'intermediate' | 'leaf'): Uint8Array => pemToDer(fixtureText(`good/${alg}/${name}.pem`));
/** A good fixture certificate, parsed. */
export const parsedGood = (alg: string, name: 'root' | 'intermediate' | 'leaf'): ParsedCertificate => parseCertificate(good(alg, name), { anchor: name === 'root' });

const EC = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** A fresh P-256 key pair. */
export const newKeys = async (): Promise<CryptoKeyPair> => (await webcrypto.subtle.generateKey(EC, true, ['sign', 'verify'])) as CryptoKeyPair;

/** The key pair of a p256 good fixture (its .key file and the public key of its certificate). */
export async function p256FixtureKeys(name: 'root' | 'intermediate' | 'leaf'): Promise<CryptoKeyPair> {
  const privateKey = (await webcrypto.subtle.importKey('pkcs8', pemToDer(fixtureText(`good/p256/${name}.key`)), EC, true, ['sign'])) as CryptoKey;
  const publicKey = (await webcrypto.subtle.importKey('spki', parsedGood('p256', name).spki, EC, true, ['verify'])) as CryptoKey;
  return { privateKey, publicKey };
}

export const hex = (b: Uint8Array | undefined): string => Buffer.from(b ?? []).toString('hex');

export interface IssueOptions {
  readonly subject: string;
  readonly issuer: string;
  readonly publicKey: CryptoKey;
  readonly signingKey: CryptoKey;
  readonly notBefore?: Date;
  readonly notAfter?: Date;
  /** A CA: basicConstraints cA (critical) and keyUsage keyCertSign (critical). Otherwise a TLS server leaf. */
  readonly ca?: boolean;
  /** subjectKeyIdentifier / authorityKeyIdentifier, hex. */
  readonly ski?: string;
  readonly aki?: string;
  readonly sans?: readonly { type: 'dns' | 'ip'; value: string }[];
  readonly serial?: string;
}

let serialCounter = 1;

/** Issues a certificate (DER) as the options say, signed ECDSA P-256 / SHA-256. */
export async function issue(o: IssueOptions): Promise<Uint8Array> {
  const ext: x509.Extension[] = [];
  if (o.ca) {
    ext.push(new x509.BasicConstraintsExtension(true, undefined, true));
    ext.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true));
  } else {
    ext.push(new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true));
    ext.push(new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false));
  }
  if (o.ski !== undefined) ext.push(new x509.SubjectKeyIdentifierExtension(o.ski));
  if (o.aki !== undefined) ext.push(new x509.AuthorityKeyIdentifierExtension(o.aki));
  if (o.sans !== undefined) ext.push(new x509.SubjectAlternativeNameExtension(o.sans.map((n) => ({ ...n }))));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: o.serial ?? (serialCounter++).toString(16).padStart(6, '0'),
    subject: o.subject,
    issuer: o.issuer,
    notBefore: o.notBefore ?? new Date('2020-01-01T00:00:00Z'),
    notAfter: o.notAfter ?? new Date('2090-01-01T00:00:00Z'),
    signingAlgorithm: EC,
    publicKey: o.publicKey,
    signingKey: o.signingKey,
    extensions: ext,
  });
  return new Uint8Array(cert.rawData);
}

// --- DER builders -------------------------------------------------------------------------------

const lengthBytes = (n: number): number[] => {
  if (n < 0x80) return [n];
  const out: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return [0x80 | out.length, ...out];
};

/** One TLV with the given tag around the concatenated parts. */
export function tlv(tag: number, ...parts: (Uint8Array | readonly number[])[]): Uint8Array {
  const body = Buffer.concat(parts.map((p) => Uint8Array.from(p)));
  return Uint8Array.from([tag, ...lengthBytes(body.length), ...body]);
}

export const seq = (...parts: (Uint8Array | readonly number[])[]): Uint8Array => tlv(0x30, ...parts);
export const NULL = Uint8Array.of(0x05, 0x00);

/** An OBJECT IDENTIFIER TLV from dotted text. */
export function oid(text: string): Uint8Array {
  const [a, b, ...rest] = text.split('.').map(Number) as [number, number, ...number[]];
  const body = [40 * a + b];
  for (const arc of rest) {
    const chunk = [arc & 0x7f];
    for (let v = arc >>> 7; v > 0; v >>>= 7) chunk.unshift(0x80 | (v & 0x7f));
    body.push(...chunk);
  }
  return tlv(0x06, body);
}

/** The elements of a DER SEQUENCE given as its whole encoding. */
export const elementsOf = (raw: Uint8Array): DerElement[] => children(new DerReader(raw).read());

/** The noble provider, counting signature verifications (the work a chain causes). */
export function countingProvider(): { provider: CryptoProvider; verifies: () => number } {
  let n = 0;
  return { provider: { ...nobleProvider, verify: (...args) => { n++; return nobleProvider.verify(...args); } }, verifies: () => n };
}

/** The DER INTEGER body of a non-negative bigint (minimal, with a 00 when the top bit is set). */
export function intBody(x: bigint): Uint8Array {
  let h = x.toString(16);
  if (h.length % 2) h = '0' + h;
  const b = Buffer.from(h, 'hex');
  return b[0]! & 0x80 ? Uint8Array.from([0, ...b]) : new Uint8Array(b);
}

/** An rsaEncryption SubjectPublicKeyInfo for any (n, e), valid or not. */
export const rsaSpki = (n: bigint, e: bigint): Uint8Array =>
  seq(seq(oid('1.2.840.113549.1.1.1'), NULL), tlv(0x03, [0], seq(tlv(0x02, intBody(n)), tlv(0x02, intBody(e)))));

/** The certificate with its SubjectPublicKeyInfo replaced (its own signature no longer verifies). */
export function withSpki(cert: Uint8Array, spki: Uint8Array): Uint8Array {
  const [tbs, sigAlg, sig] = elementsOf(cert) as [DerElement, DerElement, DerElement];
  const fields = children(tbs).map((f) => f.raw);
  fields[fields.length > 0 && tbs.value[0] === 0xa0 ? 6 : 5] = spki;
  return seq(seq(...fields), sigAlg.raw, sig.raw);
}

/**
 * The certificate claiming sha256WithRSAEncryption (in both algorithm fields) with a signature of
 * `length` bytes 0x01: what a hostile server sends so that a huge RSA issuer key gets exponentiated.
 */
export function withRsaSignature(cert: Uint8Array, length: number): Uint8Array {
  const alg = seq(oid('1.2.840.113549.1.1.11'), NULL);
  const [tbs] = elementsOf(cert) as [DerElement];
  const fields = children(tbs).map((f) => f.raw);
  fields[tbs.value[0] === 0xa0 ? 2 : 1] = alg;
  return seq(seq(...fields), alg, tlv(0x03, [0], new Uint8Array(length).fill(1)));
}

/** TBSCertificate field positions (RFC 5280 §4.1), counting from the serial number. */
export const TBS = { serialNumber: 0, signature: 1, issuer: 2, validity: 3, subject: 4, subjectPublicKeyInfo: 5, extensions: -1 } as const;

/**
 * The certificate with one TBS field replaced (its signature no longer verifies): `field` counts
 * from the serial number (see TBS); TBS.extensions replaces the [3] wrapper's SEQUENCE contents.
 */
export function withTbsField(cert: Uint8Array, field: number, raw: Uint8Array | readonly Uint8Array[]): Uint8Array {
  const [tbs, sigAlg, sig] = elementsOf(cert) as [DerElement, DerElement, DerElement];
  const fields = children(tbs).map((f) => f.raw);
  const offset = tbs.value[0] === 0xa0 ? 1 : 0;
  if (field === TBS.extensions) fields[fields.length - 1] = tlv(0xa3, seq(...(raw as readonly Uint8Array[])));
  else fields[field + offset] = raw as Uint8Array;
  return seq(seq(...fields), sigAlg.raw, sig.raw);
}

// Test helpers for CRLs (RFC 5280 §5.1): the committed openssl CRL fixtures, and CRLs built by
// hand (every field chosen by the test) and signed ECDSA P-256 / SHA-256 with WebCrypto.
import { readFileSync } from 'node:fs';
import { webcrypto } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { intBody, oid, pemToDer, seq, tlv } from './pki.js';

const crlDir = fileURLToPath(new URL('../../../../fixtures/pki/crl/', import.meta.url));

/** A committed CRL fixture (fixtures/generate-crl.sh), as DER. */
export const crlFixture = (name: 'root' | 'intermediate' | 'intermediate-revoked' | 'root-revoked'): Uint8Array => pemToDer(readFileSync(`${crlDir}${name}.crl.pem`, 'utf8'));
/** A committed CRL fixture as PEM text. */
export const crlFixturePem = (name: 'root' | 'intermediate' | 'intermediate-revoked' | 'root-revoked'): string => readFileSync(`${crlDir}${name}.crl.pem`, 'utf8');

const ECDSA_SHA256 = seq(oid('1.2.840.10045.4.3.2'));

/** UTCTime before 2050, GeneralizedTime from then on (RFC 5280 §5.1.2.4). */
export function derTimeOf(d: Date): Uint8Array {
  const s = d.toISOString().replace(/[-:T]/g, '').slice(0, 14) + 'Z';
  return d.getUTCFullYear() < 2050 ? tlv(0x17, [...new TextEncoder().encode(s.slice(2))]) : tlv(0x18, [...new TextEncoder().encode(s)]);
}

/** One Extension (RFC 5280 §4.1). */
export const extension = (oidText: string, value: Uint8Array, critical = false): Uint8Array =>
  seq(oid(oidText), ...(critical ? [Uint8Array.of(0x01, 0x01, 0xff)] : []), tlv(0x04, value));

/** A cRLNumber extension (§5.2.3). */
export const crlNumberExt = (n: bigint, critical = false): Uint8Array => extension('2.5.29.20', tlv(0x02, intBody(n)), critical);
/** An authorityKeyIdentifier of only a keyIdentifier (§5.2.1). */
export const akiExt = (keyId: Uint8Array): Uint8Array => extension('2.5.29.35', seq(tlv(0x80, keyId)));
/** An issuingDistributionPoint (§5.2.5) of the given encoded fields, critical. */
export const idpExt = (...fields: Uint8Array[]): Uint8Array => extension('2.5.29.28', seq(...fields), true);

export interface RevokedEntry {
  /** The serial's INTEGER contents (as ParsedCertificate.serial holds them). */
  readonly serial: Uint8Array;
  readonly date?: Date;
  /** Entry extensions (encoded Extension each). */
  readonly extensions?: readonly Uint8Array[];
}

export interface CrlSpec {
  /** The issuer Name's DER (a certificate's subjectDer). */
  readonly issuer: Uint8Array;
  readonly signingKey: CryptoKey;
  readonly thisUpdate?: Date;
  /** null: no nextUpdate. */
  readonly nextUpdate?: Date | null;
  readonly revoked?: readonly RevokedEntry[];
  /** CRL extensions (encoded Extension each); default a cRLNumber of 1. */
  readonly extensions?: readonly Uint8Array[];
}

/** The TBSCertList (§5.1.2) the spec says. */
export function crlTbs(spec: CrlSpec): Uint8Array {
  const revoked = spec.revoked ?? [];
  const entries = revoked.map((r) => seq(tlv(0x02, r.serial), derTimeOf(r.date ?? new Date('2025-01-01T00:00:00Z')), ...(r.extensions === undefined ? [] : [seq(...r.extensions)])));
  const exts = spec.extensions ?? [crlNumberExt(1n)];
  return seq(
    tlv(0x02, [1]),
    ECDSA_SHA256,
    spec.issuer,
    derTimeOf(spec.thisUpdate ?? new Date('2025-01-01T00:00:00Z')),
    ...(spec.nextUpdate === null ? [] : [derTimeOf(spec.nextUpdate ?? new Date('2090-01-01T00:00:00Z'))]),
    ...(entries.length === 0 ? [] : [seq(...entries)]),
    ...(exts.length === 0 ? [] : [tlv(0xa0, seq(...exts))]),
  );
}

/** An ECDSA signature in DER from WebCrypto's r || s. */
function ecdsaDer(raw: Uint8Array): Uint8Array {
  const int = (b: Uint8Array) => tlv(0x02, intBody(BigInt('0x' + Buffer.from(b).toString('hex'))));
  return seq(int(raw.subarray(0, 32)), int(raw.subarray(32)));
}

/** Signs a TBSCertList into a CertificateList (§5.1). */
export async function signCrl(tbs: Uint8Array, signingKey: CryptoKey): Promise<Uint8Array> {
  const raw = new Uint8Array(await webcrypto.subtle.sign({ name: 'ECDSA', hash: 'SHA-256' }, signingKey, tbs));
  return seq(tbs, ECDSA_SHA256, tlv(0x03, [0], ecdsaDer(raw)));
}

/** A signed CRL as the spec says. */
export const makeCrl = async (spec: CrlSpec): Promise<Uint8Array> => signCrl(crlTbs(spec), spec.signingKey);

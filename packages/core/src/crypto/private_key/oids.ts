/**
 * The object identifiers of private key files: key algorithms (RFC 5480, RFC 8410, RFC 8017),
 * curves, and the PBES2 pieces (RFC 8018 Appendix B, NIST AES), plus names for refusals.
 */

/**
 * OIDs we act on.
 *
 * @example
 * if (alg.oid === OID.ed25519) parseEd25519();
 */
export const OID = {
  ecPublicKey: '1.2.840.10045.2.1',
  p256: '1.2.840.10045.3.1.7',
  p384: '1.3.132.0.34',
  ed25519: '1.3.101.112',
  rsaEncryption: '1.2.840.113549.1.1.1',
  rsassaPss: '1.2.840.113549.1.1.10',
  mgf1: '1.2.840.113549.1.1.8',
  sha1: '1.3.14.3.2.26',
  sha256: '2.16.840.1.101.3.4.2.1',
  sha384: '2.16.840.1.101.3.4.2.2',
  sha512: '2.16.840.1.101.3.4.2.3',
  pbes2: '1.2.840.113549.1.5.13',
  pbkdf2: '1.2.840.113549.1.5.12',
  hmacWithSha1: '1.2.840.113549.2.7',
  hmacWithSha224: '1.2.840.113549.2.8',
  hmacWithSha256: '1.2.840.113549.2.9',
  hmacWithSha384: '1.2.840.113549.2.10',
  hmacWithSha512: '1.2.840.113549.2.11',
  aes128Cbc: '2.16.840.1.101.3.4.1.2',
  aes192Cbc: '2.16.840.1.101.3.4.1.22',
  aes256Cbc: '2.16.840.1.101.3.4.1.42',
} as const;

/** Names of OIDs we refuse, so the message says more than digits. */
const KNOWN: Readonly<Record<string, string>> = {
  '1.3.132.0.35': 'P-521',
  '1.3.132.0.10': 'secp256k1',
  '1.3.36.3.3.2.8.1.1.7': 'brainpoolP256r1',
  '1.3.101.110': 'X25519',
  '1.3.101.111': 'X448',
  '1.3.101.113': 'Ed448',
  '1.2.840.10040.4.1': 'DSA',
  '1.2.840.10046.2.1': 'DH',
  '1.2.840.113549.1.3.1': 'DH',
  '2.16.840.1.101.3.4.2.4': 'SHA-224',
  '1.3.6.1.4.1.11591.4.11': 'scrypt',
  '1.2.840.113549.3.7': 'DES-EDE3-CBC',
  '1.3.14.3.2.7': 'DES-CBC',
};

/**
 * An OID for a message: its name if we know one, and the dotted form.
 *
 * @example
 * oidName('1.3.132.0.35'); // 'P-521 (1.3.132.0.35)'
 */
export function oidName(oid: string): string {
  const name = KNOWN[oid];
  return name === undefined ? oid : `${name} (${oid})`;
}

/**
 * PBES1 schemes (RFC 8018 §6.1, OIDs 1.2.840.113549.1.5.{1,3,4,6,10,11}) and the PKCS#12 ones
 * (RFC 7292 Appendix C, 1.2.840.113549.1.12.1.*): DES, RC2, RC4 under MD2/MD5/SHA-1 derivations.
 *
 * @example
 * isPbes1('1.2.840.113549.1.12.1.3'); // true (pbeWithSHAAnd3-KeyTripleDES-CBC)
 */
export function isPbes1(oid: string): boolean {
  return /^1\.2\.840\.113549\.1\.5\.(1|3|4|6|10|11)$/.test(oid) || oid.startsWith('1.2.840.113549.1.12.1.');
}

/**
 * PrivateKeyInfo / OneAsymmetricKey (RFC 5208 §5, RFC 5958 §2): version, algorithm, the key
 * octets and the optional attributes and (v2) public key. Dispatches on the algorithm to the
 * EC (RFC 5915), Ed25519 (RFC 8410) and RSA (RFC 8017, RFC 4055) parsers.
 */
import { derBitStringBytes, DerTag, derUnsigned } from '../der.js';
import type { HashAlgorithm } from '../provider.js';
import { algorithm, Ctx, inside, malformed, nullOrAbsent, optional, smallInteger, take } from './asn1.js';
import { ed25519KeyParts } from './ed25519.js';
import { PrivateKeyError } from './errors.js';
import { OID, oidName } from './oids.js';
import { parseRsaPrivateKey } from './pkcs1.js';
import { pssKeyHash } from './rsa_pss.js';
import { namedCurve, parseEcPrivateKey, type KeyParts } from './sec1.js';

/**
 * A PKCS#8 key: its parts, and the hash an RSASSA-PSS key's parameters fix.
 *
 * @example
 * const { pssHash } = parsePkcs8(der); // 'sha256' for a key restricted to SHA-256
 */
export interface Pkcs8Key extends KeyParts {
  readonly pssHash?: HashAlgorithm;
}

/**
 * Parses a DER PrivateKeyInfo (v1) or OneAsymmetricKey (v2).
 *
 * @example
 * const { publicKey, material } = parsePkcs8(der); // publicKey.kind: 'ec' | 'ed25519' | 'rsa'
 */
export function parsePkcs8(der: Uint8Array): Pkcs8Key {
  const r = inside(der, DerTag.SEQUENCE, 'PrivateKeyInfo');
  const version = smallInteger(take(r, DerTag.INTEGER, 'PrivateKeyInfo version'));
  if (version !== 0 && version !== 1) throw malformed('PrivateKeyInfo: version must be 0 or 1 (RFC 5958 §2)');
  const alg = algorithm(r, 'privateKeyAlgorithm');
  const privateKey = take(r, DerTag.OCTET_STRING, 'PrivateKeyInfo privateKey').value;
  optional(r, Ctx.c0); // attributes (e.g. a friendly name): nothing we use
  const pub = optional(r, Ctx.p1);
  if (!r.done) throw malformed('PrivateKeyInfo: trailing data');
  if (pub !== undefined && version !== 1) throw malformed('PrivateKeyInfo: publicKey needs version 1 (RFC 5958 §2)');
  const given = pub === undefined ? undefined : derBitStringBytes(pub);
  switch (alg.oid) {
    case OID.ecPublicKey:
      return parseEcPrivateKey(privateKey, namedCurve(alg.params), given);
    case OID.ed25519:
      if (alg.params !== undefined) throw malformed('Ed25519 key: algorithm parameters must be absent (RFC 8410 §3)');
      return ed25519KeyParts(privateKey, given);
    case OID.rsaEncryption: {
      nullOrAbsent(alg.params, 'rsaEncryption parameters');
      return checkRsaPublic(parseRsaPrivateKey(privateKey, false), given);
    }
    case OID.rsassaPss: {
      const pssHash = pssKeyHash(alg.params);
      const parts = checkRsaPublic(parseRsaPrivateKey(privateKey, true), given);
      return pssHash === undefined ? parts : { ...parts, pssHash };
    }
    default:
      throw new PrivateKeyError('unsupported', `unsupported private key algorithm ${oidName(alg.oid)}; supported: RSA, RSASSA-PSS, EC (P-256, P-384), Ed25519`);
  }
}

/** A v2 publicKey of an RSA key is an RSAPublicKey (RFC 8017 §A.1.1); it must be the key's. */
function checkRsaPublic(parts: KeyParts, given: Uint8Array | undefined): KeyParts {
  if (given === undefined || parts.publicKey.kind !== 'rsa') return parts;
  const r = inside(given, DerTag.SEQUENCE, 'RSAPublicKey');
  const n = derUnsigned(take(r, DerTag.INTEGER, 'RSAPublicKey modulus'));
  const e = derUnsigned(take(r, DerTag.INTEGER, 'RSAPublicKey publicExponent'));
  if (!r.done) throw malformed('RSAPublicKey: trailing data');
  if (n !== parts.publicKey.n || e !== parts.publicKey.e) throw new PrivateKeyError('inconsistent', 'RSA key: the public key in the file does not belong to the private key');
  return parts;
}

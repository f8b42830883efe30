/**
 * EncryptedPrivateKeyInfo (RFC 5958 §3) under PBES2 (RFC 8018 §6.2): PBKDF2 (§5.2) with an
 * HMAC-SHA-1/-224/-256/-384/-512 PRF (Appendix B.1.1–B.1.2), and AES-CBC (NIST SP 800-38A)
 * with PKCS#7 padding (RFC 8018 §6.2.1 step 4, i.e. RFC 5652 §6.3). Everything is checked before
 * the key derivation runs, the iteration count against Limits.maxPbkdf2Iterations.
 */
import { cbc } from '@noble/ciphers/aes.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { pbkdf2 } from '@noble/hashes/pbkdf2.js';
import { sha224, sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { Limits } from '../../limits.js';
import { DerReader, DerTag } from '../der.js';
import { algorithm, malformed, nullOrAbsent, only, optional, smallInteger, take, type Algorithm } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import { isPbes1, OID, oidName } from './oids.js';

const PRFS = { [OID.hmacWithSha1]: sha1, [OID.hmacWithSha224]: sha224, [OID.hmacWithSha256]: sha256, [OID.hmacWithSha384]: sha384, [OID.hmacWithSha512]: sha512 } as const;
const AES_KEY_LENGTHS: Readonly<Record<string, number>> = { [OID.aes128Cbc]: 16, [OID.aes192Cbc]: 24, [OID.aes256Cbc]: 32 };

const CONVERT = 'convert it with `openssl pkcs8 -topk8 -v2 aes-256-cbc`';

/** Everything needed to decrypt, read and checked from the DER. */
interface Pbes2 {
  readonly prf: (typeof PRFS)[keyof typeof PRFS];
  readonly salt: Uint8Array;
  readonly iterations: number;
  readonly keyLength: number;
  readonly iv: Uint8Array;
  readonly ciphertext: Uint8Array;
}

/** PBKDF2-params (RFC 8018 §A.2). */
function pbkdf2Params(kdf: Algorithm, keyLength: number): Pick<Pbes2, 'prf' | 'salt' | 'iterations'> {
  if (kdf.oid !== OID.pbkdf2) throw new PrivateKeyError('unsupported', `encrypted key: unsupported key derivation ${oidName(kdf.oid)} (only PBKDF2); ${CONVERT}`);
  if (kdf.params === undefined || kdf.params.tag !== DerTag.SEQUENCE) throw malformed('PBKDF2-params missing');
  const r = new DerReader(kdf.params.value);
  if (r.peekTag() !== DerTag.OCTET_STRING) throw new PrivateKeyError('unsupported', 'encrypted key: PBKDF2 salt from another source is not supported (RFC 8018 §A.2 otherSource)');
  const salt = r.read().value;
  const iterations = smallInteger(take(r, DerTag.INTEGER, 'PBKDF2 iterationCount'));
  const length = optional(r, DerTag.INTEGER);
  const prfAlg = r.done ? undefined : algorithm(r, 'PBKDF2 prf');
  if (!r.done) throw malformed('PBKDF2-params: trailing data');
  if (iterations < 1) throw malformed('PBKDF2 iterationCount must be at least 1');
  if (iterations > Limits.maxPbkdf2Iterations) {
    const count = iterations === Infinity ? 'above 2^48' : String(iterations);
    throw new PrivateKeyError('unsupported', `encrypted key: PBKDF2 iteration count ${count} exceeds the limit of ${Limits.maxPbkdf2Iterations} (Limits.maxPbkdf2Iterations)`);
  }
  if (length !== undefined && smallInteger(length) !== keyLength) throw malformed(`PBKDF2 keyLength does not match the cipher's ${keyLength}-byte key`);
  // The PRF defaults to hmacWithSHA1 (RFC 8018 §A.2).
  const prfOid = prfAlg === undefined ? OID.hmacWithSha1 : prfAlg.oid;
  const prf = (PRFS as Readonly<Record<string, Pbes2['prf']>>)[prfOid];
  if (prf === undefined) throw new PrivateKeyError('unsupported', `encrypted key: unsupported PBKDF2 PRF ${oidName(prfOid)}`);
  if (prfAlg !== undefined) nullOrAbsent(prfAlg.params, 'PBKDF2 prf parameters');
  return { prf, salt, iterations };
}

/** Reads and checks the whole EncryptedPrivateKeyInfo; no key derivation yet. */
function readPbes2(der: Uint8Array): Pbes2 {
  const r = new DerReader(only(der, DerTag.SEQUENCE, 'EncryptedPrivateKeyInfo').value);
  const alg = algorithm(r, 'encryptionAlgorithm');
  const ciphertext = take(r, DerTag.OCTET_STRING, 'EncryptedPrivateKeyInfo encryptedData').value;
  if (!r.done) throw malformed('EncryptedPrivateKeyInfo: trailing data');
  if (isPbes1(alg.oid)) throw new PrivateKeyError('unsupported', `encrypted key: PBES1 / PKCS#12 encryption ${oidName(alg.oid)} is not supported (weak ciphers and key derivation); ${CONVERT}`);
  if (alg.oid !== OID.pbes2) throw new PrivateKeyError('unsupported', `encrypted key: unsupported encryption ${oidName(alg.oid)}; ${CONVERT}`);
  if (alg.params === undefined || alg.params.tag !== DerTag.SEQUENCE) throw malformed('PBES2-params missing');
  const p = new DerReader(alg.params.value);
  const kdf = algorithm(p, 'PBES2 keyDerivationFunc');
  const scheme = algorithm(p, 'PBES2 encryptionScheme');
  if (!p.done) throw malformed('PBES2-params: trailing data');
  const keyLength = AES_KEY_LENGTHS[scheme.oid];
  if (keyLength === undefined) throw new PrivateKeyError('unsupported', `encrypted key: unsupported cipher ${oidName(scheme.oid)} (only AES-128/192/256-CBC); ${CONVERT}`);
  if (scheme.params === undefined || scheme.params.tag !== DerTag.OCTET_STRING || scheme.params.value.length !== 16) throw malformed('AES-CBC parameters must be a 16-byte IV');
  if (ciphertext.length === 0 || ciphertext.length % 16 !== 0) throw malformed('encrypted key: ciphertext is not a whole number of AES blocks');
  return { ...pbkdf2Params(kdf, keyLength), keyLength, iv: scheme.params.value, ciphertext };
}

/**
 * The refusal for a wrong passphrase: bad padding, or decrypted bytes that are not a DER key
 * (with AES-CBC a wrong key usually fails the padding, and otherwise gives noise).
 *
 * @example
 * if (e instanceof PrivateKeyError && e.reason === 'malformed') throw wrongPassphrase();
 */
export function wrongPassphrase(): PrivateKeyError {
  return new PrivateKeyError('passphrase', 'encrypted key: wrong passphrase or corrupt key');
}

/**
 * Checks the parameters, then, with a passphrase, decrypts: returns the PrivateKeyInfo DER in a
 * buffer of its own, which the caller wipes. Without one it fails with reason 'encrypted'.
 *
 * @example
 * const plain = decryptPkcs8(der, new TextEncoder().encode('secret'));
 * try { use(parsePkcs8(plain)); } finally { plain.fill(0); }
 */
export function decryptPkcs8(der: Uint8Array, passphrase: Uint8Array | undefined): Uint8Array {
  const params = readPbes2(der);
  if (passphrase === undefined) throw new PrivateKeyError('encrypted', 'the private key is encrypted: a passphrase is needed');
  const kek = pbkdf2(params.prf, passphrase, params.salt, { c: params.iterations, dkLen: params.keyLength });
  let padded: Uint8Array;
  try {
    padded = cbc(kek, params.iv, { disablePadding: true }).decrypt(params.ciphertext);
  } finally {
    kek.fill(0);
  }
  // PKCS#7 padding: 1 to 16 bytes, each holding the count. Checked here so the whole buffer can be
  // wiped whatever the outcome; no oracle to worry about, the check runs on our own file.
  const pad = padded[padded.length - 1]!;
  let ok = pad >= 1 && pad <= 16;
  for (let i = 1; ok && i <= pad; i++) ok = padded[padded.length - i] === pad;
  if (!ok) {
    padded.fill(0);
    throw wrongPassphrase();
  }
  const plain = padded.slice(0, padded.length - pad);
  padded.fill(0);
  return plain;
}

/**
 * Ed25519 private keys in PKCS#8 (RFC 8410 §7): the privateKey OCTET STRING holds a
 * CurvePrivateKey, itself an OCTET STRING of the 32-byte seed (RFC 8032 §5.1.5). The public key is
 * computed from the seed; one given in OneAsymmetricKey's publicKey (RFC 5958 v2) must equal it.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { equalBytes } from '../../codec/ct.js';
import { DerTag } from '../der.js';
import { malformed, only } from './asn1.js';
import { PrivateKeyError } from './errors.js';
import type { KeyParts } from './sec1.js';

/**
 * The key from PKCS#8's privateKey contents and the optional public key of a v2 OneAsymmetricKey.
 *
 * @example
 * const { publicKey } = ed25519KeyParts(privateKeyOctets, undefined); // { kind: 'ed25519', key }
 */
export function ed25519KeyParts(privateKey: Uint8Array, given: Uint8Array | undefined): KeyParts {
  const inner = only(privateKey, DerTag.OCTET_STRING, 'Ed25519 CurvePrivateKey').value;
  if (inner.length !== 32) throw malformed('Ed25519 key: the seed must be 32 bytes (RFC 8410 §7)');
  const seed = inner.slice();
  const key = ed25519.getPublicKey(seed);
  if (given !== undefined && !equalBytes(given, key)) {
    seed.fill(0);
    throw new PrivateKeyError('inconsistent', 'Ed25519 key: the public key in the file does not belong to the seed');
  }
  return { publicKey: { kind: 'ed25519', key }, material: { kind: 'ed25519', seed } };
}

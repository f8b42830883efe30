/**
 * The key-exchange groups on node:crypto (RFC 9846 §4.3.7, §7.4): X25519, P-256, P-384,
 * X25519MLKEM768 and SecP256r1MLKEM768 (their ML-KEM half core's, over node:crypto's SHA-3: Node
 * 20's OpenSSL has no ML-KEM), with the noble groups' semantics: the private key comes from the
 * engine's `random` (so replays are deterministic), shares are validated the same way, and every
 * refusal is illegal_parameter.
 */
import { createECDH, createPrivateKey, createPublicKey, diffieHellman, type ECDH, type KeyObject } from 'node:crypto';
import { InternalError, InvalidMessageError, type ActiveKeyExchange, type SupportedGroup } from '@puretls/core';
import { drawKey, mlKem768, SECP256R1, SECP384R1, secp256r1MlKem768Group, X25519, x25519MlKem768Group } from '@puretls/core/crypto';
import { NODE_SHA3, own } from './hashes.js';

function badShare(group: string, why: string): InvalidMessageError {
  return new InvalidMessageError('illegal_parameter', `${group} key share: ${why}`);
}

function used(group: string): InternalError {
  return new InternalError(`${group} key exchange used after destroy()`);
}


/**
 * X25519 (RFC 7748) with a KeyObject made from the raw bytes; OpenSSL clamps, as noble does. The
 * all-zero shared secret (a low-order share) is refused (RFC 9846 §7.4.2). The KeyObject cannot
 * be wiped from JavaScript: destroy() drops it, and OpenSSL clears the key when it is freed.
 *
 * The import is a JWK, not PKCS#8 DER: Node 20 has no raw import, and its PKCS#8 path goes through
 * OpenSSL 3's decoder framework, ~0.5 ms per key (a fifth of a local handshake), where the JWK
 * path (`EVP_PKEY_new_raw_private_key`) takes ~0.06 ms, most of it the scalar multiplication. The
 * price: the private key passes through a base64url string (and a small Buffer Node decodes it
 * into), which JavaScript cannot wipe; both become garbage at once and are overwritten as the heap
 * is reused. The key is ephemeral (one handshake), and the KeyObject holding it lives until the
 * handshake ends either way.
 */
function x25519Exchange(group: SupportedGroup, secret: Uint8Array): ActiveKeyExchange {
  let key: KeyObject | undefined = createPrivateKey({ key: { kty: 'OKP', crv: 'X25519', d: Buffer.from(secret.buffer, secret.byteOffset, secret.length).toString('base64url'), x: '' }, format: 'jwk' });
  // The public JWK: JWK import and export skip OpenSSL's DER encoders and decoders.
  const x = createPublicKey(key).export({ format: 'jwk' }).x;
  if (typeof x !== 'string') throw new InternalError('x25519: node:crypto exported no public key');
  return {
    group,
    share: new Uint8Array(Buffer.from(x, 'base64url')),
    complete(peer) {
      if (key === undefined) throw used('x25519');
      if (peer.length !== 32) throw badShare('x25519', `length ${peer.length}`);
      let shared: Uint8Array;
      try {
        const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'X25519', x: Buffer.from(peer).toString('base64url') }, format: 'jwk' });
        shared = own(diffieHellman({ privateKey: key, publicKey }));
      } catch {
        throw badShare('x25519', 'low-order point'); // OpenSSL refuses the all-zero result itself
      }
      if (shared.every((b) => b === 0)) throw badShare('x25519', 'all-zero shared secret');
      return shared;
    },
    destroy: () => { key = undefined; },
  };
}

/** The group orders, big-endian: a private key is 1 <= d < n, as noble's isValidSecretKey (no reduction). */
const ORDERS = {
  'prime256v1': Buffer.from('ffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551', 'hex'),
  'secp384r1': Buffer.from('ffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973', 'hex'),
} as const;

/** 0 < d < n over equal-length big-endian bytes. */
function validScalar(d: Uint8Array, n: Uint8Array): boolean {
  let nonZero = 0;
  for (const b of d) nonZero |= b;
  if (nonZero === 0) return false;
  for (let i = 0; i < n.length; i++) {
    if (d[i]! !== n[i]!) return d[i]! < n[i]!;
  }
  return false; // d === n
}

/** ONE: what destroy() sets the ECDH private key to, so OpenSSL clears the real one now. */
const ONE = (len: number): Uint8Array => { const b = new Uint8Array(len); b[len - 1] = 1; return b; };

/** ECDHE over P-256/P-384: uncompressed points only, validated by OpenSSL; the secret is the x-coordinate. */
function nistExchange(group: SupportedGroup, curve: keyof typeof ORDERS, fieldLen: number, secret: Uint8Array): ActiveKeyExchange | null {
  if (!validScalar(secret, ORDERS[curve])) return null;
  let ecdh: ECDH | undefined = createECDH(curve);
  ecdh.setPrivateKey(secret);
  return {
    group,
    share: new Uint8Array(ecdh.getPublicKey(null, 'uncompressed')),
    complete(peer) {
      if (ecdh === undefined) throw used(group.name);
      // RFC 9846 §4.3.8.2: UncompressedPointRepresentation only.
      if (peer.length !== 1 + 2 * fieldLen || peer[0] !== 0x04) throw badShare(group.name, 'not an uncompressed point');
      try {
        return own(ecdh.computeSecret(peer)); // OpenSSL checks the point is on the curve
      } catch {
        throw badShare(group.name, 'point not on the curve');
      }
    },
    destroy: () => {
      ecdh?.setPrivateKey(ONE(fieldLen));
      ecdh = undefined;
    },
  };
}

/** X25519 (0x001d) on node:crypto. @example NODE_X25519.start(random).share.length // 32 */
export const NODE_X25519: SupportedGroup = {
  id: X25519.id,
  name: X25519.name,
  start: (random) => drawKey('x25519', random, 32, (s) => x25519Exchange(NODE_X25519, s)),
};

/** secp256r1 (0x0017) on node:crypto. @example NODE_SECP256R1.start(random).share.length // 65 */
export const NODE_SECP256R1: SupportedGroup = {
  id: SECP256R1.id,
  name: SECP256R1.name,
  start: (random) => drawKey('secp256r1', random, 32, (s) => nistExchange(NODE_SECP256R1, 'prime256v1', 32, s)),
};

/** secp384r1 (0x0018) on node:crypto. @example NODE_SECP384R1.start(random).share.length // 97 */
export const NODE_SECP384R1: SupportedGroup = {
  id: SECP384R1.id,
  name: SECP384R1.name,
  start: (random) => drawKey('secp384r1', random, 48, (s) => nistExchange(NODE_SECP384R1, 'secp384r1', 48, s)),
};

/**
 * ML-KEM-768 over node:crypto's SHA-3. Node 20's OpenSSL 3.0 has no ML-KEM, but the SHA-3 and
 * SHAKE calls are most of ML-KEM's time in JavaScript; the lattice arithmetic stays core's.
 */
const NODE_MLKEM768 = mlKem768(NODE_SHA3);

/**
 * X25519MLKEM768 (0x11ec): ML-KEM-768 over node:crypto's SHA-3 (Node 20's OpenSSL 3.0 has no
 * ML-KEM), the X25519 half through {@link NODE_X25519}; the same layout and random draws as the
 * noble group.
 *
 * @example
 * NODE_X25519MLKEM768.start(random).share.length // 1216
 */
export const NODE_X25519MLKEM768: SupportedGroup = x25519MlKem768Group(NODE_X25519, NODE_MLKEM768);

/**
 * SecP256r1MLKEM768 (0x11eb): the P-256 half through {@link NODE_SECP256R1} (OpenSSL validates the
 * server's point), ML-KEM-768 over node:crypto's SHA-3; the same layout and random draws as the noble group.
 *
 * @example
 * NODE_SECP256R1MLKEM768.start(random).share.length // 1249
 */
export const NODE_SECP256R1MLKEM768: SupportedGroup = secp256r1MlKem768Group(NODE_SECP256R1, NODE_MLKEM768);

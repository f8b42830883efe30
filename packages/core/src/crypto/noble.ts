/**
 * The default crypto provider, on the audited pure-JS noble libraries (plus our RSA verifier).
 */
import { gcm } from '@noble/ciphers/aes.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { p256, p384 } from '@noble/curves/nist.js';
import { expand, extract } from '@noble/hashes/hkdf.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { InternalError, InvalidMessageError } from '../errors.js';
import { equalBytes } from './ct.js';
import { ecdsaVerify } from './ecdsa_warm.js';
import type { Aead, AeadAlgorithm, CryptoProvider, HashAlgorithm, HashContext, KeyExchangeGroup, KeyExchangeKeyPair, PublicKey, SignatureAlgorithm } from './provider.js';
import { DEFAULT_RSA_KEY_BOUNDS, rsaPkcs1Verify, rsaPssVerify, type RsaHash, type RsaKeyBounds } from './rsa.js';
import { parseSpki } from './spki.js';

const HASHES = { sha1, sha256, sha384, sha512 } as const;

function rsaHash(alg: HashAlgorithm): RsaHash {
  const h = HASHES[alg];
  return { name: alg, outputLen: h.outputLen, digest: (d) => h(d) };
}

type NobleHash = ReturnType<(typeof sha256)['create']>;

class NobleHashContext implements HashContext {
  constructor(private readonly h: NobleHash) {}
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  clone(): HashContext {
    return new NobleHashContext(this.h.clone() as NobleHash);
  }
  digest(): Uint8Array {
    return (this.h.clone() as NobleHash).digest();
  }
}

const AEAD_KEY_LENGTH: Record<AeadAlgorithm, number> = { 'aes-128-gcm': 16, 'aes-256-gcm': 32, 'chacha20-poly1305': 32 };

function makeAead(alg: AeadAlgorithm, key: Uint8Array): Aead {
  if (key.length !== AEAD_KEY_LENGTH[alg]) throw new InternalError(`${alg} key must be ${AEAD_KEY_LENGTH[alg]} bytes`);
  const k = key.slice();
  const cipher = alg === 'chacha20-poly1305' ? chacha20poly1305 : gcm;
  return {
    seal: (nonce, plaintext, aad) => cipher(k, nonce, aad).encrypt(plaintext),
    open: (nonce, ciphertext, aad) => {
      if (ciphertext.length < 16) return null;
      try {
        return cipher(k, nonce, aad).decrypt(ciphertext);
      } catch {
        return null; // authentication failure
      }
    },
  };
}

const NIST = { secp256r1: p256, secp384r1: p384 } as const;
const SECRET_LENGTH: Record<KeyExchangeGroup, number> = { x25519: 32, secp256r1: 32, secp384r1: 48 };

function badShare(group: string, why: string): InvalidMessageError {
  return new InvalidMessageError('illegal_parameter', `${group} key share: ${why}`);
}

/** X25519 (RFC 7748); the all-zero shared secret is refused (RFC 9846 §7.4.2). */
function x25519Pair(secret: Uint8Array): KeyExchangeKeyPair {
  const sk = secret.slice();
  return {
    group: 'x25519',
    publicKey: x25519.getPublicKey(sk),
    agree(peer) {
      if (peer.length !== 32) throw badShare('x25519', `length ${peer.length}`);
      let shared: Uint8Array;
      try {
        shared = x25519.getSharedSecret(sk, peer);
      } catch {
        throw badShare('x25519', 'low-order point');
      }
      if (equalBytes(shared, new Uint8Array(32))) throw badShare('x25519', 'all-zero shared secret');
      return shared;
    },
    destroy: () => sk.fill(0),
  };
}

/** ECDHE over P-256/P-384: uncompressed points only, validated; the secret is the x-coordinate. */
function nistPair(group: 'secp256r1' | 'secp384r1', secret: Uint8Array): KeyExchangeKeyPair | null {
  const curve = NIST[group];
  if (!curve.utils.isValidSecretKey(secret)) return null;
  const sk = secret.slice();
  const fieldLen = SECRET_LENGTH[group];
  return {
    group,
    publicKey: curve.getPublicKey(sk, false),
    agree(peer) {
      // RFC 9846 §4.3.8.2: UncompressedPointRepresentation only.
      if (peer.length !== 1 + 2 * fieldLen || peer[0] !== 0x04) throw badShare(group, 'not an uncompressed point');
      try {
        curve.Point.fromBytes(peer).assertValidity();
        return curve.getSharedSecret(sk, peer, true).slice(1);
      } catch {
        throw badShare(group, 'point not on the curve');
      }
    },
    destroy: () => sk.fill(0),
  };
}

function verifySignature(rsaBounds: RsaKeyBounds, alg: SignatureAlgorithm, key: PublicKey, message: Uint8Array, signature: Uint8Array): boolean {
  try {
    switch (alg.kind) {
      case 'ecdsa': {
        if (key.kind !== 'ec') return false;
        const digest = HASHES[alg.hash](message);
        // High-S signatures are valid (OpenSSL makes them); keys seen again verify faster.
        return ecdsaVerify(key.curve, signature, digest, key.point);
      }
      case 'ed25519':
        // RFC 8032 strict verification, not ZIP-215.
        return key.kind === 'ed25519' && ed25519.verify(signature, message, key.key, { zip215: false });
      case 'rsa-pkcs1':
        return key.kind === 'rsa' && !key.pssOnly && rsaPkcs1Verify(key, rsaHash(alg.hash), message, signature, rsaBounds);
      case 'rsa-pss':
        return key.kind === 'rsa' && rsaPssVerify(key, rsaHash(alg.hash), message, signature, alg.saltLength, rsaBounds);
    }
  } catch {
    return false;
  }
}

/** Options of {@link createNobleProvider}. */
export interface NobleProviderOptions {
  /** RSA modulus sizes accepted (default 1024–8192 bits, Limits.minRsaModulusBits/maxRsaModulusBits). */
  readonly rsa?: Partial<RsaKeyBounds>;
}

/**
 * A noble-based {@link CryptoProvider}; `options.rsa` changes the RSA modulus bounds, which both
 * parsePublicKey and verify apply before any exponentiation.
 *
 * @example
 * const strict = createNobleProvider({ rsa: { minModulusBits: 2048, maxModulusBits: 4096 } });
 */
export function createNobleProvider(options: NobleProviderOptions = {}): CryptoProvider {
  const rsaBounds: RsaKeyBounds = { ...DEFAULT_RSA_KEY_BOUNDS, ...options.rsa };
  return {
    hash: (alg, data) => HASHES[alg](data),
    createHash: (alg) => new NobleHashContext(HASHES[alg].create() as NobleHash),
    hashLength: (alg) => HASHES[alg].outputLen,
    hmac: (alg, key, data) => hmac(HASHES[alg], key, data),
    hkdfExtract: (alg, salt, ikm) => extract(HASHES[alg], ikm, salt),
    hkdfExpand: (alg, prk, info, length) => expand(HASHES[alg], prk, info, length),
    aead: makeAead,
    keyExchangeSecretLength: (group) => SECRET_LENGTH[group],
    generateKeyPair: (group, secret) => {
      if (secret.length !== SECRET_LENGTH[group]) throw new InternalError(`${group} secret must be ${SECRET_LENGTH[group]} bytes`);
      return group === 'x25519' ? x25519Pair(secret) : nistPair(group, secret);
    },
    parsePublicKey: (spki) => parseSpki(spki, rsaBounds),
    verify: (alg, key, message, signature) => verifySignature(rsaBounds, alg, key, message, signature),
  };
}

/**
 * The noble-based {@link CryptoProvider} with the default bounds.
 *
 * @example
 * const digest = nobleProvider.hash('sha256', data);
 */
export const nobleProvider: CryptoProvider = createNobleProvider();

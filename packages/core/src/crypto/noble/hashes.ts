/**
 * The hash functions of the noble provider (SHA-1 only for legacy certificate signatures).
 */
import { sha1 } from '@noble/hashes/legacy.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import type { HashAlgorithm, HashContext } from '../provider.js';
import type { RsaHash } from '../rsa.js';

/**
 * noble's hash by name.
 *
 * @example
 * HASHES.sha256(data);
 */
export const HASHES = { sha1, sha256, sha384, sha512 } as const;

type NobleHash = ReturnType<(typeof sha256)['create']>;

/** An incremental noble hash that can fork (transcripts). */
export class NobleHashContext implements HashContext {
  /** @example new NobleHashContext(HASHES.sha256.create()) */
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

/**
 * A fresh incremental hash.
 *
 * @example
 * const h = createHash('sha256'); h.update(data); h.digest();
 */
export function createHash(alg: HashAlgorithm): HashContext {
  return new NobleHashContext(HASHES[alg].create() as NobleHash);
}

/**
 * The hash as our RSA verifier takes it.
 *
 * @example
 * rsaPssVerify(key, rsaHash('sha256'), message, signature);
 */
export function rsaHash(alg: HashAlgorithm): RsaHash {
  const h = HASHES[alg];
  return { name: alg, outputLen: h.outputLen, digest: (d) => h(d) };
}

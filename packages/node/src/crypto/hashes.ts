/**
 * Hashes, HMAC and HKDF of the node:crypto provider (RFC 2104, RFC 5869). Every result is copied
 * into a fresh Uint8Array: a Buffer from node:crypto may be a view into a shared pool, and its
 * `slice()` is a view where a Uint8Array's is a copy.
 */
import { createHash as nodeCreateHash, createHmac } from 'node:crypto';
import { InternalError, type HashAlgorithm, type HashContext } from '@puretls/core';
import type { MlKemHashes } from '@puretls/core/crypto';

/** HKDF-Expand's first counter byte (RFC 5869 §2.3). */
const FIRST_BLOCK = Uint8Array.of(1);

/** Output lengths in bytes. */
const LENGTHS: Readonly<Record<HashAlgorithm, number>> = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 };

/**
 * `b` as a plain Uint8Array owning all of its memory: `b`'s own ArrayBuffer when `b` spans the
 * whole of it (nothing else can see it), else a copy, with `b` wiped (a slice of Node's pool).
 *
 * @example
 * const digest = own(nodeHash.digest()); // a Uint8Array, not a Buffer
 */
export function own(b: Uint8Array): Uint8Array {
  if (b.byteOffset === 0 && b.buffer.byteLength === b.length && b.buffer instanceof ArrayBuffer) return new Uint8Array(b.buffer);
  const out = new Uint8Array(b);
  b.fill(0);
  return out;
}

/**
 * Output length of a hash in bytes; throws InternalError for a name that is not a HashAlgorithm.
 *
 * @example
 * hashLength('sha384'); // 48
 */
export function hashLength(alg: HashAlgorithm): number {
  const n = LENGTHS[alg] as number | undefined;
  if (n === undefined) throw new InternalError(`unknown hash ${String(alg)}`);
  return n;
}

/**
 * One-shot hash.
 *
 * @example
 * hash('sha256', new TextEncoder().encode('abc'));
 */
export function hash(alg: HashAlgorithm, data: Uint8Array): Uint8Array {
  hashLength(alg);
  return own(nodeCreateHash(alg).update(data).digest());
}

/** An incremental hash over a node:crypto Hash; `digest` works on a copy, so the context stays usable. */
class NodeHashContext implements HashContext {
  constructor(private readonly h: ReturnType<typeof nodeCreateHash>) {}
  update(data: Uint8Array): void {
    this.h.update(data);
  }
  clone(): HashContext {
    return new NodeHashContext(this.h.copy());
  }
  digest(): Uint8Array {
    return own(this.h.copy().digest());
  }
}

/**
 * Incremental hash (the transcript hash forks it with `clone()`).
 *
 * @example
 * const h = createHash('sha256'); h.update(message); const fork = h.clone(); h.digest();
 */
export function createHash(alg: HashAlgorithm): HashContext {
  hashLength(alg);
  return new NodeHashContext(nodeCreateHash(alg));
}

/**
 * HMAC (RFC 2104); the output is the hash's length.
 *
 * @example
 * hmac('sha256', key, data).length; // 32
 */
export function hmac(alg: HashAlgorithm, key: Uint8Array, data: Uint8Array): Uint8Array {
  hashLength(alg);
  return own(createHmac(alg, key).update(data).digest());
}

/**
 * HKDF-Extract (RFC 5869 §2.2): HMAC(salt, IKM). An empty salt is HashLen zeros by HMAC's own key
 * padding, as the RFC asks.
 *
 * @example
 * const prk = hkdfExtract('sha256', salt, ikm);
 */
export function hkdfExtract(alg: HashAlgorithm, salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmac(alg, salt, ikm);
}

/**
 * HKDF-Expand (RFC 5869 §2.3): T(i) = HMAC(PRK, T(i-1) | info | i), at most 255 blocks. Not
 * `hkdfSync`, which always extracts first.
 *
 * @example
 * const okm = hkdfExpand('sha256', prk, info, 42);
 */
export function hkdfExpand(alg: HashAlgorithm, prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  const hLen = hashLength(alg);
  if (!Number.isSafeInteger(length) || length < 0 || length > 255 * hLen) throw new InternalError(`HKDF-Expand: length ${length} out of range (0 to ${255 * hLen})`);
  // One block (every TLS 1.3 label but a long exporter): T(1) = HMAC(PRK, info | 0x01), one
  // update less and no chaining arrays; this runs about twenty times per handshake.
  if (length <= hLen) {
    const block = createHmac(alg, prk).update(info).update(FIRST_BLOCK).digest();
    const okm = new Uint8Array(block.subarray(0, length));
    block.fill(0);
    return okm;
  }
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  const counter = new Uint8Array(1);
  for (let i = 1, at = 0; at < length; i++) {
    counter[0] = i;
    const block = createHmac(alg, prk).update(previous).update(info).update(counter).digest();
    previous.fill(0);
    out.set(block.subarray(0, Math.min(hLen, length - at)), at);
    at += hLen;
    previous = block;
  }
  previous.fill(0);
  return out;
}

/**
 * node:crypto's SHA-3 family (OpenSSL's FIPS 202), as ML-KEM takes it: about 4 µs a call where
 * a JavaScript Keccak spends that on each 200-byte permutation.
 *
 * @example
 * const kem = mlKem768(NODE_SHA3);
 */
export const NODE_SHA3: MlKemHashes = {
  sha3_256: (m) => own(nodeCreateHash('sha3-256').update(m).digest()),
  sha3_512: (m) => own(nodeCreateHash('sha3-512').update(m).digest()),
  shake128: (m, n) => own(nodeCreateHash('shake128', { outputLength: n }).update(m).digest()),
  shake256: (m, n) => own(nodeCreateHash('shake256', { outputLength: n }).update(m).digest()),
};

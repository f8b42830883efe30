/**
 * Signatures already verified: "the key in this SPKI signed exactly these TBS bytes with this
 * algorithm and signature". Repeated connections to a server send the same chain, and checking its
 * two ECDSA or RSA signatures again is most of a warm handshake's certificate work. An entry is a
 * fact about bytes, not about trust: every path rule (validity, constraints, policy, anchors) is
 * still applied on every verification, so one cache may serve any number of trust stores.
 * Bounded (X509Limits.signatureCacheEntries), least recently used evicted; only successes stored.
 */
import { toHex, type CryptoProvider } from '@puretls/core';
import { X509Limits } from '../limits.js';

/**
 * A bounded set of verified (issuer key, certificate signature) pairs.
 *
 * @example
 * const cache = new SignatureCache();
 * verifyChain(leaf, { roots, intermediates, now, serverName, signatureCache: cache });
 */
export class SignatureCache {
  private readonly entries = new Map<string, true>();

  /** @param capacity Most entries kept (default X509Limits.signatureCacheEntries, 1024); beyond it the least recently used is evicted. */
  constructor(readonly capacity: number = X509Limits.signatureCacheEntries) {}

  /** The key of one signature check: SHA-256 over the length-prefixed inputs, as hex. */
  static key(provider: CryptoProvider, issuerSpki: Uint8Array, tbs: Uint8Array, algorithm: Uint8Array, signature: Uint8Array): string {
    const h = provider.createHash('sha256');
    for (const part of [issuerSpki, tbs, algorithm, signature]) {
      h.update(Uint8Array.of(part.length >>> 24, (part.length >>> 16) & 0xff, (part.length >>> 8) & 0xff, part.length & 0xff));
      h.update(part);
    }
    return toHex(h.digest());
  }

  /** Whether this check succeeded before (and marks it recently used). */
  has(key: string): boolean {
    if (!this.entries.delete(key)) return false;
    this.entries.set(key, true);
    return true;
  }

  /** Records a successful check. */
  add(key: string): void {
    this.entries.delete(key);
    this.entries.set(key, true);
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  /** Entries held. */
  get size(): number {
    return this.entries.size;
  }
}

/**
 * Signatures already verified: "the key in this SPKI signed exactly these TBS bytes with this
 * algorithm and signature". Repeated connections to a server send the same chain, and checking its
 * two ECDSA or RSA signatures again is most of a warm handshake's certificate work. An entry is a
 * fact about bytes, not about trust: every path rule (validity, constraints, policy, anchors) is
 * still applied on every verification, so one cache may serve any number of trust stores.
 * Bounded (X509Limits.signatureCacheEntries), least recently used evicted; only successes stored.
 */
import { toHex, type CryptoProvider, type PublicKey } from '@puretls/core';
import { X509Limits } from '../limits.js';
import { parseCertificate, type ParsedCertificate } from '../parse/certificate.js';

/**
 * A bounded set of verified (issuer key, certificate signature) pairs.
 *
 * @example
 * const cache = new SignatureCache();
 * verifyChain(leaf, { roots, intermediates, now, serverName, signatureCache: cache });
 */
export class SignatureCache {
  private readonly entries = new Map<string, true>();
  /** Certificates parsed before, by the SHA-256 of their DER (`certificateCapacity` at most). */
  private readonly parsed = new Map<string, ParsedCertificate>();
  /** Public keys parsed before, by parsed certificate (this cache's and trust stores'; weakly: they go with it), with the provider that parsed each. */
  private readonly keys = new WeakMap<ParsedCertificate, { readonly provider: CryptoProvider; readonly key: PublicKey }>();

  /**
   * @param capacity Most entries kept (default X509Limits.signatureCacheEntries, 1024); beyond it the least recently used is evicted.
   * @param certificateCapacity Most parsed certificates kept (default X509Limits.parsedCertificateCacheEntries, 256), likewise.
   */
  constructor(
    readonly capacity: number = X509Limits.signatureCacheEntries,
    readonly certificateCapacity: number = X509Limits.parsedCertificateCacheEntries,
  ) {}

  /**
   * `parseCertificate(der)`, remembered: a parsed certificate is a fact about its bytes too, and a
   * server sends the same chain on every connection (parsing it was most of a warm handshake's
   * remaining certificate work). Every check on the parsed certificate (validity, names,
   * constraints, signatures) is still made on every verification. The cache parses its own copy
   * of `der`, so an array the caller changes later cannot change what is remembered; bytes that do
   * not parse are not remembered (the error is thrown every time).
   *
   * @example
   * const leaf = cache.certificate(leafDer, provider); // parsed once per process for these bytes
   */
  certificate(der: Uint8Array, provider: CryptoProvider): ParsedCertificate {
    const h = provider.createHash('sha256');
    h.update(der);
    const key = toHex(h.digest());
    const hit = this.parsed.get(key);
    if (hit !== undefined) {
      this.parsed.delete(key);
      this.parsed.set(key, hit);
      return hit;
    }
    const cert = parseCertificate(der.slice());
    this.parsed.set(key, cert);
    if (this.parsed.size > this.certificateCapacity) this.parsed.delete(this.parsed.keys().next().value!);
    return cert;
  }

  /**
   * `parse(cert, provider)`, remembered for this certificate object and provider: the server's
   * certificates come from {@link certificate} as the same objects each time, and the anchors
   * from the trust store, so a warm handshake parses (and, for EC keys, validates) no key again.
   * A key that fails to parse is not remembered. The caller applies its key policy every time.
   *
   * @example
   * const key = cache.publicKey(cert, provider, (c, p) => p.parsePublicKey(c.spki));
   */
  publicKey(cert: ParsedCertificate, provider: CryptoProvider, parse: (cert: ParsedCertificate, provider: CryptoProvider) => PublicKey): PublicKey {
    const hit = this.keys.get(cert);
    if (hit !== undefined && hit.provider === provider) return hit.key;
    const key = parse(cert, provider);
    this.keys.set(cert, { provider, key });
    return key;
  }

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

/**
 * ECDSA verification that gets faster for keys seen again. A TLS client meets the same server key
 * on every connection to that server (its CertificateVerify), so after the second sighting the key
 * gets a table of precomputed multiples.
 *
 * - P-256, the curve of nearly every ECDSA certificate: our float64 verifier (`crypto/p256`),
 *   about 0.5 ms for a key seen once and 0.25 ms with its 32 KiB table (built in about 1 ms),
 *   against noble's 2.5-3.5 ms. Its code runs in V8's interpreter at first (the first call of a
 *   process costs 30-100 ms), so a verifier's first {@link COLD_P256_OPERATIONS} P-256
 *   verifications are noble's: a process making a connection or two never pays that warm-up.
 * - P-384 and P-521: noble's points, with a window-4 table of the key's point once warm (several
 *   ms once; each later verification about half the cost of noble's). The arithmetic is the
 *   textbook one (SEC 1 §4.1.4; FIPS 186-5 §6.4.2): r, s in [1, n-1]; e = bits2int(digest) mod n;
 *   R = (e/s)·G + (r/s)·Q; valid iff R is not the identity and x(R) mod n = r.
 *
 * First sightings on the noble side use noble's own `verify`; the tests check every path agrees
 * with it on valid, high-S, tampered and edge-case signatures.
 */
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { bigIntFromBytes, toHex } from '../../codec/hex.js';
import { Limits } from '../../limits.js';
import { lruPut, lruTake } from '../lru.js';
import { P256Verifier, type PreparedP256Key } from '../p256/index.js';

type Curve = typeof p256 | typeof p384 | typeof p521;
type Point = InstanceType<Curve['Point']>;

type CurveName = 'P-256' | 'P-384' | 'P-521';
const CURVES: Readonly<Record<CurveName, Curve>> = { 'P-256': p256, 'P-384': p384, 'P-521': p521 };

/** bits2int (SEC 1 §4.1.3 step 5): the leftmost bit-length-of-n bits of the digest, then mod n. */
function digestScalar(curve: Curve, digest: Uint8Array): bigint {
  const Fn = curve.Point.Fn;
  let e = bigIntFromBytes(digest);
  const excess = digest.length * 8 - Fn.BITS;
  if (excess > 0) e >>= BigInt(excess);
  return Fn.create(e);
}

/**
 * P-256 verifications done by noble before ours: two or three handshakes' worth (a
 * CertificateVerify and a chain signature or two each), so a CLI's single connection stays on
 * code that needs no JIT warm-up, and a server-facing process switches over within seconds.
 */
const COLD_P256_OPERATIONS = 6;

/** What is remembered of a key: how often it was seen, and its precomputation once warm. */
interface Sighting {
  count: number;
  point: Point | undefined;
  prepared: PreparedP256Key | undefined;
}

/**
 * ECDSA verification with a bounded memory of keys seen (`Limits.ecdsaWarmKeys`, least recently
 * used first out). Each provider instance owns one: no module-level state.
 *
 * @example
 * const ecdsa = new WarmEcdsa();
 * ecdsa.verify('P-256', sig, sha256(message), pointBytes); // true or false
 */
export class WarmEcdsa {
  /** Keys seen, by curve and point bytes: how often, and the precomputation once warm. */
  private readonly seen = new Map<string, Sighting>();
  private readonly p256 = new P256Verifier();
  private p256Operations = 0;

  /**
   * @param coldP256Operations how many P-256 verifications go to noble before ours takes over
   *   (the tests pass 0 to exercise our path from the first call)
   */
  constructor(private readonly coldP256Operations = COLD_P256_OPERATIONS) {}

  /**
   * Verifies a DER ECDSA signature over `digest` (already hashed) with an uncompressed or
   * compressed point; high-S signatures are valid (OpenSSL makes them).
   */
  verify(name: CurveName, signature: Uint8Array, digest: Uint8Array, pointBytes: Uint8Array): boolean {
    const curve = CURVES[name];
    if (name === 'P-256') {
      if (this.p256Operations >= this.coldP256Operations) return this.verifyP256(signature, digest, pointBytes);
      this.p256Operations++;
      return curve.verify(signature, digest, pointBytes, { prehash: false, lowS: false, format: 'der' });
    }
    const point = this.warmPoint(curve, name, pointBytes);
    if (point === undefined) return curve.verify(signature, digest, pointBytes, { prehash: false, lowS: false, format: 'der' });
    let r: bigint;
    let s: bigint;
    try {
      ({ r, s } = curve.Signature.fromBytes(signature, 'der')); // checks 1 <= r, s < n and strict DER
    } catch {
      return false;
    }
    const Fn = curve.Point.Fn;
    const sInv = Fn.inv(s);
    const u1 = Fn.mul(digestScalar(curve, digest), sInv);
    const u2 = Fn.mul(r, sInv);
    const R = (curve.Point.BASE.multiplyUnsafe(u1) as Point).add(point.multiplyUnsafe(u2) as Point);
    if (R.is0()) return false;
    return Fn.create(R.toAffine().x) === r;
  }

  /** Whether a key is warm (its point or table precomputed). */
  isWarm(name: CurveName, pointBytes: Uint8Array): boolean {
    const entry = this.seen.get(`${name}:${toHex(pointBytes)}`);
    return entry?.point !== undefined || entry?.prepared !== undefined;
  }

  /** P-256 on our verifier: the key's bytes on a first sighting, its table from the second on. */
  private verifyP256(signature: Uint8Array, digest: Uint8Array, pointBytes: Uint8Array): boolean {
    let r: bigint;
    let s: bigint;
    try {
      ({ r, s } = p256.Signature.fromBytes(signature, 'der')); // strict DER, 1 <= r, s < n
    } catch {
      return false;
    }
    const entry = this.sighting('P-256', pointBytes);
    if (entry.prepared === undefined && entry.count >= 2) {
      try {
        entry.prepared = this.p256.prepareKey(pointBytes);
      } catch {
        return false; // not a valid point: no signature verifies under it
      }
    }
    return this.p256.verify(entry.prepared ?? pointBytes, digest, r, s);
  }

  /** The key's entry, its count raised, kept as the most recently used (`Limits.ecdsaWarmKeys`). */
  private sighting(name: CurveName, pointBytes: Uint8Array): Sighting {
    const key = `${name}:${toHex(pointBytes)}`;
    const entry = lruTake(this.seen, key) ?? { count: 0, point: undefined, prepared: undefined };
    entry.count++;
    lruPut(this.seen, key, entry, Limits.ecdsaWarmKeys);
    return entry;
  }

  private warmPoint(curve: Curve, name: CurveName, pointBytes: Uint8Array): Point | undefined {
    const entry = this.sighting(name, pointBytes);
    if (entry.point === undefined && entry.count >= 2) {
      const point = curve.Point.fromBytes(pointBytes);
      point.assertValidity();
      point.precompute(4, false);
      entry.point = point as Point;
    }
    return entry.point;
  }
}

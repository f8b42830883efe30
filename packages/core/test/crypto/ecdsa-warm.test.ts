// The warm-key ECDSA path against noble's own verify: for every curve and hash, valid, high-S,
// tampered, wrong-message, wrong-key, out-of-range and malformed signatures get the same answer
// from noble and from our arithmetic on the precomputed point of a warm key (P-256: our verifier,
// on a first sighting's bytes and on a prepared key's table).
import { createPublicKey, generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { WarmEcdsa } from '../../src/crypto/noble/ecdsa_warm.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

let warm = new WarmEcdsa(0);
const ecdsaVerify = (...a: Parameters<WarmEcdsa['verify']>) => warm.verify(...a);
const isWarm = (...a: Parameters<WarmEcdsa['isWarm']>) => warm.isWarm(...a);
/** A fresh memory; P-256 goes to our verifier from its first call (no noble warm-up phase). */
const resetWarmKeys = () => { warm = new WarmEcdsa(0); };

const CURVES = { 'P-256': p256, 'P-384': p384, 'P-521': p521 } as const;
const HASHES = { sha256, sha384, sha512 } as const;

/** The uncompressed point of a node key. */
function pointOf(key: ReturnType<typeof createPublicKey>): Uint8Array {
  const jwk = key.export({ format: 'jwk' }) as { x: string; y: string };
  return Uint8Array.from([4, ...Buffer.from(jwk.x, 'base64url'), ...Buffer.from(jwk.y, 'base64url')]);
}

/** DER SEQUENCE { INTEGER r, INTEGER s } for any r, s >= 0 (to build out-of-range signatures). */
function derSig(r: bigint, s: bigint): Uint8Array {
  const int = (v: bigint) => {
    let hex = v.toString(16);
    if (hex.length % 2) hex = '0' + hex;
    let b = Buffer.from(hex, 'hex');
    if (b[0]! & 0x80) b = Buffer.concat([Buffer.of(0), b]);
    return Buffer.concat([Buffer.of(2, b.length), b]);
  };
  const body = Buffer.concat([int(r), int(s)]);
  return Uint8Array.from(body.length < 128 ? [0x30, body.length, ...body] : [0x30, 0x81, body.length, ...body]);
}

/** noble's verify (the reference, and our first-sighting path) and ours on the warm key. */
function bothPaths(curve: keyof typeof CURVES, sig: Uint8Array, digest: Uint8Array, point: Uint8Array): [boolean, boolean] {
  const reference = CURVES[curve].verify(sig, digest, point, { prehash: false, lowS: false, format: 'der' });
  return [reference, ecdsaVerify(curve, sig, digest, point)];
}

describe.each(Object.keys(CURVES) as (keyof typeof CURVES)[])('warm ECDSA on %s', (curve) => {
  const pair = generateKeyPairSync('ec', { namedCurve: curve });
  const point = pointOf(pair.publicKey);
  const n = CURVES[curve].Point.Fn.ORDER;
  beforeAll(() => {
    resetWarmKeys();
    const msg = Buffer.from('warm up');
    const sig = new Uint8Array(sign('sha256', msg, pair.privateKey));
    // The first sighting goes to noble, the second precomputes the point: from then on, ours.
    expect(ecdsaVerify(curve, sig, sha256(msg), point)).toBe(true);
    expect(isWarm(curve, point)).toBe(false);
    expect(ecdsaVerify(curve, sig, sha256(msg), point)).toBe(true);
    expect(isWarm(curve, point)).toBe(true);
  });

  it.each(Object.keys(HASHES) as (keyof typeof HASHES)[])('node signatures with %s: valid, tampered, wrong message agree', (hash) => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 200 }), fc.nat(), (msg, at) => {
      const sig = new Uint8Array(sign(hash, msg, pair.privateKey)); // high-S about half the time
      const digest = HASHES[hash](msg);
      expect(bothPaths(curve, sig, digest, point)).toEqual([true, true]);
      const tampered = sig.slice();
      tampered[at % tampered.length]! ^= 1 << (at % 8);
      const [cold, warm] = bothPaths(curve, tampered, digest, point);
      expect(warm).toBe(cold);
      const other = HASHES[hash](Uint8Array.from([...msg, 1]));
      expect(bothPaths(curve, sig, other, point)).toEqual([false, false]);
    }), { numRuns: 40 });
  }, PROPERTY_TIMEOUT_MS);

  it('the high-S twin of a valid signature is valid on both paths', () => {
    const msg = Buffer.from('high-S');
    const der = new Uint8Array(sign('sha256', msg, pair.privateKey));
    const { r, s } = CURVES[curve].Signature.fromBytes(der, 'der');
    const digest = sha256(msg);
    expect(bothPaths(curve, derSig(r, s), digest, point)).toEqual([true, true]);
    expect(bothPaths(curve, derSig(r, n - s), digest, point)).toEqual([true, true]);
  });

  it('r or s out of [1, n-1], and malformed DER, are refused on both paths', () => {
    const msg = Buffer.from('range');
    const { r, s } = CURVES[curve].Signature.fromBytes(new Uint8Array(sign('sha256', msg, pair.privateKey)), 'der');
    const digest = sha256(msg);
    for (const [rr, ss] of [[0n, s], [r, 0n], [r + n, s], [r, s + n], [n, s], [r, n]] as const) {
      expect(bothPaths(curve, derSig(rr, ss), digest, point)).toEqual([false, false]);
    }
    for (const junk of [new Uint8Array(0), Uint8Array.of(0x30, 0), Uint8Array.of(1, 2, 3)]) expect(bothPaths(curve, junk, digest, point)).toEqual([false, false]);
  });

  it('a signature by another key is refused on both paths', () => {
    const other = generateKeyPairSync('ec', { namedCurve: curve });
    const msg = Buffer.from('who signed');
    const sig = new Uint8Array(sign('sha256', msg, other.privateKey));
    expect(bothPaths(curve, sig, sha256(msg), point)).toEqual([false, false]);
  });

  it('first sightings (a new key each time, not yet warm) agree with noble', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), (msg, at) => {
      const pair = generateKeyPairSync('ec', { namedCurve: curve });
      const fresh = pointOf(pair.publicKey);
      const sig = new Uint8Array(sign('sha256', msg, pair.privateKey));
      const tampered = sig.slice();
      tampered[at % tampered.length]! ^= 1 << (at % 8);
      const digest = sha256(msg);
      expect(bothPaths(curve, sig, digest, fresh)).toEqual([true, true]);
      expect(isWarm(curve, fresh)).toBe(false);
      resetWarmKeys(); // so the tampered one is a first sighting too
      const [reference, ours] = bothPaths(curve, tampered, digest, fresh);
      expect(ours).toBe(reference);
    }), { numRuns: 20 });
    resetWarmKeys();
  }, PROPERTY_TIMEOUT_MS);
});

describe('P-256 warm-up: noble first, then our verifier', () => {
  it('the first P-256 verifications of a memory are noble\'s (no key gets a table), later ones ours', () => {
    const ecdsa = new WarmEcdsa(); // the provider's default
    const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const point = pointOf(pair.publicKey);
    const msg = Buffer.from('warm-up');
    const sig = new Uint8Array(sign('sha256', msg, pair.privateKey));
    let calls = 0;
    while (!ecdsa.isWarm('P-256', point)) {
      expect(ecdsa.verify('P-256', sig, sha256(msg), point)).toBe(true);
      expect(ecdsa.verify('P-256', sig, sha256(Buffer.from('other')), point)).toBe(false);
      calls += 2;
      expect(calls).toBeLessThan(20);
    }
    // Six noble calls, then a first sighting by ours and the table on the second.
    expect(calls).toBe(8);
    expect(ecdsa.verify('P-256', sig, sha256(msg), point)).toBe(true);
  });
});

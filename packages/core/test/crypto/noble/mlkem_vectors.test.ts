// ML-KEM-768 (FIPS 203) known answers, through the hybrid groups' own code path (the seed drawn
// from the random source, the encapsulation key cut out of the share, decapsulation inside
// complete()): Go's accumulated vectors (test-vectors/ml-kem/ml-kem-768-accumulated-go.json:
// 100 key pairs, encapsulations, decapsulations and implicit rejections hashed into one value);
// and FIPS 203 §7.2's modulus check on the encapsulation keys we send (a server must refuse a key
// whose coefficients are not all below q, so ours must pass it). C2SP CCTV's strcmp vector, from a
// dk, is in ../mlkem.test.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { shake128 } from '@noble/hashes/sha3.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { secp256r1MlKem768Group, x25519MlKem768Group } from '../../../src/crypto/noble/hybrid_kem.js';
import { SECP256R1, X25519 } from '../../../src/crypto/noble/key_exchange.js';
import type { SupportedGroup } from '../../../src/index.js';

const vectors = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../../../../test-vectors/ml-kem/${name}`, import.meta.url)), 'utf8')) as unknown;
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** A classical private key for the ECDH half (a valid scalar for both curves); only the ML-KEM half is under test. */
const ECDH_KEY = new Uint8Array(32).fill(0x35);

/** Where the ML-KEM half sits in each hybrid's shares and secret (draft-ietf-tls-ecdhe-mlkem §4). */
interface Layout { readonly group: SupportedGroup; readonly ecLen: number; readonly kemFirst: boolean }
const LAYOUTS: readonly (readonly [string, Layout])[] = [
  ['X25519MLKEM768', { group: x25519MlKem768Group(X25519), ecLen: 32, kemFirst: true }],
  ['SecP256r1MLKEM768', { group: secp256r1MlKem768Group(SECP256R1), ecLen: 65, kemFirst: false }],
];

/** Starts the hybrid with ML-KEM seed `seed` (d ‖ z); the KEM half's encapsulation key, and a decapsulator through complete(). */
function hybridKem(layout: Layout, seed: Uint8Array) {
  const draws = [seed, ECDH_KEY];
  const kx = layout.group.start((n) => {
    const next = draws.shift();
    if (next === undefined || next.length !== n) throw new Error(`unexpected draw of ${n} bytes`);
    return next.slice();
  });
  const ecShare = layout.kemFirst ? kx.share.subarray(1184) : kx.share.subarray(0, layout.ecLen);
  const ek = layout.kemFirst ? kx.share.subarray(0, 1184) : kx.share.subarray(layout.ecLen);
  // Our own ECDH share stands in for the server's: a valid point, so complete() reaches ML-KEM.
  const decapsulate = (c: Uint8Array) => {
    const secret = kx.complete(layout.kemFirst ? new Uint8Array([...c, ...ecShare]) : new Uint8Array([...ecShare, ...c]));
    return layout.kemFirst ? secret.subarray(0, 32) : secret.subarray(32);
  };
  return { ek, decapsulate, destroy: () => kx.destroy() };
}

/** FIPS 203 §4.2.1 ByteDecode_12 of the 1152-byte t̂ part of an encapsulation key: 768 12-bit little-endian coefficients. */
function coefficients(ek: Uint8Array): number[] {
  const out: number[] = [];
  for (let i = 0; i + 3 <= 1152; i += 3) {
    const [a, b, c] = [ek[i]!, ek[i + 1]!, ek[i + 2]!];
    out.push(a | ((b & 0x0f) << 8), (b >> 4) | (c << 4));
  }
  return out;
}

describe.each(LAYOUTS)('%s: ML-KEM-768 known answers', (_name, layout) => {
  it('the encapsulation keys in our shares pass FIPS 203 §7.2\'s modulus check (every coefficient below q = 3329)', () => {
    const source = shake128.create({});
    for (let i = 0; i < 20; i++) {
      const kem = hybridKem(layout, source.xof(64));
      const coeffs = coefficients(kem.ek);
      expect(coeffs.length).toBe(768);
      expect(coeffs.filter((c) => c >= 3329)).toEqual([]);
      // The decoder sees an out-of-range coefficient: the first one set to 2^12 - 1.
      const bad = kem.ek.slice();
      bad[0] = 0xff;
      bad[1]! |= 0x0f;
      expect(coefficients(bad).filter((c) => c >= 3329)).toEqual([4095]);
      kem.destroy();
    }
  });

  it('Go\'s accumulated vectors: 100 seeds, encapsulations and random ciphertexts hash to the published value', () => {
    const v = vectors('ml-kem-768-accumulated-go.json') as { iterations: number; sinkHash: string };
    const source = shake128.create({});
    const sink = shake128.create({ dkLen: 32 });
    for (let i = 0; i < v.iterations; i++) {
      const kem = hybridKem(layout, source.xof(64));
      sink.update(kem.ek);
      // Encapsulation is the server's side: noble's, fed the stream's m.
      const { cipherText, sharedSecret } = ml_kem768.encapsulate(kem.ek, source.xof(32));
      sink.update(cipherText);
      sink.update(sharedSecret);
      expect(toHex(kem.decapsulate(cipherText))).toBe(toHex(sharedSecret));
      sink.update(kem.decapsulate(source.xof(1088)));
      kem.destroy();
    }
    expect(toHex(sink.digest())).toBe(v.sinkHash);
  }, 60_000);
});

// Our ML-KEM-768 (src/crypto/mlkem) against @noble/post-quantum's on random seeds, messages and
// ciphertexts (byte for byte: ek, ciphertext, shared secret, implicit rejection), against C2SP
// CCTV's strcmp vector through a FIPS 203 decapsulation key, and its parts against their
// definitions: divq exhaustively, the NTT round trip, SampleNTT's rare second draw, the input
// checks of FIPS 203 §7.2 and §7.3. (Go's accumulated vectors run through the hybrid groups in
// noble/mlkem_vectors.test.ts.)
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { sha3_256, sha3_512, shake128, shake256 } from '@noble/hashes/sha3.js';
import { ml_kem768 as noble } from '@noble/post-quantum/ml-kem.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { mlKem768, type MlKemHashes } from '../../src/crypto/mlkem/index.js';
import { inverseNtt, ntt } from '../../src/crypto/mlkem/ntt.js';
import { divq, poly, Q } from '../../src/crypto/mlkem/params.js';
import { sampleNtt } from '../../src/crypto/mlkem/sample.js';
import { KECCAK_SHA3 } from '../../src/crypto/keccak/index.js';
import { InternalError } from '../../src/errors.js';
import { thrown } from '../helpers/provider_conformance/util.js';

/** noble's SHA-3, an independent Keccak for the same ML-KEM code. */
const NOBLE_SHA3: MlKemHashes = {
  sha3_256: (m) => sha3_256(m),
  sha3_512: (m) => sha3_512(m),
  shake128: (m, n) => shake128(m, { dkLen: n }),
  shake256: (m, n) => shake256(m, { dkLen: n }),
};
const kem = mlKem768(KECCAK_SHA3);
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));
const toHex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const bytes = (n: number) => fc.uint8Array({ minLength: n, maxLength: n });

describe('ML-KEM-768 against @noble/post-quantum', () => {
  it('key generation, encapsulation and decapsulation (valid and tampered ciphertexts) agree byte for byte', () => {
    fc.assert(
      fc.property(bytes(64), bytes(32), fc.nat(1087), fc.integer({ min: 1, max: 255 }), (seed, m, at, flip) => {
        const ours = kem.keyPair(seed);
        const theirs = noble.keygen(seed);
        expect(toHex(ours.encapsulationKey)).toBe(toHex(theirs.publicKey));
        const sent = noble.encapsulate(theirs.publicKey, m);
        const made = kem.encapsulate(ours.encapsulationKey, m);
        expect(toHex(made.ciphertext)).toBe(toHex(sent.cipherText));
        expect(toHex(made.sharedSecret)).toBe(toHex(sent.sharedSecret));
        expect(toHex(ours.decapsulate(sent.cipherText))).toBe(toHex(sent.sharedSecret));
        const tampered = sent.cipherText.slice();
        tampered[at]! ^= flip;
        const rejected = ours.decapsulate(tampered);
        expect(toHex(rejected)).toBe(toHex(noble.decapsulate(tampered, theirs.secretKey)));
        expect(toHex(rejected)).not.toBe(toHex(sent.sharedSecret));
        ours.destroy();
      }),
      { numRuns: 40 },
    );
  }, 60_000);

  it('over noble\'s SHA-3 it computes the same keys, ciphertexts and secrets as over our Keccak', () => {
    const viaNoble = mlKem768(NOBLE_SHA3);
    fc.assert(
      fc.property(bytes(64), bytes(32), (seed, m) => {
        const a = kem.keyPair(seed);
        const b = viaNoble.keyPair(seed);
        expect(a.encapsulationKey).toEqual(b.encapsulationKey);
        const sent = viaNoble.encapsulate(b.encapsulationKey, m);
        expect(kem.encapsulate(a.encapsulationKey, m)).toEqual(sent);
        expect(a.decapsulate(sent.ciphertext)).toEqual(sent.sharedSecret);
      }),
      { numRuns: 10 },
    );
  }, 60_000);

  it('fromDecapsulationKey decapsulates as noble does from the same 2400-byte dk; the seed and m are not changed', () => {
    fc.assert(
      fc.property(bytes(64), bytes(32), (seed, m) => {
        const [seedCopy, mCopy] = [seed.slice(), m.slice()];
        const { publicKey, secretKey } = noble.keygen(seed);
        const keys = kem.fromDecapsulationKey(secretKey);
        expect(keys.encapsulationKey).toEqual(publicKey);
        const { ciphertext, sharedSecret } = kem.encapsulate(publicKey, m);
        expect(keys.decapsulate(ciphertext)).toEqual(sharedSecret);
        expect(kem.keyPair(seed).decapsulate(ciphertext)).toEqual(sharedSecret);
        expect([seed, m]).toEqual([seedCopy, mCopy]);
      }),
      { numRuns: 20 },
    );
  }, 60_000);

  it('C2SP CCTV strcmp vector: the implicit-rejection secret, although c and its re-encryption both begin with a zero byte', () => {
    const path = fileURLToPath(new URL('../../../../test-vectors/ml-kem/ml-kem-768-strcmp-cctv.json', import.meta.url));
    const v = JSON.parse(readFileSync(path, 'utf8')) as { dk: string; c: string; K: string };
    expect(toHex(kem.fromDecapsulationKey(hex(v.dk)).decapsulate(hex(v.c)))).toBe(v.K);
  });
});

describe('ML-KEM-768 input checks (FIPS 203 §7)', () => {
  const keys = kem.keyPair(new Uint8Array(64).fill(9));
  const { secretKey } = noble.keygen(new Uint8Array(64).fill(9));

  it('§7.2: an encapsulation key with a coefficient not below q, or of another length, is refused', () => {
    for (const value of [Q, 4095]) {
      const ek = keys.encapsulationKey.slice();
      ek[3] = value & 0xff; // the third coefficient: bytes 3 and the low half of 4
      ek[4] = (ek[4]! & 0xf0) | (value >> 8);
      expect(thrown(() => kem.encapsulate(ek, new Uint8Array(32)))).toBeInstanceOf(InternalError);
    }
    expect(thrown(() => kem.encapsulate(keys.encapsulationKey.subarray(1), new Uint8Array(32)))).toBeInstanceOf(InternalError);
    expect(thrown(() => kem.encapsulate(keys.encapsulationKey, new Uint8Array(31)))).toBeInstanceOf(InternalError);
  });

  it('§7.3: a ciphertext of another length, a dk whose H(ek) does not match, a seed of another length are refused', () => {
    expect(thrown(() => keys.decapsulate(new Uint8Array(1087)))).toBeInstanceOf(InternalError);
    const dk = secretKey.slice();
    dk[2400 - 64]! ^= 1; // the stored H(ek)
    expect(thrown(() => kem.fromDecapsulationKey(dk))).toBeInstanceOf(InternalError);
    expect(thrown(() => kem.fromDecapsulationKey(secretKey.subarray(1)))).toBeInstanceOf(InternalError);
    expect(thrown(() => kem.keyPair(new Uint8Array(63)))).toBeInstanceOf(InternalError);
  });

  it('destroy() wipes the secrets: decapsulating afterwards is an InternalError', () => {
    const k = kem.keyPair(new Uint8Array(64).fill(1));
    const { ciphertext } = kem.encapsulate(k.encapsulationKey, new Uint8Array(32));
    k.destroy();
    expect(thrown(() => k.decapsulate(ciphertext))).toBeInstanceOf(InternalError);
  });
});

describe('ML-KEM-768 parts', () => {
  it('divq(x) = floor(x / q) for every x below 2^23', () => {
    let wrong = 0;
    for (let x = 0; x < 2 ** 23; x++) if (divq(x) !== Math.floor(x / Q)) wrong++;
    expect(wrong).toBe(0);
  }, 60_000);

  it('NTT^-1(NTT(f)) = f (FIPS 203 Algorithms 9 and 10)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: Q - 1 }), { minLength: 256, maxLength: 256 }), (coeffs) => {
        const f = poly();
        f.set(coeffs);
        ntt(f);
        inverseNtt(f);
        expect(Array.from(f)).toEqual(coeffs);
      }),
      { numRuns: 100 },
    );
  }, 60_000);

  it('SampleNTT draws a longer SHAKE128 prefix when the first 504 bytes run out, and goes on where it stopped', () => {
    // A stream whose first 498 bytes are 0xff (every 12-bit value 4095, refused), then i mod 7
    // (every value accepted): the first draw yields 4 coefficients, the second the other 252.
    const stream = (n: number) => Uint8Array.from({ length: n }, (_, i) => (i < 498 ? 0xff : i % 7));
    const lengths: number[] = [];
    const hashes: MlKemHashes = { ...NOBLE_SHA3, shake128: (_m, n) => (lengths.push(n), stream(n)) };
    const a = sampleNtt(hashes, new Uint8Array(34));
    expect(lengths).toEqual([504, 1008]);
    const expected: number[] = [];
    const s = stream(2000);
    for (let at = 498; expected.length < 256; at += 3) {
      const d1 = s[at]! | ((s[at + 1]! & 0x0f) << 8);
      const d2 = (s[at + 1]! >> 4) | (s[at + 2]! << 4);
      if (d1 < Q) expected.push(d1);
      if (d2 < Q && expected.length < 256) expected.push(d2);
    }
    expect(Array.from(a)).toEqual(expected);
  });
});

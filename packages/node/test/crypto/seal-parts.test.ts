// The node AEADs' sealParts: the pieces joined are exactly seal(plaintext || trailer), open() takes
// them back, and a tampered tag is refused.
import { describe, expect, it } from 'vitest';
import { NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305 } from '../../src/crypto/index.js';

const fill = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);
const join = (pieces: Uint8Array[]) => Uint8Array.from(pieces.flatMap((p) => [...p]));

describe.each([NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305])('$name sealParts', (alg) => {
  const aead = alg.create(fill(alg.keyLength, 1));
  const nonce = fill(12, 2);
  const aad = Uint8Array.of(23, 3, 3, 0x40, 0x11);

  it.each([
    [0, 1],
    [1, 1],
    [3, 5],
    [16384, 1],
  ])('equals seal() for %i bytes and a %i-byte trailer, and opens', (length, trailerLength) => {
    const plaintext = fill(length, 3);
    const trailer = Uint8Array.from({ length: trailerLength }, (_, i) => (i === 0 ? 23 : 0));
    const pieces = aead.sealParts!(nonce, aad, plaintext, trailer);
    expect(pieces.every((p) => p.length > 0)).toBe(true);
    const sealed = join(pieces);
    const whole = new Uint8Array(length + trailerLength);
    whole.set(plaintext);
    whole.set(trailer, length);
    expect(sealed).toEqual(aead.seal(nonce, whole, aad));
    expect(aead.open(nonce, sealed, aad)).toEqual(whole);
    // The inputs are left as they were.
    expect(plaintext).toEqual(fill(length, 3));
    expect(trailer[0]).toBe(23);
  });

  it('gives pieces whose tag, once tampered, does not open', () => {
    const sealed = join(aead.sealParts!(nonce, aad, fill(100, 4), Uint8Array.of(23)));
    sealed[sealed.length - 1]! ^= 1;
    expect(aead.open(nonce, sealed, aad)).toBeNull();
  });
});

// The node AEADs' sealInPlace: the same bytes as seal(), at any offset, and open() takes them back.
import { describe, expect, it } from 'vitest';
import { NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305 } from '../../src/crypto/index.js';

const fill = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

describe.each([NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305])('$name sealInPlace', (alg) => {
  const aead = alg.create(fill(alg.keyLength, 1));
  const nonce = fill(12, 2);
  const aad = Uint8Array.of(23, 3, 3, 0x40, 0x11);

  it.each([0, 1, 3, 16385])('equals seal() for %i bytes at an odd offset, and opens', (length) => {
    const plaintext = fill(length, 3);
    const backing = new Uint8Array(length + 16 + 7);
    const buffer = backing.subarray(3, 3 + length + 16);
    buffer.set(plaintext);
    expect(aead.sealInPlace!(nonce, aad, buffer, length)).toBe(length + 16);
    expect(buffer).toEqual(aead.seal(nonce, plaintext, aad));
    expect(aead.open(nonce, buffer, aad)).toEqual(plaintext);
  });

  it('refuses a buffer with no room for the tag', () => {
    expect(() => aead.sealInPlace!(nonce, aad, new Uint8Array(20), 10)).toThrow(/too short/);
  });
});

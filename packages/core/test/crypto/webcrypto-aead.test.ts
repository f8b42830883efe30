// The WebCrypto AES-GCM key makes its synchronous half (the base's AEAD) only when a synchronous
// call first needs it: application data goes through the asynchronous lane, so a traffic key used
// only there never pays the base's key setup. Both halves still give the same bytes.
import { describe, expect, it } from 'vitest';
import type { AeadAlgorithm } from '../../src/index.js';
import { AES_128_GCM } from '../../src/crypto/noble/index.js';
import { webCryptoAesGcm } from '../../src/crypto/webcrypto/index.js';

/** AES_128_GCM, counting create() calls. */
function counted(): { base: AeadAlgorithm; creates: () => number } {
  let n = 0;
  return { base: { ...AES_128_GCM, create: (key) => (n++, AES_128_GCM.create(key)) }, creates: () => n };
}

const key = Uint8Array.from({ length: 16 }, (_, i) => i + 1);
const nonce = new Uint8Array(12).fill(9);
const aad = new Uint8Array([23, 3, 3, 0, 21]);
const plaintext = new TextEncoder().encode('hello, record');

describe('webCryptoAesGcm', () => {
  it('makes no synchronous half for the asynchronous lane', async () => {
    const { base, creates } = counted();
    const aead = webCryptoAesGcm(globalThis.crypto.subtle, base).create(key);
    const sealed = await aead.sealAsync!(nonce, aad, plaintext);
    expect(await aead.openAsync!(nonce, aad, sealed)).toEqual(plaintext);
    expect(creates()).toBe(0);
  });

  it('makes it once, at the first synchronous call, giving the same bytes', async () => {
    const { base, creates } = counted();
    const aead = webCryptoAesGcm(globalThis.crypto.subtle, base).create(key);
    const sealedAsync = await aead.sealAsync!(nonce, aad, plaintext);
    expect(aead.seal(nonce, plaintext, aad)).toEqual(sealedAsync);
    expect(aead.open(nonce, sealedAsync, aad)).toEqual(plaintext);
    expect(creates()).toBe(1);
  });

  it('still refuses a key of the wrong length at create()', () => {
    const algorithm = webCryptoAesGcm(globalThis.crypto.subtle, AES_128_GCM);
    expect(() => algorithm.create(new Uint8Array(15))).toThrow(/aes-128-gcm key must be 16 bytes/);
  });
});

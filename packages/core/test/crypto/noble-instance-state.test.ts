// The noble provider's state is each instance's own (no module-level state): the X25519 key count
// (the first keys by the Montgomery ladder, the same keys as getPublicKey's) and the AES-GCM
// self-check shared by one provider's keys.
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { AES_128_GCM, createNobleProvider, X25519 } from '../../src/crypto/index.js';

const secret = (i: number) => (n: number) => Uint8Array.from({ length: n }, (_, j) => (i * 31 + j * 7 + 1) & 0xff);

describe('noble provider instance state', () => {
  it('each provider has its own X25519 group; ladder keys and table keys agree, as does the stateless X25519', () => {
    const a = createNobleProvider();
    const b = createNobleProvider();
    const ga = a.groups.find((g) => g.name === 'x25519')!;
    const gb = b.groups.find((g) => g.name === 'x25519')!;
    expect(ga).not.toBe(gb);
    for (let i = 0; i < 8; i++) { // past the ladder keys of `ga`
      const expected = x25519.getPublicKey(secret(i)(32));
      expect(ga.start(secret(i)).share).toEqual(expected);
      expect(X25519.start(secret(i)).share).toEqual(expected);
    }
    expect(gb.start(secret(0)).share).toEqual(x25519.getPublicKey(secret(0)(32)));
  });

  it('AES-GCM keys of one provider, and the exported algorithm, seal the same bytes', () => {
    const p = createNobleProvider();
    const suite = p.cipherSuites.find((s) => s.name === 'TLS_AES_128_GCM_SHA256')!;
    expect(suite.aead).not.toBe(AES_128_GCM);
    const key = new Uint8Array(16).fill(9);
    const nonce = new Uint8Array(12).fill(2);
    const aad = Uint8Array.of(23, 3, 3, 0, 21);
    const data = Uint8Array.from({ length: 37 }, (_, i) => i);
    const sealed = AES_128_GCM.create(key).seal(nonce, data, aad);
    expect(suite.aead.create(key).seal(nonce, data, aad)).toEqual(sealed);
    expect(suite.aead.create(key).open(nonce, sealed, aad)).toEqual(data);
  });
});

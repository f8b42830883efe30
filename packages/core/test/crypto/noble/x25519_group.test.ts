// The noble provider's X25519 group: its first operations run on noble's BigInt ladder (no JIT
// warm-up for a process's first handshake), the later ones on ours (crypto/x25519/); the keys
// and secrets are the same either way, and a low-order share is refused either way.
import { x25519 as nobleX25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { createNobleProvider, NamedGroup } from '../../../src/index.js';
import { x25519Group } from '../../../src/crypto/noble/key_exchange.js';

const seq = (seed: number) => { let i = seed; return (n: number) => Uint8Array.from({ length: n }, () => (i++ * 131 + 17) & 0xff); };

describe('x25519Group across its switch from noble to ours', () => {
  it('30 exchanges: each share and secret is what noble computes', () => {
    const group = x25519Group();
    for (let i = 0; i < 30; i++) {
      const random = seq(i * 1000);
      const kx = group.start(random);
      const sk = seq(i * 1000)(32); // the same bytes the group drew
      expect(kx.share).toEqual(nobleX25519.getPublicKey(sk));
      const peerSecret = seq(i * 7 + 3)(32);
      const peer = nobleX25519.getPublicKey(peerSecret);
      expect(kx.complete(peer)).toEqual(nobleX25519.getSharedSecret(peerSecret, kx.share));
    }
  });

  it('a low-order share is illegal_parameter on both paths', () => {
    const group = x25519Group();
    for (let i = 0; i < 12; i++) {
      const kx = group.start(seq(i));
      expect(() => kx.complete(new Uint8Array(32))).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
    }
  });

  it("the provider's plain x25519 and the hybrid's half are one group (one count, one table)", () => {
    const p = createNobleProvider();
    const plain = p.groups.find((g) => g.id === NamedGroup.x25519)!;
    const hybrid = p.groups.find((g) => g.id === NamedGroup.X25519MLKEM768)!.start(seq(5));
    expect(hybrid.classical!.group).toBe(plain);
  });
});

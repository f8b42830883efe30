// Key exchange through WebCrypto (Node's globalThis.crypto.subtle): which groups complete on
// deriveBits, the hybrid's ECDH half among them (and the x25519 share that reuses it), refusals
// that fall back to the synchronous verdict, and a WebCrypto without the algorithm. The
// conformance suite checks the secrets against noble on random keys and shares.
import { describe, expect, it } from 'vitest';
import { createWebCryptoProvider, NamedGroup, nobleProvider } from '../../src/index.js';
import { webCryptoGroups, type WebCryptoEcdhSubtle } from '../../src/crypto/index.js';
import { startKeyShares } from '../../src/client/first_hello.js';
import { InvalidMessageError } from '../../src/errors.js';

const subtle = globalThis.crypto.subtle as unknown as WebCryptoEcdhSubtle;
const counter = () => { let i = 0; return (n: number) => Uint8Array.from({ length: n }, () => (i++ * 53 + 5) & 0xff); };
const byId = (groups: readonly { id: number }[], id: number) => groups.find((g) => g.id === id)!;

describe('webCryptoGroups', () => {
  const groups = webCryptoGroups(subtle, nobleProvider.groups);

  it('x25519, secp256r1, secp384r1 and both hybrids complete asynchronously; the ids and order are noble\'s', () => {
    expect(groups.map((g) => g.id)).toEqual(nobleProvider.groups.map((g) => g.id));
    const asyncIds = groups.filter((g) => g.start(counter()).completeAsync !== undefined).map((g) => g.id);
    expect(asyncIds.sort()).toEqual([NamedGroup.x25519, NamedGroup.secp256r1, NamedGroup.secp384r1, NamedGroup.SecP256r1MLKEM768, NamedGroup.X25519MLKEM768].sort());
  });

  it('the default shares: the x25519 entry is the hybrid\'s half, asynchronous too, with the secret noble computes', async () => {
    const provider = createWebCryptoProvider(globalThis.crypto.subtle);
    const pairs = startKeyShares([byId(provider.groups, NamedGroup.X25519MLKEM768) as never, byId(provider.groups, NamedGroup.x25519) as never], counter());
    const plain = pairs.get(NamedGroup.x25519)!;
    expect(plain).toBe(pairs.get(NamedGroup.X25519MLKEM768)!.classical);
    expect(plain.completeAsync).toBeDefined();
    const peer = byId(nobleProvider.groups, NamedGroup.x25519) as (typeof nobleProvider.groups)[number];
    const theirs = peer.start(counter());
    expect(await plain.completeAsync!(theirs.share)).toEqual(theirs.complete(plain.share));
  });

  it('low-order X25519 shares and points off P-256 are refused as the synchronous path refuses them', async () => {
    const x = byId(groups, NamedGroup.x25519) as (typeof groups)[number];
    const kx = x.start(counter());
    for (const u of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      await expect(kx.completeAsync!(u)).rejects.toBeInstanceOf(InvalidMessageError);
      await expect(kx.completeAsync!(u)).rejects.toMatchObject({ alertName: 'illegal_parameter' });
    }
    const p = (byId(groups, NamedGroup.secp256r1) as (typeof groups)[number]).start(counter());
    const off = Uint8Array.of(4, ...new Uint8Array(64).fill(1));
    await expect(p.completeAsync!(off)).rejects.toMatchObject({ alertName: 'illegal_parameter' });
    await expect(p.completeAsync!(off.subarray(0, 33))).rejects.toMatchObject({ alertName: 'illegal_parameter' });
  });

  it('a WebCrypto without the algorithm gives the synchronous secret; a destroyed exchange is an internal error', async () => {
    const lacking: WebCryptoEcdhSubtle = { importKey: () => Promise.reject(new Error('NotSupportedError')), deriveBits: () => Promise.reject(new Error('no')) };
    const x = byId(webCryptoGroups(lacking, nobleProvider.groups), NamedGroup.x25519) as (typeof groups)[number];
    const kx = x.start(counter());
    const theirs = (byId(nobleProvider.groups, NamedGroup.x25519) as (typeof groups)[number]).start(counter());
    expect(await kx.completeAsync!(theirs.share)).toEqual(kx.complete(theirs.share));
    kx.destroy();
    await expect(kx.completeAsync!(theirs.share)).rejects.toMatchObject({ alertName: 'internal_error' });
  });
});

// The first ClientHello's key shares (RFC 9846 §4.3.8): the default X25519MLKEM768 + x25519 pair
// carries one X25519 key, sent in both entries (RFC 9954 allows a component's share to be
// reused), and whichever group the server picks completes with it.
import { x25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ExtensionType, NamedGroup, nobleProvider, TlsClient } from '../../src/index.js';
import { startKeyShares } from '../../src/client/first_hello.js';
import { findExtension } from '../../src/msgs/extension.js';
import { groupOf } from '../helpers/algorithms.js';
import { acceptAll, handshake } from '../helpers/scripted_client.js';
import { decodeClientHello, decodeKeyShareClient } from '../helpers/server_codecs.js';

const counter = () => { let i = 0; return (n: number) => Uint8Array.from({ length: n }, () => (i++ * 37 + 11) & 0xff); };

function defaultShares() {
  const c = new TlsClient({ serverName: 'example.com', verifier: acceptAll, grease: false, random: counter() });
  c.handshake();
  const ch = decodeClientHello(c.takeOutgoing().subarray(9));
  return decodeKeyShareClient(findExtension(ch.extensions, ExtensionType.key_share)!.data);
}

describe('the default key shares', () => {
  it('X25519MLKEM768 then x25519, the x25519 entry the hybrid\'s own X25519 half', () => {
    const shares = defaultShares();
    expect(shares.map((s) => s.group)).toEqual([NamedGroup.X25519MLKEM768, NamedGroup.x25519]);
    expect(shares[0]!.keyExchange).toHaveLength(1184 + 32);
    expect(shares[1]!.keyExchange).toEqual(shares[0]!.keyExchange.subarray(1184));
  });

  it('startKeyShares reuses the half only for a classical group after its hybrid', () => {
    const hybrid = groupOf('X25519MLKEM768');
    const plain = groupOf('x25519');
    const random = counter();
    const after = startKeyShares([hybrid, plain], random);
    expect(after.get(NamedGroup.x25519)).toBe(after.get(NamedGroup.X25519MLKEM768)!.classical);
    const before = startKeyShares([plain, hybrid], random);
    expect(before.get(NamedGroup.x25519)).not.toBe(before.get(NamedGroup.X25519MLKEM768)!.classical);
    expect(before.get(NamedGroup.x25519)!.share).not.toEqual(before.get(NamedGroup.X25519MLKEM768)!.classical!.share);
    const alone = startKeyShares([plain, groupOf('secp256r1')], random);
    expect(alone.size).toBe(2);
  });

  it('the reused half completes an x25519 exchange: the same secret as the peer computes', () => {
    const pairs = startKeyShares([groupOf('X25519MLKEM768'), groupOf('x25519')], counter());
    const peerSecret = new Uint8Array(32).fill(5);
    const peerShare = x25519.getPublicKey(peerSecret);
    const ours = pairs.get(NamedGroup.x25519)!.complete(peerShare);
    expect(ours).toEqual(x25519.getSharedSecret(peerSecret, pairs.get(NamedGroup.x25519)!.share));
    // Both entries are destroyed when the ServerHello is handled: a second destroy is harmless.
    for (const k of pairs.values()) k.destroy();
    expect(() => pairs.get(NamedGroup.x25519)!.destroy()).not.toThrow();
  });

  it('a server picking x25519 completes the handshake with the shared key (info.group x25519)', () => {
    const out = handshake({}, { grease: false });
    expect(out.error).toBeUndefined();
    expect(out.client.info?.group).toBe(NamedGroup.x25519);
  });

  it('every provider\'s default groups put the hybrid first, so the reuse applies to them', () => {
    const ids = nobleProvider.groups.filter((g) => g.offeredByDefault !== false).map((g) => g.id);
    expect(ids.indexOf(NamedGroup.X25519MLKEM768)).toBeLessThan(ids.indexOf(NamedGroup.x25519));
  });
});

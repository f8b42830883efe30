// AEADs against node:crypto, key exchange against node's ECDH/X25519, malformed peer shares.
import { createCipheriv, createECDH, diffieHellman, generateKeyPairSync, randomBytes, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aeadOf, fixedExchange, groupOf } from '../helpers/algorithms.js';
import { equalBytes } from '../../src/crypto/ct.js';
import { InternalError, TlsError } from '../../src/errors.js';


describe.each(['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const)('%s', (alg) => {
  const key = new Uint8Array(randomBytes(alg === 'aes-128-gcm' ? 16 : 32));
  const nonce = new Uint8Array(randomBytes(12));
  const aad = Uint8Array.of(23, 3, 3, 0, 50);
  const pt = new Uint8Array(randomBytes(1000));

  it('seals exactly as node:crypto does', () => {
    const c = createCipheriv(alg as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: pt.length });
    const expected = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    expect(Buffer.from(aeadOf(alg, key).seal(nonce, pt, aad))).toEqual(expected);
  });

  it('opens what it sealed and returns null for any flipped bit', () => {
    const a = aeadOf(alg, key);
    const ct = a.seal(nonce, pt, aad);
    expect(a.open(nonce, ct, aad)).toEqual(pt);
    for (const i of [0, 500, ct.length - 1]) {
      const bad = ct.slice();
      bad[i]! ^= 1;
      expect(a.open(nonce, bad, aad)).toBeNull();
    }
    expect(a.open(nonce, ct, Uint8Array.of(0))).toBeNull();
    expect(a.open(nonce, ct.subarray(0, 10), aad)).toBeNull();
  });

  it('refuses a key of the wrong length', () => {
    expect(() => aeadOf(alg, new Uint8Array(15))).toThrow(TlsError);
  });
});

describe('key exchange', () => {
  it('X25519 agrees with node', () => {
    const node = generateKeyPairSync('x25519');
    const ours = fixedExchange('x25519', new Uint8Array(randomBytes(32)));
    const nodePub = new Uint8Array(node.publicKey.export({ format: 'der', type: 'spki' })).subarray(-32);
    const peerKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), ours.share]), format: 'der', type: 'spki' });
    expect(Buffer.from(ours.complete(nodePub))).toEqual(diffieHellman({ privateKey: node.privateKey, publicKey: peerKey }));
  });

  it.each([['secp256r1', 'prime256v1', 32], ['secp384r1', 'secp384r1', 48]] as const)('%s agrees with node ECDH (x-coordinate only)', (group, nodeCurve, len) => {
    const node = createECDH(nodeCurve);
    node.generateKeys();
    const ours = fixedExchange(group, new Uint8Array(randomBytes(len)));
    expect(ours.share[0]).toBe(4);
    const shared = ours.complete(new Uint8Array(node.getPublicKey()));
    expect(Buffer.from(shared)).toEqual(node.computeSecret(ours.share));
  });

  it('malformed peer shares are illegal_parameter', () => {
    const x = fixedExchange('x25519', new Uint8Array(32).fill(1));
    const n = fixedExchange('secp256r1', new Uint8Array(32).fill(1));
    const cases: [typeof x, Uint8Array][] = [
      [x, new Uint8Array(31)],
      [x, new Uint8Array(32)], // low-order point: all-zero shared secret
      [x, Uint8Array.of(1, ...new Uint8Array(31))], // order-1 point
      [n, new Uint8Array(65)],
      [n, Uint8Array.of(4, ...new Uint8Array(64).fill(1))], // not on the curve
      [n, n.share.subarray(0, 33)], // compressed form is not allowed in TLS 1.3
    ];
    for (const [pair, share] of cases) {
      expect(() => pair.complete(share)).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
    }
  });

  it('an invalid scalar is drawn again: zero and 2^256-1 are skipped, a valid one is used', () => {
    const draws = [new Uint8Array(32), new Uint8Array(32).fill(0xff), new Uint8Array(32).fill(1)];
    let n = 0;
    const kx = groupOf('secp256r1').start(() => draws[n++]!.slice());
    expect(n).toBe(3);
    expect(Buffer.from(kx.share)).toEqual(Buffer.from(fixedExchange('secp256r1', new Uint8Array(32).fill(1)).share));
  });

  it('a random source that never yields a valid scalar ends in an InternalError, not a loop', () => {
    let n = 0;
    expect(() => groupOf('secp256r1').start(() => (n++, new Uint8Array(32)))).toThrow(InternalError);
    expect(n).toBe(8);
  });
});

describe('equalBytes', () => {
  it('compares by value and length', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});

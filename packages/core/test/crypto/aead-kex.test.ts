// AEADs against node:crypto, key exchange against node's ECDH/X25519, malformed peer shares.
import { createCipheriv, createECDH, diffieHellman, generateKeyPairSync, randomBytes, createPublicKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nobleProvider as p } from '../../src/crypto/noble.js';
import type { AeadAlgorithm } from '../../src/crypto/provider.js';
import { equalBytes } from '../../src/crypto/ct.js';
import { TlsError } from '../../src/errors.js';

const NODE_NAME: Record<AeadAlgorithm, string> = { 'aes-128-gcm': 'aes-128-gcm', 'aes-256-gcm': 'aes-256-gcm', 'chacha20-poly1305': 'chacha20-poly1305' };

describe.each(['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as AeadAlgorithm[])('%s', (alg) => {
  const key = new Uint8Array(randomBytes(alg === 'aes-128-gcm' ? 16 : 32));
  const nonce = new Uint8Array(randomBytes(12));
  const aad = Uint8Array.of(23, 3, 3, 0, 50);
  const pt = new Uint8Array(randomBytes(1000));

  it('seals exactly as node:crypto does', () => {
    const c = createCipheriv(NODE_NAME[alg] as 'aes-128-gcm', key, nonce, { authTagLength: 16 });
    c.setAAD(aad, { plaintextLength: pt.length });
    const expected = Buffer.concat([c.update(pt), c.final(), c.getAuthTag()]);
    expect(Buffer.from(p.aead(alg, key).seal(nonce, pt, aad))).toEqual(expected);
  });

  it('opens what it sealed and returns null for any flipped bit', () => {
    const a = p.aead(alg, key);
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
    expect(() => p.aead(alg, new Uint8Array(15))).toThrow(TlsError);
  });
});

describe('key exchange', () => {
  it('X25519 agrees with node', () => {
    const node = generateKeyPairSync('x25519');
    const ours = p.generateKeyPair('x25519', new Uint8Array(randomBytes(32)))!;
    const nodePub = new Uint8Array(node.publicKey.export({ format: 'der', type: 'spki' })).subarray(-32);
    const peerKey = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b656e032100', 'hex'), ours.publicKey]), format: 'der', type: 'spki' });
    expect(Buffer.from(ours.agree(nodePub))).toEqual(diffieHellman({ privateKey: node.privateKey, publicKey: peerKey }));
  });

  it.each([['secp256r1', 'prime256v1', 32], ['secp384r1', 'secp384r1', 48]] as const)('%s agrees with node ECDH (x-coordinate only)', (group, nodeCurve, len) => {
    const node = createECDH(nodeCurve);
    node.generateKeys();
    const ours = p.generateKeyPair(group, new Uint8Array(randomBytes(len)))!;
    expect(ours.publicKey[0]).toBe(4);
    const shared = ours.agree(new Uint8Array(node.getPublicKey()));
    expect(Buffer.from(shared)).toEqual(node.computeSecret(ours.publicKey));
  });

  it('malformed peer shares are illegal_parameter', () => {
    const x = p.generateKeyPair('x25519', new Uint8Array(32).fill(1))!;
    const n = p.generateKeyPair('secp256r1', new Uint8Array(32).fill(1))!;
    const cases: [typeof x, Uint8Array][] = [
      [x, new Uint8Array(31)],
      [x, new Uint8Array(32)], // low-order point: all-zero shared secret
      [x, Uint8Array.of(1, ...new Uint8Array(31))], // order-1 point
      [n, new Uint8Array(65)],
      [n, Uint8Array.of(4, ...new Uint8Array(64).fill(1))], // not on the curve
      [n, n.publicKey.subarray(0, 33)], // compressed form is not allowed in TLS 1.3
    ];
    for (const [pair, share] of cases) {
      expect(() => pair.agree(share)).toThrow(expect.objectContaining({ alertName: 'illegal_parameter' }));
    }
  });

  it('an invalid scalar gives null so the caller draws again', () => {
    expect(p.generateKeyPair('secp256r1', new Uint8Array(32))).toBeNull();
    expect(p.generateKeyPair('secp256r1', new Uint8Array(32).fill(0xff))).toBeNull();
  });
});

describe('equalBytes', () => {
  it('compares by value and length', () => {
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 2))).toBe(true);
    expect(equalBytes(Uint8Array.of(1, 2), Uint8Array.of(1, 3))).toBe(false);
    expect(equalBytes(Uint8Array.of(1), Uint8Array.of(1, 0))).toBe(false);
  });
});

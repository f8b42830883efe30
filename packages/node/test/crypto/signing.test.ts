// The node:crypto signer against the noble one: the same schemes for every key, the same refusals,
// signatures each provider's verify accepts from the other (all schemes), Ed25519 byte for byte.
import { constants, ECDH, generateKeyPairSync, randomBytes, verify, type KeyObject } from 'node:crypto';
import { ApiMisuseError, createNobleProvider, nobleProvider, type PrivateKey, type RandomSource, type SignatureAlgorithm } from '@puretls/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { makePrivateKey, partsOf, privateKeyOf, rsaPairs } from '../../../core/test/helpers/private_keys.js';
import { createNodeCryptoProvider, nodeCryptoProvider } from '../../src/crypto/index.js';
import { createNodeSigner } from '../../src/crypto/signing.js';

/** Several times the normal duration of a 4096-bit test for a loaded 2-core machine. */
const SLOW_TIMEOUT_MS = 60_000;
/** Generating the RSA keys (4096 bits takes seconds) in the worker pool. */
const KEYGEN_TIMEOUT_MS = 120_000;

const random: RandomSource = (n) => new Uint8Array(randomBytes(n));
const msg = new TextEncoder().encode('TLS 1.3, client CertificateVerify\0transcript hash');

const ALG: Record<number, SignatureAlgorithm> = {
  0x0403: { kind: 'ecdsa', hash: 'sha256' },
  0x0503: { kind: 'ecdsa', hash: 'sha384' },
  0x0807: { kind: 'ed25519' },
  0x0804: { kind: 'rsa-pss', hash: 'sha256' },
  0x0805: { kind: 'rsa-pss', hash: 'sha384' },
  0x0806: { kind: 'rsa-pss', hash: 'sha512' },
  0x0809: { kind: 'rsa-pss', hash: 'sha256' },
  0x080a: { kind: 'rsa-pss', hash: 'sha384' },
  0x080b: { kind: 'rsa-pss', hash: 'sha512' },
};

const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed = generateKeyPairSync('ed25519');
const rsa = new Map<number, KeyObject>();

beforeAll(async () => {
  const sizes = [2048, 4096, 1024];
  (await rsaPairs(sizes)).forEach((pair, i) => rsa.set(sizes[i]!, pair.privateKey));
}, KEYGEN_TIMEOUT_MS);

/** Every kind of key, fresh each call (a test may destroy them). */
function keys(): [string, () => PrivateKey][] {
  return [
    ['P-256', () => privateKeyOf(ec256.privateKey)],
    ['P-384', () => privateKeyOf(ec384.privateKey)],
    ['Ed25519', () => privateKeyOf(ed.privateKey)],
    ['RSA-2048', () => privateKeyOf(rsa.get(2048)!)],
    ['RSA-2048 id-RSASSA-PSS', () => privateKeyOf(rsa.get(2048)!, { pssOnly: true })],
    ['RSA-2048 id-RSASSA-PSS, SHA-512 fixed', () => privateKeyOf(rsa.get(2048)!, { pssOnly: true, pssHash: 'sha512' })],
    ['RSA-4096', () => privateKeyOf(rsa.get(4096)!)],
    ['RSA-4096 id-RSASSA-PSS', () => privateKeyOf(rsa.get(4096)!, { pssOnly: true })],
  ];
}

/** What `fn` threw, by class name (or 'returned'). */
function outcome(fn: () => unknown): string {
  try {
    fn();
    return 'returned';
  } catch (e) {
    return (e as Error).name;
  }
}

describe('createNodeSigner', () => {
  it('the same schemes as the noble signer, for every key type', () => {
    for (const [label, make] of keys()) expect(createNodeSigner(make(), random).schemes, label).toEqual(nobleProvider.createSigner!(make(), random).schemes);
    const legacyNode = createNodeCryptoProvider({ rsa: { minModulusBits: 1024 } });
    const legacyNoble = createNobleProvider({ rsa: { minModulusBits: 1024 } });
    expect(legacyNode.createSigner!(privateKeyOf(rsa.get(1024)!), random).schemes).toEqual([0x0804, 0x0805]);
    expect(legacyNoble.createSigner!(privateKeyOf(rsa.get(1024)!), random).schemes).toEqual([0x0804, 0x0805]);
  });

  it('cross: node-signed verifies with both providers\' verify, noble-signed with node\'s, every scheme', () => {
    for (const [label, make] of keys()) {
      const key = make();
      const node = nodeCryptoProvider.createSigner!(key, random);
      const noble = nobleProvider.createSigner!(key, random);
      for (const id of node.schemes) {
        const alg = ALG[id]!;
        const fromNode = node.sign(id, msg) as Uint8Array;
        const fromNoble = noble.sign(id, msg) as Uint8Array;
        for (const [p, pname] of [[nobleProvider, 'noble'], [nodeCryptoProvider, 'node']] as const) {
          const scheme = p.signatureSchemes.find((s) => s.id === id)!;
          expect(p.verify(alg, key.publicKey, msg, fromNode), `${label} 0x${id.toString(16)} node-signed, ${pname} verify`).toBe(true);
          expect(p.verify(alg, key.publicKey, msg, fromNoble), `${label} 0x${id.toString(16)} noble-signed, ${pname} verify`).toBe(true);
          expect(scheme.verify(key.publicKey, msg, fromNode), `${label} 0x${id.toString(16)} via the scheme`).toBe(true);
          expect(p.verify(alg, key.publicKey, msg.subarray(1), fromNode)).toBe(false);
        }
      }
    }
  }, SLOW_TIMEOUT_MS);

  it('node-signed RSA-PSS: salt = hash length (node:crypto verify with that salt length, and not with another)', () => {
    const pub = rsa.get(2048)!;
    const signer = createNodeSigner(privateKeyOf(pub), random);
    for (const [id, hash, len] of [[0x0804, 'sha256', 32], [0x0805, 'sha384', 48], [0x0806, 'sha512', 64]] as const) {
      const sig = signer.sign(id, msg) as Uint8Array;
      expect(verify(hash, msg, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: len }, sig)).toBe(true);
      expect(verify(hash, msg, { key: pub, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: len - 1 }, sig)).toBe(false);
    }
  });

  it('Ed25519: node and noble signatures are the same bytes; ECDSA is DER from both', () => {
    const key = privateKeyOf(ed.privateKey);
    const a = createNodeSigner(key, random).sign(0x0807, msg) as Uint8Array;
    const b = nobleProvider.createSigner!(key, random).sign(0x0807, msg) as Uint8Array;
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
    const ecdsa = createNodeSigner(privateKeyOf(ec256.privateKey), random).sign(0x0403, msg) as Uint8Array;
    expect([ecdsa[0], ecdsa[1], ecdsa[2]], 'SEQUENCE { INTEGER r, ... }').toEqual([0x30, ecdsa.length - 2, 0x02]);
  });

  it('an EC key whose public point is compressed', () => {
    const { publicKey, material } = partsOf(ec256.privateKey);
    if (publicKey.kind !== 'ec') throw new Error('not EC');
    const compressed = new Uint8Array(ECDH.convertKey(publicKey.point, 'prime256v1', undefined, undefined, 'compressed') as Buffer);
    expect(compressed.length).toBe(33);
    const signer = createNodeSigner(makePrivateKey({ ...publicKey, point: compressed }, material), random);
    expect(verify('sha256', msg, { key: ec256.publicKey, dsaEncoding: 'der' }, signer.sign(0x0403, msg) as Uint8Array)).toBe(true);
  });

  it('the same refusals as the noble signer: unknown or forbidden schemes, destroyed and mismatched keys', () => {
    const never = [0x0401, 0x0501, 0x0601, 0x0201, 0x0203, 0x0603, 0x0808, 0xffff];
    for (const [label, make] of keys()) {
      const node = createNodeSigner(make(), random);
      const noble = nobleProvider.createSigner!(make(), random);
      for (const id of [...never, ...Object.keys(ALG).map(Number)].filter((x) => !node.schemes.includes(x))) {
        expect(outcome(() => node.sign(id, msg)), `${label} 0x${id.toString(16)}`).toBe('ApiMisuseError');
        expect(outcome(() => noble.sign(id, msg))).toBe('ApiMisuseError');
      }
      const gone = make();
      gone.destroy();
      expect(outcome(() => createNodeSigner(gone, random)), `${label} destroyed`).toBe('ApiMisuseError');
      const key = make();
      const later = createNodeSigner(key, random);
      key.destroy();
      expect(outcome(() => later.sign(later.schemes[0]!, msg)), `${label} destroyed later`).toBe('ApiMisuseError');
    }
    const ec = partsOf(ec256.privateKey);
    const other = partsOf(ec384.privateKey);
    const r2 = partsOf(rsa.get(2048)!);
    const r4 = partsOf(rsa.get(4096)!);
    for (const [label, key] of [
      ['curve', makePrivateKey(ec.publicKey, other.material)],
      ['RSA n', makePrivateKey(r2.publicKey, r4.material)],
      ['Ed448', makePrivateKey({ kind: 'ed448', key: new Uint8Array(57) }, partsOf(ed.privateKey).material)],
      ['RSA-1024 by default', privateKeyOf(rsa.get(1024)!)],
    ] as const) {
      expect(outcome(() => createNodeSigner(key, random)), label).toBe('ApiMisuseError');
      expect(outcome(() => nobleProvider.createSigner!(key, random)), label).toBe('ApiMisuseError');
    }
  });

  it('draws nothing from the engine\'s random source (OpenSSL has its own)', () => {
    const refuse: RandomSource = () => { throw new Error('random source used'); };
    for (const [, make] of keys().slice(0, 4)) {
      const signer = createNodeSigner(make(), refuse);
      expect(signer.sign(signer.schemes[0]!, msg)).toBeInstanceOf(Uint8Array);
    }
  });

  it('errors are the core classes', () => {
    expect(() => createNodeSigner(privateKeyOf(rsa.get(1024)!), random)).toThrow(ApiMisuseError);
  });
});

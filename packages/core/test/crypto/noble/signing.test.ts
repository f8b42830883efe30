// The noble signer (CertificateVerify, RFC 9846 §4.5.2): for each key type the schemes it offers,
// in order; its signatures verify with node:crypto and with our verifiers; ECDSA is deterministic
// (RFC 6979's own vectors), low-S and DER; Ed25519 equals node's; misuse is ApiMisuseError.
import { constants, generateKeyPairSync, randomBytes, sign as nodeSign, verify, type KeyObject } from 'node:crypto';
import { p256, p384 } from '@noble/curves/nist.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNobleSigner } from '../../../src/crypto/noble/signing.js';
import { rsaHash } from '../../../src/crypto/noble/hashes.js';
import { rsaPssVerify } from '../../../src/crypto/rsa.js';
import { ApiMisuseError, createNobleProvider, createWebCryptoProvider, nobleProvider, type HashAlgorithm, type PrivateKey, type RandomSource } from '../../../src/index.js';
import { makePrivateKey, partsOf, privateKeyOf, rsaPairs } from '../../helpers/private_keys.js';

/** Several times the normal duration of a 4096-bit test for a loaded 2-core machine. */
const SLOW_TIMEOUT_MS = 60_000;
/** Generating the RSA keys (4096 bits takes seconds) in the worker pool. */
const KEYGEN_TIMEOUT_MS = 120_000;

const random: RandomSource = (n) => new Uint8Array(randomBytes(n));
const msg = new TextEncoder().encode('TLS 1.3, client CertificateVerify\0transcript hash');
const HLEN = { sha1: 20, sha256: 32, sha384: 48, sha512: 64 } as const;

const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' });
const ed = generateKeyPairSync('ed25519');
const rsa = new Map<number, { privateKey: KeyObject; publicKey: KeyObject }>();

beforeAll(async () => {
  const sizes = [2048, 3072, 4096, 1024];
  (await rsaPairs(sizes)).forEach((pair, i) => rsa.set(sizes[i]!, pair));
}, KEYGEN_TIMEOUT_MS);

const RSAE = [0x0804, 0x0805, 0x0806];
const RSA_PSS = [0x0809, 0x080a, 0x080b];
const PSS_HASH: Record<number, HashAlgorithm> = { 0x0804: 'sha256', 0x0805: 'sha384', 0x0806: 'sha512', 0x0809: 'sha256', 0x080a: 'sha384', 0x080b: 'sha512' };
/** Every SignatureScheme codepoint a signer must refuse whatever the key (PKCS#1 v1.5, SHA-1, legacy DSA, unassigned). */
const NEVER = [0x0401, 0x0501, 0x0601, 0x0201, 0x0203, 0x0402, 0x0502, 0x0602, 0x0202, 0x0603, 0x0808, 0x0000, 0xffff, -1, 0x10403];

const expectMisuse = (fn: () => unknown, label = '') => expect(fn, label).toThrow(ApiMisuseError);

describe('createNobleSigner: schemes per key type (RFC 9846 §4.5.2)', () => {
  it('EC P-256, P-384 and Ed25519', () => {
    expect(createNobleSigner(privateKeyOf(ec256.privateKey), random).schemes).toEqual([0x0403]);
    expect(createNobleSigner(privateKeyOf(ec384.privateKey), random).schemes).toEqual([0x0503]);
    expect(createNobleSigner(privateKeyOf(ed.privateKey), random).schemes).toEqual([0x0807]);
  });

  it('RSA: rsaEncryption keys rsa_pss_rsae_*, id-RSASSA-PSS keys rsa_pss_pss_* (only the fixed hash if any); never PKCS#1 or SHA-1', () => {
    const k = rsa.get(2048)!.privateKey;
    expect(createNobleSigner(privateKeyOf(k), random).schemes).toEqual(RSAE);
    expect(createNobleSigner(privateKeyOf(k, { pssOnly: true }), random).schemes).toEqual(RSA_PSS);
    expect(createNobleSigner(privateKeyOf(k, { pssOnly: true, pssHash: 'sha384' }), random).schemes).toEqual([0x080a]);
    expect(createNobleSigner(privateKeyOf(k, { pssHash: 'sha384' }), random).schemes).toEqual(RSAE); // a fixed hash binds only id-RSASSA-PSS keys
    expectMisuse(() => createNobleSigner(privateKeyOf(k, { pssOnly: true, pssHash: 'sha1' }), random), 'SHA-1 only');
  });

  it('RSA: a scheme whose EMSA-PSS does not fit is left out (SHA-512 with a 1024-bit key, where the bounds allow one)', () => {
    const k = rsa.get(1024)!.privateKey;
    expectMisuse(() => createNobleSigner(privateKeyOf(k), random), 'below Limits.minRsaModulusBits');
    const legacy = createNobleProvider({ rsa: { minModulusBits: 1024 } });
    expect(legacy.createSigner!(privateKeyOf(k), random).schemes).toEqual([0x0804, 0x0805]);
    expect(legacy.createSigner!(privateKeyOf(k, { pssOnly: true }), random).schemes).toEqual([0x0809, 0x080a]);
    const signer = legacy.createSigner!(privateKeyOf(k), random);
    const pub = partsOf(k).publicKey;
    expect(legacy.verify({ kind: 'rsa-pss', hash: 'sha384' }, pub, msg, signer.sign(0x0805, msg) as Uint8Array)).toBe(true);
    expectMisuse(() => createNobleProvider({ rsa: { maxModulusBits: 3072 } }).createSigner!(privateKeyOf(rsa.get(4096)!.privateKey), random), 'above the bounds');
  });
});

describe('createNobleSigner: RSA-PSS signatures verify with node:crypto and with rsaPssVerify', () => {
  for (const bits of [2048, 3072, 4096]) {
    it(`RSA-${bits}, every rsae and pss scheme`, () => {
      const { privateKey, publicKey } = rsa.get(bits)!;
      const { publicKey: pub } = partsOf(privateKey);
      for (const [pssOnly, ids] of [[false, RSAE], [true, RSA_PSS]] as const) {
        const signer = createNobleSigner(privateKeyOf(privateKey, { pssOnly }), random);
        for (const id of ids) {
          const hash = PSS_HASH[id]!;
          const sig = signer.sign(id, msg) as Uint8Array;
          expect(sig.length, `0x${id.toString(16)}`).toBe(bits / 8);
          expect(verify(hash, msg, { key: publicKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: HLEN[hash] }, sig), `node 0x${id.toString(16)}`).toBe(true);
          expect(pub.kind === 'rsa' && rsaPssVerify(pub, rsaHash(hash), msg, sig), `ours 0x${id.toString(16)}`).toBe(true);
          expect(nobleProvider.signatureSchemes.find((s) => s.id === id)!.verify({ ...pub, pssOnly } as typeof pub, msg, sig)).toBe(true);
        }
      }
    }, SLOW_TIMEOUT_MS);
  }
});

describe('createNobleSigner: ECDSA and Ed25519', () => {
  for (const [name, pair, id, hash, curve] of [['P-256', ec256, 0x0403, 'sha256', p256], ['P-384', ec384, 0x0503, 'sha384', p384]] as const) {
    it(`${name}: verifies with node:crypto (DER), deterministic, low-S`, () => {
      const signer = createNobleSigner(privateKeyOf(pair.privateKey), random);
      const sig = signer.sign(id, msg) as Uint8Array;
      expect(verify(hash, msg, { key: pair.publicKey, dsaEncoding: 'der' }, sig)).toBe(true);
      expect(verify(hash, msg.subarray(1), { key: pair.publicKey, dsaEncoding: 'der' }, sig)).toBe(false);
      expect(Buffer.from(signer.sign(id, msg) as Uint8Array).equals(Buffer.from(sig)), 'same input, same bytes').toBe(true);
      expect(Buffer.from(signer.sign(id, msg.subarray(1)) as Uint8Array).equals(Buffer.from(sig))).toBe(false);
      const { s } = curve.Signature.fromBytes(sig, 'der');
      expect(s <= curve.Point.Fn.ORDER >> 1n, 'low-S').toBe(true);
    });
  }

  // RFC 6979 §A.2.5 (P-256, SHA-256) and §A.2.6 (P-384, SHA-384), message "sample": the same r;
  // s as n - s where the RFC's is high (we sign low-S).
  const VECTORS = [
    { curve: p256, name: 'P-256', id: 0x0403, x: 'c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721', r: 'efd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716', s: 'f7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8' },
    { curve: p384, name: 'P-384', id: 0x0503, x: '6b9d3dad2e1b8c1c05b19875b6659f4de23c3b667bf297ba9aa47740787137d896d5724e4c70a825f872c9ea60d2edf5', r: '94edbb92a5ecb8aad4736e56c691916b3f88140666ce9fa73d64c4ea95ad133c81a648152e44acf96e36dd1e80fabe46', s: '99ef4aeb15f178cea1fe40db2603138f130e740a19624526203b6351d0a3a94fa329c145786e679e7b82c71a38628ac8' },
  ] as const;
  it.each(VECTORS)('$name: RFC 6979 deterministic nonce (message "sample")', (v) => {
    const d = Uint8Array.from(Buffer.from(v.x, 'hex'));
    const key = makePrivateKey({ kind: 'ec', curve: v.name, point: v.curve.getPublicKey(d, false) }, { kind: 'ec', curve: v.name, d });
    const sig = v.curve.Signature.fromBytes(createNobleSigner(key, random).sign(v.id, new TextEncoder().encode('sample')) as Uint8Array, 'der');
    const n = v.curve.Point.Fn.ORDER;
    const s = BigInt('0x' + v.s);
    expect(sig.r).toBe(BigInt('0x' + v.r));
    expect(sig.s).toBe(s > n >> 1n ? n - s : s);
  });

  it('Ed25519: verifies with node:crypto and equals its signature byte for byte', () => {
    const signer = createNobleSigner(privateKeyOf(ed.privateKey), random);
    const sig = signer.sign(0x0807, msg) as Uint8Array;
    expect(verify(null, msg, ed.publicKey, sig)).toBe(true);
    expect(Buffer.from(sig).equals(nodeSign(null, msg, ed.privateKey))).toBe(true);
  });

  it('ECDSA and Ed25519 draw nothing from the random source', () => {
    const refuse: RandomSource = () => { throw new Error('random source used'); };
    for (const [k, id] of [[ec256.privateKey, 0x0403], [ec384.privateKey, 0x0503], [ed.privateKey, 0x0807]] as const) createNobleSigner(privateKeyOf(k), refuse).sign(id, msg);
  });
});

describe('createNobleSigner: misuse is ApiMisuseError', () => {
  const all = (): [string, () => PrivateKey][] => [
    ['P-256', () => privateKeyOf(ec256.privateKey)],
    ['P-384', () => privateKeyOf(ec384.privateKey)],
    ['Ed25519', () => privateKeyOf(ed.privateKey)],
    ['RSA', () => privateKeyOf(rsa.get(2048)!.privateKey)],
    ['RSA-PSS', () => privateKeyOf(rsa.get(2048)!.privateKey, { pssOnly: true })],
  ];

  it('a scheme not in `schemes`: PKCS#1 v1.5, SHA-1, another key type\'s, unassigned', () => {
    for (const [label, make] of all()) {
      const signer = createNobleSigner(make(), random);
      for (const id of [...NEVER, 0x0403, 0x0503, 0x0807, ...RSAE, ...RSA_PSS].filter((x) => !signer.schemes.includes(x))) expectMisuse(() => signer.sign(id, msg), `${label} 0x${id.toString(16)}`);
    }
  });

  it('a destroyed key: at creation, and at sign time once destroyed (material refused, or its bytes wiped)', () => {
    for (const [label, make] of all()) {
      const gone = make();
      gone.destroy();
      expectMisuse(() => createNobleSigner(gone, random), `${label} destroyed first`);
      const key = make();
      const signer = createNobleSigner(key, random);
      key.destroy();
      expectMisuse(() => signer.sign(signer.schemes[0]!, msg), `${label} destroyed later`);
    }
    for (const k of [ec256.privateKey, ed.privateKey]) {
      const key = privateKeyOf(k, { afterDestroy: 'wiped' });
      const signer = createNobleSigner(key, random);
      key.destroy();
      expectMisuse(() => signer.sign(signer.schemes[0]!, msg), 'wiped bytes');
    }
  });

  it('material that does not match its public half, or is no valid key', () => {
    const p256Parts = partsOf(ec256.privateKey);
    const p384Parts = partsOf(ec384.privateKey);
    const edParts = partsOf(ed.privateKey);
    const rsaParts = partsOf(rsa.get(2048)!.privateKey);
    const other = partsOf(rsa.get(3072)!.privateKey);
    expectMisuse(() => createNobleSigner(makePrivateKey(p256Parts.publicKey, p384Parts.material), random), 'curve');
    expectMisuse(() => createNobleSigner(makePrivateKey(p256Parts.publicKey, edParts.material), random), 'kind');
    expectMisuse(() => createNobleSigner(makePrivateKey(rsaParts.publicKey, other.material), random), 'RSA n');
    expectMisuse(() => createNobleSigner(makePrivateKey({ kind: 'ed448', key: new Uint8Array(57) }, edParts.material), random), 'Ed448');
    expectMisuse(() => createNobleSigner(makePrivateKey({ kind: 'ec', curve: 'P-521', point: new Uint8Array(133) }, p384Parts.material), random), 'P-521');
    const order = Uint8Array.from(Buffer.from(p256.Point.Fn.ORDER.toString(16), 'hex'));
    expectMisuse(() => createNobleSigner(makePrivateKey(p256Parts.publicKey, { kind: 'ec', curve: 'P-256', d: order }), random), 'd = n');
    expectMisuse(() => createNobleSigner(makePrivateKey(p256Parts.publicKey, { kind: 'ec', curve: 'P-256', d: new Uint8Array(31).fill(1) }), random), 'short d');
  });

  it('no secret in an error message', () => {
    const parts = partsOf(ec256.privateKey);
    const d = parts.material.kind === 'ec' ? Buffer.from(parts.material.d).toString('hex') : '';
    const signer = createNobleSigner(makePrivateKey(parts.publicKey, parts.material), random);
    let e: unknown;
    try {
      signer.sign(0x0401, msg);
    } catch (caught) {
      e = caught;
    }
    expect(e).toBeInstanceOf(ApiMisuseError);
    expect(String(e)).toContain('0x0401');
    expect(String(e)).not.toContain(d);
  });
});

describe('providers', () => {
  it('nobleProvider and the WebCrypto provider (which spreads noble) have createSigner', () => {
    const web = createWebCryptoProvider(globalThis.crypto.subtle);
    for (const p of [nobleProvider, web]) {
      const signer = p.createSigner!(privateKeyOf(ec256.privateKey), random);
      expect(p.verify({ kind: 'ecdsa', hash: 'sha256' }, partsOf(ec256.privateKey).publicKey, msg, signer.sign(0x0403, msg) as Uint8Array)).toBe(true);
    }
  });
});

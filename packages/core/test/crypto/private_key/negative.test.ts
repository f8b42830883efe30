// What parsePrivateKey refuses, and how: truncations, corrupt components, wrong passphrases,
// unsupported algorithms. Every refusal is a PrivateKeyError with a stable reason whose message
// holds no key bytes (hex, base64, decimal) and not the passphrase.
import { createCipheriv, generateKeyPairSync, pbkdf2Sync, randomBytes } from 'node:crypto';
import { p256 } from '@noble/curves/nist.js';
import { describe, expect, it } from 'vitest';
import { Limits, parsePrivateKey } from '../../../src/index.js';
import type { PrivateKeyErrorReason } from '../../../src/crypto/private_key/errors.js';
import { bytes, derInteger, derOidOf, expectNoSecretIn, fieldOffsets, refusal, tlv } from '../../helpers/private_key_checks.js';

const PASS = 'hunter2-but-longer';

const ec256 = generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
const ec384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
const ed = generateKeyPairSync('ed25519').privateKey;
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const DERS = {
  'P-256 PKCS#8': bytes(ec256.export({ type: 'pkcs8', format: 'der' })),
  'P-384 SEC 1': bytes(ec384.export({ type: 'sec1', format: 'der' })),
  'Ed25519 PKCS#8': bytes(ed.export({ type: 'pkcs8', format: 'der' })),
  'RSA PKCS#1': bytes(rsa.export({ type: 'pkcs1', format: 'der' })),
  'RSA PKCS#8': bytes(rsa.export({ type: 'pkcs8', format: 'der' })),
  'encrypted P-256 PKCS#8': bytes(ec256.export({ type: 'pkcs8', format: 'der', cipher: 'aes-128-cbc', passphrase: PASS })),
};

/** Messages already checked against each secret (a prefix sweep repeats a few messages many times). */
const checked = new Map<Uint8Array, Set<string>>();

/** The refusal, checked to hold neither `secret`'s bytes nor the passphrase. */
function refused(f: () => unknown, reason: PrivateKeyErrorReason | readonly PrivateKeyErrorReason[], secret: Uint8Array, numbers: readonly bigint[] = []) {
  const err = refusal(f, reason);
  const seen = checked.get(secret) ?? new Set<string>();
  checked.set(secret, seen);
  if (!seen.has(err.message)) {
    expectNoSecretIn(err.message, secret, numbers);
    expect(err.message).not.toContain(PASS);
    seen.add(err.message);
  }
  return err;
}


it('the secret check itself finds hex, base64 and decimal of a key', () => {
  const der = DERS['P-256 PKCS#8'];
  const hex = Buffer.from(der).toString('hex');
  expect(() => expectNoSecretIn(`bad ${hex.slice(40, 52).toUpperCase()}`, der)).toThrow();
  expect(() => expectNoSecretIn(`bad ${Buffer.from(der.subarray(30, 42)).toString('base64')}`, der)).toThrow();
  expect(() => expectNoSecretIn('bad 123456789012345', der, [1234567890123456789n])).toThrow();
  expect(() => expectNoSecretIn('PKCS#8: DER: truncated value', der)).not.toThrow();
});

describe('truncation', () => {
  it.each(Object.entries(DERS))('every strict prefix of a %s DER key is a PrivateKeyError', (_, der) => {
    expect(parsePrivateKey(der, PASS).publicKey).toBeDefined();
    for (let n = 0; n < der.length; n++) refused(() => parsePrivateKey(der.subarray(0, n), PASS), 'malformed', der);
  });

  it('every PEM cut short of its END line is malformed', () => {
    const pem = ec256.export({ type: 'pkcs8', format: 'pem' }) as string;
    const end = pem.indexOf('-----END');
    for (let n = 0; n < end; n += 3) refused(() => parsePrivateKey(pem.slice(0, n)), 'malformed', DERS['P-256 PKCS#8']);
  });

  it('trailing bytes after the key are malformed', () => {
    for (const der of Object.values(DERS)) refused(() => parsePrivateKey(Uint8Array.from([...der, 0]), PASS), 'malformed', der);
  });
});

describe('corrupt RSA components', () => {
  const der = DERS['RSA PKCS#1'];
  const jwk = rsa.export({ format: 'jwk' });
  const numbers = (['n', 'd', 'p', 'q', 'dp', 'dq', 'qi'] as const).map((k) => BigInt('0x' + Buffer.from(jwk[k]!, 'base64url').toString('hex')));
  const names = ['version', 'n', 'e', 'd', 'p', 'q', 'dp', 'dq', 'qi'];

  it.each(names.slice(1).map((name, i) => [name, i + 1] as const))('a flipped byte in %s is inconsistent (or malformed at the first byte)', (_, index) => {
    const field = fieldOffsets(der)[index]!;
    for (const at of new Set([field.start, field.start + 1, Math.floor((field.start + field.end) / 2), field.end - 1])) {
      const bad = der.slice();
      bad[at]! ^= 0x01;
      refused(() => parsePrivateKey(bad), at === field.start ? ['inconsistent', 'malformed'] : 'inconsistent', der, numbers);
    }
  });

  it('swapping p and q breaks the coefficient: inconsistent', () => {
    const f = fieldOffsets(der);
    const head = (len: number) => (len < 0x80 ? 2 : len < 0x100 ? 3 : 4);
    const el = (i: number) => der.slice(f[i]!.start - head(f[i]!.end - f[i]!.start), f[i]!.end);
    const swapped = tlv(0x30, ...[0, 1, 2, 3, 5, 4, 7, 6, 8].map(el));
    expect(refused(() => parsePrivateKey(swapped), 'inconsistent', der, numbers).message).toMatch(/RFC 8017 §3\.2/);
  });

  it('a version other than 0 or 1 is malformed', () => {
    const bad = der.slice();
    bad[fieldOffsets(der)[0]!.start] = 2;
    refused(() => parsePrivateKey(bad), 'malformed', der);
  });
});

describe('corrupt EC and Ed25519 keys', () => {
  it('a flipped byte in the scalar or the stored point of a SEC 1 key is inconsistent', () => {
    const der = bytes(ec256.export({ type: 'sec1', format: 'der' }));
    const [, d, , pub] = fieldOffsets(der);
    for (const at of [d!.start, d!.end - 1, pub!.end - 1, pub!.end - 20]) {
      const bad = der.slice();
      bad[at]! ^= 0x10;
      refused(() => parsePrivateKey(bad), 'inconsistent', der);
    }
  });

  /** An ECPrivateKey with scalar `d` on P-256 and no stored point. */
  const sec1 = (d: Uint8Array) => tlv(0x30, derInteger(1n), tlv(0x04, d), tlv(0xa0, derOidOf('1.2.840.10045.3.1.7')));
  const n = p256.Point.Fn.ORDER;
  const be = (v: bigint) => Uint8Array.from(Buffer.from(v.toString(16).padStart(64, '0'), 'hex'));

  it('the scalar must be 0 < d < n', () => {
    for (const d of [0n, n, n + 1n, 2n ** 256n - 1n]) refusal(() => parsePrivateKey(sec1(be(d))), 'inconsistent');
    expect(parsePrivateKey(sec1(be(n - 1n))).publicKey).toMatchObject({ curve: 'P-256' });
    expect(parsePrivateKey(sec1(be(1n))).publicKey).toEqual({ kind: 'ec', curve: 'P-256', point: p256.Point.BASE.toBytes(false) });
  });

  it('a scalar with its leading zeros dropped (old OpenSSL) is padded to the curve length', () => {
    const key = parsePrivateKey(sec1(Uint8Array.of(7)));
    expect(key.material).toEqual({ kind: 'ec', curve: 'P-256', d: be(7n) });
  });

  it('a curve named twice differently is inconsistent; none named is malformed', () => {
    const inner = tlv(0x30, derInteger(1n), tlv(0x04, be(5n)), tlv(0xa0, derOidOf('1.3.132.0.34')));
    const pkcs8 = tlv(0x30, derInteger(0n), tlv(0x30, derOidOf('1.2.840.10045.2.1'), derOidOf('1.2.840.10045.3.1.7')), tlv(0x04, inner));
    refusal(() => parsePrivateKey(pkcs8), 'inconsistent');
    refusal(() => parsePrivateKey(tlv(0x30, derInteger(1n), tlv(0x04, be(5n)))), 'malformed');
  });

  /** A v2 OneAsymmetricKey (RFC 5958) for Ed25519 with a stored public key. */
  const edV2 = (seed: Uint8Array, pub: Uint8Array) => tlv(0x30, derInteger(1n), tlv(0x30, derOidOf('1.3.101.112')), tlv(0x04, tlv(0x04, seed)), tlv(0x81, Uint8Array.of(0), pub));
  const jwk = ed.export({ format: 'jwk' });
  const seed = Uint8Array.from(Buffer.from(jwk.d!, 'base64url'));
  const pub = Uint8Array.from(Buffer.from(jwk.x!, 'base64url'));

  it('Ed25519 v2 with its public key parses; a wrong public key is inconsistent', () => {
    expect(parsePrivateKey(edV2(seed, pub)).publicKey).toEqual({ kind: 'ed25519', key: pub });
    const wrong = pub.slice();
    wrong[0]! ^= 1;
    refused(() => parsePrivateKey(edV2(seed, wrong)), 'inconsistent', seed);
  });

  it('an Ed25519 seed of other than 32 bytes is malformed; a v1 key with a public key is malformed', () => {
    for (const len of [0, 31, 33, 64]) refusal(() => parsePrivateKey(tlv(0x30, derInteger(0n), tlv(0x30, derOidOf('1.3.101.112')), tlv(0x04, tlv(0x04, new Uint8Array(len))))), 'malformed');
    const v1WithPub = edV2(seed, pub);
    v1WithPub[4] = 0; // version 1 -> 0
    refused(() => parsePrivateKey(v1WithPub), 'malformed', seed);
  });
});

describe('passphrases', () => {
  /** An EncryptedPrivateKeyInfo (PBES2, PBKDF2-HMAC-SHA256, AES-256-CBC) of `plain`, built with node:crypto. */
  function encrypt(plain: Uint8Array, pass: string, iterations = 1000): Uint8Array {
    const salt = randomBytes(16);
    const iv = randomBytes(16);
    const kek = pbkdf2Sync(pass, salt, iterations, 32, 'sha256');
    const c = createCipheriv('aes-256-cbc', kek, iv);
    const ct = Buffer.concat([c.update(plain), c.final()]);
    const kdf = tlv(0x30, derOidOf('1.2.840.113549.1.5.12'), tlv(0x30, tlv(0x04, salt), derInteger(BigInt(iterations)), tlv(0x30, derOidOf('1.2.840.113549.2.9'), tlv(0x05))));
    const scheme = tlv(0x30, derOidOf('2.16.840.1.101.3.4.1.42'), tlv(0x04, iv));
    return tlv(0x30, tlv(0x30, derOidOf('1.2.840.113549.1.5.13'), tlv(0x30, kdf, scheme)), tlv(0x04, ct));
  }

  it('a hand-built PBES2 key decrypts (the builder is right)', () => {
    expect(parsePrivateKey(encrypt(DERS['P-256 PKCS#8'], PASS), PASS).publicKey.kind).toBe('ec');
  });

  it('well-padded plaintext that is not a key: wrong passphrase or corrupt key', () => {
    for (const plain of [new Uint8Array(0), Uint8Array.of(0x30, 0x03, 0x02, 0x01), randomBytes(40)]) {
      expect(refused(() => parsePrivateKey(encrypt(plain, PASS), PASS), 'passphrase', DERS['P-256 PKCS#8']).message).toBe('encrypted key: wrong passphrase or corrupt key');
    }
  });

  it('wrong passphrases, a corrupt ciphertext: passphrase; none given: encrypted', () => {
    const der = DERS['encrypted P-256 PKCS#8'];
    for (const wrong of ['', 'x', PASS.toUpperCase(), PASS + ' ']) refused(() => parsePrivateKey(der, wrong), 'passphrase', der);
    const corrupt = der.slice();
    corrupt[corrupt.length - 1]! ^= 0x55;
    refused(() => parsePrivateKey(corrupt, PASS), 'passphrase', der);
    expect(refused(() => parsePrivateKey(der), 'encrypted', der).message).toMatch(/passphrase is needed/);
  });

  it('the passphrase never appears in a message, even for unsupported or malformed keys', () => {
    refused(() => parsePrivateKey('-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n', PASS), 'malformed', new Uint8Array(0));
  });
});

describe('unsupported keys', () => {
  it.each([
    ['P-521', () => generateKeyPairSync('ec', { namedCurve: 'P-521' }).privateKey, /P-521 \(1\.3\.132\.0\.35\)/],
    ['secp256k1', () => generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).privateKey, /secp256k1 \(1\.3\.132\.0\.10\)/],
    ['X25519', () => generateKeyPairSync('x25519').privateKey, /X25519 \(1\.3\.101\.110\)/],
    ['X448', () => generateKeyPairSync('x448').privateKey, /X448/],
    ['DSA', () => generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 }).privateKey, /DSA \(1\.2\.840\.10040\.4\.1\)/],
  ])('%s (PKCS#8 and, for EC, SEC 1)', (_, make, message) => {
    const key = make();
    const der = bytes(key.export({ type: 'pkcs8', format: 'der' }));
    expect(refused(() => parsePrivateKey(der), 'unsupported', der).message).toMatch(message);
    expect(refused(() => parsePrivateKey(key.export({ type: 'pkcs8', format: 'pem' }) as string), 'unsupported', der).message).toMatch(message);
    if (key.asymmetricKeyType === 'ec') {
      const sec1 = bytes(key.export({ type: 'sec1', format: 'der' }));
      expect(refused(() => parsePrivateKey(sec1), 'unsupported', sec1).message).toMatch(message);
    }
  });

  it('PEM labels we do not read are unsupported, named', () => {
    const err = refusal(() => parsePrivateKey('-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n'), 'unsupported');
    expect(err.message).toContain('OPENSSH PRIVATE KEY');
  });

  it('a PEM without a private key says what it found', () => {
    expect(refusal(() => parsePrivateKey('-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n'), 'malformed').message).toContain('CERTIFICATE');
    expect(refusal(() => parsePrivateKey(''), 'malformed').message).toContain('no PEM block');
  });

  it('inputs over the size limits are refused before parsing', () => {
    const der = new Uint8Array(Limits.maxPrivateKeyDer + 1);
    der[0] = 0x30;
    expect(refusal(() => parsePrivateKey(der), 'unsupported').message).toContain('Limits.maxPrivateKeyDer');
    expect(refusal(() => parsePrivateKey(' '.repeat(Limits.maxPemInput + 1)), 'unsupported').message).toContain('Limits.maxPemInput');
    const pemBody = 'A'.repeat(((Limits.maxPrivateKeyDer + 3) / 3) * 4 + 4);
    refusal(() => parsePrivateKey(`-----BEGIN PRIVATE KEY-----\n${pemBody}\n-----END PRIVATE KEY-----\n`), 'unsupported');
  });

  it('values that are neither a string nor bytes', () => {
    refusal(() => parsePrivateKey(42 as unknown as string), 'malformed');
    refusal(() => parsePrivateKey([0x30] as unknown as Uint8Array), 'malformed');
  });
});

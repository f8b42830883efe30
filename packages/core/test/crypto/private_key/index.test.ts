// parsePrivateKey on keys node:crypto makes at test time, in every encoding node writes: the
// parsed key must be node's key (public half through the core SPKI parser, components through
// node's JWK export).
import { generateKeyPairSync, type KeyObject } from 'node:crypto';
import { afterAll, describe, expect, it } from 'vitest';
import { parsePrivateKey, PrivateKeyError } from '../../../src/index.js';
import { bytes, expectSameKey, opensslRsaComponents, refusal, tempDir, writeIn } from '../../helpers/private_key_checks.js';

const PASS = 'correct horse battery staple';

interface Case {
  readonly name: string;
  readonly key: KeyObject;
  readonly types: readonly ('pkcs8' | 'sec1' | 'pkcs1')[];
}

const CASES: Case[] = [
  { name: 'P-256', key: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, types: ['pkcs8', 'sec1'] },
  { name: 'P-384', key: generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, types: ['pkcs8', 'sec1'] },
  { name: 'Ed25519', key: generateKeyPairSync('ed25519').privateKey, types: ['pkcs8'] },
  { name: 'RSA 2048', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, types: ['pkcs8', 'pkcs1'] },
  { name: 'RSA 3072, e = 3', key: generateKeyPairSync('rsa', { modulusLength: 3072, publicExponent: 3 }).privateKey, types: ['pkcs8', 'pkcs1'] },
];

describe.each(CASES)('$name from node:crypto', ({ key, types }) => {
  it.each(types)('%s, PEM string, PEM bytes and DER', (type) => {
    const pem = key.export({ type, format: 'pem' }) as string;
    const der = bytes(key.export({ type, format: 'der' }));
    for (const input of [pem, new TextEncoder().encode(pem), der]) expectSameKey(parsePrivateKey(input), key);
  });

  it.each(['aes-128-cbc', 'aes-192-cbc', 'aes-256-cbc'])('encrypted PKCS#8 (%s, PBES2), PEM and DER, string and byte passphrases', (cipher) => {
    const pem = key.export({ type: 'pkcs8', format: 'pem', cipher, passphrase: PASS }) as string;
    const der = bytes(key.export({ type: 'pkcs8', format: 'der', cipher, passphrase: PASS }));
    expect(pem).toContain('-----BEGIN ENCRYPTED PRIVATE KEY-----');
    for (const input of [pem, der]) {
      expectSameKey(parsePrivateKey(input, PASS), key);
      expectSameKey(parsePrivateKey(input, new TextEncoder().encode(PASS)), key);
      refusal(() => parsePrivateKey(input, PASS + '!'), 'passphrase');
      refusal(() => parsePrivateKey(input), 'encrypted');
    }
  });

  it('an unencrypted key ignores a passphrase', () => {
    expectSameKey(parsePrivateKey(key.export({ type: 'pkcs8', format: 'pem' }) as string, 'unused'), key);
  });
});

describe('RSASSA-PSS keys from node:crypto', () => {
  const tmp = tempDir();
  afterAll(tmp.cleanup);
  /** node has no JWK for RSASSA-PSS: the components come from `openssl pkey -text`. */
  const expectComponents = (key: ReturnType<typeof parsePrivateKey>, pem: string): void => {
    expect(key.material).toEqual({ kind: 'rsa', ...opensslRsaComponents(tmp.dir, writeIn(tmp.dir, 'pss.pem', pem)) });
  };

  it('without parameters: pssOnly, no pssHash', () => {
    const { privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048 });
    const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }) as string;
    const key = parsePrivateKey(pem);
    expectSameKey(key, privateKey);
    expectComponents(key, pem);
    expect(key.publicKey).toMatchObject({ kind: 'rsa', pssOnly: true, bits: 2048 });
    expect(key.pssHash).toBeUndefined();
  });

  it.each(['sha256', 'sha384', 'sha512'] as const)('restricted to %s: pssHash set', (hash) => {
    const { privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: hash, mgf1HashAlgorithm: hash });
    const der = bytes(privateKey.export({ type: 'pkcs8', format: 'der' }));
    const key = parsePrivateKey(der);
    expectSameKey(key, privateKey);
    expectComponents(key, privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
    expect(key.pssHash).toBe(hash);
    expect(key.publicKey).toMatchObject({ pssOnly: true });
  });
});

describe('legacy and refused node encodings', () => {
  const rsa = CASES[3]!.key;

  it('PKCS#1 with a cipher is legacy OpenSSL PEM encryption: refused with advice', () => {
    const pem = rsa.export({ type: 'pkcs1', format: 'pem', cipher: 'aes-256-cbc', passphrase: PASS }) as string;
    expect(pem).toContain('Proc-Type: 4,ENCRYPTED');
    const err = refusal(() => parsePrivateKey(pem, PASS), 'unsupported');
    expect(err.message).toContain('openssl pkcs8 -topk8 -v2 aes-256-cbc');
    expect(err.message).not.toContain(PASS);
  });

  it('RSA below 2048 bits is refused (Limits.minRsaModulusBits)', () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
    expect(refusal(() => parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string), 'unsupported').message).toMatch(/1024 bits/);
  });

  it('PrivateKeyError is an ApiMisuseError (a configuration mistake, no alert)', () => {
    const err = refusal(() => parsePrivateKey('not a key'), 'malformed');
    expect(err).toBeInstanceOf(PrivateKeyError);
    expect(err.category).toBe('api-misuse');
    expect(err.alert).toBeUndefined();
    expect(err.name).toBe('PrivateKeyError');
  });
});

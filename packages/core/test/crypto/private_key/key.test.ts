// The PrivateKey object: no material in any printed or serialised form, destroy() wipes the byte
// arrays and makes the key unusable.
import { generateKeyPairSync } from 'node:crypto';
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, parsePrivateKey } from '../../../src/index.js';
import { bytes, expectNoSecretIn } from '../../helpers/private_key_checks.js';

const KEYS = [
  ['ec', 'P-256', generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey, 'PrivateKey ec 256'],
  ['ec', 'P-384', generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey, 'PrivateKey ec 384'],
  ['ed25519', '', generateKeyPairSync('ed25519').privateKey, 'PrivateKey ed25519 256'],
  ['rsa', '2048', generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey, 'PrivateKey rsa 2048'],
] as const;

describe.each(KEYS)('a %s %s key', (kind, _, nodeKey, inspected) => {
  const der = bytes(nodeKey.export({ type: 'pkcs8', format: 'der' }));
  const secret = (k: ReturnType<typeof parsePrivateKey>): bigint[] => (k.material.kind === 'rsa' ? [k.material.d, k.material.p, k.material.q] : []);

  it('prints and serialises as its kind only', () => {
    const key = parsePrivateKey(der);
    expect(String(key)).toBe(`PrivateKey ${kind}`);
    expect(`${key}`).toBe(`PrivateKey ${kind}`);
    expect(JSON.stringify(key)).toBe(`{"kind":"${kind}"}`);
    expect(JSON.stringify({ key })).toBe(`{"key":{"kind":"${kind}"}}`);
    expect(inspect(key)).toBe(inspected);
    expect(inspect(key, { showHidden: true, depth: 10 })).toBe(inspected);
    expect(inspect({ nested: [key] })).toContain(inspected);
    for (const shown of [String(key), JSON.stringify(key), inspect(key, { showHidden: true })]) expectNoSecretIn(shown, der, secret(key));
  });

  it('has no enumerable or own material property', () => {
    const key = parsePrivateKey(der);
    expect(Object.keys(key)).toEqual(['publicKey']);
    expect(Object.getOwnPropertyNames(key)).not.toContain('material');
    expect(Object.getOwnPropertySymbols(key)).toEqual([]);
    expect({ ...key }).toEqual({ publicKey: key.publicKey });
    expect(Object.isFrozen(key)).toBe(true);
    expect(Object.isFrozen(key.publicKey)).toBe(true);
  });

  it('destroy() zeroes the byte arrays; material then throws ApiMisuseError', () => {
    const key = parsePrivateKey(der);
    const m = key.material;
    key.destroy();
    if (m.kind === 'ec') expect(m.d.every((b) => b === 0)).toBe(true);
    if (m.kind === 'ed25519') expect(m.seed.every((b) => b === 0)).toBe(true);
    expect(() => key.material).toThrow(ApiMisuseError);
    expect(() => key.material).toThrow(/destroyed/);
    key.destroy(); // idempotent
    expect(key.publicKey.kind).toBe(kind);
    expect(String(key)).toBe(`PrivateKey ${kind}`);
  });

  it('each parse owns its material (destroying one key leaves another intact)', () => {
    const a = parsePrivateKey(der);
    const b = parsePrivateKey(der);
    a.destroy();
    expect(b.material.kind).toBe(kind);
    if (b.material.kind === 'ec') expect(b.material.d.some((x) => x !== 0)).toBe(true);
    if (b.material.kind === 'ed25519') expect(b.material.seed.some((x) => x !== 0)).toBe(true);
  });
});

it('an RSASSA-PSS key restricted to a hash shows pssHash as an own property, still no material', () => {
  const { privateKey } = generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha384', mgf1HashAlgorithm: 'sha384' });
  const key = parsePrivateKey(privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  expect(Object.keys(key)).toEqual(['publicKey', 'pssHash']);
  expect(key.pssHash).toBe('sha384');
  expect(inspect(key)).toBe('PrivateKey rsa 2048');
});

it('the PEM input buffer of the caller is left as it was (only our own copies are wiped)', () => {
  const pem = new TextEncoder().encode(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'pkcs8', format: 'pem' }) as string);
  const copy = pem.slice();
  const der = bytes(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' }));
  const derCopy = der.slice();
  parsePrivateKey(pem).destroy();
  parsePrivateKey(der).destroy();
  expect(pem).toEqual(copy);
  expect(der).toEqual(derCopy);
});

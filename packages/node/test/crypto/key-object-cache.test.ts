// keyObject remembers KeyObjects by the key's exact content: an equal key parsed again gets the
// same one, a different key (or the same bytes changed) another, and a key that fails is not kept.
import { generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseSpki } from '@puretls/core/der';
import { keyObject } from '../../src/crypto/public_keys.js';

const spki = (type: 'ec' | 'ed25519') => new Uint8Array((type === 'ec' ? generateKeyPairSync('ec', { namedCurve: 'P-256' }) : generateKeyPairSync('ed25519')).publicKey.export({ format: 'der', type: 'spki' }));

describe('keyObject cache', () => {
  it('gives an equal key parsed twice the same KeyObject, another key another', () => {
    const der = spki('ec');
    const a = keyObject(parseSpki(der));
    expect(keyObject(parseSpki(der))).toBe(a);
    expect(keyObject(parseSpki(spki('ec')))).not.toBe(a);
    expect(a.export({ format: 'der', type: 'spki' })).toEqual(Buffer.from(der));
  });

  it('follows the bytes, not the object', () => {
    const key = parseSpki(spki('ed25519'));
    const a = keyObject(key);
    if (key.kind !== 'ed25519') throw new Error('not ed25519');
    const other = parseSpki(spki('ed25519'));
    if (other.kind !== 'ed25519') throw new Error('not ed25519');
    (key.key as Uint8Array).set(other.key);
    const b = keyObject(key);
    expect(b).not.toBe(a);
    expect(b).toBe(keyObject(other));
  });

  it('does not remember a key node:crypto refuses', () => {
    const bad = { kind: 'ec', curve: 'P-256', point: new Uint8Array(65).fill(4) } as const;
    expect(() => keyObject(bad)).toThrow();
    expect(() => keyObject(bad)).toThrow();
  });
});

// Property: whatever the input (random bytes, random text, mutated and truncated real keys),
// parsePrivateKey returns a key or throws a PrivateKeyError; never a RangeError, TypeError or a
// library's own error. Bounded runs, explicit timeouts.
import { generateKeyPairSync } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseCertificateChain, parsePrivateKey, PrivateKeyError } from '../../../src/index.js';
import { bytes, expectNoSecretIn } from '../../helpers/private_key_checks.js';

/** Several times the normal duration of these runs, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 120_000;

/** Runs `f`; anything thrown must be a PrivateKeyError, whose message is returned. */
function onlyPrivateKeyErrors(f: () => unknown): string | undefined {
  try {
    f();
    return undefined;
  } catch (e) {
    expect(e).toBeInstanceOf(PrivateKeyError);
    return (e as PrivateKeyError).message;
  }
}

const SEEDS = [
  bytes(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'der' })),
  bytes(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey.export({ type: 'pkcs8', format: 'der' })),
  bytes(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der' })),
  bytes(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs1', format: 'der' })),
  bytes(generateKeyPairSync('rsa-pss', { modulusLength: 2048, hashAlgorithm: 'sha256', mgf1HashAlgorithm: 'sha256' }).privateKey.export({ type: 'pkcs8', format: 'der' })),
  // PBES2 with node's 2048 PBKDF2 iterations: a mutated copy costs at most one derivation.
  bytes(generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'der', cipher: 'aes-128-cbc', passphrase: 'pw' })),
];

/** A real key with a few bytes changed and maybe cut short: deep into the parsers. */
const mutated = fc.tuple(fc.constantFrom(...SEEDS), fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 4 }), fc.option(fc.nat())).map(([seed, edits, cut]) => {
  const b = seed.slice();
  for (const [at, v] of edits) b[at % b.length] = v;
  return { seed, key: cut === null ? b : b.subarray(0, cut % (b.length + 1)) };
});

describe('parsePrivateKey never throws anything but PrivateKeyError', () => {
  it('random bytes (and random bytes behind a SEQUENCE tag)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), fc.boolean(), (b, sequence) => {
      if (sequence && b.length > 0) b[0] = 0x30;
      onlyPrivateKeyErrors(() => parsePrivateKey(b, 'pw'));
      onlyPrivateKeyErrors(() => parseCertificateChain(b));
    }), { numRuns: 2000 });
  }, PROPERTY_TIMEOUT_MS);

  it('mutated and truncated real keys; no message quotes the key', () => {
    fc.assert(fc.property(mutated, ({ seed, key }) => {
      const message = onlyPrivateKeyErrors(() => parsePrivateKey(key, 'pw'));
      if (message !== undefined) expectNoSecretIn(message, seed);
    }), { numRuns: 1500 });
  }, PROPERTY_TIMEOUT_MS);

  it('random text inside PEM armour', () => {
    const label = fc.constantFrom('PRIVATE KEY', 'EC PRIVATE KEY', 'RSA PRIVATE KEY', 'ENCRYPTED PRIVATE KEY', 'CERTIFICATE');
    fc.assert(fc.property(label, fc.string({ maxLength: 200 }), fc.uint8Array({ maxLength: 300 }), (l, junk, body) => {
      for (const text of [`-----BEGIN ${l}-----\n${junk}\n-----END ${l}-----\n`, `-----BEGIN ${l}-----\n${Buffer.from(body).toString('base64')}\n-----END ${l}-----\n`, junk]) {
        onlyPrivateKeyErrors(() => parsePrivateKey(text, 'pw'));
        onlyPrivateKeyErrors(() => parseCertificateChain(text));
      }
    }), { numRuns: 1000 });
  }, PROPERTY_TIMEOUT_MS);
});

// The PBKDF2 iteration bound (Limits.maxPbkdf2Iterations) is enforced before any key derivation:
// noble's pbkdf2 is wrapped in a counting spy, and hand-built EncryptedPrivateKeyInfo structures
// with too many iterations (or other bad parameters) must never reach it.
import { createCipheriv, pbkdf2Sync, randomBytes } from 'node:crypto';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { Limits, parsePrivateKey } from '../../../src/index.js';
import { derInteger, derOidOf, refusal, tlv } from '../../helpers/private_key_checks.js';

const calls = vi.hoisted(() => ({ count: 0 }));
vi.mock('@noble/hashes/pbkdf2.js', async (importOriginal) => {
  const real = await importOriginal<typeof import('@noble/hashes/pbkdf2.js')>();
  return {
    ...real,
    pbkdf2: (...args: Parameters<typeof real.pbkdf2>) => {
      calls.count++;
      return real.pbkdf2(...args);
    },
  };
});

const OIDS = { pbes2: '1.2.840.113549.1.5.13', pbkdf2: '1.2.840.113549.1.5.12', sha256: '1.2.840.113549.2.9', aes256: '2.16.840.1.101.3.4.1.42' };

interface Build {
  iterations?: Uint8Array;
  keyLength?: Uint8Array;
  prf?: string;
  cipher?: string;
  iv?: Uint8Array;
  ciphertext?: Uint8Array;
}

/** An EncryptedPrivateKeyInfo with the given fields (defaults: valid PBES2 around junk). */
function build(o: Build = {}): Uint8Array {
  const kdfParams = tlv(0x30, tlv(0x04, new Uint8Array(8)), o.iterations ?? derInteger(1000n), ...(o.keyLength === undefined ? [] : [o.keyLength]), tlv(0x30, derOidOf(o.prf ?? OIDS.sha256), tlv(0x05)));
  const kdf = tlv(0x30, derOidOf(OIDS.pbkdf2), kdfParams);
  const scheme = tlv(0x30, derOidOf(o.cipher ?? OIDS.aes256), tlv(0x04, o.iv ?? new Uint8Array(16)));
  return tlv(0x30, tlv(0x30, derOidOf(OIDS.pbes2), tlv(0x30, kdf, scheme)), tlv(0x04, o.ciphertext ?? new Uint8Array(32)));
}

beforeEach(() => {
  calls.count = 0;
});

describe('PBKDF2 iteration limit', () => {
  it.each([
    ['the limit + 1', derInteger(BigInt(Limits.maxPbkdf2Iterations) + 1n)],
    ['2^31', derInteger(2n ** 31n)],
    ['2^64 (above any number)', derInteger(2n ** 64n)],
    ['a 1000-byte INTEGER', derInteger(2n ** 7990n)],
  ])('%s iterations: unsupported, no key derivation', (_, iterations) => {
    const err = refusal(() => parsePrivateKey(build({ iterations }), 'pw'), 'unsupported');
    expect(err.message).toContain('Limits.maxPbkdf2Iterations');
    expect(calls.count).toBe(0);
  });

  it('zero iterations, or a negative count, is malformed without derivation', () => {
    refusal(() => parsePrivateKey(build({ iterations: derInteger(0n) }), 'pw'), 'malformed');
    refusal(() => parsePrivateKey(build({ iterations: tlv(0x02, Uint8Array.of(0xff)) }), 'pw'), 'malformed');
    expect(calls.count).toBe(0);
  });

  it('the limit is generous: OpenSSL default 2048, OWASP 600,000', () => {
    expect(Limits.maxPbkdf2Iterations).toBeGreaterThanOrEqual(600_000);
  });

  it('within the limit the derivation runs once (then the junk plaintext is a wrong passphrase)', () => {
    refusal(() => parsePrivateKey(build(), 'pw'), 'passphrase');
    expect(calls.count).toBe(1);
  });
});

describe('other PBES2 parameters are checked before the derivation', () => {
  it.each([
    ['an unknown PRF', { prf: '1.2.840.113549.2.5' }, 'unsupported'],
    ['an unknown cipher', { cipher: '2.16.840.1.101.3.4.1.46' }, 'unsupported'],
    ['an 8-byte IV', { iv: new Uint8Array(8) }, 'malformed'],
    ['a ciphertext of 31 bytes', { ciphertext: new Uint8Array(31) }, 'malformed'],
    ['an empty ciphertext', { ciphertext: new Uint8Array(0) }, 'malformed'],
    ['a keyLength other than the cipher key', { keyLength: derInteger(16n) }, 'malformed'],
  ] as const)('%s', (_, o, reason) => {
    refusal(() => parsePrivateKey(build(o), 'pw'), reason);
    refusal(() => parsePrivateKey(build(o)), reason); // a structural refusal comes before "needs a passphrase"
    expect(calls.count).toBe(0);
  });

  it('a matching keyLength is accepted', () => {
    refusal(() => parsePrivateKey(build({ keyLength: derInteger(32n) }), 'pw'), 'passphrase');
    expect(calls.count).toBe(1);
  });

  it('no passphrase: encrypted, no derivation', () => {
    refusal(() => parsePrivateKey(build()), 'encrypted');
    expect(calls.count).toBe(0);
  });

  it('bad padding is a wrong passphrase', () => {
    // Valid structure, ciphertext that decrypts (under the right key) to a block ending in 0x00.
    const kek = pbkdf2Sync('pw', new Uint8Array(8), 1000, 32, 'sha256');
    const c = createCipheriv('aes-256-cbc', kek, new Uint8Array(16)).setAutoPadding(false);
    const block = Buffer.concat([randomBytes(15), Buffer.of(0)]);
    const ciphertext = new Uint8Array(Buffer.concat([c.update(block), c.final()]));
    refusal(() => parsePrivateKey(build({ ciphertext }), 'pw'), 'passphrase');
  });
});

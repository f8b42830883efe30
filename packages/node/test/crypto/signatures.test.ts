// Signature verdicts of the node:crypto provider equal the noble provider's, for every scheme of
// both registries: valid signatures made by node:crypto keys, and the same signatures tampered
// (a flipped bit in the signature or the message, cut short, lengthened), high-S ECDSA, and
// crafted Ed25519 edge cases that OpenSSL alone would accept. Keys are parsed by both providers,
// identically.
import { constants, createPublicKey, generateKeyPairSync, sign, verify, type KeyObject } from 'node:crypto';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { createNobleProvider, type PublicKey, type SupportedSignatureScheme } from '@puretls/core';
import { createNodeCryptoProvider } from '../../src/crypto/index.js';

const node = createNodeCryptoProvider();
const noble = createNobleProvider();

interface Signer { key: PublicKey; privateKey: KeyObject }
const signers: Signer[] = [];

beforeAll(() => {
  const pairs = [
    generateKeyPairSync('ec', { namedCurve: 'P-256' }),
    generateKeyPairSync('ec', { namedCurve: 'P-384' }),
    generateKeyPairSync('ec', { namedCurve: 'P-521' }),
    generateKeyPairSync('rsa', { modulusLength: 2048 }),
    generateKeyPairSync('rsa-pss', { modulusLength: 2048 }),
    generateKeyPairSync('ed25519'),
  ];
  for (const { publicKey, privateKey } of pairs) {
    const spki = new Uint8Array(publicKey.export({ type: 'spki', format: 'der' }));
    const key = node.parsePublicKey(spki);
    expect(key).toEqual(noble.parsePublicKey(spki));
    signers.push({ key, privateKey });
  }
}, 60_000);

const HASH: Record<string, string> = { sha1: 'sha1', sha256: 'sha256', sha384: 'sha384', sha512: 'sha512' };

/** A node:crypto signature for a scheme, by its name. */
function signFor(s: SupportedSignatureScheme, privateKey: KeyObject, message: Uint8Array): Uint8Array {
  const hash = HASH[/sha(1|256|384|512)$/.exec(s.name)?.[0] ?? ''] ?? null;
  if (s.name.startsWith('ecdsa')) return new Uint8Array(sign(hash, message, { key: privateKey, dsaEncoding: 'der' }));
  if (s.name.startsWith('rsa_pss')) return new Uint8Array(sign(hash, message, { key: privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: constants.RSA_PSS_SALTLEN_DIGEST }));
  if (s.name.startsWith('rsa_pkcs1')) return new Uint8Array(sign(hash, message, { key: privateKey, padding: constants.RSA_PKCS1_PADDING }));
  return new Uint8Array(sign(null, message, privateKey));
}

describe('registry', () => {
  it('the same schemes as noble, in the same order, with the same metadata and key fits', () => {
    const meta = (s: SupportedSignatureScheme) => ({ id: s.id, name: s.name, certificateVerify: s.certificateVerify, offeredByDefault: s.offeredByDefault, fits: signers.map((k) => s.keyFits(k.key)) });
    expect(node.signatureSchemes.map(meta)).toEqual(noble.signatureSchemes.map(meta));
    expect(node.cipherSuites.map(({ aead, ...rest }) => ({ ...rest, aead: [aead.name, aead.keyLength, aead.tagLength] })))
      .toEqual(noble.cipherSuites.map(({ aead, ...rest }) => ({ ...rest, aead: [aead.name, aead.keyLength, aead.tagLength] })));
    expect(node.groups.map((g) => [g.id, g.name])).toEqual(noble.groups.map((g) => [g.id, g.name]));
  });
});

describe('verdicts agree with noble', () => {
  it.each(createNodeCryptoProvider().signatureSchemes.map((s, i) => [s.name, i] as const))('%s', (_name, i) => {
    const ours = node.signatureSchemes[i]!;
    const theirs = noble.signatureSchemes[i]!;
    const signer = signers.find((k) => ours.keyFits(k.key))!;
    const other = signers.find((k) => !ours.keyFits(k.key))!;
    fc.assert(fc.property(fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.constantFrom('sig', 'msg', 'short', 'long'), (message, flip, how) => {
      const sig = signFor(ours, signer.privateKey, message);
      expect(ours.verify(signer.key, message, sig)).toBe(true);
      expect(theirs.verify(signer.key, message, sig)).toBe(true);
      expect(ours.verify(other.key, message, sig)).toBe(false); // an unfit key
      let [m, s] = [message.slice(), sig.slice()];
      if (how === 'sig') s[flip % s.length]! ^= 1 << (flip % 8);
      else if (how === 'msg') m = message.length === 0 ? Uint8Array.of(flip & 0xff) : (m[flip % m.length]! ^= 1 << (flip % 8), m);
      else if (how === 'short') s = s.subarray(0, flip % s.length);
      else s = Uint8Array.from([...s, flip & 0xff]);
      const verdict = ours.verify(signer.key, m, s);
      expect(verdict).toBe(theirs.verify(signer.key, m, s));
      expect(verdict).toBe(false);
    }), { numRuns: 25 });
  }, 60_000);
});

/** DER SEQUENCE { INTEGER r, INTEGER s } of two positive bigints. */
function derSig(r: bigint, s: bigint): Uint8Array {
  const int = (x: bigint) => { let h = x.toString(16); if (h.length % 2) h = `0${h}`; const b = [...Buffer.from(h, 'hex')]; return b[0]! & 0x80 ? [0, ...b] : b; };
  const [rb, sb] = [int(r), int(s)];
  const body = [0x02, rb.length, ...rb, 0x02, sb.length, ...sb];
  return Uint8Array.from([0x30, body.length, ...body]);
}

describe('edge cases, both providers alike', () => {
  it('ECDSA: a high-S signature is valid; r or s of zero, or s = n, is not', () => {
    const n = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
    const p256 = signers[0]!;
    const msg = new TextEncoder().encode('high s');
    const alg = { kind: 'ecdsa', hash: 'sha256' } as const;
    const der = new Uint8Array(sign('sha256', msg, { key: p256.privateKey, dsaEncoding: 'der' }));
    const rLen = der[3]!;
    const r = BigInt(`0x${Buffer.from(der.subarray(4, 4 + rLen)).toString('hex')}`);
    const s = BigInt(`0x${Buffer.from(der.subarray(6 + rLen)).toString('hex')}`);
    for (const [sig, want] of [[derSig(r, n - s), true], [derSig(r, s), true], [derSig(r, n), false], [derSig(r, n + s), false], [derSig(0n, s), false], [derSig(r, 0n), false]] as const) {
      expect([node.verify(alg, p256.key, msg, sig), noble.verify(alg, p256.key, msg, sig)]).toEqual([want, want]);
    }
  });

  it('Ed25519: small-order and non-canonical keys are refused (OpenSSL alone would accept the identity key with s = 0)', () => {
    const h = (x: string) => Uint8Array.from(Buffer.from(x, 'hex'));
    const identity = h(`01${'00'.repeat(31)}`);
    const sig = new Uint8Array(64);
    sig.set(identity);
    const msg = new Uint8Array(3);
    // The premise: OpenSSL's own check takes the identity key with R = identity, s = 0.
    const raw = createPublicKey({ key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), identity]), format: 'der', type: 'spki' });
    expect(verify(null, msg, raw, sig)).toBe(true);
    const keys = [identity, h(`${'00'.repeat(31)}80`), h(`ed${'ff'.repeat(30)}7f`), h(`ee${'ff'.repeat(30)}7f`), h(`ec${'ff'.repeat(30)}ff`)];
    for (const key of keys) {
      const k: PublicKey = { kind: 'ed25519', key };
      expect([node.verify({ kind: 'ed25519' }, k, msg, sig), noble.verify({ kind: 'ed25519' }, k, msg, sig)]).toEqual([false, false]);
    }
  });

  it('RSA-PSS: a salt length other than the signer\'s, or a negative one, is false for both', () => {
    const rsa = signers[3]!;
    const msg = Uint8Array.of(1, 2, 3);
    const sig = new Uint8Array(sign('sha256', msg, { key: rsa.privateKey, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 20 }));
    for (const [saltLength, want] of [[20, true], [32, false], [0, false], [-1, false], [-2, false]] as const) {
      const alg = { kind: 'rsa-pss', hash: 'sha256', saltLength } as const;
      expect([node.verify(alg, rsa.key, msg, sig), noble.verify(alg, rsa.key, msg, sig)]).toEqual([want, want]);
    }
  });

  it('verify never throws: Ed448 keys, garbage points, empty signatures', () => {
    const junk: PublicKey[] = [{ kind: 'ed448', key: new Uint8Array(57) }, { kind: 'ec', curve: 'P-256', point: Uint8Array.of(4, 1, 2) }, { kind: 'ed25519', key: new Uint8Array(3) }];
    for (const key of junk) for (const alg of [{ kind: 'ed25519' }, { kind: 'ecdsa', hash: 'sha256' }] as const) {
      expect(node.verify(alg, key, new Uint8Array(0), new Uint8Array(0))).toBe(false);
    }
  });
});

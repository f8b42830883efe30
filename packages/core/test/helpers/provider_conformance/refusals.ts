// 3. Refusals: AEAD authentication failures are null, bad key shares are
// InvalidMessageError(illegal_parameter), malformed SubjectPublicKeyInfo is
// InvalidMessageError(decode_error), and RSA keys outside the bounds are RsaKeyError (parse) or
// false (verify) exactly as the noble provider and rsa-bounds.test.ts expect.
import { createECDH, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { CryptoProvider, PublicKey } from '../../../src/index.js';
import { nodeSign, rsaNumbers, rsaSpki, testKey } from './keys.js';
import { group, suite, SUITE_CASES } from './kat.js';
import { DECODE_ERROR, expectTlsError, fixedRandom, flip, hex, ILLEGAL_PARAMETER, noThrow, range, type ErrorShape } from './util.js';
import { X25519_LOW_ORDER } from './vectors.js';
import type { Make } from './index.js';

const INTERNAL: ErrorShape = { name: 'InternalError', category: 'internal', alertName: 'internal_error' };
const rsaError = (reason: 'weak-key' | 'key-too-large' | 'bad-key'): ErrorShape =>
  ({ name: 'RsaKeyError', category: 'certificate', alertName: reason === 'bad-key' ? 'bad_certificate' : 'unsupported_certificate', reason });

/** Bad peer shares for an ECDHE group, from a valid one (uncompressed: 04 || x || y). */
function badNistShares(valid: Uint8Array, fieldLen: number): Record<string, Uint8Array> {
  const x = valid.subarray(1, 1 + fieldLen);
  const yOdd = valid[valid.length - 1]! & 1;
  const p = fieldLen === 32 ? 'ffffffff00000001000000000000000000000000ffffffffffffffffffffffff'
    : 'fffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffeffffffff0000000000000000ffffffff';
  return {
    empty: new Uint8Array(0),
    'point at infinity (00)': Uint8Array.of(0),
    'all zero, full length': new Uint8Array(1 + 2 * fieldLen),
    'one byte short': valid.subarray(0, valid.length - 1),
    'one byte added': Uint8Array.from([...valid, 0]),
    'compressed (RFC 9846 §4.3.8.2 allows uncompressed only)': Uint8Array.from([2 + yOdd, ...x]),
    'hybrid form 06/07': Uint8Array.from([6 + yOdd, ...valid.subarray(1)]),
    'x only, 04 prefix': Uint8Array.from([4, ...x]),
    'off the curve': flip(valid, -1),
    'x = p': Uint8Array.from([4, ...hex(p), ...valid.subarray(1 + fieldLen)]),
    'all 0xff': Uint8Array.from([4, ...new Uint8Array(2 * fieldLen).fill(0xff)]),
  };
}

export function describeRefusals(make: Make): void {
  describe('refusals', () => {
    const p: CryptoProvider = make();

    it.each(SUITE_CASES)('AEAD of %s: any tampering opens to null, never a throw', (_, id) => {
      const s = suite(p, id);
      const aead = s.aead.create(range(3, s.keyLength));
      const nonce = range(40, 12);
      const aad = Uint8Array.of(23, 3, 3, 0, 116);
      const ct = aead.seal(nonce, range(0, 100), aad);
      expect(ct.length).toBe(116);
      expect(aead.open(nonce, ct, aad)).toEqual(range(0, 100));
      const cases: [string, Uint8Array, Uint8Array, Uint8Array][] = [
        ['first ciphertext byte', nonce, flip(ct, 0), aad],
        ['middle ciphertext byte', nonce, flip(ct, 50), aad],
        ['last ciphertext byte', nonce, flip(ct, 99), aad],
        ['first tag byte', nonce, flip(ct, 100), aad],
        ['last tag byte', nonce, flip(ct, -1), aad],
        ['aad', nonce, ct, flip(aad, 4)],
        ['empty aad', nonce, ct, new Uint8Array(0)],
        ['longer aad', nonce, ct, Uint8Array.from([...aad, 0])],
        ['nonce', flip(nonce, 11), ct, aad],
        ['first nonce byte', flip(nonce, 0), ct, aad],
        ['11-byte nonce', nonce.subarray(0, 11), ct, aad],
        ['13-byte nonce', Uint8Array.from([...nonce, 0]), ct, aad],
        ['truncated by one byte', nonce, ct.subarray(0, ct.length - 1), aad],
        ['one byte appended', nonce, Uint8Array.from([...ct, 0]), aad],
        ['tag only', nonce, ct.subarray(100), aad],
        ['shorter than a tag', nonce, ct.subarray(0, 15), aad],
        ['empty', nonce, new Uint8Array(0), aad],
      ];
      for (const [label, n, c, a] of cases) expect(noThrow(() => aead.open(n, c, a)), label).toBeNull();
      expect(noThrow(() => s.aead.create(range(4, s.keyLength)).open(nonce, ct, aad)), 'another key').toBeNull();
    });

    it.each(SUITE_CASES)('AEAD of %s: a key of the wrong length is an InternalError', (_, id) => {
      const s = suite(p, id);
      for (const n of [0, s.keyLength - 1, s.keyLength + 1, s.keyLength === 16 ? 32 : 16]) expectTlsError(() => s.aead.create(new Uint8Array(n)), INTERNAL, `${n}-byte key`);
    });

    it('X25519: wrong lengths and every small-order point (all-zero secret) are illegal_parameter', () => {
      const kx = group(p, 'x25519').start(fixedRandom(range(9, 32)));
      for (const n of [0, 1, 31, 33, 64]) expectTlsError(() => kx.complete(new Uint8Array(n).fill(9)), ILLEGAL_PARAMETER, `${n} bytes`);
      for (const point of X25519_LOW_ORDER) expectTlsError(() => kx.complete(hex(point)), ILLEGAL_PARAMETER, point);
      // Still usable after refusals.
      const peer = group(p, 'x25519').start(fixedRandom(range(77, 32)));
      expect(kx.complete(peer.share)).toEqual(peer.complete(kx.share));
    });

    it.each([['secp256r1', 'prime256v1', 32], ['secp384r1', 'secp384r1', 48]] as const)('%s: malformed, off-curve, infinity and compressed shares are illegal_parameter', (name, nodeCurve, len) => {
      const kx = group(p, name).start(fixedRandom(range(1, len)));
      const peer = createECDH(nodeCurve);
      peer.generateKeys();
      const valid = new Uint8Array(peer.getPublicKey());
      for (const [label, share] of Object.entries(badNistShares(valid, len))) expectTlsError(() => kx.complete(share), ILLEGAL_PARAMETER, label);
      expect(Buffer.from(kx.complete(valid))).toEqual(peer.computeSecret(kx.share));
    });

    it.each([['secp256r1', 32], ['secp384r1', 48]] as const)('%s: invalid scalars are drawn again; a source that never gives one is an InternalError', (name, len) => {
      const draws = [new Uint8Array(len), new Uint8Array(len).fill(0xff), range(1, len)];
      let n = 0;
      const kx = group(p, name).start((want) => { expect(want).toBe(len); return draws[n++]!.slice(); });
      expect(n).toBe(3);
      expect(kx.share).toEqual(group(p, name).start(fixedRandom(range(1, len))).share);
      let calls = 0;
      expectTlsError(() => group(p, name).start(() => (calls++, new Uint8Array(len))), INTERNAL);
      expect(calls).toBeGreaterThan(1);
      expect(calls).toBeLessThanOrEqual(8);
    });

    it('a random source returning the wrong number of bytes is an InternalError', () => {
      for (const g of ['x25519', 'secp256r1', 'secp384r1']) expectTlsError(() => group(p, g).start((n) => new Uint8Array(n - 1).fill(1)), INTERNAL, g);
    });

    it('malformed SubjectPublicKeyInfo is InvalidMessageError(decode_error)', () => {
      const ec = testKey('P-256').spki;
      const ed = testKey('ed25519').spki;
      const rsa = testKey('rsae').spki;
      const x25519 = new Uint8Array(generateKeyPairSync('x25519').publicKey.export({ type: 'spki', format: 'der' }));
      const k1 = new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'secp256k1' }).publicKey.export({ type: 'spki', format: 'der' }));
      const cases: Record<string, Uint8Array> = {
        empty: new Uint8Array(0),
        'one byte': Uint8Array.of(0x30),
        'EC truncated': ec.subarray(0, ec.length - 1),
        'EC trailing byte': Uint8Array.from([...ec, 0]),
        'RSA truncated in the middle': rsa.subarray(0, 100),
        'wrong outer tag': Uint8Array.from([0x31, ...ec.subarray(1)]),
        'EC point off the curve': flip(ec, -1),
        'EC unsupported curve (secp256k1)': k1,
        'unsupported algorithm (X25519)': x25519,
        'Ed25519 key of 31 bytes': Uint8Array.from([0x30, 0x29, ...ed.subarray(2, 9), 0x03, 0x20, 0x00, ...ed.subarray(12, 43)]),
        'BIT STRING with unused bits': Uint8Array.from([...ed.subarray(0, 11), 1, ...ed.subarray(12)]),
      };
      for (const [label, spki] of Object.entries(cases)) expectTlsError(() => p.parsePublicKey(spki), DECODE_ERROR, label);
    });

    describe('RSA key bounds (see rsa-bounds.test.ts)', () => {
      const pair = generateKeyPairSync('rsa', { modulusLength: 1024 });
      const { n, e } = rsaNumbers(pair.privateKey);
      const spki1024 = rsaSpki(n, e);
      const msg = range(0, 64);
      const sig = nodeSign({ kind: 'rsa-pss', hash: 'sha256' }, pair.privateKey, msg);
      const handMade = (nn: bigint, ee: bigint): PublicKey => ({ kind: 'rsa', n: nn, e: ee, bits: nn.toString(2).length, pssOnly: false });
      const big = (bits: number): bigint => (1n << BigInt(bits - 1)) + 1n;

      it('a 1024-bit key is weak-key at parse and false at verify with the default bounds', () => {
        expectTlsError(() => p.parsePublicKey(spki1024), rsaError('weak-key'));
        expect(noThrow(() => p.verify({ kind: 'rsa-pss', hash: 'sha256' }, handMade(n, e), msg, sig))).toBe(false);
        const scheme = p.signatureSchemes.find((s) => s.id === 0x0804)!;
        expect(noThrow(() => scheme.verify(handMade(n, e), msg, sig))).toBe(false);
      });

      it('make({ rsaMinModulusBits: 1024 }) accepts it, and its signature verifies', () => {
        const legacy = make({ rsaMinModulusBits: 1024 });
        const key = legacy.parsePublicKey(spki1024);
        expect(key).toMatchObject({ kind: 'rsa', bits: 1024, pssOnly: false });
        expect(legacy.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, msg, sig)).toBe(true);
        expect(legacy.signatureSchemes.find((s) => s.id === 0x0804)!.verify(key, msg, sig)).toBe(true);
        expect(legacy.verify({ kind: 'rsa-pss', hash: 'sha256' }, key, flip(msg, 0), sig)).toBe(false);
        expectTlsError(() => legacy.parsePublicKey(rsaSpki(big(1023), 65537n)), rsaError('weak-key'));
      });

      it('an even, too small or too large exponent and an even modulus are refused at parse and at verify', () => {
        const n2048 = rsaNumbers(testKey('rsae').privateKey).n;
        const cases: [string, bigint, bigint, ErrorShape][] = [
          ['e even', n2048, 65536n, rsaError('bad-key')],
          ['e = 1', n2048, 1n, rsaError('bad-key')],
          ['e = 2^33 + 1', n2048, (1n << 33n) + 1n, rsaError('key-too-large')],
          ['n even', n2048 + 1n, 65537n, rsaError('bad-key')],
          ['n of 8193 bits', big(8193), 65537n, rsaError('key-too-large')],
        ];
        for (const [label, nn, ee, shape] of cases) {
          expectTlsError(() => p.parsePublicKey(rsaSpki(nn, ee)), shape, label);
          for (const o of [p, make({ rsaMinModulusBits: 1024 })]) {
            expect(noThrow(() => o.verify({ kind: 'rsa-pss', hash: 'sha256' }, handMade(nn, ee), msg, new Uint8Array(256).fill(1))), label).toBe(false);
            expect(noThrow(() => o.verify({ kind: 'rsa-pkcs1', hash: 'sha256' }, handMade(nn, ee), msg, new Uint8Array(256).fill(1))), label).toBe(false);
          }
        }
      });

      it('2048 to 8192 bits and e up to 2^33 - 1 are accepted', () => {
        expect(p.parsePublicKey(rsaSpki(big(2048), 65537n))).toMatchObject({ bits: 2048 });
        expect(p.parsePublicKey(rsaSpki(big(8192), 65537n))).toMatchObject({ bits: 8192 });
        expect(p.parsePublicKey(rsaSpki(big(4096), (1n << 33n) - 1n))).toMatchObject({ bits: 4096, e: (1n << 33n) - 1n });
        expect(p.parsePublicKey(rsaSpki(big(4096), 3n))).toMatchObject({ bits: 4096, e: 3n });
      });
    });
  });
}

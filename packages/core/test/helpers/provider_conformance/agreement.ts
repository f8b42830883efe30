// 5. Agreement with a reference provider (e.g. noble) on random inputs, byte for byte: AEAD seal and
// open, hashes, HMAC, HKDF, key-exchange shares and secrets from the same random bytes, and
// signature verdicts. Bounded by numRuns, with explicit timeouts.
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CryptoProvider, HashAlgorithm } from '../../../src/index.js';
import { EXPECTED_SCHEMES, nodeSign, testKey } from './keys.js';
import { group, suite, SUITE_CASES } from './kat.js';
import { PROPERTY_TIMEOUT_MS, streamRandom, toHex } from './util.js';
import type { Make } from './index.js';

const NUM_RUNS = 50;
const sha256 = (d: Uint8Array): Uint8Array => new Uint8Array(createHash('sha256').update(d).digest());
const hashAlg = fc.constantFrom<HashAlgorithm>('sha1', 'sha256', 'sha384', 'sha512');
const bytes = (maxLength: number) => fc.uint8Array({ maxLength });

/** The outcome of a call as comparable data: its bytes, null, or the error's name and alert. */
function outcome(fn: () => Uint8Array | null): string {
  try {
    const r = fn();
    return r === null ? 'null' : toHex(r);
  } catch (e) {
    const err = e as { name?: string; alertName?: string };
    return `throws ${err.name}/${err.alertName}`;
  }
}

/** A signature and its message as `how` spoils them (or not: 'none', 'other-key'). */
function tampered(signature: Uint8Array, message: Uint8Array, how: string, at: number, junk: Uint8Array): { sig: Uint8Array; msg: Uint8Array } {
  let sig = signature;
  let msg = message;
  if (how === 'signature') sig[at % sig.length]! ^= 1 << (at % 8);
  if (how === 'message') msg = Uint8Array.from([...message, at & 0xff]);
  if (how === 'truncate') sig = sig.subarray(0, at % sig.length);
  if (how === 'random') sig = junk;
  return { sig, msg };
}

export function describeAgreement(make: Make, reference: CryptoProvider): void {
  describe('agreement with the reference provider', () => {
    const p = make();

    it.each(SUITE_CASES)('AEAD of %s: seal, open and tampered open agree', (_, id) => {
      const ours = suite(p, id);
      const theirs = suite(reference, id);
      fc.assert(fc.property(fc.uint8Array({ minLength: ours.keyLength, maxLength: ours.keyLength }), fc.uint8Array({ minLength: 12, maxLength: 12 }), bytes(40), bytes(600), fc.nat(), (key, nonce, aad, pt, at) => {
        const a = ours.aead.create(key);
        const b = theirs.aead.create(key);
        const sealed = a.seal(nonce, pt, aad);
        expect(toHex(sealed)).toBe(toHex(b.seal(nonce, pt, aad)));
        expect(outcome(() => a.open(nonce, sealed, aad))).toBe(toHex(pt));
        const bad = sealed.slice();
        bad[at % bad.length]! ^= 1 << (at % 8);
        expect(outcome(() => a.open(nonce, bad, aad))).toBe(outcome(() => b.open(nonce, bad, aad)));
        expect(outcome(() => a.open(nonce, sealed.subarray(0, at % sealed.length), aad))).toBe('null');
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);

    it('hash (one-shot and incremental with clone) agrees', () => {
      fc.assert(fc.property(hashAlg, bytes(1000), fc.nat(), (alg, data, cut) => {
        const expected = toHex(reference.hash(alg, data));
        expect(toHex(p.hash(alg, data))).toBe(expected);
        const at = cut % (data.length + 1);
        const h = p.createHash(alg);
        h.update(data.subarray(0, at));
        const fork = h.clone();
        h.update(data.subarray(at));
        expect(toHex(h.digest())).toBe(expected);
        expect(toHex(fork.digest())).toBe(toHex(reference.hash(alg, data.subarray(0, at))));
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);

    it('HMAC and HKDF agree', () => {
      fc.assert(fc.property(hashAlg, bytes(200), bytes(300), bytes(100), fc.integer({ min: 0, max: 300 }), (alg, key, data, info, length) => {
        expect(toHex(p.hmac(alg, key, data))).toBe(toHex(reference.hmac(alg, key, data)));
        const prk = p.hkdfExtract(alg, key, data);
        expect(toHex(prk)).toBe(toHex(reference.hkdfExtract(alg, key, data)));
        expect(toHex(p.hkdfExpand(alg, prk, info, length))).toBe(toHex(reference.hkdfExpand(alg, prk, info, length)));
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);

    it.each(['x25519', 'secp256r1', 'secp384r1'])('%s: shares and secrets from the same random bytes agree', (name) => {
      fc.assert(fc.property(bytes(32), bytes(32), (seedA, seedB) => {
        const ours = group(p, name).start(streamRandom(seedA, sha256));
        const theirs = group(reference, name).start(streamRandom(seedA, sha256));
        expect(toHex(ours.share)).toBe(toHex(theirs.share));
        const peer = group(reference, name).start(streamRandom(Uint8Array.from([1, ...seedB]), sha256));
        expect(toHex(ours.complete(peer.share))).toBe(toHex(theirs.complete(peer.share)));
        expect(toHex(ours.complete(peer.share))).toBe(toHex(peer.complete(ours.share)));
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);

    it.each([['x25519', 32], ['secp256r1', 65], ['secp384r1', 97]] as const)('%s: arbitrary peer shares give the same secret or the same refusal', (name, len) => {
      const ours = group(p, name).start(streamRandom(Uint8Array.of(7), sha256));
      const theirs = group(reference, name).start(streamRandom(Uint8Array.of(7), sha256));
      const share = fc.oneof(fc.uint8Array({ minLength: len, maxLength: len }), fc.uint8Array({ minLength: len - 1, maxLength: len }).map((b) => Uint8Array.from([4, ...b])), bytes(100));
      fc.assert(fc.property(share, (peer) => {
        expect(outcome(() => ours.complete(peer))).toBe(outcome(() => theirs.complete(peer)));
      }), { numRuns: NUM_RUNS * 4 });
    }, PROPERTY_TIMEOUT_MS);

    // A provider may complete a key exchange asynchronously (completeAsync, e.g. WebCrypto's
    // deriveBits): the same secret as complete and the reference, or the same refusal.
    const asyncGroups = (['x25519', 'secp256r1', 'secp384r1'] as const).filter((name) => group(p, name).start(streamRandom(Uint8Array.of(3), sha256)).completeAsync !== undefined);
    const settled = async (f: () => Promise<Uint8Array>) => {
      try {
        return toHex(await f());
      } catch (e) {
        const err = e as { name?: string; alertName?: string };
        return `throws ${err.name}/${err.alertName}`;
      }
    };
    if (asyncGroups.length > 0) it.each(asyncGroups)('%s: completeAsync gives complete\'s secret, and its refusal for arbitrary peer shares', async (name) => {
      const len = name === 'secp256r1' ? 65 : name === 'secp384r1' ? 97 : 32;
      await fc.assert(fc.asyncProperty(bytes(32), bytes(32), async (seedA, seedB) => {
        const ours = group(p, name).start(streamRandom(seedA, sha256));
        const peer = group(reference, name).start(streamRandom(Uint8Array.from([1, ...seedB]), sha256));
        expect(toHex(await ours.completeAsync!(peer.share))).toBe(toHex(peer.complete(ours.share)));
      }), { numRuns: NUM_RUNS });
      const ours = group(p, name).start(streamRandom(Uint8Array.of(7), sha256));
      const share = fc.oneof(fc.uint8Array({ minLength: len, maxLength: len }), fc.uint8Array({ minLength: len - 1, maxLength: len }).map((b) => Uint8Array.from([4, ...b])), bytes(100));
      await fc.assert(fc.asyncProperty(share, async (peer) => {
        expect(await settled(() => ours.completeAsync!(peer))).toBe(outcome(() => ours.complete(peer)));
      }), { numRuns: NUM_RUNS * 4 });
    }, PROPERTY_TIMEOUT_MS);

    it('signature verdicts agree on valid, tampered and random signatures', () => {
      const schemes = fc.constantFrom(...EXPECTED_SCHEMES);
      const tamper = fc.constantFrom('none', 'signature', 'message', 'truncate', 'random');
      fc.assert(fc.property(schemes, bytes(200), tamper, fc.nat(), bytes(300), (s, message, how, at, junk) => {
        const k = testKey(s.keyClass);
        const { sig, msg } = tampered(nodeSign(s.alg, k.privateKey, message), message, how, at, junk);
        const ours = p.verify(s.alg, p.parsePublicKey(k.spki), msg, sig);
        expect(ours).toBe(reference.verify(s.alg, reference.parsePublicKey(k.spki), msg, sig));
        if (how === 'none') expect(ours).toBe(true);
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);

    // A provider may check CertificateVerify asynchronously (verifyAsync, e.g. WebCrypto's
    // subtle.verify): the same verdict as its own synchronous verify, and as the reference's.
    const asyncSchemes = EXPECTED_SCHEMES.filter((e) => p.signatureSchemes.find((s) => s.id === e.id)?.verifyAsync !== undefined);
    if (asyncSchemes.length > 0) it('verifyAsync verdicts agree with verify on valid, tampered and random signatures', async () => {
      const tamper = fc.constantFrom('none', 'signature', 'message', 'truncate', 'random', 'other-key');
      await fc.assert(fc.asyncProperty(fc.constantFrom(...asyncSchemes), bytes(200), tamper, fc.nat(), bytes(300), async (e, message, how, at, junk) => {
        const scheme = p.signatureSchemes.find((s) => s.id === e.id)!;
        const k = testKey(e.keyClass);
        const { sig, msg } = tampered(nodeSign(e.alg, k.privateKey, message), message, how, at, junk);
        const key = p.parsePublicKey(how === 'other-key' ? k.otherSpki : k.spki);
        const verdict = await scheme.verifyAsync!(key, msg, sig);
        expect(verdict).toBe(scheme.verify(key, msg, sig));
        expect(verdict).toBe(reference.verify(e.alg, reference.parsePublicKey(how === 'other-key' ? k.otherSpki : k.spki), msg, sig));
        if (how === 'none') expect(verdict).toBe(true);
      }), { numRuns: NUM_RUNS });
    }, PROPERTY_TIMEOUT_MS);
  });
}

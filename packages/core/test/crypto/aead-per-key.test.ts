// AES-GCM does its key setup once per key, not once per record (RFC 9846 §5.3 needs a fresh nonce
// per record, and noble's gcm() redoes the key schedule and GHASH table for each), and still agrees
// with noble's gcm() byte for byte.
import fc from 'fast-check';
import { describe, expect, it, vi } from 'vitest';

const calls = vi.hoisted(() => ({ gcm: 0 }));
vi.mock('@noble/ciphers/aes.js', async (importOriginal) => {
  const orig = await importOriginal<typeof import('@noble/ciphers/aes.js')>();
  const counted = ((...args: Parameters<typeof orig.gcm>) => {
    calls.gcm++;
    return orig.gcm(...args);
  }) as typeof orig.gcm;
  return { ...orig, gcm: Object.assign(counted, orig.gcm) };
});

const { gcm } = await import('@noble/ciphers/aes.js');
const { aeadOf } = await import('../helpers/algorithms.js');
const { RecordDecrypter, RecordEncrypter } = await import('../../src/record/protection.js');
const { Deframer } = await import('../../src/record/deframer.js');

describe('AES-GCM per-key setup', () => {
  it('sealing and opening 100 records under one AES-GCM key sets the cipher up at most once', () => {
    const key = new Uint8Array(16).fill(3);
    const iv = new Uint8Array(12).fill(4);
    const before = calls.gcm;
    const enc = new RecordEncrypter(aeadOf('aes-128-gcm', key), iv.slice());
    const dec = new RecordDecrypter(aeadOf('aes-128-gcm', key), iv.slice());
    for (let i = 0; i < 100; i++) {
      const d = new Deframer();
      d.protectedRecords = true;
      d.push(enc.seal(23, Uint8Array.of(i)));
      expect(dec.open(d.next()!).content).toEqual(Uint8Array.of(i));
    }
    // One reference computation per key (the self-check against noble's gcm), none per record.
    expect(calls.gcm - before).toBeLessThanOrEqual(2);
  });

  it('agrees with noble gcm() on any key, nonce, additional data and plaintext, and refuses tampering', () => {
    const input = fc.record({
      key: fc.oneof(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.uint8Array({ minLength: 32, maxLength: 32 })),
      nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
      aad: fc.uint8Array({ maxLength: 40 }),
      plaintext: fc.uint8Array({ maxLength: 300 }),
      offset: fc.integer({ min: 0, max: 3 }),
      flip: fc.nat(),
    });
    fc.assert(fc.property(input, ({ key, nonce, aad, plaintext, offset, flip }) => {
      const aead = aeadOf(key.length === 16 ? 'aes-128-gcm' : 'aes-256-gcm', key);
      const expected = gcm(key, nonce, aad).encrypt(plaintext);
      // Unaligned views too: records are subarrays of larger buffers.
      const view = (b: Uint8Array) => {
        const buf = new Uint8Array(b.length + offset);
        buf.set(b, offset);
        return buf.subarray(offset);
      };
      const sealed = aead.seal(nonce, view(plaintext), view(aad));
      expect(sealed).toEqual(expected);
      expect(aead.open(nonce, view(sealed), view(aad))).toEqual(plaintext);
      const bad = sealed.slice();
      bad[flip % bad.length]! ^= 1;
      expect(aead.open(nonce, bad, aad)).toBeNull();
      // In place, at the same offsets: the record layer's path (GHASH reads aligned input where it lies).
      const buffer = view(new Uint8Array(plaintext.length + 16));
      buffer.set(plaintext);
      expect(aead.sealInPlace!(nonce, view(aad), buffer, plaintext.length)).toBe(sealed.length);
      expect(buffer).toEqual(expected);
      expect(aead.openInPlace!(nonce, view(aad), buffer)).toEqual(plaintext);
      const badInPlace = view(bad);
      expect(aead.openInPlace!(nonce, view(aad), badInPlace)).toBeNull();
    }), { numRuns: 300 });
  }, 60_000);
});

// The optional in-place AEAD methods (Aead.sealInPlace / openInPlace): the noble ones agree byte
// for byte with seal / open at any alignment and refuse tampering without leaving plaintext; the
// record layer gives the same records with and without them (a provider offering only seal and
// open still works); the deframer holds no buffer once its records are taken.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Aead } from '../../src/crypto/provider.js';
import { Limits } from '../../src/limits.js';
import { Deframer } from '../../src/record/deframer.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { RecordDecrypter, RecordEncrypter } from '../../src/record/protection.js';
import { aeadOf } from '../helpers/algorithms.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const NAMES = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const;
const keyLength = (name: string) => (name === 'aes-128-gcm' ? 16 : 32);

/** `b` copied to `offset` bytes into a fresh buffer (with `room` spare bytes after it). */
function at(b: Uint8Array, offset: number, room = 0): Uint8Array {
  const buf = new Uint8Array(offset + b.length + room);
  buf.set(b, offset);
  return buf.subarray(offset);
}

/** The same AEAD without its optional methods: what a provider with only seal and open looks like. */
function plainOnly(aead: Aead): Aead {
  return { seal: (n, p, a) => aead.seal(n, p, a), open: (n, c, a) => aead.open(n, c, a) };
}

describe('Aead.sealInPlace / openInPlace (noble)', () => {
  for (const name of NAMES) {
    it(`${name}: agree with seal and open at any offset, and refuse tampering`, () => {
      const input = fc.record({
        key: fc.uint8Array({ minLength: keyLength(name), maxLength: keyLength(name) }),
        nonce: fc.uint8Array({ minLength: 12, maxLength: 12 }),
        aad: fc.uint8Array({ maxLength: 24 }),
        plaintext: fc.uint8Array({ maxLength: 200 }),
        offset: fc.integer({ min: 0, max: 7 }),
        flip: fc.nat(),
      });
      fc.assert(fc.property(input, ({ key, nonce, aad, plaintext, offset, flip }) => {
        const aead = aeadOf(name, key);
        expect(aead.sealInPlace).toBeDefined();
        expect(aead.openInPlace).toBeDefined();
        const sealed = aead.seal(nonce, plaintext, aad);
        const buf = at(plaintext, offset, 16);
        expect(aead.sealInPlace!(nonce, at(aad, offset), buf, plaintext.length)).toBe(plaintext.length + 16);
        expect(buf).toEqual(sealed);
        const opened = aead.openInPlace!(nonce, aad, at(sealed, offset));
        expect(opened).toEqual(plaintext);
        const bad = at(sealed, offset);
        bad[flip % bad.length]! ^= 1;
        const before = bad.slice();
        expect(aead.openInPlace!(nonce, aad, bad)).toBeNull();
        expect(bad).toEqual(before); // nothing decrypted into the buffer
      }), { numRuns: 60 });
    }, PROPERTY_TIMEOUT_MS);
  }

  it('a buffer shorter than a tag does not open', () => {
    for (const name of NAMES) expect(aeadOf(name, new Uint8Array(keyLength(name))).openInPlace!(new Uint8Array(12), new Uint8Array(0), new Uint8Array(15))).toBeNull();
  });
});

describe('the record layer with and without the in-place methods', () => {
  for (const name of NAMES) {
    it(`${name}: the same records, opened the same, whichever the provider offers`, () => {
      const key = new Uint8Array(keyLength(name)).fill(5);
      const iv = Uint8Array.from({ length: 12 }, (_, i) => i);
      const fast = new RecordEncrypter(aeadOf(name, key), iv.slice());
      const slow = new RecordEncrypter(plainOnly(aeadOf(name, key)), iv.slice());
      const fastIn = new RecordDecrypter(aeadOf(name, key), iv.slice());
      const slowIn = new RecordDecrypter(plainOnly(aeadOf(name, key)), iv.slice());
      for (const size of [0, 1, 3, 17, 1000, Limits.maxPlaintext - 2]) {
        const content = Uint8Array.from({ length: size }, (_, i) => (i * 31) & 0xff);
        const padding = size % 3;
        const a = fast.seal(23, content, padding);
        expect(a).toEqual(slow.seal(23, content, padding));
        for (const dec of [fastIn, slowIn]) {
          // Through the deframer's views, pushed at an odd offset so the fragment lies unaligned.
          const d = new Deframer();
          d.protectedRecords = true;
          d.push(at(a, 1));
          const opened = dec.open(d.nextView()!);
          expect(opened.type).toBe(23);
          expect(opened.content).toEqual(content);
        }
      }
      expect(fast.records).toBe(6);
    });
  }
});

describe('Deframer buffer', () => {
  it('is allocated when bytes arrive, as large as they are, and dropped when its last record is taken', () => {
    const d = new Deframer();
    expect(d.allocated).toBe(0);
    const rec = encodePlaintextRecord(22, new Uint8Array(100).fill(1));
    d.push(rec.subarray(0, 50));
    expect(d.allocated).toBe(50);
    expect(d.next()).toBeNull();
    d.push(rec.subarray(50)); // grown to twice its size, 100, then to the 105 held
    expect(d.allocated).toBe(105);
    d.push(rec);
    expect(d.allocated).toBe(210);
    const first = d.nextView()!;
    expect(d.allocated).toBe(210);
    const second = d.nextView()!;
    expect(d.allocated).toBe(0);
    // The views handed out still show their records.
    expect(first.fragment).toEqual(rec.subarray(5));
    expect(second.fragment).toEqual(rec.subarray(5));
  });

  it('grows at most to the bound, keeps what it holds in order, and refuses bytes past the bound', () => {
    const d = new Deframer();
    const rec = encodePlaintextRecord(23, Uint8Array.from({ length: 16384 }, (_, i) => i & 0xff));
    let taken = 0;
    for (let i = 0; i < 5; i++) taken += d.push(rec);
    expect(taken).toBe(Limits.maxInboundBuffer);
    expect(d.allocated).toBe(Limits.maxInboundBuffer);
    expect(d.push(rec)).toBe(0);
    expect(d.nextView()!.fragment).toEqual(rec.subarray(5));
    expect(d.nextView()!.fragment).toEqual(rec.subarray(5));
    // The start of a third record remains (the bound is two full records and 512 bytes).
    expect([d.buffered, d.allocated, d.nextView()]).toEqual([Limits.maxInboundBuffer - 2 * rec.length, Limits.maxInboundBuffer, null]);
  });
});

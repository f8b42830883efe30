// Handshake reassembly (RFC 9846 §5.1) is linear in the bytes received and bounded in records per
// message; the deframer hands out each record before it judges the next header.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aeadOf } from '../helpers/algorithms.js';
import { TlsError } from '../../src/errors.js';
import { Limits } from '../../src/limits.js';
import { frameHandshake, HandshakeJoiner } from '../../src/msgs/handshake.js';
import { Deframer } from '../../src/record/deframer.js';
import { encodePlaintextRecord } from '../../src/record/plaintext.js';
import { RecordDecrypter } from '../../src/record/protection.js';

/** A message of `len` body bytes, pushed in fragments of `size` bytes. */
function pushInFragments(j: HandshakeJoiner, msg: Uint8Array, size: number): number {
  let pushes = 0;
  for (let at = 0; at < msg.length; at += size) {
    j.push(msg.subarray(at, at + size));
    pushes++;
  }
  return pushes;
}

describe('HandshakeJoiner', () => {
  it('reassembly copies each byte of a fragmented message once', () => {
    const body = new Uint8Array(Limits.maxHandshakeMessage - 4).map((_, i) => i & 0xff);
    const msg = frameHandshake(11, body);
    const j = new HandshakeJoiner();
    pushInFragments(j, msg, Limits.minHandshakeBytesPerRecord);
    const m = j.next();
    expect(m !== null && Buffer.from(m.raw).equals(msg)).toBe(true);
    expect(j.copiedBytes).toBeLessThanOrEqual(msg.length);
  });

  it('messages inside one fragment are not copied at all', () => {
    const a = frameHandshake(8, new Uint8Array(10));
    const b = frameHandshake(11, new Uint8Array(20));
    const j = new HandshakeJoiner();
    j.push(Uint8Array.from([...a, ...b]));
    expect(j.next()?.raw).toEqual(a);
    expect(j.next()?.raw).toEqual(b);
    expect(j.next()).toBeNull();
    expect(j.copiedBytes).toBe(0);
  });

  it('a message spread over more records than its size allows: unexpected_message, counted in records', () => {
    const msg = frameHandshake(11, new Uint8Array(100_000));
    const j = new HandshakeJoiner();
    let pushes = 0;
    expect(() => {
      for (let at = 0; at < msg.length; at++, pushes++) j.push(msg.subarray(at, at + 1));
    }).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
    expect(pushes).toBeLessThanOrEqual(Limits.extraRecordsPerHandshakeMessage + Math.ceil(msg.length / Limits.minHandshakeBytesPerRecord));
  });

  it('a small message may still come in a handful of one-byte records', () => {
    const msg = frameHandshake(20, new Uint8Array(32).fill(3));
    const j = new HandshakeJoiner();
    for (let at = 0; at < Limits.extraRecordsPerHandshakeMessage; at++) j.push(msg.subarray(at, at + 1));
    j.push(msg.subarray(Limits.extraRecordsPerHandshakeMessage));
    expect(j.next()?.raw).toEqual(msg);
  });

  it('any split of several messages gives the same messages', () => {
    const msgs = [frameHandshake(8, new Uint8Array(5).fill(1)), frameHandshake(11, new Uint8Array(300).fill(2)), frameHandshake(20, new Uint8Array(32).fill(3))];
    const all = Uint8Array.from(msgs.flatMap((m) => [...m]));
    fc.assert(fc.property(fc.array(fc.integer({ min: 1, max: all.length }), { maxLength: 12 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const j = new HandshakeJoiner();
      const got: Uint8Array[] = [];
      let from = 0;
      for (const to of [...points, all.length]) {
        if (to > from) j.push(all.slice(from, to));
        from = Math.max(from, to);
        for (let m = j.next(); m !== null; m = j.next()) got.push(m.raw.slice());
      }
      expect(got).toEqual(msgs);
      expect(j.isEmpty).toBe(true);
    }), { numRuns: 200 });
  }, 20_000);
});

describe('Deframer order', () => {
  it('returns a record before it looks at the next header', () => {
    const d = new Deframer();
    d.push(Uint8Array.from([...encodePlaintextRecord(21, Uint8Array.of(1, 0)), 99, 99, 99, 99, 99]));
    expect(d.next()?.fragment).toEqual(Uint8Array.of(1, 0));
    expect(() => d.next()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('an unprotected record longer than 2^14 is record_overflow, for every content type', () => {
    for (const type of [20, 21, 22, 23]) {
      const d = new Deframer();
      d.push(Uint8Array.of(type, 3, 3, 0x40, 0x01));
      expect(() => d.next()).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
    }
  });

  it('once protected, an application_data record may carry 2^14 + 256 bytes', () => {
    const d = new Deframer();
    d.protectedRecords = true;
    d.push(Uint8Array.of(23, 3, 3, 0x41, 0x00, ...new Uint8Array(16640)));
    expect(d.next()?.fragment.length).toBe(16640);
    d.push(Uint8Array.of(22, 3, 3, 0x40, 0x01));
    expect(() => d.next()).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
  });
});

describe('RecordDecrypter size rule (RFC 9846 §5.4)', () => {
  it('a protected record whose plaintext exceeds 2^14 is record_overflow', () => {
    const key = new Uint8Array(16).fill(5);
    const iv = new Uint8Array(12).fill(6);
    const inner = new Uint8Array(16386);
    inner[16385] = 23; // content of 2^14 + 1 bytes, then the type
    const header = Uint8Array.of(23, 3, 3, (16386 + 16) >> 8, (16386 + 16) & 0xff);
    const sealed = aeadOf('aes-128-gcm', key).seal(iv, inner.subarray(0, 16385 + 1), header);
    const dec = new RecordDecrypter(aeadOf('aes-128-gcm', key), iv.slice());
    let err: unknown;
    try {
      dec.open({ type: 23, version: 0x0303, header, fragment: sealed });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(TlsError);
    expect((err as TlsError).alertName).toBe('record_overflow');
  });
});

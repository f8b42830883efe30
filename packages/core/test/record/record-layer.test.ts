// The record layer: deframing (bounded, split anywhere), protection (RFC 8448 §3 records
// reproduced from the published keys), padding, the all-zero and overflow rules.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { aeadOf } from '../helpers/algorithms.js';
import type { Aead } from '../../src/crypto/provider.js';
import { TlsError } from '../../src/errors.js';
import { Limits } from '../../src/limits.js';
import { Deframer } from '../../src/record/deframer.js';
import { encodePlaintextRecord, fragmentRecords } from '../../src/record/plaintext.js';
import { RecordDecrypter, RecordEncrypter } from '../../src/record/protection.js';
import { hex, loadTrace, toHex } from '../helpers/vectors.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const t = loadTrace('simple-1rtt.json');

describe('Deframer', () => {
  const records = [encodePlaintextRecord(22, Uint8Array.of(1, 2, 3)), encodePlaintextRecord(21, Uint8Array.of(2, 40)), encodePlaintextRecord(23, new Uint8Array(300).fill(9))];
  const stream = Uint8Array.from(records.flatMap((r) => [...r]));

  it('yields the same records whatever the split', () => {
    for (let cut = 0; cut <= stream.length; cut += 7) {
      const d = new Deframer();
      const got: string[] = [];
      for (const part of [stream.subarray(0, cut), stream.subarray(cut)]) {
        expect(d.push(part)).toBe(part.length);
        for (let r = d.next(); r !== null; r = d.next()) got.push(toHex(r.header) + toHex(r.fragment));
      }
      expect(got).toEqual(records.map(toHex));
    }
  });

  it('accepts at most its capacity and recovers as records are taken', () => {
    const d = new Deframer();
    const big = encodePlaintextRecord(23, new Uint8Array(16000));
    let taken = 0;
    for (let i = 0; i < 5; i++) taken += d.push(big);
    expect(taken).toBe(Limits.maxInboundBuffer);
    expect(d.capacity).toBe(0);
    expect(d.next()).not.toBeNull();
    expect(d.capacity).toBe(big.length);
  });

  it('refuses an oversized header before the body arrives', () => {
    const d = new Deframer();
    d.push(Uint8Array.of(23, 3, 3, 0x41, 0x01));
    expect(() => d.next()).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
  });

  it('refuses unknown content types and empty handshake records', () => {
    const d1 = new Deframer();
    d1.push(Uint8Array.of(99, 3, 3, 0, 1, 0));
    expect(() => d1.next()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
    const d2 = new Deframer();
    d2.push(Uint8Array.of(22, 3, 3, 0, 0));
    expect(() => d2.next()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('random bytes end in records or a TlsError, never another exception', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 400 }), (b) => {
      const d = new Deframer();
      d.push(b);
      try {
        while (d.next() !== null);
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
      }
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('protection with the RFC 8448 §3 published keys', () => {
  const aead = (k: string) => aeadOf('aes-128-gcm', hex(k));

  it("reproduces the client's application data record exactly", () => {
    const enc = new RecordEncrypter(aead('17422dda596ed5d9acd890e3c63f5051'), hex('5b78923dee08579033e523d9'));
    expect(toHex(enc.seal(23, hex(t.Client_AppData!)))).toBe(t.Record_Client_AppData);
    expect(enc.sequence).toBe(1n);
  });

  it("decrypts the server's handshake flight to its four messages", () => {
    const dec = new RecordDecrypter(aead('3fce516009c21727d0f2e4e86ee403bc'), hex('5d313eb2671276ee13000b30'));
    const d = new Deframer();
    d.push(hex(t.Record_ServerHandshakeMessages!));
    const { type, content } = dec.open(d.next()!);
    expect(type).toBe(22);
    expect(toHex(content)).toBe(t.Message_EncryptedExtensions! + t.Message_Server_Certificate + t.Message_Server_CertificateVerify + t.Message_Server_Finished);
  });
});

describe('protection rules (RFC 9846 §5.2–§5.4)', () => {
  const key = new Uint8Array(16).fill(1);
  const iv = new Uint8Array(12).fill(2);
  const pair = () => [new RecordEncrypter(aeadOf('aes-128-gcm', key), iv.slice()), new RecordDecrypter(aeadOf('aes-128-gcm', key), iv.slice())] as const;
  const open = (dec: RecordDecrypter, rec: Uint8Array) => {
    const d = new Deframer();
    d.push(rec);
    return dec.open(d.next()!);
  };

  it('strips padding and keeps sequence numbers in step', () => {
    const [enc, dec] = pair();
    for (let i = 0; i < 3; i++) {
      const r = open(dec, enc.seal(23, Uint8Array.of(i), 100 * i));
      expect(r).toEqual({ type: 23, content: Uint8Array.of(i) });
    }
  });

  it('an all-zero inner plaintext is unexpected_message', () => {
    const [enc, dec] = pair();
    expect(() => open(dec, enc.seal(0, new Uint8Array(0), 10))).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
  });

  it('a tampered or replayed record is bad_record_mac', () => {
    const [enc, dec] = pair();
    const rec = enc.seal(23, Uint8Array.of(1, 2, 3));
    open(dec, rec);
    expect(() => open(dec, rec)).toThrow(expect.objectContaining({ alertName: 'bad_record_mac' }));
  });

  it('inner plaintext over the negotiated limit is record_overflow', () => {
    const enc = new RecordEncrypter(aeadOf('aes-128-gcm', key), iv.slice());
    const dec = new RecordDecrypter(aeadOf('aes-128-gcm', key), iv.slice(), { maxPlaintext: 100 });
    expect(() => open(dec, enc.seal(23, new Uint8Array(101)))).toThrow(expect.objectContaining({ alertName: 'record_overflow' }));
  });

  it('nonces are the IV XOR the left-padded sequence number (§5.3), for 12- and 16-byte IVs, with one scratch shared by both directions', () => {
    /** An AEAD that notes each nonce it is given (as hex) and seals nothing: the tag is zeros. */
    const noting = (seen: string[]): Aead => ({
      seal: (nonce, plaintext) => { seen.push(toHex(nonce)); const out = new Uint8Array(plaintext.length + 16); out.set(plaintext); return out; },
      open: (nonce, ciphertext) => { seen.push(toHex(nonce)); return ciphertext.slice(0, ciphertext.length - 16); },
    });
    for (const length of [12, 16]) {
      const ivBytes = Uint8Array.from({ length }, (_, i) => 0xa0 + i);
      const expected = (seq: bigint) => {
        const n = ivBytes.slice();
        for (let i = 0; i < 8; i++) n[length - 1 - i]! ^= Number((seq >> BigInt(8 * i)) & 0xffn);
        return toHex(n);
      };
      const scratch = new Uint8Array(length);
      const sealed: string[] = [];
      const opened: string[] = [];
      const enc = new RecordEncrypter(noting(sealed), ivBytes.slice(), scratch);
      const dec = new RecordDecrypter(noting(opened), ivBytes.slice(), { nonce: scratch });
      for (let i = 0; i < 3; i++) expect(open(dec, enc.seal(23, Uint8Array.of(i)))).toEqual({ type: 23, content: Uint8Array.of(i) });
      expect(sealed).toEqual([0n, 1n, 2n].map(expected));
      expect(opened).toEqual(sealed);
    }
    expect(() => new RecordEncrypter(aeadOf('aes-128-gcm', key), iv.slice(), new Uint8Array(8))).toThrow(/nonce scratch/);
  });

  it('fragments content into records of at most the limit', () => {
    expect(fragmentRecords(new Uint8Array(20000), 16384).map((c) => c.length)).toEqual([16384, 3616]);
    expect(fragmentRecords(new Uint8Array(0), 16384)).toEqual([]);
  });
});

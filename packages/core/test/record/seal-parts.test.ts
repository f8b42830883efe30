// Records sealed in pieces (Aead.sealParts): the same bytes as seal(), sequence numbers and padding
// zeros as RFC 9846 §5.2–§5.4 say; the writer hands them out with their boundaries and order kept
// (takeChunks), and take() still joins them into the same stream.
import { describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors.js';
import type { Aead } from '../../src/crypto/provider.js';
import { ContentType } from '../../src/msgs/enums.js';
import { Deframer } from '../../src/record/deframer.js';
import { RecordDecrypter, RecordEncrypter } from '../../src/record/protection.js';
import { RecordWriter } from '../../src/record/writer.js';
import { aeadOf } from '../helpers/algorithms.js';

const NAMES = ['aes-128-gcm', 'aes-256-gcm', 'chacha20-poly1305'] as const;
const fill = (n: number, seed: number) => Uint8Array.from({ length: n }, (_, i) => (i * 7 + seed) & 0xff);
const join = (pieces: readonly Uint8Array[]) => {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of pieces) (out.set(p, at), (at += p.length));
  return out;
};

/** `aead` with a sealParts over its seal, cutting the result into three pieces (as a backend might). */
function inParts(aead: Aead, seen: Uint8Array[] = []): Aead {
  return {
    seal: (n, p, a) => aead.seal(n, p, a),
    open: (n, c, a) => aead.open(n, c, a),
    sealParts: (n, a, p, trailer) => {
      seen.push(trailer.slice());
      const sealed = aead.seal(n, join([p, trailer]), a);
      const cut = Math.floor(sealed.length / 3);
      return [sealed.slice(0, cut), sealed.slice(cut, 2 * cut), sealed.slice(2 * cut)];
    },
  };
}

describe('RecordEncrypter.sealParts', () => {
  for (const name of NAMES) {
    const key = fill(name === 'aes-128-gcm' ? 16 : 32, 1);
    it(`${name}: the header and pieces are seal()'s record, record after record, and open in order`, () => {
      const trailers: Uint8Array[] = [];
      const parts = new RecordEncrypter(inParts(aeadOf(name, key), trailers), fill(12, 2));
      const whole = new RecordEncrypter(aeadOf(name, key), fill(12, 2));
      const dec = new RecordDecrypter(aeadOf(name, key), fill(12, 2));
      expect(parts.inParts).toBe(true);
      expect(whole.inParts).toBe(false);
      for (const [length, padding] of [[0, 0], [1, 0], [100, 7], [16384, 0], [16000, 384]] as const) {
        const content = fill(length, length);
        const pieces = parts.sealParts(ContentType.application_data, content, padding);
        expect(pieces[0]).toEqual(Uint8Array.of(23, 3, 3, (length + 17 + padding) >>> 8, (length + 17 + padding) & 0xff));
        const record = join(pieces);
        expect(record).toEqual(whole.seal(ContentType.application_data, content, padding));
        // §5.4: the type byte, then exactly `padding` zeros.
        expect(trailers.at(-1)).toEqual(Uint8Array.from({ length: 1 + padding }, (_, i) => (i === 0 ? 23 : 0)));
        const opened = dec.open({ type: 23, version: 0x0303, header: record.subarray(0, 5), fragment: record.subarray(5) });
        expect(opened.type).toBe(ContentType.application_data);
        expect(opened.content).toEqual(content);
      }
      expect(parts.records).toBe(5);
    });
  }

  it('refuses pieces that do not add up to the fragment the header announces', () => {
    const aead = aeadOf('aes-128-gcm', fill(16, 1));
    const short: Aead = { ...aead, sealParts: (n, a, p, t) => [aead.seal(n, join([p, t]), a).subarray(1)] };
    expect(() => new RecordEncrypter(short, fill(12, 2)).sealParts(23, fill(10, 3))).toThrow(InternalError);
  });

  it('keeps the 2^14 limit of seal()', () => {
    const enc = new RecordEncrypter(inParts(aeadOf('aes-128-gcm', fill(16, 1))), fill(12, 2));
    expect(() => enc.sealParts(23, fill(16384, 3), 1)).toThrow(InternalError);
  });
});

describe('RecordWriter with an AEAD that seals in parts', () => {
  /** A writer under application keys, with `aead` for them. */
  function writer(aead: Aead): RecordWriter {
    const w = new RecordWriter();
    w.setKeys('handshake', new RecordEncrypter(aeadOf('aes-128-gcm', fill(16, 9)), fill(12, 9)));
    w.setKeys('application', new RecordEncrypter(aead, fill(12, 2)));
    return w;
  }
  const key = fill(16, 1);
  const data = fill(40000, 5); // three records: 16384, 16384, 7232

  it('hands out the records as pieces, each record starting a piece, in order; take() joins the same bytes', () => {
    const a = writer(inParts(aeadOf('aes-128-gcm', key)));
    const b = writer(inParts(aeadOf('aes-128-gcm', key)));
    const c = writer(aeadOf('aes-128-gcm', key)); // no sealParts: one array per record
    for (const w of [a, b, c]) {
      expect(w.applicationData(data, () => {})).toBe(data.length);
      w.alert(1, 0); // close_notify, sealed whole, after the data
    }
    const chunks = a.takeChunks();
    expect(a.takeChunks()).toHaveLength(0);
    expect(join(chunks)).toEqual(b.take());
    expect(join(chunks)).toEqual(c.take());
    // Record boundaries: every record's header begins a piece.
    const starts = new Set<number>();
    let at = 0;
    for (const p of chunks) (starts.add(at), (at += p.length));
    const stream = join(chunks);
    const deframer = new Deframer();
    deframer.protectedRecords = true;
    const dec = new RecordDecrypter(aeadOf('aes-128-gcm', key), fill(12, 2));
    const got: Uint8Array[] = [];
    let offset = 0;
    // The deframer holds two records at most: fed as it takes.
    for (let fed = 0; fed < stream.length || deframer.buffered > 0; ) {
      fed += deframer.push(stream.subarray(fed));
      const r = deframer.nextView();
      if (r === null) continue;
      expect(starts.has(offset)).toBe(true);
      offset += 5 + r.fragment.length;
      const { type, content } = dec.open(r);
      if (type === ContentType.application_data) got.push(content);
      else expect([type, ...content]).toEqual([ContentType.alert, 1, 0]);
    }
    expect(offset).toBe(stream.length);
    expect(join(got)).toEqual(data);
  });

  it('counts bytes in parts for length and buffered, and takes one record in parts whole', () => {
    const w = writer(inParts(aeadOf('aes-128-gcm', key)));
    w.applicationData(fill(10, 1), () => {});
    expect(w.length).toBe(5 + 10 + 1 + 16);
    expect(w.buffered).toBe(w.length);
    const record = w.take();
    expect(record.length).toBe(32);
    expect(w.length).toBe(0);
    expect(w.buffered).toBe(0);
    expect(w.take()).toHaveLength(0);
  });
});

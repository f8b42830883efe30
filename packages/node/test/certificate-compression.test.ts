// The Node driver's certificate decompressors (RFC 8879, node:zlib) and the certificateCompression
// option: real data round-trips, a 100 MB bomb is refused at the cap, and the option's choices
// reach the engine configuration (on by default, off with false).
import { brotliCompressSync, deflateSync, inflateSync } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { Limits, resolveConfig } from '@puretls/core';
import { engineConfig } from '../src/connect_options.js';
import { brotliCertificateDecompressor, certificateDecompressors, zlibCertificateDecompressor } from '../src/index.js';

const verifier = { verifyServerCertificate: () => {} };
/** Something like a Certificate body: compressible text with some random bytes. */
const body = new Uint8Array(Buffer.concat([Buffer.from('MIIDdzCCAl+gAwIBAgIUa'.repeat(300)), randomBytes(2000)]));

describe('zlib and brotli decompressors', () => {
  it('return exactly the compressed bytes as a plain Uint8Array', () => {
    for (const [d, packed] of [[zlibCertificateDecompressor, deflateSync(body)], [brotliCertificateDecompressor, brotliCompressSync(body)]] as const) {
      const out = d.decompress(new Uint8Array(packed), body.length);
      expect(out.constructor).toBe(Uint8Array);
      expect(Buffer.from(out).equals(Buffer.from(body))).toBe(true);
    }
    expect([zlibCertificateDecompressor.algorithm, brotliCertificateDecompressor.algorithm]).toEqual([1, 2]);
  });

  it('stop at the cap: output longer than uncompressedLength is an error, not a buffer', () => {
    expect(() => zlibCertificateDecompressor.decompress(new Uint8Array(deflateSync(body)), body.length - 1)).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
    expect(() => brotliCertificateDecompressor.decompress(new Uint8Array(brotliCompressSync(body)), body.length - 1)).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
  });

  it('refuse a 100 MB bomb at the limit instead of inflating it', () => {
    const zeros = new Uint8Array(100 * 1024 * 1024);
    // The bomb inflates whole without the cap (so the test's bomb is real) ...
    const zlibBomb = new Uint8Array(deflateSync(zeros, { level: 9 }));
    expect(inflateSync(zlibBomb).length).toBe(zeros.length);
    const brotliBomb = new Uint8Array(brotliCompressSync(zeros));
    // ... and with it node:zlib gives up after at most one chunk past the cap (ERR_BUFFER_TOO_LARGE
    // comes from its check between output chunks; the whole stream is never produced).
    for (const [d, bomb] of [[zlibCertificateDecompressor, zlibBomb], [brotliCertificateDecompressor, brotliBomb]] as const) {
      expect(() => d.decompress(bomb, Limits.maxUncompressedCertificate)).toThrow(expect.objectContaining({ code: 'ERR_BUFFER_TOO_LARGE' }));
    }
  });

  it('refuse corrupt data with an error (the engine makes it bad_certificate)', () => {
    const packed = new Uint8Array(deflateSync(body));
    packed[packed.length - 1]! ^= 1; // the Adler-32 trailer
    expect(() => zlibCertificateDecompressor.decompress(packed, body.length)).toThrow();
    expect(() => brotliCertificateDecompressor.decompress(Uint8Array.of(1, 2, 3), 100)).toThrow();
  });
});

describe('the certificateCompression option', () => {
  const names = (opts: Parameters<typeof engineConfig>[0]) => resolveConfig(engineConfig(opts, 'example.com', verifier)).certificateDecompressors.map((d) => d.name);

  it('is on by default: brotli, then zlib', () => {
    expect(names({})).toEqual(['brotli', 'zlib']);
  });

  it('false or [] turns it off; a list chooses and orders', () => {
    expect(names({ certificateCompression: false })).toEqual([]);
    expect(names({ certificateCompression: [] })).toEqual([]);
    expect(names({ certificateCompression: ['zlib'] })).toEqual(['zlib']);
    expect(names({ certificateCompression: ['zlib', 'brotli'] })).toEqual(['zlib', 'brotli']);
  });

  it('leaves engine.certificateDecompressors in place when not given', () => {
    const custom = { algorithm: 3, name: 'zstd', decompress: () => new Uint8Array(0) };
    expect(names({ engine: { certificateDecompressors: [custom] } })).toEqual(['zstd']);
    expect(names({ certificateCompression: false, engine: { certificateDecompressors: [custom] } })).toEqual([]);
  });

  it('refuses unknown and repeated names with a TypeError', () => {
    expect(() => certificateDecompressors(['zstd'] as never)).toThrow(TypeError);
    expect(() => certificateDecompressors(['zlib', 'zlib'])).toThrow(TypeError);
    expect(() => certificateDecompressors('zlib' as never)).toThrow(TypeError);
  });
});

// @puretls/web/certificate-compression: fflate's streaming zlib inflate, capped. Checked against
// data node:zlib compressed, against a 100 MB bomb (the output produced is counted: it must stop
// within one input piece of the cap), against length lies and broken streams, and in a whole
// handshake with the engine's scripted server sending a CompressedCertificate.
import { randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Limits } from '@puretls/core';
import { fflateZlibDecompressor, inflateZlibCapped, INPUT_SLICE } from '../src/certificate_compression.js';
import { compressedFlight } from '../../core/test/helpers/certificate_compression.js';
import { handshake } from '../../core/test/helpers/scripted_client.js';
import { serverCertDer } from '../../core/test/helpers/scripted_server.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;
/** zlib's largest expansion: 258-byte matches from 2-bit codes, about 1032 output bytes per input byte. */
const MAX_RATIO = 1032;

const deflate = (b: Uint8Array, level = 6) => new Uint8Array(deflateSync(b, { level }));

describe('inflateZlibCapped', () => {
  it('inflates what node:zlib deflated, at every level, exactly', () => {
    const data = new Uint8Array(Buffer.concat([Buffer.from('MIIDdzCCAl+gAwIBAgIU'.repeat(200)), randomBytes(3000), Buffer.alloc(5000)]));
    for (const level of [0, 1, 6, 9]) expect(Buffer.from(inflateZlibCapped(deflate(data, level), data.length)).equals(Buffer.from(data))).toBe(true);
  });

  it('agrees with node:zlib on arbitrary data', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 4000 }), fc.integer({ min: 0, max: 9 }), (data, level) => {
      expect([...inflateZlibCapped(deflate(data, level), data.length)]).toEqual([...data]);
    }), { numRuns: 100 });
  }, PROPERTY_TIMEOUT_MS);

  it('stops a 100 MB bomb within one input piece past the cap', () => {
    const bomb = deflate(new Uint8Array(100 * 1024 * 1024), 9);
    let produced = 0;
    expect(() => inflateZlibCapped(bomb, Limits.maxUncompressedCertificate, (n) => { produced += n; })).toThrow(/past the declared/);
    expect(produced).toBeGreaterThan(Limits.maxUncompressedCertificate);
    expect(produced).toBeLessThanOrEqual(Limits.maxUncompressedCertificate + MAX_RATIO * INPUT_SLICE);
  });

  it('refuses length lies, truncation and garbage', () => {
    const data = new Uint8Array(randomBytes(2000));
    const packed = deflate(data);
    expect(() => inflateZlibCapped(packed, data.length - 1)).toThrow(/past the declared/);
    expect(() => inflateZlibCapped(packed, data.length + 1)).toThrow(/not the declared/);
    expect(() => inflateZlibCapped(packed.subarray(0, packed.length - 10), data.length)).toThrow();
    expect(() => inflateZlibCapped(Uint8Array.of(1, 2, 3, 4, 5, 6, 7, 8), 100)).toThrow();
    expect(() => inflateZlibCapped(new Uint8Array(0), 100)).toThrow();
  });
});

describe('fflateZlibDecompressor in a handshake', () => {
  it('decompresses the scripted server\'s zlib CompressedCertificate', () => {
    const o = handshake(compressedFlight((body) => ({ algorithm: 1, uncompressedLength: body.length, compressed: deflate(body) })), { certificateDecompressors: [fflateZlibDecompressor] });
    expect(o.error).toBeUndefined();
    expect(o.client.info).toMatchObject({ certificateCompression: 1, certificateCompressionName: 'zlib' });
    expect(o.client.info!.peerCertificates).toEqual([serverCertDer]);
  });

  it('refuses a bomb declared at the limit with bad_certificate', () => {
    const bomb = deflate(new Uint8Array(100 * 1024 * 1024), 9);
    const o = handshake(compressedFlight(() => ({ algorithm: 1, uncompressedLength: Limits.maxUncompressedCertificate, compressed: bomb })), { certificateDecompressors: [fflateZlibDecompressor] });
    expect(o.error?.alertName).toBe('bad_certificate');
  });
});

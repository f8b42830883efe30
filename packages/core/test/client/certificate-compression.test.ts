// Certificate compression (RFC 8879) in the engine, against the scripted server: the
// compress_certificate offer, a CompressedCertificate accepted in place of the Certificate (and kept
// compressed in the transcript: the server signs over what it sent), and every hostile variant
// refused with its alert without inflating past the limit.
import { brotliCompressSync, deflateSync } from 'node:zlib';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, InternalError, Limits, TlsClient, TlsError, type ClientConfig, type TraceEvent } from '../../src/index.js';
import { decodeCompressCertificate, encodeCompressedCertificate } from '../../src/msgs/compressed_certificate.js';
import { ExtensionType, HandshakeType } from '../../src/msgs/enums.js';
import { encodeSignatureSchemeList } from '../../src/msgs/ext_bodies.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import { decodeClientHello, encodeCertificateRequest } from '../helpers/server_codecs.js';
import { compressedFlight, recordingDecompressor } from '../helpers/certificate_compression.js';
import { acceptAll, handshake, type Outcome } from '../helpers/scripted_client.js';
import { ScriptedServer, serverCertDer } from '../helpers/scripted_server.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 120_000;

const zlib = (body: Uint8Array) => ({ algorithm: 1, uncompressedLength: body.length, compressed: new Uint8Array(deflateSync(body)) });

/** The handshake failed with `alert`, which reached the server. */
function expectAlert(o: Outcome, alert: string): void {
  expect(o.error, 'handshake should fail').toBeInstanceOf(TlsError);
  expect(o.error!.alertName).toBe(alert);
  expect(o.server.receivedAlerts.map((a) => a[1])).toContain(o.error!.alert);
}

/** The compress_certificate list of the ClientHello the client sent first, or undefined. */
function offered(o: Outcome): number[] | undefined {
  const hello = o.sent[0]!.subarray(5 + 4); // record header, handshake header
  const ext = decodeClientHello(hello).extensions.find((e) => e.type === ExtensionType.compress_certificate);
  return ext === undefined ? undefined : decodeCompressCertificate(ext.data);
}

describe('the compress_certificate offer (RFC 8879 §3)', () => {
  it('is not sent by default (the default ClientHello is unchanged)', () => {
    const o = handshake();
    expect(o.error).toBeUndefined();
    expect(o.server.clientHelloExtensions).not.toContain(ExtensionType.compress_certificate);
    expect(o.client.info?.certificateCompression).toBeUndefined();
  });

  it('lists the configured algorithms in order, and the trace names them', () => {
    const events: TraceEvent[] = [];
    const o = handshake({}, { certificateDecompressors: [recordingDecompressor('brotli'), recordingDecompressor('zlib')], trace: (e) => events.push(e) });
    expect(o.error).toBeUndefined();
    expect(offered(o)).toEqual([2, 1]);
    const hello = events.find((e) => e.kind === 'handshake' && e.type === HandshakeType.client_hello);
    expect(hello).toMatchObject({ fields: { compress_certificate: 'brotli,zlib' } });
    // The server answered with a plain Certificate: nothing was decompressed.
    expect(o.client.info?.certificateCompression).toBeUndefined();
  });

  it('is the same in the second ClientHello after a HelloRetryRequest, and the CompressedCertificate then still works', () => {
    const hellos: ReturnType<typeof decodeClientHello>[] = [];
    const d = recordingDecompressor('zlib');
    const o = handshake(compressedFlight(zlib, {
      helloRetry: (ch, count) => {
        hellos.push(ch);
        return count > 0 ? undefined : {
          legacyVersion: 0x0303, random: ScriptedServer.hrrRandom, legacySessionIdEcho: ch.legacySessionId, cipherSuite: 0x1301, legacyCompressionMethod: 0,
          extensions: [{ type: ExtensionType.supported_versions, data: Uint8Array.of(3, 4) }, { type: ExtensionType.key_share, data: Uint8Array.of(0, 0x17) }],
        };
      },
    }), { groups: [0x1d, 0x17], certificateDecompressors: [d] });
    expect(o.error).toBeUndefined();
    const lists = hellos.map((ch) => decodeCompressCertificate(ch.extensions.find((e) => e.type === ExtensionType.compress_certificate)!.data));
    expect(lists).toEqual([[1], [1]]);
    expect(o.client.info).toMatchObject({ helloRetryRequest: true, certificateCompressionName: 'zlib' });
  });

  it('refuses configurations that cannot be sent', () => {
    const d = recordingDecompressor('zlib');
    const make = (list: unknown) => () => new TlsClient({ serverName: 'server', verifier: acceptAll, certificateDecompressors: list as ClientConfig['certificateDecompressors'] });
    expect(make([d, d])).toThrow(ApiMisuseError);
    expect(make([{ ...d, algorithm: 0 }])).toThrow(ApiMisuseError);
    expect(make([{ ...d, algorithm: 0x10000 }])).toThrow(ApiMisuseError);
    expect(make([{ algorithm: 1, name: 'zlib' }])).toThrow(ApiMisuseError);
    expect(make(Array.from({ length: 128 }, (_, i) => ({ ...d, algorithm: i + 1 })))).toThrow(ApiMisuseError);
    expect(make(Array.from({ length: 127 }, (_, i) => ({ ...d, algorithm: i + 1 })))).not.toThrow();
  });
});

describe('a CompressedCertificate from the server (RFC 8879 §4)', () => {
  for (const kind of ['zlib', 'brotli'] as const) {
    it(`${kind}: decompressed, verified, its algorithm in info, the compressed message in the transcript`, () => {
      const d = recordingDecompressor(kind);
      const events: TraceEvent[] = [];
      const compress = (b: Uint8Array) => new Uint8Array(kind === 'zlib' ? deflateSync(b) : brotliCompressSync(b));
      let bodyLength = 0;
      const o = handshake(compressedFlight((body) => ((bodyLength = body.length), { algorithm: d.algorithm, uncompressedLength: body.length, compressed: compress(body) })),
        { certificateDecompressors: [recordingDecompressor(kind === 'zlib' ? 'brotli' : 'zlib'), d], trace: (e) => events.push(e) });
      // CertificateVerify is signed over the transcript with the CompressedCertificate: had the
      // client hashed the Certificate it decompressed instead, the signature would not verify.
      expect(o.error).toBeUndefined();
      expect(o.client.isHandshakeComplete).toBe(true);
      expect(o.client.info).toMatchObject({ certificateCompression: d.algorithm, certificateCompressionName: kind });
      expect(o.client.info!.peerCertificates).toEqual([serverCertDer]);
      expect(d.calls).toEqual([{ inputLength: expect.any(Number), cap: bodyLength, outcome: { produced: bodyLength } }]);
      const cc = events.find((e) => e.kind === 'handshake' && e.direction === 'in' && e.type === HandshakeType.compressed_certificate);
      expect(cc).toMatchObject({ fields: { algorithm: kind, uncompressed_length: String(bodyLength) } });
      expect(events.some((e) => e.kind === 'handshake' && e.type === HandshakeType.certificate)).toBe(false);
    });
  }

  it('a CertificateRequest carrying compress_certificate is fine (we never compress ours)', () => {
    const cr = frameHandshake(HandshakeType.certificate_request, encodeCertificateRequest({
      context: new Uint8Array(0),
      extensions: [
        { type: ExtensionType.signature_algorithms, data: encodeSignatureSchemeList([0x0804]) },
        { type: ExtensionType.compress_certificate, data: Uint8Array.of(2, 0, 1) },
      ],
    }));
    const d = recordingDecompressor('zlib');
    const o = handshake(compressedFlight(zlib, { flight: ([ee, cert]) => [ee!, cr, cert!] }), { certificateDecompressors: [d] });
    expect(o.error).toBeUndefined();
    expect(o.client.info).toMatchObject({ certificateRequested: true, certificateCompression: 1 });
    // Our (empty) Certificate went out as a plain Certificate.
    expect(o.server.clientAuthMessages.map((m) => m.raw[0])).toEqual([HandshakeType.certificate]);
  });
});

describe('hostile CompressedCertificates', () => {
  it('when we offered no compression: unexpected_message', () => {
    expectAlert(handshake(compressedFlight(zlib)), 'unexpected_message');
  });

  it('an algorithm we did not offer, or an unknown one: illegal_parameter, nothing decompressed', () => {
    const d = recordingDecompressor('zlib');
    const brotli = (body: Uint8Array) => ({ algorithm: 2, uncompressedLength: body.length, compressed: new Uint8Array(brotliCompressSync(body)) });
    expectAlert(handshake(compressedFlight(brotli), { certificateDecompressors: [d] }), 'illegal_parameter');
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), algorithm: 0x1234 })), { certificateDecompressors: [d] }), 'illegal_parameter');
    expect(d.calls).toEqual([]);
  });

  it('empty compressed data: decode_error', () => {
    const d = recordingDecompressor('zlib');
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), compressed: new Uint8Array(0) })), { certificateDecompressors: [d] }), 'decode_error');
    expect(d.calls).toEqual([]);
  });

  it('a declared length over the limit: bad_certificate before any decompression', () => {
    const d = recordingDecompressor('zlib');
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), uncompressedLength: Limits.maxUncompressedCertificate + 1 })), { certificateDecompressors: [d] }), 'bad_certificate');
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), uncompressedLength: 0xffffff })), { certificateDecompressors: [d] }), 'bad_certificate');
    expect(d.calls).toEqual([]);
  });

  it('a length lie, either way: bad_certificate (RFC 8879 §4)', () => {
    const d = recordingDecompressor('zlib');
    let actual = 0;
    // Declared longer than the data: the whole output is shorter than declared.
    expectAlert(handshake(compressedFlight((b) => ((actual = b.length), { ...zlib(b), uncompressedLength: b.length + 1 })), { certificateDecompressors: [d] }), 'bad_certificate');
    expect(d.calls[0]).toEqual({ inputLength: expect.any(Number), cap: actual + 1, outcome: { produced: actual } });
    // Declared shorter: the decompressor stops at the cap, so it never hands back more.
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), uncompressedLength: b.length - 1 })), { certificateDecompressors: [d] }), 'bad_certificate');
    expect(d.calls[1]).toEqual({ inputLength: expect.any(Number), cap: actual - 1, outcome: { threw: 'ERR_BUFFER_TOO_LARGE' } });
  });

  it('a decompressor that returns more than declared is still refused (bad_certificate)', () => {
    const sloppy = { algorithm: 1, name: 'sloppy', decompress: (_: Uint8Array, n: number) => new Uint8Array(n + 1) };
    expectAlert(handshake(compressedFlight(zlib), { certificateDecompressors: [sloppy] }), 'bad_certificate');
  });

  it('a 100 MB zlib bomb declared at the limit: stopped at the cap, bad_certificate', () => {
    const bomb = new Uint8Array(deflateSync(new Uint8Array(100 * 1024 * 1024), { level: 9 }));
    expect(bomb.length).toBeLessThan(Limits.maxHandshakeMessage - 16);
    const d = recordingDecompressor('zlib');
    const o = handshake(compressedFlight(() => ({ algorithm: 1, uncompressedLength: Limits.maxUncompressedCertificate, compressed: bomb })), { certificateDecompressors: [d] });
    expectAlert(o, 'bad_certificate');
    // The engine's cap is the declared length (at most the limit); node:zlib stops inflating there.
    expect(d.calls).toEqual([{ inputLength: bomb.length, cap: Limits.maxUncompressedCertificate, outcome: { threw: 'ERR_BUFFER_TOO_LARGE' } }]);
  });

  it('data that does not decompress: bad_certificate', () => {
    const d = recordingDecompressor('zlib');
    expectAlert(handshake(compressedFlight((b) => ({ ...zlib(b), compressed: Uint8Array.of(1, 2, 3, 4, 5) })), { certificateDecompressors: [d] }), 'bad_certificate');
    expect(d.calls[0]!.outcome).toHaveProperty('threw');
  });

  it('a decompressor throwing anything: bad_certificate, with the cause kept', () => {
    const failing = { algorithm: 1, name: 'failing', decompress: () => { throw new RangeError('boom'); } };
    const o = handshake(compressedFlight(zlib), { certificateDecompressors: [failing] });
    expectAlert(o, 'bad_certificate');
    expect((o.error as Error & { cause?: unknown }).cause).toBeInstanceOf(RangeError);
  });

  it('decompressed bytes that are no Certificate body: decode_error', () => {
    const junk = new Uint8Array(40).fill(0xff);
    const d = recordingDecompressor('zlib');
    expectAlert(handshake(compressedFlight(() => zlib(junk)), { certificateDecompressors: [d] }), 'decode_error');
  });

  it('a CompressedCertificate after the handshake: unexpected_message', () => {
    const d = recordingDecompressor('zlib');
    const o = handshake({}, { certificateDecompressors: [d] });
    expect(o.error).toBeUndefined();
    const msg = frameHandshake(HandshakeType.compressed_certificate, encodeCompressedCertificate(zlib(new Uint8Array(8))));
    o.client.receive(o.server.seal(22, msg));
    expect(() => o.client.read()).toThrow(expect.objectContaining({ alertName: 'unexpected_message' }));
    expect(d.calls).toEqual([]);
  });

  it('any CompressedCertificate content ends in a TlsError with its alert sent, never an internal error', () => {
    const d = recordingDecompressor('zlib');
    const b = recordingDecompressor('brotli');
    fc.assert(fc.property(
      fc.constantFrom(1, 2, 3, 0xffff),
      fc.oneof(fc.integer({ min: 0, max: 0xffffff }), fc.integer({ min: 0, max: 4096 })),
      fc.oneof(fc.uint8Array({ minLength: 1, maxLength: 300 }), fc.constant(undefined)),
      fc.integer({ min: 0, max: 2000 }),
      (algorithm, uncompressedLength, random, flip) => {
        const o = handshake(compressedFlight((body) => {
          // Random bytes, or the real body deflated with one bit flipped (near-valid streams).
          const compressed = random ?? (() => { const z = new Uint8Array(deflateSync(body)); z[flip % z.length]! ^= 1 << (flip % 8); return z; })();
          return { algorithm, uncompressedLength, compressed };
        }), { certificateDecompressors: [d, b] });
        if (o.error === undefined) return; // a flipped bit the stream survives (and the length matched)
        expect(o.error).toBeInstanceOf(TlsError);
        expect(o.error).not.toBeInstanceOf(InternalError);
        expect(o.server.receivedAlerts.map((a) => a[1])).toContain(o.error.alert);
      },
    ), { numRuns: 60 });
    for (const call of [...d.calls, ...b.calls]) expect(call.cap).toBeLessThanOrEqual(Limits.maxUncompressedCertificate);
  }, PROPERTY_TIMEOUT_MS);
});

// Certificate compression (RFC 8879) for engine tests: decompressors over node:zlib that record how
// the engine called them, and a scripted-server flight mutation that sends the Certificate as a
// CompressedCertificate built from its body.
import { brotliDecompressSync, inflateSync } from 'node:zlib';
import type { CertificateDecompressor } from '../../src/api.js';
import { encodeCompressedCertificate, type CompressedCertificate } from '../../src/msgs/compressed_certificate.js';
import { HandshakeType } from '../../src/msgs/enums.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import type { Mutations } from './scripted_server.js';

/** One call the engine made: what it gave and how it ended. */
export interface DecompressCall {
  readonly inputLength: number;
  readonly cap: number;
  /** The output's length, or the error's code (or message). */
  readonly outcome: { readonly produced: number } | { readonly threw: string };
}

/** A node:zlib decompressor capped with maxOutputLength, recording each call in `calls`. */
export function recordingDecompressor(kind: 'zlib' | 'brotli', calls: DecompressCall[] = []): CertificateDecompressor & { calls: DecompressCall[] } {
  const inflate = kind === 'zlib' ? inflateSync : brotliDecompressSync;
  return {
    algorithm: kind === 'zlib' ? 1 : 2,
    name: kind,
    calls,
    decompress(input, uncompressedLength) {
      try {
        const out = inflate(input, { maxOutputLength: Math.max(1, uncompressedLength) });
        calls.push({ inputLength: input.length, cap: uncompressedLength, outcome: { produced: out.length } });
        return new Uint8Array(out.buffer, out.byteOffset, out.length);
      } catch (e) {
        calls.push({ inputLength: input.length, cap: uncompressedLength, outcome: { threw: (e as { code?: string }).code ?? String(e) } });
        throw e;
      }
    },
  };
}

/**
 * A flight mutation: the Certificate (second message, after EncryptedExtensions) replaced by the
 * CompressedCertificate `make` builds from its body; the server signs over what it sends. The
 * flight goes out in full-size records, so a large (hostile) message fits.
 */
export function compressedFlight(make: (certificateBody: Uint8Array) => CompressedCertificate, extra: Mutations = {}): Mutations {
  return {
    encryptedRecordSize: 16384,
    ...extra,
    flight: (messages) => {
      const list = extra.flight ? extra.flight(messages) : messages;
      return list.map((m) => (m[0] === HandshakeType.certificate ? frameHandshake(HandshakeType.compressed_certificate, encodeCompressedCertificate(make(m.subarray(4)))) : m));
    },
  };
}

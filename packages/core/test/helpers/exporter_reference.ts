// TLS-Exporter (RFC 9846 §7.5) computed with node:crypto alone, SHA-256: the reference the engine's exporters are checked against.
import { createHash, createHmac } from 'node:crypto';

/** HKDF-Expand-Label with node:crypto (RFC 9846 §7.1), SHA-256. */
export function expandLabel(secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const full = Buffer.from(`tls13 ${label}`);
  const info = Buffer.concat([Buffer.from([length >> 8, length & 0xff, full.length]), full, Buffer.from([context.length]), context]);
  const out: Buffer[] = [];
  let t = Buffer.alloc(0);
  for (let i = 1; Buffer.concat(out).length < length; i++) {
    t = createHmac('sha256', secret).update(Buffer.concat([t, info, Buffer.from([i])])).digest();
    out.push(t);
  }
  return Buffer.concat(out).subarray(0, length);
}
export const sha256 = (b: Buffer) => createHash('sha256').update(b).digest();
export function exporterReference(exporterSecret: Buffer, label: string, context: Buffer, length: number): Buffer {
  return expandLabel(expandLabel(exporterSecret, label, sha256(Buffer.alloc(0)), 32), 'exporter', sha256(context), length);
}


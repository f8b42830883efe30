// Exporters (RFC 9846 §7.5) computed independently with node:crypto's HKDF from the key log's
// EXPORTER_SECRET, the RFC 9266 channel binding, and the request checks.
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, TlsClient, tlsExporterChannelBinding } from '../../src/index.js';
import { exporterReference as reference } from '../helpers/exporter_reference.js';
import { handshake } from '../helpers/scripted_client.js';

describe('exportKeyingMaterial', () => {
  const lines: string[] = [];
  const o = handshake({}, { keyLog: (l) => lines.push(l) });
  const secret = Buffer.from(lines.find((l) => l.startsWith('EXPORTER_SECRET '))!.split(' ')[2]!, 'hex');

  it.each([
    ['EXPORTER-Channel-Binding', undefined, 32],
    ['EXPERIMENTAL my label', Uint8Array.of(1, 2, 3), 20],
    ['x', new Uint8Array(0), 0],
    ['long output', new Uint8Array(300), 1000],
  ] as const)('%s: equals TLS-Exporter computed independently', (label, context, length) => {
    const got = o.client.exportKeyingMaterial(label, context, length);
    expect(Buffer.from(got).toString('hex')).toBe(reference(secret, label, Buffer.from(context ?? []), length).toString('hex'));
  });

  it('no context and an empty context are the same (TLS 1.3); the channel binding is that for its label', () => {
    expect(o.client.exportKeyingMaterial('L', undefined, 16)).toEqual(o.client.exportKeyingMaterial('L', new Uint8Array(0), 16));
    expect(tlsExporterChannelBinding(o.client)).toEqual(o.client.exportKeyingMaterial('EXPORTER-Channel-Binding', undefined, 32));
  });

  it('refuses before the handshake, an empty or over-long label, a bad length', () => {
    const fresh = new TlsClient({ serverName: 'x', dangerouslySkipCertificateVerification: true });
    expect(() => fresh.exportKeyingMaterial('L', undefined, 16)).toThrow(ApiMisuseError);
    expect(() => o.client.exportKeyingMaterial('', undefined, 16)).toThrow(ApiMisuseError);
    expect(() => o.client.exportKeyingMaterial('a'.repeat(250), undefined, 16)).toThrow(ApiMisuseError);
    expect(() => o.client.exportKeyingMaterial('L', undefined, -1)).toThrow(ApiMisuseError);
    expect(() => o.client.exportKeyingMaterial('L', undefined, 255 * 32 + 1)).toThrow(ApiMisuseError);
    expect(o.client.exportKeyingMaterial('a'.repeat(249), undefined, 8)).toHaveLength(8);
  });
});

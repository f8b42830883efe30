// Errors are explicit, never masked (item 23, handshake part): a malformed structure from the peer
// is refused by an explicit check with its alert; a bug of ours (or of a plugged-in provider) is
// not relabelled as the peer's fault.
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CertificateError, InternalError, TlsError } from '../../src/index.js';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import { certificateSpki, parseSpki } from '../../src/crypto/spki.js';
import { handshake } from '../helpers/scripted_client.js';

describe('the leaf public key (RFC 9846 §4.5.2)', () => {
  it('a leaf that is not a certificate fails with bad_certificate', () => {
    const r = handshake({ certificate: (c) => ({ ...c, entries: [{ data: Uint8Array.of(0x30, 0x03, 0x02, 0x01, 0x00), extensions: [] }] }) });
    expect(r.error).toBeInstanceOf(CertificateError);
    expect(r.error!.alertName).toBe('bad_certificate');
    expect(r.server.receivedAlerts).toContainEqual([2, 42]);
  });

  it('a crypto provider failing with a non-TLS error while reading the leaf key is internal_error, not the peer\'s bad_certificate', () => {
    const crypto = { ...nobleProvider, parsePublicKey: () => { throw new TypeError('provider bug'); } };
    const r = handshake({}, { crypto });
    expect(r.error).toBeInstanceOf(InternalError);
    expect(r.error!.alertName).toBe('internal_error');
    expect(r.error!.message).toContain('provider bug');
    expect(r.server.receivedAlerts).toContainEqual([2, 80]);
  });
});

describe('reading the leaf key of hostile certificates', () => {
  const leaves = ['p256', 'rsa', 'ed25519'].map((alg) => {
    const pem = readFileSync(new URL(`../../../../fixtures/pki/good/${alg}/leaf.pem`, import.meta.url), 'utf8');
    return Uint8Array.from(Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));
  });

  it('every mutated leaf either yields a key or fails with a TlsError, never another exception', { timeout: 60_000 }, () => {
    const mutation = fc.record({ leaf: fc.nat(leaves.length - 1), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }), cut: fc.boolean() });
    fc.assert(fc.property(mutation, (m) => {
      const b = Uint8Array.from(leaves[m.leaf]!);
      const i = m.at % b.length;
      b[i] = m.value;
      const der = m.cut ? b.subarray(0, i) : b;
      try {
        parseSpki(certificateSpki(der));
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
      }
    }), { numRuns: 1000 });
  });
});

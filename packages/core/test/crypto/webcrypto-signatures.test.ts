// ECDSA CertificateVerify through WebCrypto (Node's globalThis.crypto.subtle): the DER to r ‖ s
// conversion, the verdicts beside noble's (the conformance suite also checks them on random
// tampering), the fallbacks, and the bounded memory of imported keys.
import { generateKeyPairSync, sign } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Limits, nobleProvider, SignatureScheme } from '../../src/index.js';
import { derSignatureToP1363, webCryptoSignatureSchemes, type WebCryptoEcdsaSubtle } from '../../src/crypto/index.js';

const subtle = globalThis.crypto.subtle as unknown as WebCryptoEcdsaSubtle;
const P256 = SignatureScheme.ecdsa_secp256r1_sha256;

function p256Key() {
  const pair = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  const spki = new Uint8Array(pair.publicKey.export({ type: 'spki', format: 'der' }));
  return { pair, key: nobleProvider.parsePublicKey(spki) };
}

describe('derSignatureToP1363', () => {
  it('pads r and s to the curve size and drops the sign byte', () => {
    const der = Uint8Array.of(0x30, 0x08, 0x02, 0x02, 0x00, 0x80, 0x02, 0x02, 0x01, 0x02);
    const raw = derSignatureToP1363(der, 32)!;
    expect(raw).toHaveLength(64);
    expect(raw[31]).toBe(0x80);
    expect([raw[62], raw[63]]).toEqual([1, 2]);
    expect(raw.subarray(0, 31).every((b) => b === 0)).toBe(true);
  });

  it('refuses zero, oversized, non-minimal, trailing and truncated encodings', () => {
    const ok = Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x01);
    expect(derSignatureToP1363(ok, 32)).toBeDefined();
    expect(derSignatureToP1363(Uint8Array.of(0x30, 0x06, 0x02, 0x01, 0x00, 0x02, 0x01, 0x01), 32)).toBeUndefined(); // r = 0
    expect(derSignatureToP1363(Uint8Array.of(0x30, 0x07, 0x02, 0x02, 0x00, 0x01, 0x02, 0x01, 0x01), 32)).toBeUndefined(); // non-minimal
    expect(derSignatureToP1363(Uint8Array.of(...ok, 0), 32)).toBeUndefined(); // trailing byte
    expect(derSignatureToP1363(Uint8Array.of(0x30, 0x25, 0x02, 0x21, 0x01, ...new Uint8Array(32), 0x02, 0x01, 0x01), 32)).toBeUndefined(); // 33-byte r
    for (let n = 0; n < ok.length; n++) expect(derSignatureToP1363(ok.subarray(0, n), 32)).toBeUndefined();
  });

  it('never throws on random bytes (property, 500 runs)', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 80 }), (b) => { derSignatureToP1363(b, 32); }), { numRuns: 500 });
  }, 30_000);
});

describe('webCryptoSignatureSchemes', () => {
  const schemes = webCryptoSignatureSchemes(subtle, nobleProvider.signatureSchemes);
  const scheme = schemes.find((s) => s.id === P256)!;

  it('adds verifyAsync to the ECDSA P-256 and P-384 schemes only', () => {
    expect(schemes.filter((s) => s.verifyAsync !== undefined).map((s) => s.name).sort()).toEqual(['ecdsa_secp256r1_sha256', 'ecdsa_secp384r1_sha384']);
  });

  it('valid and high-S signatures verify, a tampered one does not, as with noble', async () => {
    const { pair, key } = p256Key();
    const message = new TextEncoder().encode('certificate verify content');
    const sig = new Uint8Array(sign('sha256', message, pair.privateKey));
    expect(await scheme.verifyAsync!(key, message, sig)).toBe(true);
    // s → n − s: the same signature in its other form; OpenSSL makes both, both are valid.
    const raw = derSignatureToP1363(sig, 32)!;
    const n = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
    const s = BigInt('0x' + Buffer.from(raw.subarray(32)).toString('hex'));
    const high = (n - s).toString(16).padStart(64, '0');
    const r = Buffer.from(raw.subarray(0, 32)).toString('hex');
    const int = (hex: string) => { const b = Buffer.from(hex.replace(/^(00)+/, ''), 'hex'); return b[0]! & 0x80 ? Buffer.concat([Buffer.of(0), b]) : b; };
    const [ri, si] = [int(r), int(high)];
    const der = Uint8Array.from([0x30, ri.length + si.length + 4, 0x02, ri.length, ...ri, 0x02, si.length, ...si]);
    expect(await scheme.verifyAsync!(key, message, der)).toBe(scheme.verify(key, message, der));
    expect(await scheme.verifyAsync!(key, message, der)).toBe(true);
    const bad = Uint8Array.from(message);
    bad[0]! ^= 1;
    expect(await scheme.verifyAsync!(key, bad, sig)).toBe(false);
    expect(await scheme.verifyAsync!(nobleProvider.parsePublicKey(new Uint8Array(generateKeyPairSync('ec', { namedCurve: 'P-384' }).publicKey.export({ type: 'spki', format: 'der' }))), message, sig)).toBe(false);
  });

  it('falls back to the base verdict when WebCrypto fails, and keeps at most Limits.ecdsaWarmKeys keys', async () => {
    let imports = 0;
    const counting: WebCryptoEcdsaSubtle = {
      importKey: (...a) => { imports++; return subtle.importKey(...a); },
      verify: (...a) => subtle.verify(...a),
    };
    const mine = webCryptoSignatureSchemes(counting, nobleProvider.signatureSchemes).find((s) => s.id === P256)!;
    const message = Uint8Array.of(1, 2, 3);
    const first = p256Key();
    const sig = new Uint8Array(sign('sha256', message, first.pair.privateKey));
    for (let i = 0; i < 3; i++) expect(await mine.verifyAsync!(first.key, message, sig)).toBe(true);
    expect(imports).toBe(1); // one import per key, remembered
    for (let i = 0; i < Limits.ecdsaWarmKeys; i++) await mine.verifyAsync!(p256Key().key, message, sig);
    expect(await mine.verifyAsync!(first.key, message, sig)).toBe(true);
    expect(imports).toBe(Limits.ecdsaWarmKeys + 2); // the first key was forgotten and imported again
    const broken: WebCryptoEcdsaSubtle = { importKey: () => Promise.reject(new Error('no')), verify: () => Promise.reject(new Error('no')) };
    const fallback = webCryptoSignatureSchemes(broken, nobleProvider.signatureSchemes).find((s) => s.id === P256)!;
    expect(await fallback.verifyAsync!(first.key, message, sig)).toBe(true);
    expect(await fallback.verifyAsync!(first.key, Uint8Array.of(9), sig)).toBe(false);
  });
});

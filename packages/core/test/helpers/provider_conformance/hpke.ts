// 2c. HPKE base mode (RFC 9180) on the provider's primitives: the published vectors for
// DHKEM(X25519, HKDF-SHA256) (RFC 9180 A.1 and A.2: HKDF-SHA256 with AES-128-GCM and
// ChaCha20Poly1305; and HKDF-SHA512 with AES-256-GCM from the RFC's full vector set), sender and recipient sides, and the refusals. The suites without a published
// X25519 vector (HKDF-SHA384, AES-256-GCM) are checked against hpke-js in hpke_oracle.ts.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dhkemX25519, HpkeAeadId, HpkeKdfId, hpkeSuite, setupBaseRecipient, setupBaseSender, type HpkeContext } from '../../../src/crypto/index.js';
import { ApiMisuseError, InvalidMessageError, type CryptoProvider } from '../../../src/index.js';
import { flip, hex, PROPERTY_TIMEOUT_MS, toHex } from './util.js';
import type { Make } from './index.js';

interface HpkeVector {
  readonly name: string;
  readonly kdf_id: number;
  readonly aead_id: number;
  readonly info: string;
  readonly ikmE: string;
  readonly ikmR: string;
  readonly skEm: string;
  readonly pkEm: string;
  readonly skRm: string;
  readonly pkRm: string;
  readonly enc: string;
  readonly shared_secret: string;
  readonly encryptions: readonly { seq: number; aad: string; pt: string; ct: string }[];
  readonly exports?: readonly { exporter_context: string; L: number; exported_value: string }[];
}

const file = fileURLToPath(new URL('../../../../../test-vectors/hpke/rfc9180-base-x25519.json', import.meta.url));
/** RFC 9180 A.1 and A.2 (test-vectors/hpke/rfc9180-base-x25519.json says where they come from). */
export const HPKE_VECTORS = (JSON.parse(readFileSync(file, 'utf8')) as { vectors: HpkeVector[] }).vectors;

/** The suite on the provider (fails the test if the provider lacks it). */
function suiteOf(p: CryptoProvider, v: { kdf_id: number; aead_id: number }) {
  const s = hpkeSuite(p, dhkemX25519(p), v.kdf_id, v.aead_id);
  if (s === undefined) throw new Error(`provider lacks HPKE suite kdf ${v.kdf_id} aead ${v.aead_id}`);
  return s;
}

/** Seals with `context` until the vector's sequence number, returning the ciphertext made at it. */
function sealAt(context: HpkeContext, seq: number, at: { n: number }, aad: Uint8Array, pt: Uint8Array): Uint8Array {
  while (at.n < seq) {
    context.seal(new Uint8Array(0), new Uint8Array(0));
    at.n++;
  }
  at.n++;
  return context.seal(aad, pt);
}

export function describeHpke(make: Make): void {
  describe('HPKE (RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256))', () => {
    const p = make();

    it.each(HPKE_VECTORS.map((v) => [v.name, v] as const))('DeriveKeyPair gives the vector keys, and Decap the shared secret (%s)', (_, v) => {
      const kem = dhkemX25519(p);
      const r = kem.deriveKeyPair(hex(v.ikmR));
      expect(toHex(r.privateKey)).toBe(v.skRm);
      expect(toHex(r.publicKey)).toBe(v.pkRm);
      const e = kem.deriveKeyPair(hex(v.ikmE));
      expect(toHex(e.privateKey)).toBe(v.skEm);
      expect(toHex(e.publicKey)).toBe(v.pkEm);
      expect(toHex(kem.decap(hex(v.enc), hex(v.skRm)))).toBe(v.shared_secret);
      const { sharedSecret, enc } = kem.encap(hex(v.pkRm), () => hex(v.skEm));
      expect([toHex(enc), toHex(sharedSecret)]).toEqual([v.enc, v.shared_secret]);
    });

    it.each(HPKE_VECTORS.map((v) => [v.name, v] as const))('the sender makes the vector enc and ciphertexts at sequence 0, 1, 2, 4, 255, 256 (%s)', (_, v) => {
      const { enc, context } = setupBaseSender(suiteOf(p, v), hex(v.pkRm), hex(v.info), () => hex(v.skEm));
      expect(toHex(enc)).toBe(v.enc);
      const at = { n: 0 };
      for (const e of v.encryptions) expect(toHex(sealAt(context, e.seq, at, hex(e.aad), hex(e.pt)))).toBe(e.ct);
      for (const x of v.exports ?? []) expect(toHex(context.export(hex(x.exporter_context), x.L))).toBe(x.exported_value);
    });

    it.each(HPKE_VECTORS.map((v) => [v.name, v] as const))('the recipient opens them, and refuses a changed byte without advancing (%s)', (_, v) => {
      const context = setupBaseRecipient(suiteOf(p, v), hex(v.enc), hex(v.skRm), hex(v.info));
      const [first, second] = v.encryptions;
      expect(context.open(hex(first!.aad), flip(hex(first!.ct), 0))).toBeNull();
      expect(context.open(flip(hex(first!.aad), 0), hex(first!.ct))).toBeNull();
      expect(context.open(hex(first!.aad), hex(first!.ct).subarray(0, 15))).toBeNull();
      expect(toHex(context.open(hex(first!.aad), hex(first!.ct))!)).toBe(first!.pt);
      // Sequence 0's ciphertext does not open at sequence 1.
      expect(context.open(hex(first!.aad), hex(first!.ct))).toBeNull();
      expect(toHex(context.open(hex(second!.aad), hex(second!.ct))!)).toBe(second!.pt);
      for (const x of v.exports ?? []) expect(toHex(context.export(hex(x.exporter_context), x.L))).toBe(x.exported_value);
    });

    it('refuses a recipient key whose shared secret is all zero, and a wrong-length one (illegal_parameter)', () => {
      const s = suiteOf(p, { kdf_id: HpkeKdfId.HKDF_SHA256, aead_id: HpkeAeadId.AES_128_GCM });
      const random = () => new Uint8Array(32).fill(7);
      for (const pkR of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31)), new Uint8Array(31), new Uint8Array(33)]) {
        let thrown: unknown;
        try {
          setupBaseSender(s, pkR, new Uint8Array(0), random);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(InvalidMessageError);
        expect((thrown as InvalidMessageError).alert).toBe(47);
      }
    });

    it('refuses misuse: a destroyed context, an export too long, an unknown suite, a short private key', () => {
      const v = HPKE_VECTORS[0]!;
      const { context } = setupBaseSender(suiteOf(p, v), hex(v.pkRm), hex(v.info), () => hex(v.skEm));
      expect(() => context.export(new Uint8Array(0), 255 * 32 + 1)).toThrow(ApiMisuseError);
      context.destroy();
      expect(() => context.seal(new Uint8Array(0), new Uint8Array(1))).toThrow(ApiMisuseError);
      expect(() => context.export(new Uint8Array(0), 32)).toThrow(ApiMisuseError);
      expect(hpkeSuite(p, dhkemX25519(p), 0x0004, HpkeAeadId.AES_128_GCM)).toBeUndefined(); // no such KDF
      expect(hpkeSuite(p, dhkemX25519(p), HpkeKdfId.HKDF_SHA256, 0xffff)).toBeUndefined(); // export-only AEAD
      expect(() => setupBaseRecipient(suiteOf(p, v), hex(v.enc), new Uint8Array(31), new Uint8Array(0))).toThrow(ApiMisuseError);
    });

    it('round-trips any info, aad and plaintext through a fresh key pair, in every suite (property)', () => {
      const suites = HPKE_VECTORS.map((v) => suiteOf(p, v));
      fc.assert(
        fc.property(fc.nat({ max: suites.length - 1 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), fc.uint8Array({ minLength: 32, maxLength: 32 }),
          fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 64 }), fc.uint8Array({ maxLength: 300 }),
          (i, ikm, skE, info, aad, pt) => {
            const s = suites[i]!;
            const r = s.kem.deriveKeyPair(ikm);
            const { enc, context } = setupBaseSender(s, r.publicKey, info, () => skE.slice());
            const sealed = context.seal(aad, pt);
            expect(sealed.length).toBe(pt.length + 16);
            const opened = setupBaseRecipient(s, enc, r.privateKey, info).open(aad, sealed);
            expect(opened && toHex(opened)).toBe(toHex(pt));
          }),
        { numRuns: 40 },
      );
    }, PROPERTY_TIMEOUT_MS);
  });
}

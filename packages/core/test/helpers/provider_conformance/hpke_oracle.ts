// 2d. HPKE against an independent implementation, hpke-js (@hpke/core on WebCrypto, with
// @hpke/chacha20poly1305): for every suite ECH may use with DHKEM(X25519, HKDF-SHA256), including
// HKDF-SHA384 and AES-256-GCM, which have no published X25519 vector. The same key material on
// both sides must give the same enc, ciphertexts and exports, and each side opens the other's.
import { describe, expect, it } from 'vitest';
import { dhkemX25519, HpkeAeadId, HpkeKdfId, hpkeSuite, setupBaseRecipient, setupBaseSender } from '../../../src/crypto/index.js';
import { hpkeJsSuite } from '../hpke_js.js';
import { toHex, utf8 } from './util.js';
import type { Make } from './index.js';

const KDFS = [[HpkeKdfId.HKDF_SHA256, 'HKDF-SHA256'], [HpkeKdfId.HKDF_SHA384, 'HKDF-SHA384'], [HpkeKdfId.HKDF_SHA512, 'HKDF-SHA512']] as const;
const AEADS = [[HpkeAeadId.AES_128_GCM, 'AES-128-GCM'], [HpkeAeadId.AES_256_GCM, 'AES-256-GCM'], [HpkeAeadId.CHACHA20_POLY1305, 'ChaCha20Poly1305']] as const;
const CASES = KDFS.flatMap(([kdf, kn]) => AEADS.map(([aead, an]) => [`${kn}, ${an}`, kdf, aead] as const));

const bytes = (b: ArrayBuffer) => new Uint8Array(b);
const seeded = (seed: number) => Uint8Array.from({ length: 32 }, (_, i) => (i * 37 + seed * 11 + 5) & 0xff);

export function describeHpkeOracle(make: Make): void {
  describe('HPKE against hpke-js (every ECH suite over DHKEM(X25519, HKDF-SHA256))', () => {
    const p = make();

    it.each(CASES)('%s: same enc, ciphertexts and exports; each side opens the other', async (_, kdf, aead) => {
      const ours = hpkeSuite(p, dhkemX25519(p), kdf, aead)!;
      const theirs = hpkeJsSuite(kdf, aead);
      const ikmR = seeded(kdf * 3 + aead);
      const ikmE = seeded(kdf * 3 + aead + 100);
      const info = utf8(`tls ech\0 config ${kdf}/${aead}`);
      const recipient = await theirs.kem.deriveKeyPair(ikmR.slice().buffer);
      const pkR = bytes(await theirs.kem.serializePublicKey(recipient.publicKey));
      const mine = ours.kem.deriveKeyPair(ikmR);
      expect(toHex(mine.publicKey)).toBe(toHex(pkR));

      const their = await theirs.createSenderContext({ recipientPublicKey: recipient.publicKey, info: info.slice().buffer, ekm: ikmE.slice().buffer });
      const skE = ours.kem.deriveKeyPair(ikmE).privateKey;
      const { enc, context } = setupBaseSender(ours, pkR, info, () => skE.slice());
      expect(toHex(enc)).toBe(toHex(bytes(their.enc)));

      const messages = [utf8('ClientHelloInner 1'), new Uint8Array(0), new Uint8Array(1000).fill(0xa5)];
      const sealed: Uint8Array[] = [];
      for (const [i, pt] of messages.entries()) {
        const aad = utf8(`aad ${i}`);
        const mineCt = context.seal(aad, pt);
        expect(toHex(mineCt)).toBe(toHex(bytes(await their.seal(pt.slice().buffer, aad.slice().buffer))));
        sealed.push(mineCt);
      }
      for (const L of [0, 16, 32, 48, 100]) {
        const ctx = utf8(`export ${L}`);
        expect(toHex(context.export(ctx, L))).toBe(toHex(bytes(await their.export(ctx.slice().buffer, L))));
      }

      // hpke-js opens what we sealed, and we open what it seals.
      const theirRecipient = await theirs.createRecipientContext({ recipientKey: recipient, enc: enc.slice().buffer, info: info.slice().buffer });
      for (const [i, ct] of sealed.entries()) {
        expect(toHex(bytes(await theirRecipient.open(ct.slice().buffer, utf8(`aad ${i}`).slice().buffer)))).toBe(toHex(messages[i]!));
      }
      const theirSender = await theirs.createSenderContext({ recipientPublicKey: recipient.publicKey, info: info.slice().buffer });
      const myRecipient = setupBaseRecipient(ours, bytes(theirSender.enc), mine.privateKey, info);
      const theirCt = bytes(await theirSender.seal(utf8('from hpke-js').slice().buffer, utf8('aad').slice().buffer));
      expect(myRecipient.open(utf8('aad'), theirCt)).toEqual(utf8('from hpke-js'));
    });
  });
}

// Known-answer tests of each node:crypto primitive, from the RFCs and NIST: ChaCha20-Poly1305
// (RFC 8439 §2.8.2), AES-GCM (the GCM specification's test cases 4 and 16), HMAC (RFC 4231 §4.2,
// §4.3), HKDF (RFC 5869 A.1, A.3), X25519 (RFC 7748 §6.1) and P-256 ECDH (NIST CAVS ECC CDH,
// COUNT = 0), the private keys fed through `start(random)` as the engine does.
import { describe, expect, it } from 'vitest';
import { nodeCryptoProvider as p } from '../../src/crypto/index.js';

const h = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
const hx = (b: Uint8Array): string => Buffer.from(b).toString('hex');
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const aead = (name: string) => p.cipherSuites.find((s) => s.aead.name === name)!.aead;
const group = (name: string) => p.groups.find((g) => g.name === name)!;
/** A random source handing out `bytes` once. */
const fixed = (bytes: Uint8Array) => (n: number) => { expect(n).toBe(bytes.length); return bytes.slice(); };

describe('AEADs', () => {
  it('ChaCha20-Poly1305, RFC 8439 §2.8.2', () => {
    const key = h('808182838485868788898a8b8c8d8e8f909192939495969798999a9b9c9d9e9f');
    const nonce = h('070000004041424344454647');
    const aad = h('50515253c0c1c2c3c4c5c6c7');
    const pt = text("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
    const ct = `d31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b
      1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc
      3ff4def08e4b7a9de576d26586cec64b6116`.replace(/\s+/g, '');
    const tag = '1ae10b594f09e26a7e902ecbd0600691';
    const a = aead('chacha20-poly1305').create(key);
    expect(hx(a.seal(nonce, pt, aad))).toBe(ct + tag);
    expect(a.open(nonce, h(ct + tag), aad)).toEqual(pt);
  });

  const gcmP = h('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b39');
  const gcmA = h('feedfacedeadbeeffeedfacedeadbeefabaddad2');
  const gcmIv = h('cafebabefacedbaddecaf888');
  it.each([
    ['aes-128-gcm', 'feffe9928665731c6d6a8f9467308308',
      '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091', '5bc94fbc3221a5db94fae95ae7121a47'],
    ['aes-256-gcm', 'feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308',
      '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662', '76fc6ece0f4e1768cddf8853bb2d551b'],
  ])('%s, GCM specification test cases 4 and 16', (name, key, ct, tag) => {
    const a = aead(name).create(h(key));
    expect(hx(a.seal(gcmIv, gcmP, gcmA))).toBe(ct + tag);
    expect(a.open(gcmIv, h(ct + tag), gcmA)).toEqual(gcmP);
  });
});

describe('hashes, HMAC, HKDF', () => {
  it('SHA-256, SHA-384, SHA-1 of "abc" (FIPS 180-4 examples), one-shot and incremental', () => {
    expect(hx(p.hash('sha256', text('abc')))).toBe('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
    expect(hx(p.hash('sha1', text('abc')))).toBe('a9993e364706816aba3e25717850c26c9cd0d89d');
    const ctx = p.createHash('sha384');
    ctx.update(text('a'));
    const fork = ctx.clone();
    ctx.update(text('bc'));
    expect(hx(ctx.digest())).toBe('cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7');
    expect(hx(ctx.digest())).toBe(hx(p.hash('sha384', text('abc')))); // digest() leaves the context usable
    expect(hx(fork.digest())).toBe(hx(p.hash('sha384', text('a'))));
    expect([p.hashLength('sha1'), p.hashLength('sha256'), p.hashLength('sha384'), p.hashLength('sha512')]).toEqual([20, 32, 48, 64]);
  });

  it('HMAC, RFC 4231 test cases 1 and 2', () => {
    const k1 = new Uint8Array(20).fill(0x0b);
    expect(hx(p.hmac('sha256', k1, text('Hi There')))).toBe('b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
    expect(hx(p.hmac('sha384', k1, text('Hi There')))).toBe('afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6');
    expect(hx(p.hmac('sha512', k1, text('Hi There')))).toBe('87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854');
    expect(hx(p.hmac('sha256', text('Jefe'), text('what do ya want for nothing?')))).toBe('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843');
  });

  it('HKDF-SHA256, RFC 5869 A.1 (two blocks) and A.3 (empty salt and info)', () => {
    const ikm = new Uint8Array(22).fill(0x0b);
    const prk1 = p.hkdfExtract('sha256', h('000102030405060708090a0b0c'), ikm);
    expect(hx(prk1)).toBe('077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5');
    expect(hx(p.hkdfExpand('sha256', prk1, h('f0f1f2f3f4f5f6f7f8f9'), 42))).toBe('3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865');
    const prk3 = p.hkdfExtract('sha256', new Uint8Array(0), ikm);
    expect(hx(prk3)).toBe('19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04');
    expect(hx(p.hkdfExpand('sha256', prk3, new Uint8Array(0), 42))).toBe('8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8');
    expect(p.hkdfExpand('sha256', prk3, new Uint8Array(0), 0)).toHaveLength(0);
    expect(p.hkdfExpand('sha256', prk3, new Uint8Array(0), 255 * 32)).toHaveLength(255 * 32);
    expect(() => p.hkdfExpand('sha256', prk3, new Uint8Array(0), 255 * 32 + 1)).toThrow(expect.objectContaining({ name: 'InternalError' }));
  });
});

describe('key exchange, private keys from start(random)', () => {
  it('X25519, RFC 7748 §6.1 (both sides)', () => {
    const alicePriv = h('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a');
    const bobPriv = h('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb');
    const alicePub = '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a';
    const bobPub = 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f';
    const shared = '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742';
    const alice = group('x25519').start(fixed(alicePriv));
    const bob = group('x25519').start(fixed(bobPriv));
    expect([hx(alice.share), hx(bob.share)]).toEqual([alicePub, bobPub]);
    expect(hx(alice.complete(h(bobPub)))).toBe(shared);
    expect(hx(bob.complete(h(alicePub)))).toBe(shared);
    alice.destroy();
    bob.destroy();
  });

  it('P-256 ECDH, NIST CAVS ECC CDH primitive test, COUNT = 0 (the x-coordinate is the secret)', () => {
    const kx = group('secp256r1').start(fixed(h('7d7dc5f71eb29ddaf80d6214632eeae03d9058af1fb6d22ed80badb62bc1a534')));
    expect(hx(kx.share)).toBe('04ead218590119e8876b29146ff89ca61770c4edbbf97d38ce385ed281d8a6b23028af61281fd35e2fa7002523acc85a429cb06ee6648325389f59edfce1405141');
    const peer = h('04700c48f77f56584c5cc632ca65640db91b6bacce3a4df6b42ce7cc838833d287db71e509e3fd9b060ddb20ba5c51dcc5948d46fbf640dfe0441782cab85fa4ac');
    expect(hx(kx.complete(peer))).toBe('46fc62106420ff012e54a434fbdd2d25ccc5852060561e68040dd7778997bd7b');
    kx.destroy();
    expect(() => kx.complete(peer)).toThrow(expect.objectContaining({ name: 'InternalError' }));
  });
});

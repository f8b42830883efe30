// Known-answer vectors, each from its published source (cited per block). The SHA-384 HKDF case
// has no published vector: it is computed here with node:crypto (hkdfSync, createHmac) as the oracle.
import { createHmac, hkdfSync } from 'node:crypto';
import type { HashAlgorithm } from '../../../src/index.js';
import { hex, range, utf8 } from './util.js';

export interface HashVector { readonly alg: HashAlgorithm; readonly input: Uint8Array; readonly digest: string; readonly label: string }

const ABC = utf8('abc');
const M448 = utf8('abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq');
const M896 = utf8('abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu');

/** FIPS 180-2 Appendices A–D (and the well-known empty-message digests). */
export const HASH_VECTORS: readonly HashVector[] = [
  { alg: 'sha1', label: '"abc"', input: ABC, digest: 'a9993e364706816aba3e25717850c26c9cd0d89d' },
  { alg: 'sha1', label: '448 bits', input: M448, digest: '84983e441c3bd26ebaae4aa1f95129e5e54670f1' },
  { alg: 'sha1', label: 'empty', input: new Uint8Array(0), digest: 'da39a3ee5e6b4b0d3255bfef95601890afd80709' },
  { alg: 'sha256', label: '"abc"', input: ABC, digest: 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad' },
  { alg: 'sha256', label: '448 bits', input: M448, digest: '248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1' },
  { alg: 'sha256', label: 'empty', input: new Uint8Array(0), digest: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855' },
  { alg: 'sha256', label: 'one million "a"', input: new Uint8Array(1_000_000).fill(0x61), digest: 'cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0' },
  { alg: 'sha384', label: '"abc"', input: ABC, digest: 'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7' },
  { alg: 'sha384', label: '896 bits', input: M896, digest: '09330c33f71147e83d192fc782cd1b4753111b173b3b05d22fa08086e3b0f712fcc7c71a557e2db966c3e9fa91746039' },
  { alg: 'sha384', label: 'empty', input: new Uint8Array(0), digest: '38b060a751ac96384cd9327eb1b1e36a21fdb71114be07434c0cc7bf63f6e1da274edebfe76f65fbd51ad2f14898b95b' },
  { alg: 'sha512', label: '"abc"', input: ABC, digest: 'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f' },
  { alg: 'sha512', label: '896 bits', input: M896, digest: '8e959b75dae313da8cf4f72814fc143f8f7779c6eb9f7fa17299aeadb6889018501d289e4900f7e4331b99dec4b5433ac7d329eeb6dd26545e96e55b874be909' },
  { alg: 'sha512', label: 'empty', input: new Uint8Array(0), digest: 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e' },
];

export interface HmacVector { readonly label: string; readonly key: Uint8Array; readonly data: Uint8Array; readonly sha256: string; readonly sha384: string; readonly sha512: string }

/** RFC 4231 §4.2, §4.3 and §4.7 (test cases 1, 2 and 6). */
export const HMAC_VECTORS: readonly HmacVector[] = [
  {
    label: 'RFC 4231 test case 1',
    key: new Uint8Array(20).fill(0x0b),
    data: utf8('Hi There'),
    sha256: 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7',
    sha384: 'afd03944d84895626b0825f4ab46907f15f9dadbe4101ec682aa034c7cebc59cfaea9ea9076ede7f4af152e8b2fa9cb6',
    sha512: '87aa7cdea5ef619d4ff0b4241a1d6cb02379f4e2ce4ec2787ad0b30545e17cdedaa833b7d6b8a702038b274eaea3f4e4be9d914eeb61f1702e696c203a126854',
  },
  {
    label: 'RFC 4231 test case 2',
    key: utf8('Jefe'),
    data: utf8('what do ya want for nothing?'),
    sha256: '5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    sha384: 'af45d2e376484031617f78d2b58a6b1b9c7ef464f5a01b47e42ec3736322445e8e2240ca5e69e2c78b3239ecfab21649',
    sha512: '164b7a7bfcf819e2e395fbe73b56e0a387bd64222e831fd610270cd7ea2505549758bf75c05a994a6d034f65f8f0e6fdcaeab1a34d4a6b4b636e070a38bce737',
  },
  {
    label: 'RFC 4231 test case 6 (key longer than the block)',
    key: new Uint8Array(131).fill(0xaa),
    data: utf8('Test Using Larger Than Block-Size Key - Hash Key First'),
    sha256: '60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54',
    sha384: '4ece084485813e9088d2c63a041bc5b44f9ef1012a2b588f3cd11f05033ac4c60c2ef6ab4030fe8296248df163f44952',
    sha512: '80b24263c7c1a3ebb71493c1dd7be8b49b46d1f41b4aeec1121b013783f8f3526b56d037e05f2598bd0fd2215d6a1e5295e64f73f63f0aec8b915a985d786598',
  },
];

export interface HkdfVector { readonly label: string; readonly alg: HashAlgorithm; readonly ikm: Uint8Array; readonly salt: Uint8Array; readonly info: Uint8Array; readonly length: number; readonly prk: string; readonly okm: string }

/** RFC 5869 Appendix A.1–A.3 (SHA-256), plus one SHA-384 case from node:crypto. */
export function hkdfVectors(): readonly HkdfVector[] {
  const ikm384 = range(0x20, 48);
  const salt384 = range(0x90, 20);
  const info384 = utf8('tls13 puretls conformance');
  return [
    {
      label: 'RFC 5869 A.1', alg: 'sha256', ikm: new Uint8Array(22).fill(0x0b), salt: range(0x00, 13), info: range(0xf0, 10), length: 42,
      prk: '077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5',
      okm: '3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865',
    },
    {
      label: 'RFC 5869 A.2 (long inputs)', alg: 'sha256', ikm: range(0x00, 80), salt: range(0x60, 80), info: range(0xb0, 80), length: 82,
      prk: '06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244',
      okm: 'b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71cc30c58179ec3e87c14c01d5c1f3434f1d87',
    },
    {
      label: 'RFC 5869 A.3 (empty salt and info)', alg: 'sha256', ikm: new Uint8Array(22).fill(0x0b), salt: new Uint8Array(0), info: new Uint8Array(0), length: 42,
      prk: '19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04',
      okm: '8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8',
    },
    {
      label: 'SHA-384 (node:crypto hkdfSync)', alg: 'sha384', ikm: ikm384, salt: salt384, info: info384, length: 100,
      prk: createHmac('sha384', salt384).update(ikm384).digest('hex'),
      okm: Buffer.from(hkdfSync('sha384', ikm384, salt384, info384, 100)).toString('hex'),
    },
  ];
}

export interface AeadVector { readonly label: string; readonly suite: number; readonly key: Uint8Array; readonly nonce: Uint8Array; readonly aad: Uint8Array; readonly plaintext: Uint8Array; readonly sealed: string }

const GCM_K = 'feffe9928665731c6d6a8f9467308308';
const GCM_IV = hex('cafebabefacedbaddecaf888');
const GCM_P = hex('d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a721c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255');
const GCM_A = hex('feedfacedeadbeeffeedfacedeadbeefabaddad2');
const NONE = new Uint8Array(0);

/**
 * McGrew & Viega, "The Galois/Counter Mode of Operation (GCM)", Appendix B, test cases 1–4
 * (AES-128) and 13–16 (AES-256); RFC 8439 §2.8.2 (ChaCha20-Poly1305). `sealed` = ciphertext || tag.
 */
export const AEAD_VECTORS: readonly AeadVector[] = [
  { label: 'GCM test case 1', suite: 0x1301, key: new Uint8Array(16), nonce: new Uint8Array(12), aad: NONE, plaintext: NONE, sealed: '58e2fccefa7e3061367f1d57a4e7455a' },
  { label: 'GCM test case 2', suite: 0x1301, key: new Uint8Array(16), nonce: new Uint8Array(12), aad: NONE, plaintext: new Uint8Array(16), sealed: '0388dace60b6a392f328c2b971b2fe78ab6e47d42cec13bdf53a67b21257bddf' },
  {
    label: 'GCM test case 3', suite: 0x1301, key: hex(GCM_K), nonce: GCM_IV, aad: NONE, plaintext: GCM_P,
    sealed: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091473f5985' + '4d5c2af327cd64a62cf35abd2ba6fab4',
  },
  {
    label: 'GCM test case 4', suite: 0x1301, key: hex(GCM_K), nonce: GCM_IV, aad: GCM_A, plaintext: GCM_P.subarray(0, 60),
    sealed: '42831ec2217774244b7221b784d0d49ce3aa212f2c02a4e035c17e2329aca12e21d514b25466931c7d8f6a5aac84aa051ba30b396a0aac973d58e091' + '5bc94fbc3221a5db94fae95ae7121a47',
  },
  { label: 'GCM test case 13', suite: 0x1302, key: new Uint8Array(32), nonce: new Uint8Array(12), aad: NONE, plaintext: NONE, sealed: '530f8afbc74536b9a963b4f1c4cb738b' },
  { label: 'GCM test case 14', suite: 0x1302, key: new Uint8Array(32), nonce: new Uint8Array(12), aad: NONE, plaintext: new Uint8Array(16), sealed: 'cea7403d4d606b6e074ec5d3baf39d18d0d1c8a799996bf0265b98b5d48ab919' },
  {
    label: 'GCM test case 15', suite: 0x1302, key: hex(GCM_K + GCM_K), nonce: GCM_IV, aad: NONE, plaintext: GCM_P,
    sealed: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad' + 'b094dac5d93471bdec1a502270e3cc6c',
  },
  {
    label: 'GCM test case 16', suite: 0x1302, key: hex(GCM_K + GCM_K), nonce: GCM_IV, aad: GCM_A, plaintext: GCM_P.subarray(0, 60),
    sealed: '522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662' + '76fc6ece0f4e1768cddf8853bb2d551b',
  },
  {
    label: 'RFC 8439 §2.8.2', suite: 0x1303, key: range(0x80, 32), nonce: hex('07000000 4041424344454647'), aad: hex('50515253c0c1c2c3c4c5c6c7'),
    plaintext: utf8("Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it."),
    sealed:
      'd31a8d34648e60db7b86afbc53ef7ec2a4aded51296e08fea9e2b5a736ee62d63dbea45e8ca9671282fafb69da92728b1a71de0a9e060b2905d6a5b67ecd3b3692ddbd7f2d778b8c9803aee328091b58fab324e4fad675945585808b4831d7bc3ff4def08e4b7a9de576d26586cec64b6116' +
      '1ae10b594f09e26a7e902ecbd0600691',
  },
];

/** RFC 7748 §6.1: Alice's and Bob's private keys, public keys, and their shared secret. */
export const X25519_VECTOR = {
  alicePrivate: hex('77076d0a7318a57d3c16c17251b26645df4c2f87ebc0992ab177fba51db92c2a'),
  alicePublic: '8520f0098930a754748b7ddcb43ef75a0dbf3a0d26381af4eba4a98eaa9b4e6a',
  bobPrivate: hex('5dab087e624a8a4b79e17f8b83800ee66f3bb1292618b6fd1c2f8b27ff88e0eb'),
  bobPublic: 'de9edb7d7b7dc1b4d35b61c2ece435373f8343c85b78674dadfc7e146f882b4f',
  shared: '4a5d9d5ba4ce2de1728e3bf480350f25e07e21c947d19e3376f09b3c1e161742',
} as const;

/**
 * X25519 points of small order (and their non-canonical encodings), all of which give the all-zero
 * shared secret for every private key: the list libsodium rejects (crypto_scalarmult/curve25519/ref10,
 * "blacklist"), also in Cure53's and Wycheproof's x25519 tests. RFC 9846 §7.4.2 requires refusing them.
 */
export const X25519_LOW_ORDER: readonly string[] = [
  '0000000000000000000000000000000000000000000000000000000000000000', // 0 (order 4)
  '0100000000000000000000000000000000000000000000000000000000000000', // 1 (order 1)
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800', // order 8
  '5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157', // order 8
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p - 1 (order 2)
  'edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p, i.e. 0 non-canonically
  'eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f', // p + 1, i.e. 1 non-canonically
  '0000000000000000000000000000000000000000000000000000000000000080', // 0 with the top bit set (masked, RFC 7748 §5)
  'e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880', // order 8 with the top bit set
];

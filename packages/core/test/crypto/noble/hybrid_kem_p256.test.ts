// SecP256r1MLKEM768 (0x11eb, draft-ietf-tls-ecdhe-mlkem): the ECDH half first (the other order
// than X25519MLKEM768), byte by byte against noble's P-256 and ML-KEM-768 used directly; a round
// trip; hostile server shares (wrong lengths, P-256 points that are not points, the halves
// swapped); implicit rejection; destroy().
import { p256 } from '@noble/curves/nist.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { secp256r1MlKem768Group } from '../../../src/crypto/noble/hybrid_kem.js';
import { SECP256R1, X25519 } from '../../../src/crypto/noble/key_exchange.js';
import { codepointName, InternalError, InvalidMessageError, NamedGroup, nobleProvider } from '../../../src/index.js';
import { pooled } from '../../helpers/pooled_random.js';

const group = secp256r1MlKem768Group(SECP256R1);
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** 96 bytes: the ML-KEM seed d ‖ z (64), then the P-256 private key (32; a valid scalar for these fills). */
const pool = (fill: number) => Uint8Array.from({ length: 96 }, (_, i) => (i * 29 + fill) & 0x7f);

/** A server's key_exchange: a P-256 public key ‖ an encapsulation to the client's key, with the secret the server computes. */
function serverReply(clientShare: Uint8Array, serverKey = new Uint8Array(32).fill(0x42), m = new Uint8Array(32).fill(0x17)) {
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(clientShare.subarray(65), m);
  const point = p256.getPublicKey(serverKey, false);
  const ecdh = p256.getSharedSecret(serverKey, clientShare.subarray(0, 65), true).subarray(1);
  return { share: new Uint8Array([...point, ...cipherText]), secret: new Uint8Array([...ecdh, ...sharedSecret]) };
}

function refusal(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

function expectIllegal(f: () => unknown): void {
  const e = refusal(f);
  expect(e).toBeInstanceOf(InvalidMessageError);
  expect((e as InvalidMessageError).alertName).toBe('illegal_parameter');
}

describe('SecP256r1MLKEM768 (0x11eb)', () => {
  it('is the noble provider\'s, marked post-quantum, not offered by default', () => {
    const g = nobleProvider.groups.find((x) => x.id === 0x11eb)!;
    expect([g.name, g.postQuantum, g.offeredByDefault]).toEqual(['SecP256r1MLKEM768', true, false]);
    // The name traces and errors print for the codepoint.
    expect(codepointName(NamedGroup, 0x11eb)).toBe('SecP256r1MLKEM768');
  });

  it('share = uncompressed P-256 point (from the last 32 random bytes) ‖ ML-KEM-768 encapsulation key (from the first 64)', () => {
    const bytes = pool(3);
    const random = pooled(bytes);
    const kx = group.start(random);
    expect(random.used()).toBe(96);
    expect(kx.group).toBe(group);
    expect(kx.share.length).toBe(1249);
    expect(kx.share.subarray(0, 65)).toEqual(p256.getPublicKey(bytes.slice(64), false));
    expect(kx.share.subarray(65)).toEqual(ml_kem768.keygen(bytes.slice(0, 64)).publicKey);
    kx.destroy();
  });

  it('secret = P-256 x-coordinate ‖ ML-KEM shared secret, as the server computes them', () => {
    const kx = group.start(pooled(pool(5)));
    const server = serverReply(kx.share);
    const secret = kx.complete(server.share);
    expect(secret.length).toBe(64);
    expect(secret).toEqual(server.secret);
    kx.destroy();
  });

  it('a round trip with several encapsulations: both sides agree', () => {
    for (let i = 0; i < 4; i++) {
      const kx = group.start(pooled(pool(i * 11)));
      const server = serverReply(kx.share, new Uint8Array(32).fill(i + 1), new Uint8Array(32).fill(i * 7));
      expect(kx.complete(server.share)).toEqual(server.secret);
      kx.destroy();
    }
  });

  it.each([0, 65, 1088, 1120, 1152, 1154, 1249])('a %i-byte server share is illegal_parameter (1153 is the only length)', (len) => {
    const kx = group.start(pooled(pool(1)));
    const share = new Uint8Array(len);
    if (len >= 65) share.set(p256.getPublicKey(new Uint8Array(32).fill(9), false));
    expectIllegal(() => kx.complete(share));
    kx.destroy();
  });

  it('a P-256 half that is not a curve point is illegal_parameter: off the curve, compressed, the identity, x = p, all zero', () => {
    const kx = group.start(pooled(pool(2)));
    const { share } = serverReply(kx.share);
    const p = hex('ffffffff00000001000000000000000000000000ffffffffffffffffffffffff');
    const offCurve = share.slice(0, 65);
    offCurve[64]! ^= 1;
    const compressed = Uint8Array.of(0x02, ...share.subarray(1, 33), ...new Uint8Array(32));
    const identity = Uint8Array.of(0x00, ...new Uint8Array(64));
    const xIsP = Uint8Array.of(0x04, ...p, ...share.subarray(33, 65));
    for (const point of [offCurve, compressed, identity, xIsP, new Uint8Array(65)]) {
      const bad = share.slice();
      bad.set(point, 0);
      expectIllegal(() => kx.complete(bad));
    }
    kx.destroy();
  });

  it('the halves in X25519MLKEM768\'s order (ciphertext first) are refused: the first 65 bytes are no point', () => {
    const kx = group.start(pooled(pool(6)));
    const { share } = serverReply(kx.share);
    const swapped = new Uint8Array([...share.subarray(65), ...share.subarray(0, 65)]);
    expectIllegal(() => kx.complete(swapped));
    kx.destroy();
  });

  it('a corrupted ciphertext does not throw (implicit rejection): the ML-KEM half differs, the P-256 half does not', () => {
    const kx = group.start(pooled(pool(4)));
    const server = serverReply(kx.share);
    const bad = server.share.slice();
    bad[65 + 100]! ^= 0x01;
    const secret = kx.complete(bad);
    expect(secret.length).toBe(64);
    expect(secret.subarray(0, 32)).toEqual(server.secret.subarray(0, 32));
    expect(secret.subarray(32)).not.toEqual(server.secret.subarray(32));
    kx.destroy();
  });

  it('destroy() wipes the keys: completing afterwards is an InternalError; the hybrid needs the secp256r1 group', () => {
    const kx = group.start(pooled(pool(7)));
    const { share } = serverReply(kx.share);
    kx.destroy();
    expect(refusal(() => kx.complete(share))).toBeInstanceOf(InternalError);
    expect(refusal(() => secp256r1MlKem768Group(X25519))).toBeInstanceOf(InternalError);
    expect(refusal(() => group.start(() => new Uint8Array(63)))).toBeInstanceOf(InternalError);
  });
});

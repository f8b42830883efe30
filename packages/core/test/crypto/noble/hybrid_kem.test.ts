// X25519MLKEM768 (draft-ietf-tls-ecdhe-mlkem): the share and secret layouts byte by byte against
// noble's ML-KEM-768 and X25519 used directly, a round trip with noble's encapsulation, hostile
// server shares, implicit rejection, determinism, destroy(), and one published ML-KEM-768
// implicit-rejection vector (test-vectors/ml-kem/).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { x25519 } from '@noble/curves/ed25519.js';
import { ml_kem768 } from '@noble/post-quantum/ml-kem.js';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/index.js';
import { pooled } from '../../helpers/pooled_random.js';
import { x25519MlKem768Group } from '../../../src/crypto/noble/hybrid_kem.js';
import { X25519, SECP256R1 } from '../../../src/crypto/noble/key_exchange.js';
import { createNobleProvider, InternalError, InvalidMessageError, nobleProvider } from '../../../src/index.js';

const group = x25519MlKem768Group(X25519);
const hex = (s: string) => Uint8Array.from(Buffer.from(s, 'hex'));

/** 96 bytes: the ML-KEM seed d ‖ z (64), then the X25519 private key (32). */
const pool = (fill: number) => Uint8Array.from({ length: 96 }, (_, i) => (i * 29 + fill) & 0xff);

/** A server's key_exchange: encapsulation to `ek` ‖ an X25519 public key, with what the server computes. */
function serverReply(clientShare: Uint8Array, serverX25519 = new Uint8Array(32).fill(0x42), m = new Uint8Array(32).fill(0x17)) {
  const { cipherText, sharedSecret } = ml_kem768.encapsulate(clientShare.subarray(0, 1184), m);
  const pub = x25519.getPublicKey(serverX25519);
  const ecdh = x25519.getSharedSecret(serverX25519, clientShare.subarray(1184));
  return { share: new Uint8Array([...cipherText, ...pub]), secret: new Uint8Array([...sharedSecret, ...ecdh]) };
}

function refusal(f: () => unknown): unknown {
  try {
    f();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('X25519MLKEM768 (0x11ec)', () => {
  it('is the noble provider\'s first group (marked post-quantum), the classic ones after it in their order, SecP256r1MLKEM768 last', () => {
    expect(nobleProvider.groups.map((g) => [g.id, g.name])).toEqual([[0x11ec, 'X25519MLKEM768'], [0x1d, 'x25519'], [0x17, 'secp256r1'], [0x18, 'secp384r1'], [0x11eb, 'SecP256r1MLKEM768']]);
    expect(createNobleProvider().groups.map((g) => g.id)).toEqual([0x11ec, 0x1d, 0x17, 0x18, 0x11eb]);
    expect(nobleProvider.groups.map((g) => g.postQuantum === true)).toEqual([true, false, false, false, true]);
    expect(nobleProvider.groups.map((g) => g.offeredByDefault !== false)).toEqual([true, true, true, true, false]);
  });

  it('the default supported_groups leave SecP256r1MLKEM768 out; the groups option can name it', () => {
    const base = { serverName: 's', dangerouslySkipCertificateVerification: true } as const;
    expect(resolveConfig(base).groups.map((g) => g.id)).toEqual([0x11ec, 0x1d, 0x17, 0x18]);
    const named = resolveConfig({ ...base, groups: [0x11eb, 0x17] });
    expect(named.groups.map((g) => g.id)).toEqual([0x11eb, 0x17]);
    expect(named.keyShareGroups.map((g) => g.id)).toEqual([0x11eb, 0x17]);
    expect(resolveConfig({ ...base, groups: [0x11eb] }).keyShareGroups.map((g) => g.id)).toEqual([0x11eb]);
  });

  it('the default first ClientHello has shares for X25519MLKEM768 and x25519; naming one group gives one share', () => {
    expect(resolveConfig({ serverName: 's', dangerouslySkipCertificateVerification: true }).keyShareGroups.map((g) => g.id)).toEqual([0x11ec, 0x1d]);
    expect(resolveConfig({ serverName: 's', dangerouslySkipCertificateVerification: true, groups: [0x1d, 0x17] }).keyShareGroups.map((g) => g.id)).toEqual([0x1d]);
    expect(resolveConfig({ serverName: 's', dangerouslySkipCertificateVerification: true, groups: [0x11ec] }).keyShareGroups.map((g) => g.id)).toEqual([0x11ec]);
  });

  it('share = ML-KEM-768 encapsulation key (from the first 64 bytes) ‖ X25519 public key (from the next 32)', () => {
    const bytes = pool(3);
    const random = pooled(bytes);
    const kx = group.start(random);
    expect(random.used()).toBe(96);
    expect(kx.group).toBe(group);
    expect(kx.share.length).toBe(1216);
    expect(kx.share.subarray(0, 1184)).toEqual(ml_kem768.keygen(bytes.slice(0, 64)).publicKey);
    expect(kx.share.subarray(1184)).toEqual(x25519.getPublicKey(bytes.slice(64)));
    kx.destroy();
  });

  it('secret = ML-KEM shared secret ‖ X25519 shared secret, as the server computes them', () => {
    const kx = group.start(pooled(pool(5)));
    const server = serverReply(kx.share);
    const secret = kx.complete(server.share);
    expect(secret.length).toBe(64);
    expect(secret).toEqual(server.secret);
    kx.destroy();
  });

  it('a round trip with random encapsulations: both sides agree', () => {
    for (let i = 0; i < 5; i++) {
      const kx = group.start(pooled(pool(i * 11)));
      const server = serverReply(kx.share, new Uint8Array(32).fill(i + 1), new Uint8Array(32).fill(i * 7));
      expect(kx.complete(server.share)).toEqual(server.secret);
      kx.destroy();
    }
  });

  it('the same random bytes give the same share; different bytes a different one', () => {
    const a = group.start(pooled(pool(9)));
    const b = group.start(pooled(pool(9)));
    const c = group.start(pooled(pool(10)));
    expect(a.share).toEqual(b.share);
    expect(c.share).not.toEqual(a.share);
    for (const kx of [a, b, c]) kx.destroy();
  });

  it.each([0, 1, 32, 1088, 1119, 1121, 1216])('a %i-byte server share is illegal_parameter', (len) => {
    const kx = group.start(pooled(pool(1)));
    const e = refusal(() => kx.complete(new Uint8Array(len).fill(1)));
    expect(e).toBeInstanceOf(InvalidMessageError);
    expect((e as InvalidMessageError).alertName).toBe('illegal_parameter');
    kx.destroy();
  });

  it('an X25519 half that is a low-order point (u = 0, u = 1) is illegal_parameter', () => {
    const kx = group.start(pooled(pool(2)));
    const { share } = serverReply(kx.share);
    for (const u of [new Uint8Array(32), Uint8Array.of(1, ...new Uint8Array(31))]) {
      const bad = share.slice();
      bad.set(u, 1088);
      const e = refusal(() => kx.complete(bad));
      expect(e).toBeInstanceOf(InvalidMessageError);
      expect((e as InvalidMessageError).alertName).toBe('illegal_parameter');
    }
    kx.destroy();
  });

  it('a corrupted ciphertext does not throw (implicit rejection): the ML-KEM half differs, the X25519 half does not', () => {
    // The handshake then fails later: the server's Finished does not verify (RFC 9846 §4.4.4).
    const kx = group.start(pooled(pool(4)));
    const server = serverReply(kx.share);
    const bad = server.share.slice();
    bad[100]! ^= 0x01;
    const secret = kx.complete(bad);
    expect(secret.length).toBe(64);
    expect(secret.subarray(0, 32)).not.toEqual(server.secret.subarray(0, 32));
    expect(secret.subarray(32)).toEqual(server.secret.subarray(32));
    kx.destroy();
  });

  it('ML-KEM-768 implicit rejection matches the published vector (C2SP CCTV, pq-crystals)', () => {
    const path = fileURLToPath(new URL('../../../../../test-vectors/ml-kem/ml-kem-768-pq-crystals.json', import.meta.url));
    const v = JSON.parse(readFileSync(path, 'utf8')) as { coins: string; pseudorandomCiphertext: string; pseudorandomSharedSecret: string };
    const kx = group.start(pooled(new Uint8Array([...hex(v.coins), ...new Uint8Array(32).fill(0x42)])));
    const serverX = new Uint8Array(32).fill(0x24);
    const secret = kx.complete(new Uint8Array([...hex(v.pseudorandomCiphertext), ...x25519.getPublicKey(serverX)]));
    expect(Buffer.from(secret.subarray(0, 32)).toString('hex')).toBe(v.pseudorandomSharedSecret);
    expect(secret.subarray(32)).toEqual(x25519.getSharedSecret(serverX, kx.share.subarray(1184)));
    kx.destroy();
  });

  it('destroy() wipes the keys: completing afterwards is an InternalError, not a secret', () => {
    const kx = group.start(pooled(pool(6)));
    const { share } = serverReply(kx.share);
    kx.destroy();
    expect(refusal(() => kx.complete(share))).toBeInstanceOf(InternalError);
  });

  it('a short random source is an InternalError; the hybrid needs the x25519 group', () => {
    expect(refusal(() => group.start(() => new Uint8Array(63)))).toBeInstanceOf(InternalError);
    expect(refusal(() => x25519MlKem768Group(SECP256R1))).toBeInstanceOf(InternalError);
  });
});

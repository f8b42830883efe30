/**
 * Our parsed `PublicKey` as a node:crypto KeyObject, through a JWK (Node's JWK import skips
 * OpenSSL's DER decoders: about ten times faster), except compressed EC points, which go through
 * a rebuilt SubjectPublicKeyInfo.
 */
import { createPublicKey, type KeyObject } from 'node:crypto';
import type { PublicKey } from '@puretls/core';

/** DER length octets (definite form). */
function derLength(n: number): number[] {
  return n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : [0x82, n >> 8, n & 0xff];
}

function tlv(tag: number, body: Uint8Array): Uint8Array {
  const head = [tag, ...derLength(body.length)];
  const out = new Uint8Array(head.length + body.length);
  out.set(head);
  out.set(body, head.length);
  return out;
}

const hex = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'hex'));

/** AlgorithmIdentifier DER of id-ecPublicKey with each named curve (RFC 5480). */
const EC_ALGORITHM: Readonly<Record<'P-256' | 'P-384' | 'P-521', Uint8Array>> = {
  'P-256': hex('301306072a8648ce3d020106082a8648ce3d030107'),
  'P-384': hex('301006072a8648ce3d020106052b81040022'),
  'P-521': hex('301006072a8648ce3d020106052b81040023'),
};
/** Field element sizes: an uncompressed point is 04 || x || y. */
const EC_FIELD_BYTES = { 'P-256': 32, 'P-384': 48, 'P-521': 66 } as const;

function spki(algorithm: Uint8Array, key: Uint8Array): Buffer {
  const der = tlv(0x30, Buffer.concat([algorithm, tlv(0x03, Buffer.concat([new Uint8Array(1), key]))]));
  return Buffer.from(der.buffer, der.byteOffset, der.length);
}

/** A positive bigint as base64url of its minimal big-endian bytes (JWK, RFC 7518 §6.3.1). */
function base64urlUint(x: bigint): string {
  let h = x.toString(16);
  if (h.length % 2 === 1) h = `0${h}`;
  return Buffer.from(h, 'hex').toString('base64url');
}

/** Public keys made into KeyObjects lately, by their exact content (a bound, not a tuning knob). */
const CACHE_SIZE = 256;
const byContent = new Map<string, KeyObject>();

/** The exact identity of a key: kind, curve and the key's bytes (or n and e). */
function contentKey(key: PublicKey): string {
  switch (key.kind) {
    case 'ec': return `ec ${key.curve} ${Buffer.from(key.point.buffer, key.point.byteOffset, key.point.length).toString('latin1')}`;
    case 'ed25519':
    case 'ed448': return `${key.kind} ${Buffer.from(key.key.buffer, key.key.byteOffset, key.key.length).toString('latin1')}`;
    case 'rsa': return `rsa ${key.n.toString(16)} ${key.e.toString(16)}`;
  }
}

/**
 * The KeyObject for a key; throws for a key node:crypto cannot use (Ed448, a bad point): the
 * callers turn that into `false`. Making one costs ~0.05-0.1 ms (a JWK import with OpenSSL's own
 * checks), and a server presents the same keys to every connection: the last {@link CACHE_SIZE}
 * distinct keys are kept (public values, nothing to wipe). A key that fails is not remembered.
 *
 * @example
 * const key = keyObject(provider.parsePublicKey(spkiDer));
 */
export function keyObject(key: PublicKey): KeyObject {
  // By content, never by object: the bytes of a parsed key could be changed after it was cached.
  const id = contentKey(key);
  let made = byContent.get(id);
  if (made === undefined) {
    made = makeKeyObject(key);
    if (byContent.size >= CACHE_SIZE) byContent.delete(byContent.keys().next().value!);
  } else {
    byContent.delete(id); // refreshed: most recently used last
  }
  byContent.set(id, made);
  return made;
}

function makeKeyObject(key: PublicKey): KeyObject {
  switch (key.kind) {
    case 'ec': {
      const len = EC_FIELD_BYTES[key.curve];
      const p = key.point;
      if (p.length === 1 + 2 * len && p[0] === 0x04) {
        const x = Buffer.from(p.subarray(1, 1 + len)).toString('base64url');
        const y = Buffer.from(p.subarray(1 + len)).toString('base64url');
        return createPublicKey({ key: { kty: 'EC', crv: key.curve, x, y }, format: 'jwk' });
      }
      return createPublicKey({ key: spki(EC_ALGORITHM[key.curve], p), format: 'der', type: 'spki' }); // compressed
    }
    case 'ed25519':
      return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(key.key).toString('base64url') }, format: 'jwk' });
    case 'rsa':
      return createPublicKey({ key: { kty: 'RSA', n: base64urlUint(key.n), e: base64urlUint(key.e) }, format: 'jwk' });
    case 'ed448':
      throw new Error('Ed448 keys are not supported');
  }
}

/** The eight small-order Ed25519 points (canonical encodings) and y = ±1 with the sign bit set, which noble's strict verify refuses as keys. */
const ED25519_SMALL_ORDER = new Set([
  '0000000000000000000000000000000000000000000000000000000000000000',
  '0000000000000000000000000000000000000000000000000000000000000080',
  '0100000000000000000000000000000000000000000000000000000000000000',
  '0100000000000000000000000000000000000000000000000000000000000080',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05',
  '26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc85',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac037a',
  'c7176a703d4dd84fba3c0b760d10670f2a2053fa2c39ccc64ec7fd7792ac03fa',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f',
  'ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff',
]);

/** The field prime 2^255 - 19. */
const P25519 = (1n << 255n) - 19n;

/**
 * Whether an Ed25519 key is one RFC 8032 strict verification (noble's, zip215 off) accepts: a
 * canonical y (below p) and not of small order. OpenSSL's own check is laxer, so both providers
 * give the same verdict only with this first.
 *
 * @example
 * if (!strictEd25519Key(key.key)) return false;
 */
export function strictEd25519Key(a: Uint8Array): boolean {
  if (a.length !== 32) return false;
  const text = Buffer.from(a).toString('hex');
  if (ED25519_SMALL_ORDER.has(text)) return false;
  const le = Uint8Array.from(a);
  le[31]! &= 0x7f;
  const y = BigInt(`0x${Buffer.from(le.reverse()).toString('hex')}`);
  return y < P25519;
}

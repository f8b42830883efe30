/**
 * The node:crypto provider's signer for our CertificateVerify (RFC 9846 §4.5.2): the same schemes,
 * in the same order, and the same refusals as the noble signer (core's `signingSchemes`), with
 * OpenSSL doing the arithmetic (its RSA is blinded and constant-time, its ECDSA nonces random).
 *
 * The KeyObject is made once per signer, from a JWK of the key's material. Node has no JWK form
 * for an id-RSASSA-PSS key, so such a key becomes a plain RSA KeyObject used with PSS padding: the
 * signature is the same. OpenSSL draws the PSS salt, the RSA blinding and the ECDSA nonces from its
 * own random generator, not from the engine's `random`. The KeyObject holds a copy of the secret
 * in OpenSSL's memory, which `PrivateKey.destroy()` cannot wipe (it is freed with the signer);
 * `sign` checks the key is not destroyed before each use.
 */
import { constants, createPrivateKey, ECDH, sign, type JsonWebKey, type KeyObject } from 'node:crypto';
import { ApiMisuseError, InternalError, type PrivateKey, type PrivateKeyMaterial, type PublicKey, type RandomSource, type Signer } from '@puretls/core';
import { DEFAULT_RSA_KEY_BOUNDS, requireSigningScheme, signingMaterial, signingSchemes, type RsaKeyBounds } from '@puretls/core/crypto';

/** Bytes as base64url through a view (no copy of a secret left behind in a Buffer of ours). */
const b64u = (b: Uint8Array): string => Buffer.from(b.buffer, b.byteOffset, b.length).toString('base64url');

/** A positive bigint as base64url of its minimal big-endian bytes (JWK, RFC 7518 §6.3.1); the Buffer is wiped. */
function b64uInt(x: bigint): string {
  let h = x.toString(16);
  if (h.length % 2 === 1) h = `0${h}`;
  const buf = Buffer.from(h, 'hex');
  const out = buf.toString('base64url');
  buf.fill(0);
  return out;
}

/** OpenSSL's curve names, and the field element size (an uncompressed point is 04 || x || y). */
const EC = { 'P-256': { openssl: 'prime256v1', len: 32 }, 'P-384': { openssl: 'secp384r1', len: 48 } } as const;

/** x and y of an EC public key, uncompressing a compressed point. */
function ecCoordinates(curve: 'P-256' | 'P-384', point: Uint8Array): { x: string; y: string } {
  const { openssl, len } = EC[curve];
  const p = point.length === 1 + 2 * len && point[0] === 0x04 ? point : new Uint8Array(ECDH.convertKey(point, openssl, undefined, undefined, 'uncompressed') as Buffer);
  return { x: b64u(p.subarray(1, 1 + len)), y: b64u(p.subarray(1 + len)) };
}

/** The JWK (RFC 7517/7518, RFC 8037 for Ed25519) of a private key's material. */
function jwk(m: PrivateKeyMaterial, pub: PublicKey): JsonWebKey {
  switch (m.kind) {
    case 'ec':
      if (pub.kind !== 'ec' || pub.curve !== m.curve) break;
      return { kty: 'EC', crv: m.curve, d: b64u(m.d), ...ecCoordinates(m.curve, pub.point) };
    case 'ed25519':
      if (pub.kind !== 'ed25519') break;
      return { kty: 'OKP', crv: 'Ed25519', d: b64u(m.seed), x: b64u(pub.key) };
    case 'rsa':
      return { kty: 'RSA', n: b64uInt(m.n), e: b64uInt(m.e), d: b64uInt(m.d), p: b64uInt(m.p), q: b64uInt(m.q), dp: b64uInt(m.dp), dq: b64uInt(m.dq), qi: b64uInt(m.qi) };
  }
  throw new ApiMisuseError('private key material does not match its public key');
}

/** The KeyObject for a checked key; a key OpenSSL refuses is ApiMisuseError (its message names no secret). */
function keyObject(m: PrivateKeyMaterial, pub: PublicKey): KeyObject {
  try {
    return createPrivateKey({ key: jwk(m, pub), format: 'jwk' });
  } catch (e) {
    if (e instanceof ApiMisuseError) throw e;
    throw new ApiMisuseError('node:crypto refused the private key');
  }
}

/**
 * A {@link Signer} for `key` on node:crypto. `random` is not used (OpenSSL draws its own salt,
 * blinding and nonces); RSA keys must lie within `bounds` (the provider's). Throws ApiMisuseError
 * for a key it cannot sign with; `sign` throws ApiMisuseError for a scheme not in `schemes` or a
 * key destroyed since, InternalError if OpenSSL fails.
 *
 * @example
 * const signer = createNodeSigner(key, random);
 * const sig = signer.sign(signer.schemes[0]!, content);
 */
export function createNodeSigner(key: PrivateKey, _random: RandomSource, bounds: RsaKeyBounds = DEFAULT_RSA_KEY_BOUNDS): Signer {
  const schemes = signingSchemes(key, bounds);
  const object = keyObject(signingMaterial(key), key.publicKey);
  return {
    schemes,
    sign(scheme: number, message: Uint8Array): Uint8Array {
      const s = requireSigningScheme(schemes, scheme);
      signingMaterial(key); // the key may have been destroyed since
      try {
        switch (s.kind) {
          case 'ecdsa': return new Uint8Array(sign(s.hash, message, { key: object, dsaEncoding: 'der' }));
          case 'ed25519': return new Uint8Array(sign(null, message, object));
          case 'rsa-pss': return new Uint8Array(sign(s.hash, message, { key: object, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: s.hashLength }));
        }
      } catch (e) {
        throw new InternalError('node:crypto failed to sign', { cause: e });
      }
    },
  };
}

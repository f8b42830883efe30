/**
 * ECDSA verification through WebCrypto (`subtle.verify`, asynchronous): the server's
 * CertificateVerify (RFC 9846 §4.5.2) checked natively, as `SupportedSignatureScheme.verifyAsync`.
 * The synchronous `verify` (certificate chains, anything that cannot wait) stays the base
 * provider's, and both give the same verdict: the conformance tests check it.
 */
import { DerReader, DerTag, derUnsigned } from '../der.js';
import { Limits } from '../../limits.js';
import { lruPut, lruTake } from '../lru.js';
import { SignatureScheme } from '../../msgs/enums.js';
import type { PublicKey, SupportedSignatureScheme } from '../provider.js';
import { toHex } from '../../codec/hex.js';

/**
 * The part of `SubtleCrypto` ECDSA verification uses (raw EC point import and `verify`), spelled
 * out so that no DOM or Node typings are needed: `globalThis.crypto.subtle` fits.
 *
 * @example
 * const subtle: WebCryptoEcdsaSubtle = globalThis.crypto.subtle;
 */
export interface WebCryptoEcdsaSubtle {
  /** Imports an uncompressed EC point as an ECDSA verification key. */
  importKey(format: 'raw', keyData: Uint8Array<ArrayBuffer>, algorithm: { readonly name: 'ECDSA'; readonly namedCurve: 'P-256' | 'P-384' }, extractable: false, keyUsages: 'verify'[]): Promise<unknown>;
  /** Verifies an IEEE P1363 (r ‖ s) signature over `data`, hashing it with `algorithm.hash`. */
  verify(algorithm: { readonly name: 'ECDSA'; readonly hash: 'SHA-256' | 'SHA-384' }, key: unknown, signature: Uint8Array<ArrayBuffer>, data: Uint8Array<ArrayBuffer>): Promise<boolean>;
}

/** The schemes WebCrypto verifies here: the curve, its scalar length and the hash. */
const NATIVE: ReadonlyMap<number, { readonly curve: 'P-256' | 'P-384'; readonly size: number; readonly hash: 'SHA-256' | 'SHA-384' }> = new Map([
  [SignatureScheme.ecdsa_secp256r1_sha256, { curve: 'P-256', size: 32, hash: 'SHA-256' }],
  [SignatureScheme.ecdsa_secp384r1_sha384, { curve: 'P-384', size: 48, hash: 'SHA-384' }],
]);

/**
 * A DER ECDSA-Sig-Value (SEQUENCE { r INTEGER, s INTEGER }, RFC 5480 §2.2 / SEC 1 §C.5) as the
 * fixed-length r ‖ s that WebCrypto takes, each `size` bytes; undefined when the DER is not strict
 * or r or s is zero or longer than the curve's order allows (WebCrypto then checks r, s < n).
 *
 * @example
 * derSignatureToP1363(der, 32); // 64 bytes, or undefined
 */
export function derSignatureToP1363(der: Uint8Array, size: number): Uint8Array<ArrayBuffer> | undefined {
  try {
    const outer = new DerReader(der);
    const seq = new DerReader(outer.read(DerTag.SEQUENCE).value);
    outer.end();
    const out = new Uint8Array(2 * size);
    for (let i = 0; i < 2; i++) {
      const e = seq.read(DerTag.INTEGER);
      if (derUnsigned(e) === 0n) return undefined;
      const v = e.value[0] === 0 ? e.value.subarray(1) : e.value;
      if (v.length > size) return undefined;
      out.set(v, (i + 1) * size - v.length);
    }
    seq.end();
    return out;
  } catch {
    return undefined;
  }
}

/**
 * `schemes` with `verifyAsync` added to the ECDSA P-256 and P-384 ones, on `subtle`. Each point's
 * CryptoKey is imported once and remembered (at most `Limits.ecdsaWarmKeys`, least recently used
 * out; a server presents the same key on every connection).
 *
 * @example
 * const signatureSchemes = webCryptoSignatureSchemes(crypto.subtle, nobleProvider.signatureSchemes);
 */
export function webCryptoSignatureSchemes(subtle: WebCryptoEcdsaSubtle, schemes: readonly SupportedSignatureScheme[]): SupportedSignatureScheme[] {
  const keys = new Map<string, Promise<unknown>>();
  const keyOf = (id: string, curve: 'P-256' | 'P-384', point: Uint8Array): Promise<unknown> => {
    const key = lruTake(keys, id) ?? subtle.importKey('raw', new Uint8Array(point), { name: 'ECDSA', namedCurve: curve }, false, ['verify']);
    lruPut(keys, id, key, Limits.ecdsaWarmKeys);
    return key;
  };
  return schemes.map((scheme) => {
    const native = NATIVE.get(scheme.id);
    if (native === undefined) return scheme;
    const verifyAsync = async (key: PublicKey, message: Uint8Array, signature: Uint8Array): Promise<boolean> => {
      if (key.kind !== 'ec' || key.curve !== native.curve || !scheme.keyFits(key)) return false;
      const raw = derSignatureToP1363(signature, native.size);
      if (raw === undefined) return false;
      // A compressed point (rare in certificates), or a WebCrypto that refuses the key or the
      // call: the base provider's verdict instead, so the answer never depends on WebCrypto's quirks.
      if (key.point[0] !== 0x04) return scheme.verify(key, message, signature);
      const id = `${native.curve}:${toHex(key.point)}`;
      try {
        return await subtle.verify({ name: 'ECDSA', hash: native.hash }, await keyOf(id, native.curve, key.point), raw, new Uint8Array(message));
      } catch {
        keys.delete(id);
        return scheme.verify(key, message, signature);
      }
    };
    return { ...scheme, verifyAsync };
  });
}

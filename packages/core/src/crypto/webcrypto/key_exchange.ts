/**
 * ECDHE over P-256 and P-384 with the shared secret from WebCrypto (`subtle.deriveBits`,
 * asynchronous) as `ActiveKeyExchange.completeAsync`: in a browser, noble's variable-base
 * multiplication of the server's point costs milliseconds, WebCrypto's a fraction of one. The
 * key pair is still the base group's, drawn from the engine's random source (RFC 8448 replays
 * stay deterministic), and `complete` stays the base group's too; both give the same secret.
 */
import { InternalError, InvalidMessageError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../provider.js';

/** The JWK of an EC private key (RFC 7518 §6.2.2), as WebCrypto imports it. */
interface EcPrivateJwk {
  readonly kty: 'EC';
  readonly crv: 'P-256' | 'P-384';
  readonly d: string;
  readonly x: string;
  readonly y: string;
}

/**
 * The part of `SubtleCrypto` ECDH uses, spelled out so that no DOM or Node typings are needed:
 * `globalThis.crypto.subtle` fits.
 *
 * @example
 * const subtle: WebCryptoEcdhSubtle = globalThis.crypto.subtle;
 */
export interface WebCryptoEcdhSubtle {
  /** Imports our private key (JWK) or the server's uncompressed point (raw) for ECDH. */
  importKey(format: 'jwk' | 'raw', keyData: EcPrivateJwk | Uint8Array<ArrayBuffer>, algorithm: { readonly name: 'ECDH'; readonly namedCurve: 'P-256' | 'P-384' }, extractable: false, keyUsages: 'deriveBits'[]): Promise<unknown>;
  /** The x-coordinate of the shared point, `length` bits (RFC 9846 §7.4.2). */
  deriveBits(algorithm: { readonly name: 'ECDH'; readonly public: unknown }, baseKey: unknown, length: number): Promise<ArrayBuffer>;
}

const CURVES: ReadonlyMap<number, { readonly curve: 'P-256' | 'P-384'; readonly size: number }> = new Map([
  [NamedGroup.secp256r1, { curve: 'P-256', size: 32 }],
  [NamedGroup.secp384r1, { curve: 'P-384', size: 48 }],
]);

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** base64url without padding (RFC 4648 §5), as JWK members are written (RFC 7515 §2). */
function base64url(b: Uint8Array): string {
  let out = '';
  for (let i = 0; i < b.length; i += 3) {
    const n = (b[i]! << 16) | ((b[i + 1] ?? 0) << 8) | (b[i + 2] ?? 0);
    const chars = Math.min(4, Math.ceil(((b.length - i) * 8) / 6));
    for (let c = 0; c < chars; c++) out += B64URL[(n >>> (18 - 6 * c)) & 63];
  }
  return out;
}

function badShare(name: string, why: string): InvalidMessageError {
  return new InvalidMessageError('illegal_parameter', `${name} key share: ${why}`);
}

/**
 * The exchange of `base` (a P-256 or P-384 group whose exchanges expose nothing of the private
 * key) made again here: the secret drawn exactly as `base` draws it, so that `complete` is base's
 * and `completeAsync` imports the same scalar into WebCrypto.
 */
function webCryptoExchange(subtle: WebCryptoEcdhSubtle, group: SupportedGroup, base: SupportedGroup, curve: 'P-256' | 'P-384', size: number, random: RandomSource): ActiveKeyExchange {
  let secret: Uint8Array | undefined;
  const inner = base.start((n) => {
    const drawn = random(n);
    secret?.fill(0); // a draw refused as a scalar
    secret = drawn.slice(); // the last draw is the key
    return drawn;
  });
  const d = secret!;
  const share = inner.share;
  let jwk: EcPrivateJwk | undefined = { kty: 'EC', crv: curve, d: base64url(d), x: base64url(share.subarray(1, 1 + size)), y: base64url(share.subarray(1 + size)) };
  d.fill(0);
  const algorithm = { name: 'ECDH', namedCurve: curve } as const;
  let ours: Promise<unknown> | undefined; // our key in WebCrypto, imported on first use
  let destroyed = false;
  return {
    group,
    share,
    complete: (peer) => inner.complete(peer),
    async completeAsync(peer) {
      // RFC 9846 §4.3.8.2: UncompressedPointRepresentation only; WebCrypto checks the curve.
      if (peer.length !== 1 + 2 * size || peer[0] !== 0x04) throw badShare(base.name, 'not an uncompressed point');
      if (destroyed) throw new InternalError(`${base.name} key exchange used after destroy()`);
      if (ours === undefined) {
        ours = subtle.importKey('jwk', jwk!, algorithm, false, ['deriveBits']);
        jwk = undefined; // a string cannot be wiped: dropped as soon as WebCrypto has it
      }
      let theirs: unknown;
      try {
        theirs = await subtle.importKey('raw', new Uint8Array(peer), algorithm, false, []);
      } catch {
        throw badShare(base.name, 'point not on the curve');
      }
      return new Uint8Array(await subtle.deriveBits({ name: 'ECDH', public: theirs }, await ours, 8 * size));
    },
    destroy: () => {
      destroyed = true;
      jwk = undefined;
      ours = undefined;
      inner.destroy();
    },
  };
}

/**
 * `groups` with WebCrypto's ECDH behind the P-256 and P-384 ones (`completeAsync`); the others
 * unchanged.
 *
 * @example
 * const groups = webCryptoGroups(crypto.subtle, nobleProvider.groups);
 */
export function webCryptoGroups(subtle: WebCryptoEcdhSubtle, groups: readonly SupportedGroup[]): SupportedGroup[] {
  return groups.map((g) => {
    const c = CURVES.get(g.id);
    if (c === undefined) return g;
    const group: SupportedGroup = { ...g, start: (random: RandomSource) => webCryptoExchange(subtle, group, g, c.curve, c.size, random) };
    return group;
  });
}

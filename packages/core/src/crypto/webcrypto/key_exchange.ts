/**
 * X25519, P-256 and P-384 with the shared secret from WebCrypto (`subtle.deriveBits`,
 * asynchronous) as `ActiveKeyExchange.completeAsync`: in a browser, noble's variable-base
 * multiplication of the server's P-256 point costs milliseconds and our X25519 ladder about half
 * of one, WebCrypto's a fraction of that. The key pair is still the base group's, drawn from the
 * engine's random source (RFC 8448 replays stay deterministic), and `complete` stays the base
 * group's too; both give the same secret.
 */
import { InternalError } from '../../errors.js';
import { NamedGroup } from '../../msgs/enums.js';
import { secp256r1MlKem768Group, x25519MlKem768Group } from '../noble/hybrid_kem.js';
import type { ActiveKeyExchange, RandomSource, SupportedGroup } from '../provider.js';

/** A private key as a JWK (RFC 7518 §6.2.2 for EC, RFC 8037 §2 for X25519), as WebCrypto imports it. */
type PrivateJwk =
  | { readonly kty: 'EC'; readonly crv: 'P-256' | 'P-384'; readonly d: string; readonly x: string; readonly y: string }
  | { readonly kty: 'OKP'; readonly crv: 'X25519'; readonly d: string; readonly x: string };

/** WebCrypto's name of a key-agreement algorithm. */
type Algorithm = { readonly name: 'ECDH'; readonly namedCurve: 'P-256' | 'P-384' } | { readonly name: 'X25519' };

/**
 * The part of `SubtleCrypto` the key exchange uses, spelled out so that no DOM or Node typings
 * are needed: `globalThis.crypto.subtle` fits.
 *
 * @example
 * const subtle: WebCryptoEcdhSubtle = globalThis.crypto.subtle;
 */
export interface WebCryptoEcdhSubtle {
  /** Imports our private key (JWK) or the server's share (raw) for key agreement. */
  importKey(format: 'jwk' | 'raw', keyData: PrivateJwk | Uint8Array<ArrayBuffer>, algorithm: Algorithm, extractable: false, keyUsages: 'deriveBits'[]): Promise<unknown>;
  /** The shared secret, `length` bits: the x-coordinate for ECDH (RFC 9846 §7.4.2), X25519's output (RFC 7748 §6.1). */
  deriveBits(algorithm: { readonly name: 'ECDH' | 'X25519'; readonly public: unknown }, baseKey: unknown, length: number): Promise<ArrayBuffer>;
}

/** How one group's keys look to WebCrypto. */
interface Native {
  readonly algorithm: Algorithm;
  /** The secret's length in bytes (and the scalar's). */
  readonly size: number;
  /** Our key pair as a JWK, from the drawn secret and our share. */
  jwk(d: Uint8Array, share: Uint8Array): PrivateJwk;
  /** Whether a server share has the only encoding allowed (RFC 9846 §4.3.8.2), so WebCrypto may try it. */
  wellFormed(peer: Uint8Array): boolean;
}

function ecdh(curve: 'P-256' | 'P-384', size: number): Native {
  return {
    algorithm: { name: 'ECDH', namedCurve: curve },
    size,
    jwk: (d, share) => ({ kty: 'EC', crv: curve, d: base64url(d), x: base64url(share.subarray(1, 1 + size)), y: base64url(share.subarray(1 + size)) }),
    wellFormed: (peer) => peer.length === 1 + 2 * size && peer[0] === 0x04,
  };
}

const NATIVE: ReadonlyMap<number, Native> = new Map([
  [NamedGroup.secp256r1, ecdh('P-256', 32)],
  [NamedGroup.secp384r1, ecdh('P-384', 48)],
  [NamedGroup.x25519, {
    algorithm: { name: 'X25519' },
    size: 32,
    jwk: (d, share) => ({ kty: 'OKP', crv: 'X25519', d: base64url(d), x: base64url(share) }),
    wellFormed: (peer) => peer.length === 32,
  }],
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

/**
 * The exchange of `base` (whose exchanges expose nothing of the private key) made again here:
 * the secret drawn exactly as `base` draws it, so that `complete` is base's and `completeAsync`
 * imports the same key into WebCrypto. Where WebCrypto refuses anything (a share off the curve,
 * X25519's all-zero secret, an algorithm it lacks), base's `complete` decides: the same secret,
 * or the same refusal, as without WebCrypto.
 */
function webCryptoExchange(subtle: WebCryptoEcdhSubtle, group: SupportedGroup, base: SupportedGroup, native: Native, random: RandomSource): ActiveKeyExchange {
  let secret: Uint8Array | undefined;
  const inner = base.start((n) => {
    const drawn = random(n);
    secret?.fill(0); // a draw refused as a scalar
    secret = drawn.slice(); // the last draw is the key
    return drawn;
  });
  // Kept as bytes (wipeable) until the first completeAsync: most exchanges never get there (the
  // shares the server did not pick, the GREASE ECH key), and a JWK's strings cannot be wiped.
  let d: Uint8Array | undefined = secret!;
  const share = inner.share;
  let ours: Promise<unknown> | undefined; // our key in WebCrypto, imported on first use
  let destroyed = false;
  const derive = async (peer: Uint8Array): Promise<Uint8Array> => {
    if (ours === undefined) {
      ours = subtle.importKey('jwk', native.jwk(d!, share), native.algorithm, false, ['deriveBits']);
      ours.catch(() => {}); // awaited below only if the server's share imports: not an unhandled rejection otherwise
      d!.fill(0); // the JWK's copy is WebCrypto's now, and dropped
      d = undefined;
    }
    const theirs = await subtle.importKey('raw', new Uint8Array(peer), native.algorithm, false, []);
    return new Uint8Array(await subtle.deriveBits({ name: native.algorithm.name, public: theirs }, await ours, 8 * native.size));
  };
  return {
    group,
    share,
    complete: (peer) => inner.complete(peer),
    async completeAsync(peer) {
      if (destroyed) throw new InternalError(`${base.name} key exchange used after destroy()`);
      const shared = native.wellFormed(peer) ? await derive(peer).catch(() => undefined) : undefined;
      return shared ?? inner.complete(peer);
    },
    destroy: () => {
      destroyed = true;
      d?.fill(0);
      d = undefined;
      ours = undefined;
      inner.destroy();
    },
  };
}

/**
 * `groups` with WebCrypto's `deriveBits` behind X25519, P-256, P-384 and the hybrids built on
 * them (`completeAsync`); the others unchanged.
 *
 * @example
 * const groups = webCryptoGroups(crypto.subtle, nobleProvider.groups);
 */
export function webCryptoGroups(subtle: WebCryptoEcdhSubtle, groups: readonly SupportedGroup[]): SupportedGroup[] {
  const wrapped = groups.map((g) => {
    const native = NATIVE.get(g.id);
    if (native === undefined) return g;
    const group: SupportedGroup = { ...g, start: (random: RandomSource) => webCryptoExchange(subtle, group, g, native, random) };
    return group;
  });
  // The hybrids again over the wrapped classical groups, so that their ECDH half (and the x25519
  // share that reuses it, client/first_hello.ts) completes on WebCrypto too.
  const classical = (id: number) => wrapped.find((g) => g.id === id);
  return wrapped.map((g) => {
    if (g.id === NamedGroup.X25519MLKEM768 && classical(NamedGroup.x25519) !== undefined) return x25519MlKem768Group(classical(NamedGroup.x25519)!);
    if (g.id === NamedGroup.SecP256r1MLKEM768 && classical(NamedGroup.secp256r1) !== undefined) return secp256r1MlKem768Group(classical(NamedGroup.secp256r1)!);
    return g;
  });
}

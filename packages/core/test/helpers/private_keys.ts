// PrivateKey objects (the provider interface's) built straight from node:crypto keys through their
// JWK export, for the signer tests: parsePrivateKey is written elsewhere. Like parsePrivateKey's,
// the material is not enumerable, the key prints as `PrivateKey <kind>`, and after destroy() the
// byte arrays are zero and `material` throws (the bigints of an RSA key cannot be wiped).
import { generateKeyPair, type KeyObject } from 'node:crypto';
import { promisify } from 'node:util';
import { ApiMisuseError, type HashAlgorithm, type PrivateKey, type PrivateKeyMaterial, type PublicKey } from '../../src/index.js';

const bytes = (b64u: string): Uint8Array => new Uint8Array(Buffer.from(b64u, 'base64url'));
const big = (b64u: string): bigint => BigInt('0x' + Buffer.from(b64u, 'base64url').toString('hex'));

/** Options of {@link privateKeyOf}. */
export interface PrivateKeyOptions {
  /** Mark an RSA key as one under id-RSASSA-PSS (node's 'rsa-pss' keys have no JWK export; the numbers are the same). */
  readonly pssOnly?: boolean;
  /** The hash an id-RSASSA-PSS key's parameters fix (RFC 4055 §3.1). */
  readonly pssHash?: HashAlgorithm;
  /** After destroy(): 'throw' (default, as parsePrivateKey) or 'wiped' (material stays readable, bytes zero). */
  readonly afterDestroy?: 'throw' | 'wiped';
}

/** The public half and the material of a node private key, from its JWK. */
export function partsOf(k: KeyObject, pssOnly = false): { publicKey: PublicKey; material: PrivateKeyMaterial } {
  const j = k.export({ format: 'jwk' });
  if (j.kty === 'EC' && (j.crv === 'P-256' || j.crv === 'P-384')) {
    const point = Uint8Array.from([4, ...bytes(j.x!), ...bytes(j.y!)]);
    return { publicKey: { kind: 'ec', curve: j.crv, point }, material: { kind: 'ec', curve: j.crv, d: bytes(j.d!) } };
  }
  if (j.kty === 'OKP' && j.crv === 'Ed25519') return { publicKey: { kind: 'ed25519', key: bytes(j.x!) }, material: { kind: 'ed25519', seed: bytes(j.d!) } };
  if (j.kty === 'RSA') {
    const n = big(j.n!);
    const e = big(j.e!);
    const material: PrivateKeyMaterial = { kind: 'rsa', n, e, d: big(j.d!), p: big(j.p!), q: big(j.q!), dp: big(j.dp!), dq: big(j.dq!), qi: big(j.qi!) };
    return { publicKey: { kind: 'rsa', n, e, bits: n.toString(2).length, pssOnly }, material };
  }
  throw new Error(`no PrivateKey for a ${j.kty} ${j.crv ?? ''} key`);
}

/**
 * A PrivateKey of the given public half and material (possibly doctored, for fault tests).
 *
 * @example
 * const key = makePrivateKey(publicKey, { ...material, dp: material.dp ^ 2n });
 */
export function makePrivateKey(publicKey: PublicKey, material: PrivateKeyMaterial, opts: PrivateKeyOptions = {}): PrivateKey {
  let destroyed = false;
  const key = {
    publicKey,
    ...(opts.pssHash === undefined ? {} : { pssHash: opts.pssHash }),
    destroy(): void {
      if (material.kind === 'ec') material.d.fill(0);
      if (material.kind === 'ed25519') material.seed.fill(0);
      destroyed = true;
    },
    toString: () => `PrivateKey ${material.kind}`,
    [Symbol.for('nodejs.util.inspect.custom')]: () => `PrivateKey ${material.kind}`,
  };
  Object.defineProperty(key, 'material', {
    enumerable: false,
    get: () => {
      if (destroyed && opts.afterDestroy !== 'wiped') throw new ApiMisuseError('private key destroyed');
      return material;
    },
  });
  return key as unknown as PrivateKey;
}

/**
 * A PrivateKey of a node private key.
 *
 * @example
 * const key = privateKeyOf(generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey);
 */
export function privateKeyOf(k: KeyObject, opts: PrivateKeyOptions = {}): PrivateKey {
  const { publicKey, material } = partsOf(k, opts.pssOnly === true);
  return makePrivateKey(publicKey, material, opts);
}

/**
 * RSA key pairs of the given sizes, generated in parallel off the main thread (4096-bit keys take
 * a while: generate once per file, in a hook with a generous timeout).
 *
 * @example
 * const [rsa2048, rsa4096] = await rsaPairs([2048, 4096]);
 */
export async function rsaPairs(sizes: readonly number[]): Promise<{ privateKey: KeyObject; publicKey: KeyObject }[]> {
  const gen = promisify(generateKeyPair);
  return Promise.all(sizes.map((modulusLength) => gen('rsa', { modulusLength })));
}

/**
 * `@puretls/node/crypto`: a {@link CryptoProvider} on `node:crypto` (OpenSSL): the same suites,
 * groups and signature schemes as the noble provider, in the same order and with the same
 * semantics (deterministic keys from the engine's `random`, the same share validation, the same
 * RSA key bounds before any exponentiation, the same SPKI parser), only faster.
 *
 * @example
 * import { nodeCryptoProvider } from '@puretls/node/crypto';
 * const client = new TlsClient({ serverName: 'example.com', crypto: nodeCryptoProvider });
 */
import type { CryptoProvider, SupportedCipherSuite, SupportedGroup } from '@puretls/core';
import { DEFAULT_RSA_KEY_BOUNDS, NOBLE_CIPHER_SUITES, nobleProvider, type RsaKeyBounds } from '@puretls/core/crypto';
import { parseSpki } from '@puretls/core/der';
import { NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305 } from './aead.js';
import { createHash, hash, hashLength, hkdfExpand, hkdfExtract, hmac } from './hashes.js';
import { NODE_SECP256R1, NODE_SECP256R1MLKEM768, NODE_SECP384R1, NODE_X25519, NODE_X25519MLKEM768 } from './key_exchange.js';
import { makeNodeVerify, nodeSignatureSchemes } from './signatures.js';
import { createNodeSigner } from './signing.js';

export { NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305 } from './aead.js';
export { NODE_SECP256R1, NODE_SECP256R1MLKEM768, NODE_SECP384R1, NODE_X25519, NODE_X25519MLKEM768 } from './key_exchange.js';

const AEADS = new Map([NODE_AES_128_GCM, NODE_AES_256_GCM, NODE_CHACHA20_POLY1305].map((a) => [a.name, a]));
const GROUPS = new Map<number, SupportedGroup>([NODE_X25519, NODE_SECP256R1, NODE_SECP384R1, NODE_X25519MLKEM768, NODE_SECP256R1MLKEM768].map((g) => [g.id, g]));

/**
 * The noble suites (ids, names, hashes, lengths, order) with node:crypto AEADs.
 *
 * @example
 * NODE_CIPHER_SUITES.map((s) => s.name); // as NOBLE_CIPHER_SUITES
 */
export const NODE_CIPHER_SUITES: readonly SupportedCipherSuite[] = NOBLE_CIPHER_SUITES.flatMap((s) => {
  const aead = AEADS.get(s.aead.name);
  return aead === undefined ? [] : [{ ...s, aead }];
});

/** The noble provider's groups, in its order, on node:crypto (a group we lack is left out; the tests require equal lists). */
const NODE_GROUPS: readonly SupportedGroup[] = nobleProvider.groups.flatMap((g) => GROUPS.get(g.id) ?? []);

/**
 * Options of {@link createNodeCryptoProvider}, as those of `createNobleProvider`.
 *
 * @example
 * const options: NodeCryptoProviderOptions = { rsa: { maxModulusBits: 4096 } };
 */
export interface NodeCryptoProviderOptions {
  /** RSA modulus sizes accepted (default 2048–8192 bits); parsePublicKey and verify apply them before any exponentiation. */
  readonly rsa?: Partial<RsaKeyBounds>;
}

/**
 * A new node:crypto {@link CryptoProvider}; `options.rsa` changes the RSA modulus bounds exactly
 * as `createNobleProvider({ rsa })` does.
 *
 * @example
 * const provider = createNodeCryptoProvider();
 * const legacy = createNodeCryptoProvider({ rsa: { minModulusBits: 1024 } }); // dangerous: weak keys
 */
export function createNodeCryptoProvider(options: NodeCryptoProviderOptions = {}): CryptoProvider {
  const rsaBounds: RsaKeyBounds = { ...DEFAULT_RSA_KEY_BOUNDS, ...options.rsa };
  const verify = makeNodeVerify(rsaBounds);
  return {
    cipherSuites: NODE_CIPHER_SUITES,
    groups: NODE_GROUPS,
    signatureSchemes: nodeSignatureSchemes(verify),
    hash,
    createHash,
    hashLength,
    hmac,
    hkdfExtract,
    hkdfExpand,
    parsePublicKey: (spki) => parseSpki(spki, rsaBounds),
    verify,
    createSigner: (key, random) => createNodeSigner(key, random, rsaBounds),
  };
}

/**
 * The shared default node:crypto provider (the Node driver's and the CLI's default).
 *
 * @example
 * const digest = nodeCryptoProvider.hash('sha256', data);
 */
export const nodeCryptoProvider: CryptoProvider = createNodeCryptoProvider();

// The client-certificate (mTLS) fixture PKIs of fixtures/pki/client/<alg>/, read as PEM text: a
// client CA root, its intermediate, the client leaf, the chain the client sends (leaf first), the
// leaf key as plain and as passphrase-encrypted PKCS#8. The server side of an mTLS test reuses
// fixtures/pki/good/<alg>/ (see openssl.ts goodFile). What each file is: fixtures/pki/client/README.md.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** fixtures/pki/client/ with a trailing slash. */
const clientDir = fileURLToPath(new URL('../../../../fixtures/pki/client/', import.meta.url));

/**
 * The client PKIs by key algorithm; `untrusted` is a second, unrelated P-256 client CA that no
 * other directory's root trusts (for "the server refuses a client chain it does not trust").
 * @example
 * for (const alg of clientAlgs) clientPki(alg);
 */
export const clientAlgs = ['rsa', 'rsa-pss', 'p256', 'p384', 'ed25519', 'untrusted'] as const;
export type ClientAlg = (typeof clientAlgs)[number];

/** The passphrase of every fixtures/pki/client/<alg>/leaf.enc.key. */
export const clientKeyPassphrase = 'puretls-test';

export interface ClientPki {
  /** The client CA root certificate (PEM): what the server trusts. */
  root: string;
  /** The intermediate CA certificate (PEM). */
  intermediate: string;
  /** The client leaf certificate (PEM), extendedKeyUsage clientAuth. */
  leaf: string;
  /** leaf then intermediate (PEM): what the client sends. */
  chain: string;
  /** The leaf's private key, unencrypted PKCS#8 PEM. */
  key: string;
  /** The same key as encrypted PKCS#8 PEM (PBES2, AES-256-CBC), opened by `passphrase`. */
  encKey: string;
  /** The passphrase of `encKey`. */
  passphrase: string;
  /** The fixture directory, with a trailing slash (rsa/ also holds leaf.pkcs1.key, p256/ leaf.sec1.key). */
  dir: string;
}

/**
 * The PEM files of fixtures/pki/client/<alg>/.
 * @example
 * const { chain, key } = clientPki('p256'); // present chain + key to a server trusting clientPki('p256').root
 */
export function clientPki(alg: ClientAlg): ClientPki {
  const dir = `${clientDir}${alg}/`;
  const read = (file: string): string => readFileSync(`${dir}${file}`, 'utf8');
  return {
    root: read('root.pem'),
    intermediate: read('intermediate.pem'),
    leaf: read('leaf.pem'),
    chain: read('chain.pem'),
    key: read('leaf.key'),
    encKey: read('leaf.enc.key'),
    passphrase: clientKeyPassphrase,
    dir,
  };
}

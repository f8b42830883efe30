// `--provider noble|node|webcrypto`: which CryptoProvider the puretls side of the benchmark uses.
// `node` is `nodeCryptoProvider` from `../src/crypto/index.js` when that file exists; otherwise the
// benchmark says it is not available. `webcrypto` is `createWebCryptoProvider(crypto.subtle)`:
// AES-GCM records on the asynchronous lane (want-async), everything else noble.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createWebCryptoProvider, nobleProvider, type CryptoProvider } from '@puretls/core';

export type ProviderName = 'noble' | 'node' | 'webcrypto';

/** The provider named on the command line (`--provider`, default noble). */
export function providerArg(argv: string[] = process.argv): ProviderName {
  const at = argv.indexOf('--provider');
  const name = at >= 0 ? argv[at + 1] : 'noble';
  if (name !== 'noble' && name !== 'node' && name !== 'webcrypto') throw new Error(`--provider must be noble, node or webcrypto, not ${name}`);
  return name;
}

const nodeProviderUrl = new URL('../src/crypto/index.ts', import.meta.url);

/** Whether `name` can be loaded here. */
export function providerAvailable(name: ProviderName): boolean {
  return name !== 'node' || existsSync(fileURLToPath(nodeProviderUrl));
}

/** The provider itself; throws for `node` when it is not available. */
export async function loadProvider(name: ProviderName | undefined): Promise<CryptoProvider> {
  if (name === undefined || name === 'noble') return nobleProvider;
  if (name === 'webcrypto') return createWebCryptoProvider(globalThis.crypto.subtle);
  if (!providerAvailable(name)) throw new Error('the node:crypto provider is not available (packages/node/src/crypto/index.ts does not exist)');
  const href: string = new URL('../src/crypto/index.js', import.meta.url).href;
  const mod = (await import(href)) as { nodeCryptoProvider?: CryptoProvider };
  if (mod.nodeCryptoProvider === undefined) throw new Error('packages/node/src/crypto/index.ts exports no nodeCryptoProvider');
  return mod.nodeCryptoProvider;
}

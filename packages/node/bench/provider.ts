// `--provider noble|node`: which CryptoProvider the puretls side of the benchmark uses. `node` is
// `nodeCryptoProvider` from `../src/crypto/index.js` when that file exists (it is being written);
// otherwise the benchmark says it is not available.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { nobleProvider, type CryptoProvider } from '@puretls/core';

export type ProviderName = 'noble' | 'node';

/** The provider named on the command line (`--provider`, default noble). */
export function providerArg(argv: string[] = process.argv): ProviderName {
  const at = argv.indexOf('--provider');
  const name = at >= 0 ? argv[at + 1] : 'noble';
  if (name !== 'noble' && name !== 'node') throw new Error(`--provider must be noble or node, not ${name}`);
  return name;
}

const nodeProviderUrl = new URL('../src/crypto/index.ts', import.meta.url);

/** Whether `name` can be loaded here. */
export function providerAvailable(name: ProviderName): boolean {
  return name === 'noble' || existsSync(fileURLToPath(nodeProviderUrl));
}

/** The provider itself; throws for `node` when it is not available. */
export async function loadProvider(name: ProviderName | undefined): Promise<CryptoProvider> {
  if (name === undefined || name === 'noble') return nobleProvider;
  if (!providerAvailable(name)) throw new Error('the node:crypto provider is not available (packages/node/src/crypto/index.ts does not exist)');
  const href: string = new URL('../src/crypto/index.js', import.meta.url).href;
  const mod = (await import(href)) as { nodeCryptoProvider?: CryptoProvider };
  if (mod.nodeCryptoProvider === undefined) throw new Error('packages/node/src/crypto/index.ts exports no nodeCryptoProvider');
  return mod.nodeCryptoProvider;
}

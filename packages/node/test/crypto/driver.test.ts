// The Node driver's crypto option: node:crypto by default, 'noble' on request, or any provider;
// the same provider runs the handshake (engine) and verifies the chain (x509): counted on real
// connections to a node:tls server. And the CLI's --crypto.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { nobleProvider, type CryptoProvider } from '@puretls/core';
import { parseCli, UsageError, type CliCommand } from '../../src/cli/args.js';
import { nodeCryptoProvider } from '../../src/crypto/index.js';
import { connect, type ConnectOptions } from '../../src/index.js';
import { ca, tlsServer, type Running } from '../helpers/node_servers.js';

let server: Running;
beforeAll(async () => { server = await tlsServer((s) => s.end()); });
afterAll(() => server.close());
afterEach(() => { vi.restoreAllMocks(); });

/** Spies on the engine side (HKDF) and the verifier side (chain signatures) of a provider. */
function watch(p: CryptoProvider) {
  return { hkdf: vi.spyOn(p, 'hkdfExpand'), verify: vi.spyOn(p, 'verify') };
}

async function handshake(extra: Partial<ConnectOptions>): Promise<void> {
  // No signature cache: every chain signature is checked by the provider under test.
  const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca, signatureCache: null, timeout: 15_000, ...extra });
  expect(s.authorized).toBe(true);
  s.destroy();
}

describe('ConnectOptions.crypto', () => {
  it.each([
    ['default', {}, nodeCryptoProvider, nobleProvider],
    ["'node'", { crypto: 'node' }, nodeCryptoProvider, nobleProvider],
    ["'noble'", { crypto: 'noble' }, nobleProvider, nodeCryptoProvider],
  ] as const)('%s: one provider for the handshake and the chain, not the other', async (_name, extra, used, unused) => {
    const [yes, no] = [watch(used), watch(unused)];
    await handshake(extra);
    expect(yes.hkdf).toHaveBeenCalled();
    expect(yes.verify.mock.calls.length).toBeGreaterThanOrEqual(2); // leaf and intermediate signatures
    expect([no.hkdf.mock.calls.length, no.verify.mock.calls.length]).toEqual([0, 0]);
  });

  it.each(['crypto', 'engine.crypto'])('a provider object as %s serves the engine and the verifier', async (where) => {
    const calls = { hkdf: 0, verify: 0 };
    const mine: CryptoProvider = {
      ...nodeCryptoProvider,
      hkdfExpand: (...a) => { calls.hkdf++; return nodeCryptoProvider.hkdfExpand(...a); },
      verify: (...a) => { calls.verify++; return nodeCryptoProvider.verify(...a); },
    };
    await handshake(where === 'crypto' ? { crypto: mine } : { engine: { crypto: mine } });
    expect(calls.hkdf).toBeGreaterThan(0);
    expect(calls.verify).toBeGreaterThanOrEqual(2);
  });

  it('refuses both crypto and engine.crypto, and an unknown name, with a TypeError', async () => {
    await expect(handshake({ crypto: 'noble', engine: { crypto: nobleProvider } })).rejects.toThrow(TypeError);
    await expect(handshake({ crypto: 'openssl' as 'node' })).rejects.toThrow(/crypto: 'node', 'noble' or a CryptoProvider/);
  });
});

describe('puretls --crypto', () => {
  const cmd = (...args: string[]) => parseCli(['get', 'https://localhost/', ...args], {}) as CliCommand;
  it('is node by default, noble or node on request, anything else a usage error', () => {
    expect(cmd().options.crypto).toBe('node');
    expect(cmd('--crypto', 'noble').options.crypto).toBe('noble');
    expect(cmd('--crypto=node').options.crypto).toBe('node');
    expect(() => cmd('--crypto', 'openssl')).toThrow(UsageError);
  });
});

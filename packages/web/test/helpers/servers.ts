// The real TLS peers of the transport and browser tests: openssl s_server (the @puretls/node test
// helper, reused) on the fixture chains, good and bad, each behind its own relay.
import { readFileSync } from 'node:fs';
import { opensslTempDir, pki, splitChain, startOpenSsl, type OpenSslServer } from '../../../node/test/helpers/openssl.js';
import { startRelay, type Relay } from '../../src/relay/index.js';

export { pki };

/** The good RSA fixture's root, PEM. */
export const goodRoot = (): string => readFileSync(`${pki}good/rsa/root.pem`, 'utf8');

/** A server and the relay in front of it. */
export interface RelayedServer {
  server: OpenSslServer;
  relay: Relay;
  stop: () => Promise<void>;
}

/**
 * Starts s_server on a chain file under fixtures/pki (`good/rsa`, `bad/untrusted-root`, ...) with
 * `args`, and a relay to it that allows `origins`.
 */
export async function relayedOpenSsl(dir: string, args: readonly string[], origins: readonly string[]): Promise<RelayedServer> {
  const tmp = opensslTempDir('puretls-web-');
  const files = splitChain(readFileSync(`${pki}${dir}/chain.pem`, 'utf8'), `${pki}${dir}/leaf.key`, tmp.dir, dir.replace('/', '-'));
  const server = await startOpenSsl(args, files);
  const relay = await startRelay({ target: { host: '127.0.0.1', port: server.port }, allowedOrigins: origins });
  return {
    server,
    relay,
    stop: async () => {
      await relay.close();
      await server.stop();
      tmp.remove();
    },
  };
}

/**
 * puretls's client for the benchmark page (bench/page.ts): `connectOverWebSocket` through the
 * relay, with the WebCrypto provider (AES-GCM on the page's crypto.subtle, asynchronous record
 * lane) or noble, and X25519 (the default key share) or P-256 only (what subtls has).
 */
import { createWebCryptoProvider, nobleProvider, type CryptoProvider } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverWebSocket } from '../src/index.js';
import type { BenchClient, PageJob } from './page.js';

/**
 * puretls as `job` says; one verifier (and so one signature cache) for all its connections.
 *
 * @example
 * const client = createPuretls({ client: 'puretls', provider: 'noble', group: 'x25519', relay, ca });
 */
export function createPuretls(job: PageJob): BenchClient {
  const crypto: CryptoProvider = job.provider === 'webcrypto' ? createWebCryptoProvider(globalThis.crypto.subtle) : nobleProvider;
  const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(job.ca) });
  // P-256 only, offered and as the key share (0x0017 = secp256r1), as in the Node subtls table.
  const groups = job.group === 'p256' ? { groups: [0x0017], keyShareGroups: [0x0017] } : {};
  const config = { serverName: 'localhost', verifier, crypto, cipherSuites: [0x1301], ...groups };
  let group = '?';
  return {
    get group() {
      return group;
    },
    async handshake() {
      const t0 = performance.now();
      const conn = await connectOverWebSocket(job.relay, config);
      const ms = performance.now() - t0;
      group = conn.info.groupName ?? "none";
      // close_notify, then wait for the WebSocket's close (conn.close() does not), so that the next
      // connection does not queue behind this one at s_server, which serves one at a time.
      await conn.close();
      await conn.closed;
      return ms;
    },
    async download() {
      const conn = await connectOverWebSocket(job.relay, config);
      try {
        const t0 = performance.now();
        await conn.write('GET /big.bin HTTP/1.0\r\n\r\n');
        let bytes = 0;
        for await (const chunk of conn) bytes += chunk.length;
        return { bytes, ms: performance.now() - t0 };
      } finally {
        // Also after a failure: an open connection would hold s_server (one connection at a time).
        await conn.close();
        await conn.closed;
      }
    },
  };
}

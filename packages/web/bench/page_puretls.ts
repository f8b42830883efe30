/**
 * puretls's part of the benchmark page (bench/page.ts): `connectOverWebSocket` through the relay,
 * with the WebCrypto provider (AES-GCM on the page's crypto.subtle, asynchronous record lane) or
 * noble, and X25519 (the default key share) or P-256 only (what subtls has).
 */
import { createWebCryptoProvider, nobleProvider, type CryptoProvider } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverWebSocket } from '../src/index.js';
import type { BrowserBenchResult, PageJob } from './page.js';

/**
 * Fills `result` with `job.handshakes` handshake times (after `job.warmup` untimed) and `job.downloads`
 * downloads; throws the first failure.
 *
 * @example
 * await runPuretls({ client: 'puretls', provider: 'noble', group: 'x25519', relay, ca, warmup: 5, handshakes: 50, downloads: 3 }, result);
 */
export async function runPuretls(job: PageJob, result: BrowserBenchResult): Promise<void> {
  const crypto: CryptoProvider = job.provider === 'webcrypto' ? createWebCryptoProvider(globalThis.crypto.subtle) : nobleProvider;
  const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(job.ca) });
  // P-256 only, offered and as the key share (0x0017 = secp256r1), as in the Node subtls table.
  const groups = job.group === 'p256' ? { groups: [0x0017], keyShareGroups: [0x0017] } : {};
  const config = { serverName: 'localhost', verifier, crypto, cipherSuites: [0x1301], ...groups };
  for (let i = 0; i < job.warmup + job.handshakes; i++) {
    const t0 = performance.now();
    const conn = await connectOverWebSocket(job.relay, config);
    const ms = performance.now() - t0;
    if (i === 0) result.firstHandshakeMs = ms;
    if (i >= job.warmup) result.handshakeMs.push(ms);
    result.group = conn.info.groupName;
    // close_notify, then wait for the WebSocket's close (conn.close() does not), so that the next
    // handshake does not queue behind this one at s_server, which serves one connection at a time.
    await conn.close();
    await conn.closed;
  }
  for (let i = 0; i < job.downloads; i++) {
    const conn = await connectOverWebSocket(job.relay, config);
    const t0 = performance.now();
    await conn.write('GET /big.bin HTTP/1.0\r\n\r\n');
    let bytes = 0;
    for await (const chunk of conn) bytes += chunk.length;
    result.downloads.push({ bytes, ms: performance.now() - t0 });
    await conn.close();
    await conn.closed;
  }
}

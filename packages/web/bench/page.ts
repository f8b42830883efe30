/**
 * The page of the Chromium benchmark (bench/browser.ts): through the relay to `openssl s_server
 * -WWW`, with the provider the query names (`webcrypto`: AES-GCM on the page's crypto.subtle
 * through the asynchronous record lane; `noble`: pure JavaScript), it times `handshakes` verified
 * handshakes and one download of `/big.bin`, then writes a {@link BrowserBenchResult} into
 * `<pre id="result">`.
 */
import { createWebCryptoProvider, nobleProvider, type CryptoProvider } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverWebSocket } from '../src/index.js';

/**
 * What the page reports: handshake times in ms, the download's bytes and ms.
 *
 * @example
 * const r = JSON.parse(document.getElementById('result')!.textContent!) as BrowserBenchResult;
 */
export interface BrowserBenchResult {
  ok: boolean;
  handshakeMs: number[];
  downloadBytes: number;
  downloadMs: number;
  error?: string;
}

async function run(q: URLSearchParams): Promise<BrowserBenchResult> {
  const result: BrowserBenchResult = { ok: false, handshakeMs: [], downloadBytes: 0, downloadMs: 0 };
  try {
    const crypto: CryptoProvider = q.get('provider') === 'webcrypto' ? createWebCryptoProvider(globalThis.crypto.subtle) : nobleProvider;
    const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(q.get('ca')!) });
    const config = { serverName: 'localhost', verifier, crypto, cipherSuites: [0x1301] };
    const relay = q.get('relay')!;
    for (let i = 0; i < Number(q.get('handshakes')); i++) {
      const t0 = performance.now();
      const conn = await connectOverWebSocket(relay, config);
      result.handshakeMs.push(performance.now() - t0);
      await conn.close();
    }
    const t0 = performance.now();
    const conn = await connectOverWebSocket(relay, config);
    await conn.write('GET /big.bin HTTP/1.0\r\n\r\n');
    for await (const chunk of conn) result.downloadBytes += chunk.length;
    result.downloadMs = performance.now() - t0;
    await conn.close();
    result.ok = true;
  } catch (e) {
    result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return result;
}

void run(new URLSearchParams(location.search)).then((r) => {
  document.getElementById('result')!.textContent = JSON.stringify(r);
});

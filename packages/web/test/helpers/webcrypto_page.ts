/**
 * The page of the WebCrypto browser check: connects through the relay with the WebCrypto provider
 * on the page's own `crypto.subtle` (counting its calls), verifies the chain, sends a GET, and
 * writes a {@link WebCryptoPageResult} as JSON into `<pre id="result">`.
 */
import { createWebCryptoProvider, type WebCryptoSubtle } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverWebSocket } from '../../src/index.js';

/**
 * What the page reports.
 *
 * @example
 * const r = JSON.parse(document.getElementById('result')!.textContent!) as WebCryptoPageResult;
 */
export interface WebCryptoPageResult {
  ok: boolean;
  cipherSuite?: string;
  answer?: string;
  /** Calls made to the page's crypto.subtle. */
  calls: { importKey: number; encrypt: number; decrypt: number };
  error?: string;
}

const calls = { importKey: 0, encrypt: 0, decrypt: 0 };
const native = globalThis.crypto.subtle;
/** The page's crypto.subtle, with each call counted. */
const counted: WebCryptoSubtle = {
  importKey: (...a) => { calls.importKey++; return native.importKey(...a); },
  encrypt: (alg, key, data) => { calls.encrypt++; return native.encrypt(alg, key as CryptoKey, data); },
  decrypt: (alg, key, data) => { calls.decrypt++; return native.decrypt(alg, key as CryptoKey, data); },
};

async function run(q: URLSearchParams): Promise<WebCryptoPageResult> {
  try {
    const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(q.get('ca')!) });
    const crypto = createWebCryptoProvider(counted);
    const conn = await connectOverWebSocket(q.get('relay')!, { serverName: 'localhost', verifier, crypto, cipherSuites: [0x1301, 0x1302] }, { signal: AbortSignal.timeout(30_000) });
    await conn.write('GET / HTTP/1.0\r\nHost: localhost\r\n\r\n');
    const decoder = new TextDecoder();
    let answer = '';
    for await (const chunk of conn) answer += decoder.decode(chunk, { stream: true });
    await conn.close();
    return { ok: true, cipherSuite: conn.info.cipherSuiteName, answer, calls };
  } catch (e) {
    return { ok: false, calls, error: e instanceof Error ? `${e.name}: ${e.message}` : String(e) };
  }
}

void run(new URLSearchParams(location.search)).then((r) => {
  document.getElementById('result')!.textContent = JSON.stringify(r);
});

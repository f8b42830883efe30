/**
 * The page of the Chromium benchmark (bench/browser.ts). The query names the client and its
 * settings ({@link PageJob}); the page runs `warmup` untimed then `handshakes` timed verified
 * handshakes and `downloads` downloads of `/big.bin` through the relay to `openssl s_server -WWW`, then
 * resolves `globalThis.benchResult` with a {@link BrowserBenchResult} (also shown as JSON in
 * `<pre id="result">`). Both clients are timed the same way: a handshake from just before
 * `new WebSocket` to handshake complete; the download from the request being written to the last
 * byte.
 */
import { runPuretls } from './page_puretls.js';
import { runRaw } from './page_raw.js';
import { runSubtls } from './page_subtls.js';

/**
 * What the page is asked to measure: `puretls` with a provider and a key-exchange group, or
 * `subtls` (which has only P-256 and its own WebCrypto), or `raw`: the download alone, no TLS.
 *
 * @example
 * const job: PageJob = { client: 'puretls', provider: 'webcrypto', group: 'p256', relay: 'ws://127.0.0.1:1/', ca, warmup: 5, handshakes: 50 };
 */
export interface PageJob {
  client: 'puretls' | 'subtls' | 'raw';
  provider: 'webcrypto' | 'noble';
  group: 'x25519' | 'p256';
  relay: string;
  ca: string;
  /** Handshakes run first and not timed (the page's code is still being compiled and optimised). */
  warmup: number;
  handshakes: number;
  /** Downloads of `/big.bin`, one after the other, each on a new connection. */
  downloads: number;
}

/**
 * What the page reports: handshake times in ms, each download's bytes and ms, the group that was
 * negotiated, and the first failure (after which nothing more is measured).
 *
 * @example
 * const r = JSON.parse(document.getElementById('result')!.textContent!) as BrowserBenchResult;
 */
export interface BrowserBenchResult {
  ok: boolean;
  /** The page's very first handshake (cold: nothing compiled yet), one of the warm-up ones. */
  firstHandshakeMs?: number;
  handshakeMs: number[];
  downloads: { bytes: number; ms: number }[];
  group?: string;
  error?: string;
}

async function run(q: URLSearchParams): Promise<BrowserBenchResult> {
  const job: PageJob = {
    client: q.get('client') === 'subtls' ? 'subtls' : q.get('client') === 'raw' ? 'raw' : 'puretls',
    provider: q.get('provider') === 'noble' ? 'noble' : 'webcrypto',
    group: q.get('group') === 'p256' ? 'p256' : 'x25519',
    relay: q.get('relay')!,
    ca: q.get('ca')!,
    warmup: Number(q.get('warmup')),
    handshakes: Number(q.get('handshakes')),
    downloads: Number(q.get('downloads')),
  };
  const result: BrowserBenchResult = { ok: false, handshakeMs: [], downloads: [] };
  try {
    await (job.client === 'subtls' ? runSubtls(job, result) : job.client === 'raw' ? runRaw(job, result) : runPuretls(job, result));
    result.ok = true;
  } catch (e) {
    result.error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  }
  return result;
}

// The driver awaits this promise through page.evaluate: no polling (playwright's waitForFunction
// polls every animation frame, which keeps the page producing frames during the measurement).
(globalThis as { benchResult?: Promise<BrowserBenchResult> }).benchResult = run(new URLSearchParams(location.search)).then((r) => {
  document.getElementById('result')!.textContent = JSON.stringify(r);
  return r;
});

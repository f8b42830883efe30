/**
 * The page of the Chromium benchmark (bench/browser.ts). The query names the client and its
 * settings ({@link PageJob}); the page sets `globalThis.bench` to a promise of a {@link BenchClient}
 * that the driver calls through page.evaluate, a round at a time, so that the rows' measurements
 * interleave. Every client is timed the same way: a handshake from just before `new WebSocket` to
 * handshake complete; a download from the request being written to the last byte.
 */
import { createPuretls } from './page_puretls.js';
import { createRaw } from './page_raw.js';
import { createSubtls } from './page_subtls.js';

/**
 * What the page measures: `puretls` with a provider and a key-exchange group, `subtls` (which has
 * only P-256 and its own WebCrypto), or `raw`: downloads alone, no TLS.
 *
 * @example
 * const job: PageJob = { client: 'puretls', provider: 'webcrypto', group: 'p256', relay: 'ws://127.0.0.1:1/', ca };
 */
export interface PageJob {
  client: 'puretls' | 'subtls' | 'raw';
  provider: 'webcrypto' | 'noble';
  group: 'x25519' | 'p256';
  relay: string;
  ca: string;
}

/**
 * One client, ready to measure. Failures are thrown (page.evaluate hands them to the driver).
 *
 * @example
 * const ms = await client.handshake(); const { bytes, ms: dl } = await client.download();
 */
export interface BenchClient {
  /** The group negotiated (`-` without TLS). */
  readonly group: string;
  /** One verified handshake on a new WebSocket, closed again; its time in ms. */
  handshake(): Promise<number>;
  /** GET /big.bin on a new connection: the bytes received and the ms from request to last byte. */
  download(): Promise<{ bytes: number; ms: number }>;
}

/**
 * What the driver calls: `n` handshakes (their times), or one download.
 *
 * @example
 * const times = await page.evaluate((n) => globalThis.bench!.then((b) => b.handshakes(n)), 10);
 */
export interface PageApi {
  group(): string;
  handshakes(n: number): Promise<number[]>;
  download(): Promise<{ bytes: number; ms: number }>;
}

declare global {
  var bench: Promise<PageApi> | undefined;
}

async function start(q: URLSearchParams): Promise<PageApi> {
  const job: PageJob = {
    client: q.get('client') === 'subtls' ? 'subtls' : q.get('client') === 'raw' ? 'raw' : 'puretls',
    provider: q.get('provider') === 'noble' ? 'noble' : 'webcrypto',
    group: q.get('group') === 'p256' ? 'p256' : 'x25519',
    relay: q.get('relay')!,
    ca: q.get('ca')!,
  };
  const client = job.client === 'subtls' ? await createSubtls(job) : job.client === 'raw' ? createRaw(job) : createPuretls(job);
  return {
    group: () => client.group,
    handshakes: async (n) => {
      const times: number[] = [];
      for (let i = 0; i < n; i++) times.push(await client.handshake());
      return times;
    },
    download: () => client.download(),
  };
}

// Set while the module runs, so it is there by the load event that the driver's goto waits for.
globalThis.bench = start(new URLSearchParams(location.search));

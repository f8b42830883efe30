/**
 * The transport's own ceiling, for the benchmark page (bench/page.ts): a WebSocket through the
 * same relay code to a plain TCP server that answers the same request with the same bytes, and no
 * TLS at either end. Timed as the clients' downloads are: request sent to last byte received.
 */
import type { BrowserBenchResult, PageJob } from './page.js';

/**
 * Fills `result` with `job.downloads` downloads (no handshakes); throws if a WebSocket never opens.
 *
 * @example
 * await runRaw({ client: 'raw', provider: 'webcrypto', group: 'p256', relay: rawRelay, ca, warmup: 0, handshakes: 0, downloads: 3 }, result);
 */
export async function runRaw(job: PageJob, result: BrowserBenchResult): Promise<void> {
  result.group = '-'; // no key exchange
  for (let i = 0; i < job.downloads; i++) result.downloads.push(await download(job.relay));
}

/** One download on a new WebSocket: request sent to last message received. */
async function download(relay: string): Promise<{ bytes: number; ms: number }> {
  const ws = new WebSocket(relay);
  ws.binaryType = 'arraybuffer';
  const closed = new Promise<void>((r) => ws.addEventListener('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    void closed.then(() => reject(new Error('the WebSocket closed before it opened')));
  });
  let bytes = 0;
  let last = 0;
  ws.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
    bytes += e.data.byteLength;
    last = performance.now();
  });
  const t0 = performance.now();
  ws.send(new TextEncoder().encode('GET /big.bin HTTP/1.0\r\n\r\n'));
  await closed; // the server ends the TCP connection after the file; the relay then closes
  return { bytes, ms: last - t0 };
}

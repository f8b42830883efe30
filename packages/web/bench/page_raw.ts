/**
 * The transport's own ceiling, for the benchmark page (bench/page.ts): a WebSocket through the
 * same relay code to a plain TCP server that answers the same request with the same bytes, and no
 * TLS at either end. Timed as the clients' downloads are: request sent to last byte received.
 */
import type { BrowserBenchResult, PageJob } from './page.js';

/**
 * Fills `result` with one download (no handshakes); throws if the WebSocket never opens.
 *
 * @example
 * await runRaw({ client: 'raw', provider: 'webcrypto', group: 'p256', relay: rawRelay, ca, warmup: 0, handshakes: 0 }, result);
 */
export async function runRaw(job: PageJob, result: BrowserBenchResult): Promise<void> {
  const ws = new WebSocket(job.relay);
  ws.binaryType = 'arraybuffer';
  const closed = new Promise<void>((r) => ws.addEventListener('close', () => r()));
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    void closed.then(() => reject(new Error('the WebSocket closed before it opened')));
  });
  result.group = '-'; // no key exchange
  let last = 0;
  ws.addEventListener('message', (e: MessageEvent<ArrayBuffer>) => {
    result.downloadBytes += e.data.byteLength;
    last = performance.now();
  });
  const t0 = performance.now();
  ws.send(new TextEncoder().encode('GET /big.bin HTTP/1.0\r\n\r\n'));
  await closed; // the server ends the TCP connection after the file; the relay then closes
  result.downloadMs = last - t0;
}

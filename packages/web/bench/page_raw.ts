/**
 * The transport's own ceiling, for the benchmark page (bench/page.ts): a WebSocket through the
 * same relay code to a plain TCP server that answers the same request with the same bytes, and no
 * TLS at either end. Timed as the clients' downloads are: request sent to last byte received.
 */
import type { BenchClient, PageJob } from './page.js';

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

/**
 * Downloads without TLS; there is no handshake to time.
 *
 * @example
 * const { bytes, ms } = await createRaw({ client: 'raw', provider: 'webcrypto', group: 'p256', relay: rawRelay, ca }).download();
 */
export function createRaw(job: PageJob): BenchClient {
  return {
    group: '-',
    handshake: () => Promise.reject(new Error('no handshake without TLS')),
    download: () => download(job.relay),
  };
}

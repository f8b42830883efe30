/**
 * subtls's client for the benchmark page (bench/page.ts): subtls 0.5.0 (TLS 1.3 on the page's
 * SubtleCrypto; P-256 key exchange only, TLS_AES_128_GCM_SHA256) over a WebSocket to the same
 * relay, fed by WebSocketReadQueue (subtls's own queue of WebSocket messages); the chain is
 * verified to the same root. Driven as packages/node/bench/subtls_worker.ts drives it in Node.
 */
import { startTls, TrustedCert, WebSocketReadQueue } from 'subtls';
import type { BenchClient, PageJob } from './page.js';

type Roots = Awaited<ReturnType<typeof TrustedCert.databaseFromPEM>>;

/**
 * A WebSocket to the relay and subtls's handshake over it. startTls resolves once the server's
 * Finished is verified; subtls sends its own Finished with the first write (or read), so the
 * handshake time excludes that one send (the same in Node).
 */
async function open(relay: string, roots: Roots) {
  const t0 = performance.now();
  const ws = new WebSocket(relay);
  ws.binaryType = 'arraybuffer'; // WebSocketReadQueue wraps each message's data in a Uint8Array
  const closed = new Promise<void>((r) => ws.addEventListener('close', () => r()));
  const queue = new WebSocketReadQueue(ws);
  await new Promise<void>((resolve, reject) => {
    ws.addEventListener('open', () => resolve());
    void closed.then(() => reject(new Error('the WebSocket closed before it opened')));
  });
  try {
    const tls = await startTls('localhost', roots, queue.read.bind(queue), (d) => ws.send(d as Uint8Array<ArrayBuffer>)); // subtls's own buffers, never shared
    return { ws, tls, closed, ms: performance.now() - t0 };
  } catch (e) {
    // subtls leaves the socket open when it fails: s_server, which serves one connection at a
    // time, would wait on it, and every later connection of every row behind it.
    ws.close();
    throw e;
  }
}

/**
 * subtls with the job's root (parsed once, outside the timing, as puretls's TrustStore is).
 *
 * @example
 * const client = await createSubtls({ client: 'subtls', provider: 'webcrypto', group: 'p256', relay, ca });
 */
export async function createSubtls(job: PageJob): Promise<BenchClient> {
  const roots = await TrustedCert.databaseFromPEM(job.ca);
  return {
    group: 'secp256r1', // the only group subtls offers
    async handshake() {
      const c = await open(job.relay, roots);
      // subtls has no close_notify: the WebSocket (and so the relay's TCP connection) is closed,
      // and its close awaited so that the next connection does not queue behind this one.
      c.ws.close();
      await c.closed;
      return c.ms;
    },
    async download() {
      const c = await open(job.relay, roots);
      try {
        const t0 = performance.now();
        await c.tls.write(new TextEncoder().encode('GET /big.bin HTTP/1.0\r\n\r\n'));
        // read() resolves undefined at the server's close_notify (or the WebSocket's end); a
        // throw is a failure, reported like any other.
        let bytes = 0;
        for (let d = await c.tls.read(); d !== undefined; d = await c.tls.read()) bytes += d.length;
        return { bytes, ms: performance.now() - t0 };
      } finally {
        c.ws.close();
        await c.closed;
      }
    },
  };
}

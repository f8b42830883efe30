// `ws` clients for the Node tests: one that sends a given Origin (a browser always sends one), and
// small waits on its events.
import { WebSocket } from 'ws';
import type { WebSocketConstructor } from '../../src/index.js';

/** The origin the tests' relays allow. */
export const ORIGIN = 'http://127.0.0.1:8000';

/** A `ws` WebSocket class that sends `origin`, in the shape `connectOverWebSocket` takes. */
export function wsWithOrigin(origin: string = ORIGIN): WebSocketConstructor {
  return class extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { origin });
    }
  };
}

/** Opens a ws client; resolves when open, rejects with the HTTP status if the upgrade is refused. */
export function openWs(url: string, origin: string | null = ORIGIN): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, origin === null ? {} : { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

/** Resolves with the close code once the ws client has closed (call before it can close). */
export function wsClosed(ws: WebSocket): Promise<number> {
  if (ws.readyState === ws.CLOSED) throw new Error('already closed: wait for close before it can happen');
  return new Promise((r) => ws.once('close', (code) => r(code)));
}

/** Resolves once `n` bytes have arrived on the ws client, with them. */
export function receiveBytes(ws: WebSocket, n: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let got = 0;
  return new Promise((resolve, reject) => {
    const onMessage = (d: Buffer) => {
      parts.push(d);
      got += d.length;
      if (got >= n) {
        ws.off('message', onMessage);
        resolve(Buffer.concat(parts));
      }
    };
    ws.on('message', onMessage);
    ws.once('close', () => got < n && reject(new Error(`closed after ${got} of ${n} bytes`)));
  });
}

/**
 * `connectOverWebSocket`: open a WebSocket (to a WebSocket-to-TCP relay), run the TLS 1.3
 * handshake over it, and hand back the connection.
 */
import { TlsClient, type ClientConfig } from '@puretls/core';
import { Channel, type WebSocketConstructor } from './channel.js';
import { handshakeOver, type WebTlsConnection } from './connection.js';
import { WebTransportError } from './errors.js';

/**
 * Options of {@link connectOverWebSocket}; every one has a default.
 *
 * @example
 * const options: WebSocketTlsOptions = { signal: AbortSignal.timeout(10_000), highWaterMark: 64 * 1024 };
 */
export interface WebSocketTlsOptions {
  /**
   * The WebSocket class. Default: the global `WebSocket` (browsers, Deno, Bun, Workers, Node 22+);
   * pass `ws`'s `WebSocket` in Node 20.
   */
  WebSocket?: WebSocketConstructor;
  /** WebSocket subprotocols to offer. Default: none. */
  protocols?: string | string[];
  /** Aborts opening the WebSocket and the handshake (e.g. `AbortSignal.timeout(10_000)`). */
  signal?: AbortSignal;
  /** `write()` waits while the WebSocket's `bufferedAmount` is above this. Default 256 KiB. */
  highWaterMark?: number;
  /**
   * Most received bytes kept for the reader. A standard WebSocket cannot be paused, so past this
   * the connection fails with `WebTransportError('inbound-overflow')` rather than grow without
   * bound. Default 8 MiB.
   */
  maxBufferedInbound?: number;
  /** Largest WebSocket message sent. Default 16 KiB (the relay's default limit is 64 KiB). */
  maxMessageBytes?: number;
}

/**
 * Opens a WebSocket to `url` (binary messages carry the TLS byte stream both ways), runs the TLS
 * 1.3 handshake with `config` (verifiers returning promises are awaited), and resolves with the
 * connection. Rejects with the engine's typed error (`CertificateError` for a refused chain,
 * `category: 'certificate'`) or a {@link WebTransportError} when the WebSocket never opened.
 *
 * @example
 * import { TrustStore, WebPkiVerifier } from '@puretls/x509';
 * const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(rootPem) });
 * const conn = await connectOverWebSocket('ws://127.0.0.1:8080', { serverName: 'localhost', verifier });
 * await conn.write('GET / HTTP/1.0\r\n\r\n');
 * console.log(conn.info.cipherSuiteName, new TextDecoder().decode(await conn.read() ?? undefined));
 */
export async function connectOverWebSocket(url: string, config: ClientConfig, options: WebSocketTlsOptions = {}): Promise<WebTlsConnection> {
  // The configuration is checked before any socket is opened.
  const client = new TlsClient(config);
  const Ctor = options.WebSocket ?? (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (Ctor === undefined) throw new WebTransportError('no-websocket', 'no global WebSocket: pass options.WebSocket (in Node 20, the ws package\'s)');
  const limits = {
    highWaterMark: options.highWaterMark ?? 256 * 1024,
    maxBufferedInbound: options.maxBufferedInbound ?? 8 * 1024 * 1024,
    maxMessageBytes: options.maxMessageBytes ?? 16 * 1024,
  };
  const opening = Channel.open(url, Ctor, limits, options.protocols, options.signal);
  // The first flight (the ClientHello, with its key shares: an elliptic-curve key generation in
  // JavaScript, most of a millisecond) is made while the WebSocket opens, and sent once it has.
  // A failure here is the engine's and it keeps it: the same call in handshakeOver throws it
  // again, then sends the alert and closes the WebSocket.
  try {
    client.handshake();
  } catch {
    // thrown again below
  }
  const channel = await opening;
  return handshakeOver(channel, client, options.signal);
}

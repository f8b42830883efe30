/**
 * `connectOverStreams`: the TLS 1.3 handshake over a pair of WHATWG streams (`Deno.connect()`,
 * Cloudflare Workers' `connect()`, `stream.Duplex.toWeb(socket)`), and the connection.
 *
 * @module
 */
import { TlsClient, type ClientConfig } from '@puretls/core';
import { handshakeOver, type WebTlsConnection } from './connection.js';
import { StreamChannel, type StreamPair } from './stream_channel.js';

/**
 * Options of {@link connectOverStreams}.
 *
 * @example
 * const options: StreamTlsOptions = { signal: AbortSignal.timeout(10_000) };
 */
export interface StreamTlsOptions {
  /**
   * Aborts the handshake (e.g. `AbortSignal.timeout(10_000)`): the promise rejects with
   * `WebTransportError('aborted')` and both streams are aborted / cancelled.
   */
  signal?: AbortSignal;
}

/**
 * Runs the TLS 1.3 handshake with `config` over `readable` / `writable` (verifiers returning
 * promises are awaited) and resolves with the connection: the same {@link WebTlsConnection} as
 * `connectOverWebSocket` gives. From the call on, the connection owns both streams (it locks
 * them; `close()` or a failure closes them).
 *
 * Backpressure is real both ways: the readable is read only when the engine needs bytes (at most
 * one chunk is held, so an application that stops reading stops the sender), and `write()`
 * waits for the writable's `writer.ready`. The end of the readable before the server's
 * close_notify is the engine's `UnexpectedEofError`; a readable that errors is a
 * `WebTransportError('stream-error')`; a refused chain is a `CertificateError`
 * (`category: 'certificate'`).
 *
 * @example
 * // Deno
 * import { TrustStore, WebPkiVerifier } from '@puretls/x509';
 * const verifier = new WebPkiVerifier({ roots: TrustStore.fromPem(rootPem) });
 * const conn = await connectOverStreams(await Deno.connect({ hostname: 'example.com', port: 443 }), { serverName: 'example.com', verifier });
 * await conn.write('GET / HTTP/1.0\r\nHost: example.com\r\n\r\n');
 * for await (const chunk of conn) console.log(new TextDecoder().decode(chunk));
 *
 * @example
 * // Node: a socket as web streams
 * import { connect } from 'node:net';
 * import { Duplex } from 'node:stream';
 * const socket = connect(443, 'example.com');
 * const conn = await connectOverStreams(Duplex.toWeb(socket), { serverName: 'example.com', verifier });
 */
export async function connectOverStreams(streams: StreamPair, config: ClientConfig, options: StreamTlsOptions = {}): Promise<WebTlsConnection> {
  // The configuration is checked before the streams are touched.
  const client = new TlsClient(config);
  return handshakeOver(new StreamChannel(streams), client, options.signal);
}

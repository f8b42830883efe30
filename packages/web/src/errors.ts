/**
 * The one error of the transports (WebSocket, WHATWG streams) that is not a TLS error: the
 * transport itself failed (it never opened, it was aborted, a stream errored, or the page let too
 * much unread data pile up). Everything that happens once TLS bytes flow is the engine's own typed
 * error (`TlsError` and its subclasses), including a transport that ended before close_notify
 * (`UnexpectedEofError`, a possible truncation).
 */

/**
 * Why a {@link WebTransportError} was raised.
 *
 * @example
 * if (e instanceof WebTransportError && e.problem === 'inbound-overflow') console.log('read faster');
 */
export type WebTransportProblem =
  /** The WebSocket closed or failed before it opened (relay down, refused Origin, bad URL). */
  | 'connect-failed'
  /** The caller's AbortSignal fired before the handshake completed. */
  | 'aborted'
  /**
   * More than `maxBufferedInbound` bytes arrived that the application had not read. A standard
   * WebSocket cannot be paused, so the only bounded answer is to stop.
   */
  | 'inbound-overflow'
  /** `write()` was called after the WebSocket (or the writable stream) closed: the data could not go anywhere. */
  | 'closed'
  /**
   * `connectOverStreams`: the readable stream errored (its error is the `cause`), gave something
   * other than bytes, or a stream was already locked.
   */
  | 'stream-error'
  /** The runtime has no WebSocket and none was passed in `options.WebSocket`. */
  | 'no-websocket';

/**
 * A failure of the transport underneath TLS. `category` is always `'transport'`, so code that
 * reports `TlsError.category` can report this one the same way.
 *
 * @example
 * try { await connectOverWebSocket(url, config); }
 * catch (e) { if (e instanceof WebTransportError && e.problem === 'connect-failed') showRelayDown(); }
 */
export class WebTransportError extends Error {
  override name = 'WebTransportError';
  /** Sits beside the engine's categories (`'certificate'`, `'peer-misbehaved'`, ...). */
  readonly category = 'transport' as const;
  constructor(
    /** What failed in the transport (see {@link WebTransportProblem}). */
    readonly problem: WebTransportProblem,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

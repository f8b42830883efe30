/**
 * The record layer's one hook for diagnostics (the client's `trace` option): each record as it
 * crosses the layer, in wire order. It lives here, below the client, so the record layer reports
 * without knowing what a trace event is; `client/trace.ts` turns these calls into `TraceEvent`s.
 */

/**
 * Called once per record queued for sending (`out`) or received and opened (`in`).
 * `contentType` and `length` are the outer header's (RFC 9846 §5.1); `isProtected` says the
 * record is under traffic keys; `innerType` is the TLSInnerPlaintext type of a protected record
 * (§5.2), undefined for an unprotected one and for a received protected record that failed to
 * open (its `content` is then empty). `content` is the plaintext (the inner content
 * for a protected record, without padding); observers must not keep or change it.
 *
 * @example
 * reader.observer = (dir, type, length, isProtected) => console.log(dir, type, length);
 */
export type RecordObserver = (
  direction: 'in' | 'out',
  contentType: number,
  length: number,
  isProtected: boolean,
  innerType: number | undefined,
  content: Uint8Array,
) => void;

/**
 * The `trace` option (`puretls connect --trace`, like `openssl s_client -msg`): what crosses the
 * wire, as {@link TraceEvent}s in wire order. The record layer reports each record through its
 * observer hook (`record/observer.ts`); this file turns those reports into records, alerts, the
 * compatibility CCS and whole handshake messages, joined from their fragments (RFC 9846 §5.1)
 * separately from the engine's own joiner so tracing cannot change what the engine accepts.
 *
 * Nothing secret is traced: no traffic keys, no application data, no random values (the
 * handshake summaries in `trace_fields.ts` name codepoints, lengths and counts only).
 */
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';
import type { RecordObserver } from '../record/observer.js';
import { handshakeFields } from './trace_fields.js';

/**
 * One thing seen on the wire, in wire order (`direction` `out` is what we send).
 *
 * - `record`: the outer content type and fragment length of one record (RFC 9846 §5.1);
 *   `protected` records carry `innerContentType`, the TLSInnerPlaintext type (§5.2), after
 *   decryption (in) or before encryption (out). A received record that fails to decrypt has none.
 * - `handshake`: one whole handshake message (§4); `length` counts its 4-byte header as
 *   `s_client -msg` does; `fields` is a decoded summary (cipher suites, groups, ALPN, ...), or
 *   `{ malformed }` when it did not decode.
 * - `alert`: an alert record's level and description (§6).
 * - `change_cipher_spec`: the compatibility CCS (§5, §E.4).
 *
 * @example
 * const events: TraceEvent[] = [];
 * new TlsClient({ serverName: 'example.com', verifier, trace: (e) => events.push(e) });
 */
export type TraceEvent =
  | { kind: 'record'; direction: 'in' | 'out'; contentType: number; length: number; protected: boolean; innerContentType?: number }
  | { kind: 'handshake'; direction: 'in' | 'out'; type: number; length: number; fields: Readonly<Record<string, string>> }
  | { kind: 'alert'; direction: 'in' | 'out'; level: number; description: number }
  | { kind: 'change_cipher_spec'; direction: 'in' | 'out' };

const EMPTY = new Uint8Array(0);

/** Handshake bytes of one direction not yet forming a whole message. */
class TraceJoiner {
  private pending: Uint8Array = EMPTY;

  /** Adds a fragment; returns the messages it completes (header included). */
  push(fragment: Uint8Array): Uint8Array[] {
    const buf = this.pending.length === 0 ? fragment : concat(this.pending, fragment);
    const out: Uint8Array[] = [];
    let at = 0;
    while (buf.length - at >= 4) {
      const len = (buf[at + 1]! << 16) | (buf[at + 2]! << 8) | buf[at + 3]!;
      // The engine refuses such a message itself (decode_error); the trace just stops joining.
      if (len > Limits.maxHandshakeMessage) {
        this.pending = EMPTY;
        return out;
      }
      if (buf.length - at < 4 + len) break;
      out.push(buf.subarray(at, at + 4 + len));
      at += 4 + len;
    }
    this.pending = at === buf.length ? EMPTY : buf.slice(at); // a copy: the engine owns `fragment`
    return out;
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a, 0);
  out.set(b, a.length);
  return out;
}

/**
 * The record observer that reports to `sink`, for the reader and the writer of one connection.
 * Events for what a record carries follow the record's own event.
 *
 * @example
 * const observe = traceObserver((e) => console.log(e.kind));
 * reader.observer = observe;
 * writer.observer = observe;
 */
export function traceObserver(sink: (event: TraceEvent) => void): RecordObserver {
  const joiners = { in: new TraceJoiner(), out: new TraceJoiner() };
  return (direction, contentType, length, isProtected, innerType, content) => {
    sink(innerType === undefined
      ? { kind: 'record', direction, contentType, length, protected: isProtected }
      : { kind: 'record', direction, contentType, length, protected: true, innerContentType: innerType });
    if (isProtected && innerType === undefined) return; // it did not open: nothing more to say
    const type = innerType ?? contentType;
    if (type === ContentType.change_cipher_spec) {
      sink({ kind: 'change_cipher_spec', direction });
    } else if (type === ContentType.alert) {
      // A malformed alert is the engine's to refuse (decode_error); the record event shows it.
      if (content.length === 2) sink({ kind: 'alert', direction, level: content[0]!, description: content[1]! });
    } else if (type === ContentType.handshake) {
      for (const m of joiners[direction].push(content)) {
        sink({ kind: 'handshake', direction, type: m[0]!, length: m.length, fields: handshakeFields(m[0]!, m.subarray(4)) });
      }
    }
  };
}

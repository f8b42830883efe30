// The server as an attacker, on the RFC 8448 §3 trace (deterministic: the client's randomness and
// clock come from the trace). Properties:
// - any split of the server's bytes into chunks gives the same handshake, byte for byte;
// - any mutation, truncation or insertion in the server's flight ends in a TlsError with its alert
//   queued (never a RangeError, a TypeError or a hang), or, if the change was one the protocol
//   ignores (legacy_record_version), in the very same handshake;
// - random bytes in place of the server's flight end in a TlsError.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError, TlsClient, TlsError } from '../../src/index.js';
import { nssConfig } from '../helpers/nss_client.js';
import { hex, loadTrace, toHex } from '../helpers/vectors.js';

/** Property runs are bounded by numRuns; this is several times their normal duration, for a loaded 2-core machine. */
const PROPERTY_TIMEOUT_MS = 60_000;

const t = loadTrace('simple-1rtt.json');
const flight = hex(t.Record_ServerHello! + t.Record_ServerHandshakeMessages!);

/** A client that has sent its ClientHello (byte-exact with the trace). */
function started(): TlsClient {
  const client = new TlsClient(nssConfig(t, { ffdhe: true, ticket: true, compat: false }));
  expect(client.handshake()).toBe('want-write');
  expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);
  return client;
}

type Outcome = { kind: 'ok'; finished: string } | { kind: 'error'; error: TlsError; alertQueued: boolean };

/**
 * Feeds `chunks` as the network would, driving the handshake after each; then end of stream. Every
 * call must make progress or ask for input, so the loop is bounded by the bytes fed.
 */
function run(chunks: readonly Uint8Array[]): Outcome {
  const client = started();
  let sent = '';
  try {
    for (const chunk of chunks) {
      let rest = chunk;
      while (rest.length > 0) {
        const taken = client.receive(rest);
        rest = rest.subarray(taken);
        const status = client.handshake();
        sent += toHex(client.takeOutgoing());
        if (status === 'ok') return { kind: 'ok', finished: sent };
        if (taken === 0 && status === 'want-read') throw new Error('engine accepted nothing and wants more: a stall');
      }
    }
    client.receiveEof();
    const status = client.handshake();
    sent += toHex(client.takeOutgoing());
    if (status === 'ok') return { kind: 'ok', finished: sent };
    throw new Error(`handshake ended in ${status} after end of stream`);
  } catch (e) {
    if (!(e instanceof TlsError)) throw e; // a raw error fails the property
    // fail() wraps stray exceptions (RangeError, TypeError) in InternalError: peer input must never cause one.
    if (e instanceof InternalError) throw e;
    const alert = client.takeOutgoing();
    return { kind: 'error', error: e, alertQueued: alert.length > 0 };
  }
}

/** Splits bytes at the given cut points. */
function split(bytes: Uint8Array, cuts: number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const p of [...points, bytes.length]) {
    out.push(bytes.subarray(from, p));
    from = p;
  }
  return out.filter((c) => c.length > 0);
}

const reference = run([flight]);

describe('a hostile server (RFC 8448 §3 trace)', () => {
  it('the unmodified flight completes with the trace\'s Finished', () => {
    expect(reference).toEqual({ kind: 'ok', finished: t.Record_ClientFinished });
  });

  it('any chunking of the flight gives the same handshake, byte for byte', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 40 }), (cuts) => {
      expect(run(split(flight, cuts))).toEqual(reference);
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('any mutation ends in a TlsError with its alert queued, or changes nothing', () => {
    const mutation = fc.record({ kind: fc.constantFrom('flip', 'set', 'insert', 'delete', 'truncate'), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) });
    fc.assert(fc.property(mutation, fc.array(fc.nat(), { maxLength: 5 }), (m, cuts) => {
      const i = m.at % flight.length;
      const b = Array.from(flight);
      if (m.kind === 'flip') b[i] = b[i]! ^ (1 << (m.value % 8));
      else if (m.kind === 'set') b[i] = m.value;
      else if (m.kind === 'insert') b.splice(i, 0, m.value);
      else if (m.kind === 'delete') b.splice(i, 1);
      else b.length = i;
      const out = run(split(Uint8Array.from(b), cuts));
      if (out.kind === 'ok') expect(out).toEqual(reference);
      // We send the alert of every error we raise; none for one we received, none for a bare EOF.
      else expect(out.alertQueued).toBe(out.error.alert !== undefined && out.error.category !== 'alert-received');
    }), { numRuns: 1500 });
  }, PROPERTY_TIMEOUT_MS);

  it('random bytes in place of the flight end in a TlsError', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 1, maxLength: 2000 }), (bytes) => {
      expect(run([bytes]).kind).toBe('error');
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);

  it('random records (valid headers, random bodies) end in a TlsError', () => {
    const record = fc.record({ type: fc.constantFrom(20, 21, 22, 23, 24), body: fc.uint8Array({ maxLength: 300 }) })
      .map(({ type, body }) => Uint8Array.from([type, 3, 3, body.length >> 8, body.length & 0xff, ...body]));
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 6 }), (records) => {
      expect(run(records).kind).toBe('error');
    }), { numRuns: 500 });
  }, PROPERTY_TIMEOUT_MS);
});

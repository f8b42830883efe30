// The record layer's asynchronous AEAD lane (Aead.sealAsync / openAsync, reported as want-async),
// driven with a gated AEAD whose operations the test releases in shuffled order. Two clients with
// the same random bytes are fed the same server bytes: one on the synchronous noble AEAD, one on
// the gated lane. Their ciphertext streams must be byte for byte the same, plaintext must come in
// record order, a bad record is bad_record_mac with nothing of the records after it delivered.
import { describe, expect, it } from 'vitest';
import { Limits, nobleProvider, TlsClient, type Aead, type ReadResult, type TlsError } from '../../src/index.js';
import { Gate, gatedProvider, settle, shuffled } from '../helpers/provider_conformance/gated.js';
import { acceptAll, recordTypes } from '../helpers/scripted_client.js';
import { concat, ScriptedServer } from '../helpers/scripted_server.js';

/** A deterministic random source: the same bytes for both twins. */
function counterRandom(): (n: number) => Uint8Array {
  let c = 1;
  return (n) => Uint8Array.from({ length: n }, () => (c = (c * 73 + 11) & 0xff));
}

/** A connected pair of twins (synchronous and gated) and the scripted server they both talk to. */
function twins() {
  const gate = new Gate();
  const server = new ScriptedServer();
  const make = (crypto = nobleProvider) => new TlsClient({ serverName: 'server', verifier: acceptAll, random: counterRandom(), now: () => 1_700_000_000_000, crypto });
  const sync = make();
  const lane = make(gatedProvider(nobleProvider, gate));
  for (let i = 0; i < 6 && !(sync.isHandshakeComplete && lane.isHandshakeComplete && sync.outgoingLength === 0); i++) {
    sync.handshake();
    lane.handshake();
    const out = sync.takeOutgoing();
    expect(lane.takeOutgoing()).toEqual(out);
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    for (const c of [sync, lane]) expect(c.receive(answer)).toBe(answer.length);
  }
  expect(lane.isHandshakeComplete).toBe(true);
  expect(gate.started).toBe(0); // the handshake epoch is synchronous
  return { gate, server, sync, lane };
}

/** A client on a provider whose AEADs are `wrap`ped, connected to a fresh scripted server. */
function twinsWith(wrap: (aead: Aead) => Aead): TlsClient {
  const server = new ScriptedServer();
  const crypto = { ...nobleProvider, cipherSuites: nobleProvider.cipherSuites.map((s) => ({ ...s, aead: { ...s.aead, create: (k: Uint8Array) => wrap(s.aead.create(k)) } })) };
  const c = new TlsClient({ serverName: 'server', verifier: acceptAll, crypto });
  for (let i = 0; i < 4; i++) {
    c.handshake();
    const out = c.takeOutgoing();
    if (out.length > 0) c.receive(server.respond(out));
  }
  expect(c.isHandshakeComplete).toBe(true);
  return c;
}

const pattern = (n: number, salt = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + salt) & 0xff);

/** Writes all of `data` synchronously; returns the bytes sent. */
function writeSync(c: TlsClient, data: Uint8Array): Uint8Array {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    const r = c.write(data.subarray(at));
    out.push(c.takeOutgoing());
    if (r.status === 'ok') at += r.written;
  }
  return concat(out);
}

/** Writes all of `data` on the lane, releasing the seals in shuffled order; returns the bytes sent. */
async function writeLane(c: TlsClient, gate: Gate, data: Uint8Array, seed: number): Promise<Uint8Array> {
  const out: Uint8Array[] = [];
  for (let at = 0; at < data.length; ) {
    const r = c.write(data.subarray(at));
    out.push(c.takeOutgoing());
    if (r.status === 'ok') at += r.written;
    else if (r.status === 'want-async') {
      expect(gate.held).toBeLessThanOrEqual(Limits.maxRecordsInFlight);
      expect(c.pendingWork()).toBeDefined();
      await gate.releaseShuffled(seed++);
    }
  }
  return concat(out);
}

/** Feeds `bytes` and reads on the lane until eof, an error or the bytes run out; releases opens shuffled. */
async function readLane(c: TlsClient, gate: Gate, bytes: Uint8Array, seed: number) {
  const chunks: Uint8Array[] = [];
  let error: TlsError | undefined;
  let at = 0;
  for (let i = 0; i < 10_000; i++) {
    at += c.receive(bytes.subarray(at));
    let r: ReadResult;
    try {
      r = c.read();
    } catch (e) {
      error = e as TlsError;
      break;
    }
    if (r.status === 'ok') chunks.push(r.data);
    else if (r.status === 'eof') break;
    else if (r.status === 'want-async') {
      // After a KeyUpdate, opens started ahead under the old keys still run beside those started
      // again under the new ones (their results are dropped): at most twice the limit.
      expect(gate.held).toBeLessThanOrEqual(2 * Limits.maxRecordsInFlight);
      await gate.releaseShuffled(seed++);
    } else if (r.status === 'want-read' && at === bytes.length) break;
  }
  return { chunks, error };
}

/** The same with the synchronous twin. */
function readSync(c: TlsClient, bytes: Uint8Array) {
  const chunks: Uint8Array[] = [];
  let error: TlsError | undefined;
  for (let at = 0; ; ) {
    at += c.receive(bytes.subarray(at));
    let r: ReadResult;
    try {
      r = c.read();
    } catch (e) {
      error = e as TlsError;
      break;
    }
    if (r.status === 'ok') chunks.push(r.data);
    else if (r.status === 'eof' || at === bytes.length) break;
  }
  return { chunks, error };
}

describe('asynchronous AEAD lane: writing', () => {
  it('seals released out of order leave in order, byte for byte the synchronous records', async () => {
    const { gate, server, sync, lane } = twins();
    const data = pattern(50_000);
    const r = lane.write(data);
    expect(r.status).toBe('want-async');
    expect(gate.held).toBe(4);
    expect(lane.takeOutgoing().length).toBe(0);
    await gate.release([2, 3, 1]); // everything but the first record
    expect(lane.outgoingLength).toBe(0); // nothing leaves before the first record
    expect(lane.write(data).status).toBe('want-async');
    const work = lane.pendingWork()!;
    await gate.release([0]);
    await work;
    expect(lane.write(data)).toEqual({ status: 'ok', written: 50_000 });
    const sent = lane.takeOutgoing();
    expect(sent).toEqual(writeSync(sync, data));
    server.respond(sent);
    expect(concat(server.received)).toEqual(data);
  });

  it('a bulk write over many calls, a KeyUpdate between, close_notify last: the synchronous stream', async () => {
    const { gate, server, sync, lane } = twins();
    const a = pattern(200_001, 1);
    const b = pattern(70_000, 2);
    const expected = [writeSync(sync, a)];
    sync.requestKeyUpdate(false);
    expected.push(sync.takeOutgoing(), writeSync(sync, b));
    expect(sync.shutdown()).toBe('want-write');
    expected.push(sync.takeOutgoing());
    const got = [await writeLane(lane, gate, a, 7)];
    lane.requestKeyUpdate(false);
    got.push(lane.takeOutgoing(), await writeLane(lane, gate, b, 99));
    expect(lane.shutdown()).toBe('want-write');
    got.push(lane.takeOutgoing());
    expect(concat(got)).toEqual(concat(expected));
    server.respond(concat(got));
    expect(concat(server.received)).toEqual(concat([a, b]));
    expect(server.receivedKeyUpdates).toEqual([0]);
    expect(server.receivedAlerts).toEqual([[1, 0]]);
  });

  it('close_notify while seals are in flight: they are finished synchronously and it follows them at once', async () => {
    const { gate, server, sync, lane } = twins();
    const data = pattern(40_000, 3);
    expect(lane.write(data).status).toBe('want-async');
    expect(lane.shutdown()).toBe('want-write');
    const sent = lane.takeOutgoing();
    expect(lane.shutdown()).toBe('ok');
    const expected = writeSync(sync, data);
    sync.shutdown();
    expect(sent).toEqual(concat([expected, sync.takeOutgoing()]));
    await gate.releaseShuffled(5); // late results change nothing
    expect(lane.takeOutgoing().length).toBe(0);
    server.respond(sent);
    expect(concat(server.received)).toEqual(data);
    expect(server.receivedAlerts).toEqual([[1, 0]]);
  });

  it('a seal that rejects fails the connection with internal_error; the alert still goes out', async () => {
    const failing = twinsWith((aead) => ({ seal: (n, p, a) => aead.seal(n, p, a), open: (n, c, a) => aead.open(n, c, a), sealAsync: () => Promise.reject(new Error('device lost')), openAsync: () => Promise.reject(new Error('device lost')) }));
    expect(failing.write(pattern(10)).status).toBe('want-async');
    await failing.pendingWork();
    expect(() => failing.write(pattern(10))).toThrow(expect.objectContaining({ alertName: 'internal_error' }));
    expect(recordTypes(failing.takeOutgoing())).toEqual([23, 23]); // the record, sealed synchronously, then the alert
  });
});

describe('asynchronous AEAD lane: reading', () => {
  it('plaintext comes in record order whatever order the opens settle in', async () => {
    const { gate, server, lane } = twins();
    const records = [0, 1, 2, 3].map((i) => server.appData(pattern(1000 + i, i)));
    lane.receive(concat(records));
    expect(lane.read().status).toBe('want-async');
    expect(gate.held).toBe(4);
    await gate.release([3, 1, 2]);
    expect(lane.read().status).toBe('want-async'); // the first record is not open yet
    await gate.release([0]);
    for (let i = 0; i < 4; i++) expect(lane.read()).toEqual({ status: 'ok', data: pattern(1000 + i, i) });
    expect(lane.read().status).toBe('want-read');
  });

  it('data, a KeyUpdate, more data, close_notify and junk: what the synchronous client reads', async () => {
    const { gate, server, sync, lane } = twins();
    const parts: Uint8Array[] = [];
    for (let i = 0; i < 9; i++) parts.push(server.appData(pattern(i === 4 ? 16_384 : 300 * i + 1, i)));
    parts.push(server.keyUpdate(false));
    for (let i = 0; i < 7; i++) parts.push(server.appData(pattern(5000 + i, 40 + i)));
    parts.push(server.newSessionTicket(), server.appData('last'), server.closeNotify(), Uint8Array.of(0xff, 1, 2, 3, 4, 5));
    const bytes = concat(parts);
    const want = readSync(sync, bytes);
    expect(want.error).toBeUndefined();
    const startedBefore = gate.started;
    const got = await readLane(lane, gate, bytes, 3);
    expect(got.error).toBeUndefined();
    expect(got.chunks).toEqual(want.chunks);
    expect(lane.isPeerClosed).toBe(true);
    expect(gate.started - startedBefore).toBeGreaterThanOrEqual(18); // records after the KeyUpdate were opened again
  });

  it('a tampered record is bad_record_mac; no plaintext of a later record is released', async () => {
    const { gate, server, lane } = twins();
    const records = [0, 1, 2, 3].map((i) => server.appData(pattern(2000, i)));
    records[2]![40]! ^= 1;
    lane.receive(concat(records));
    expect(lane.read().status).toBe('want-async');
    await gate.release([3, 2, 1]);
    expect(lane.read().status).toBe('want-async');
    await gate.release([0]);
    expect(lane.read()).toEqual({ status: 'ok', data: pattern(2000, 0) });
    expect(lane.read()).toEqual({ status: 'ok', data: pattern(2000, 1) });
    expect(() => lane.read()).toThrow(expect.objectContaining({ alertName: 'bad_record_mac' }));
    expect(() => lane.read()).toThrow(expect.objectContaining({ alertName: 'bad_record_mac' }));
    const alert = lane.takeOutgoing();
    expect(recordTypes(alert)).toEqual([23]);
    server.respond(alert);
    expect(server.receivedAlerts).toEqual([[2, 20]]);
  });

  it('records after a bad header are delivered first, and the opens in flight stay bounded', async () => {
    const { gate, server, sync, lane } = twins();
    const records = Array.from({ length: 10 }, (_, i) => server.appData(pattern(700, i)));
    const bytes = concat([...records, Uint8Array.of(99, 3, 3, 0, 1, 0)]);
    const want = readSync(sync, bytes);
    expect(want.error?.alertName).toBe('unexpected_message');
    const got = await readLane(lane, gate, bytes, 11);
    expect(got.chunks).toEqual(want.chunks);
    expect(got.error?.alertName).toBe('unexpected_message');
  });

  it('random record sizes and release orders: the synchronous chunks', async () => {
    for (let run = 0; run < 12; run++) {
      const { gate, server, sync, lane } = twins();
      const order = shuffled(30, run + 1);
      const bytes = concat(order.map((n, i) => (i === 15 ? server.keyUpdate(false) : server.appData(pattern(1 + n * 517, i)))));
      const want = readSync(sync, bytes);
      const got = await readLane(lane, gate, bytes, run * 7 + 1);
      expect(got.error).toBeUndefined();
      expect(concat(got.chunks)).toEqual(concat(want.chunks));
      expect(got.chunks.map((c) => c.length)).toEqual(want.chunks.map((c) => c.length));
      await settle();
    }
  }, 60_000);
});

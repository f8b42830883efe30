// No data is lost: application data decrypted before a truncation or a fatal alert reaches the
// application before the error, with `for await` and with a slow reader, as node:tls delivers it
// in the same test. Real servers: node:tls, and a relay that makes node:tls send a fatal alert.
import { connect as tlsConnect } from 'node:tls';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/index.js';
import { ca, tlsServer, type Running } from './helpers/node_servers.js';
import { records, relay, type Relay } from './helpers/relay.js';

const T = 20_000; // generous: no timing is asserted

/** What a reader got before the stream failed or ended. */
interface Outcome { bytes: number; error: string | undefined }

/** Reads with `for await`. */
async function forAwait(stream: Readable): Promise<Outcome> {
  let bytes = 0;
  try {
    for await (const d of stream) bytes += (d as Buffer).length;
    return { bytes, error: undefined };
  } catch (e) {
    return { bytes, error: (e as { code?: string }).code ?? String(e) };
  }
}

/** Reads 1,000 bytes at a time, one read per event-loop turn (a reader slower than the network). */
function slowReader(stream: Readable): Promise<Outcome> {
  return new Promise((resolve) => {
    let bytes = 0;
    const pull = () => {
      const d = stream.read(Math.min(1000, stream.readableLength || 1000)) as Buffer | null;
      if (d !== null) { bytes += d.length; setImmediate(pull); } else stream.once('readable', pull);
    };
    stream.once('error', (e: Error & { code?: string }) => resolve({ bytes, error: e.code ?? e.message }));
    stream.once('end', () => resolve({ bytes, error: undefined }));
    stream.once('readable', pull);
  });
}

const readers = { 'for await': forAwait, 'a slow reader': slowReader };

describe('truncation: a node:tls server writes N bytes then closes TCP without close_notify', () => {
  let server: Running;
  beforeAll(async () => {
    server = await tlsServer((s) => s.once('data', (d: Buffer) => { const n = Number(d.toString()); s.write(Buffer.alloc(n, 0x61), () => s.destroy()); }));
  });
  afterAll(() => server.close());

  it.each([5, 8000, 64_000].flatMap((n) => Object.keys(readers).map((r) => [n, r] as const)))('all %i bytes reach %s before ERR_PURETLS_TRUNCATED', async (n, reader) => {
    const read = readers[reader as keyof typeof readers];
    const theirs = tlsConnect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca });
    theirs.write(String(n));
    const node = await read(theirs);
    expect(node.bytes).toBe(n); // what node:tls delivers
    const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca });
    s.write(String(n));
    const ours = await read(s);
    expect(ours).toEqual({ bytes: n, error: 'ERR_PURETLS_TRUNCATED' });
  }, T);
});

describe('a fatal alert after data: node:tls sends bad_record_mac when the relay injects a corrupt record', () => {
  let server: Running;
  let front: Relay;
  beforeAll(async () => {
    // Writes N bytes; once they are on the wire, the relay sends the server a record it cannot
    // decrypt, and the server answers with its fatal alert (after the data, in the same stream).
    server = await tlsServer((s) => s.once('data', (d: Buffer) => { const n = Number(d.toString()); s.write(Buffer.alloc(n, 0x62), () => injectNext()); }));
    front = await relay(server.port);
  });
  afterAll(async () => { await front.close(); await server.close(); });
  let injectNext = () => {};
  const corrupt = Buffer.concat([Buffer.from([0x17, 0x03, 0x03, 0x00, 0x20]), Buffer.alloc(32, 0x5a)]);

  it.each([5, 8000, 64_000].flatMap((n) => Object.keys(readers).map((r) => [n, r] as const)))('all %i bytes reach %s before the alert\'s error', async (n, reader) => {
    const read = readers[reader as keyof typeof readers];
    let pair = front.next();
    injectNext = () => void pair.then((p) => p.injectToServer(corrupt));
    const theirs = tlsConnect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    theirs.write(String(n));
    const node = await read(theirs);
    expect(node.error).toBeDefined();
    // node:tls delivers all of it to `for await`, but destroys what a slow reader has not read
    // yet (measured: 1,000 of 8,000 and of 64,000): puretls must do at least as well.
    if (reader === 'for await') expect(node.bytes).toBe(n);
    pair = front.next();
    injectNext = () => void pair.then((p) => p.injectToServer(corrupt));
    const s = await connect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    s.write(String(n));
    const ours = await read(s);
    expect(ours).toEqual({ bytes: n, error: 'ERR_PURETLS_ALERT_RECEIVED' });
    expect(ours.bytes).toBeGreaterThanOrEqual(node.bytes);
  }, T);
});

describe('what the application wrote goes out, then close_notify', () => {
  let server: Running;
  let front: Relay;
  /** Waiters for the next server connection: each gets what that connection received, once it closed. */
  const waiting: Array<(received: Promise<string>) => void> = [];
  /** What the next connection (call before connecting) will have received when it closes. */
  const nextReceived = () => new Promise<Promise<string>>((r) => waiting.push(r));
  beforeAll(async () => {
    server = await tlsServer((s) => {
      let text = '';
      s.on('data', (d: Buffer) => { text += d.toString(); if (text === 'talk first') { text = ''; s.end('bye'); } });
      waiting.shift()?.(new Promise((r) => s.once('close', () => r(text))));
    });
    front = await relay(server.port);
  });
  afterAll(async () => { await front.close(); await server.close(); });

  /** The client's records after its Finished: the last one must be close_notify (2 + 1 + 16 bytes). */
  const endsWithCloseNotify = async (pair: Promise<Awaited<ReturnType<Relay['next']>>>) => {
    const p = await pair;
    await p.clientDone;
    const recs = records(Buffer.concat(p.fromClient));
    return recs[recs.length - 1];
  };

  it('write(x); end(); destroy() sends x, as node:tls does, and close_notify (which node:tls 20 skips)', async () => {
    const pairs = [front.next()];
    let got = nextReceived();
    const theirs = tlsConnect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    await once(theirs, 'secureConnect');
    theirs.write('x from node:tls');
    theirs.end();
    theirs.destroy();
    expect(await (await got)).toBe('x from node:tls');
    // Measured with Node 20: node:tls sends x but destroys the socket before its close_notify.
    await (await pairs[0]!).clientDone;

    pairs.push(front.next());
    got = nextReceived();
    const s = await connect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    s.write('x from puretls');
    s.end();
    s.destroy();
    expect(await (await got)).toBe('x from puretls');
    expect(await endsWithCloseNotify(pairs[1]!)).toEqual([0x17, 19]);
  }, T);

  it('a write in the same tick as the automatic reply to the peer\'s close_notify goes out, then close_notify', async () => {
    const pair = front.next();
    const got = nextReceived();
    const s = await connect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    s.write('talk first');
    // The server answers 'bye' and its close_notify; the readable side ends and the Duplex ends
    // the writable side by itself (allowHalfOpen false); the application writes in that same tick.
    s.on('end', () => s.write('last words'));
    s.resume();
    await once(s, 'close');
    expect(await (await got)).toBe('last words');
    expect(await endsWithCloseNotify(pair)).toEqual([0x17, 19]);
  }, T);

  it('a write just after the automatic reply to the peer\'s close_notify fails, and close_notify still goes out', async () => {
    const pair = front.next();
    const got = nextReceived();
    const s = await connect({ host: '127.0.0.1', port: front.port, servername: 'localhost', ca });
    s.write('talk first');
    // 'end' → the Duplex calls end() on the next tick (allowHalfOpen false); this write lands
    // right after it: write after end, an error (as with node:tls), which destroys the stream.
    const errors: string[] = [];
    s.on('error', (e: Error & { code?: string }) => errors.push(e.code ?? e.message));
    const lateWrite = () => {
      try {
        s.write('too late');
      } catch (e) {
        errors.push((e as { code?: string }).code ?? String(e));
      }
    };
    s.on('end', () => process.nextTick(() => process.nextTick(lateWrite)));
    s.resume();
    await new Promise((r) => s.once('close', r));
    expect(errors).toContain('ERR_STREAM_WRITE_AFTER_END');
    expect(await (await got)).toBe('');
    expect(await endsWithCloseNotify(pair)).toEqual([0x17, 19]);
  }, T);
});

// No data is lost: application data decrypted before a truncation or a fatal alert reaches the
// application before the error, with `for await` and with a slow reader, as node:tls delivers it
// in the same test. Real servers: node:tls, and a relay that makes node:tls send a fatal alert.
import { connect as tlsConnect } from 'node:tls';
import type { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../src/index.js';
import { ca, tlsServer, type Running } from './helpers/node_servers.js';
import { relay, type Relay } from './helpers/relay.js';

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

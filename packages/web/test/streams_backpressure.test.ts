// Backpressure of connectOverStreams, both ways, against a node:tls server on 127.0.0.1 over a
// real socket (`Duplex.toWeb`). Asserted on what is held, never on timing: reading 32 MiB slowly,
// the channel holds at most one chunk of the readable and the socket has read only a bounded
// amount more than the application took; writing 8 MiB, the bytes queued on the writable never
// pass its high-water mark by more than one flush of the engine.
import { afterEach, describe, expect, it } from 'vitest';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { connectOverStreams } from '../src/index.js';
import { goodRoot } from './helpers/servers.js';
import { socketStreams, tlsServer } from './helpers/streams.js';

const config = () => ({ serverName: 'localhost', verifier: new WebPkiVerifier({ roots: TrustStore.fromPem(goodRoot()) }) });
const turn = () => new Promise((r) => setImmediate(r));
const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

/** The byte at `i` of the download: a pattern a lost, repeated or reordered chunk breaks. */
const pattern = (i: number) => (i * 7 + (i >>> 16)) & 0xff;

describe('connectOverStreams backpressure', () => {
  it('reads a 32 MiB download slowly with at most one chunk held and the socket not read ahead', async () => {
    const TOTAL = 32 << 20;
    const body = Buffer.alloc(TOTAL);
    for (let i = 0; i < TOTAL; i++) body[i] = pattern(i);
    const server = await tlsServer((s) => s.end(body)); // all of it at once: only TCP holds it back
    cleanups.push(server.close);
    const { socket, pair } = await socketStreams(server.port);
    const conn = await connectOverStreams(pair, config());

    let delivered = 0;
    let maxHeld = 0;
    let maxAhead = 0;
    let corrupt = -1;
    for (;;) {
      const chunk = await conn.read(16 * 1024);
      if (chunk === null) break;
      for (let j = 0; j < chunk.length && corrupt < 0; j++) if (chunk[j] !== pattern(delivered + j)) corrupt = delivered + j;
      delivered += chunk.length;
      maxHeld = Math.max(maxHeld, conn.bufferedInbound);
      // Ciphertext the socket took in that the application has not read as plaintext yet.
      maxAhead = Math.max(maxAhead, socket.bytesRead - delivered);
      // The slow reader: give the network a turn after every read, and twenty every MiB.
      const turns = delivered % (1 << 20) < 16 * 1024 ? 20 : 1;
      for (let t = 0; t < turns; t++) await turn();
    }
    expect(corrupt).toBe(-1);
    expect(delivered).toBe(TOTAL); // read to the server's close_notify
    expect(maxHeld).toBeGreaterThan(0);
    expect(maxHeld).toBeLessThanOrEqual(64 * 1024); // one chunk of a Node socket at most
    expect(maxAhead).toBeLessThan(1 << 20); // without pull reads: up to all of the 32 MiB
    await conn.close();
  }, 120_000);

  it('writes 8 MiB with the writable queue bounded by its high-water mark plus one engine flush', async () => {
    const TOTAL = 8 << 20;
    const server = await tlsServer((s) => {
      let got = 0;
      s.on('data', (d: Buffer) => {
        got += d.length;
        if (got === TOTAL) s.end(`got ${got}`);
      });
    });
    cleanups.push(server.close);
    const { pair } = await socketStreams(server.port);
    // The socket's writable behind one with a 64 KiB byte high-water mark whose queue is counted:
    // the strategy's size() sees every chunk as the channel writes it, the sink when it is done.
    const HWM = 64 * 1024;
    const inner = pair.writable.getWriter();
    let queued = 0;
    let maxQueued = 0;
    const writable = new WritableStream<Uint8Array>(
      {
        write: async (chunk) => {
          await inner.write(chunk);
          queued -= chunk.byteLength;
        },
        close: () => inner.close(),
        abort: (reason) => inner.abort(reason),
      },
      {
        highWaterMark: HWM,
        size: (chunk) => {
          queued += chunk!.byteLength;
          maxQueued = Math.max(maxQueued, queued);
          return chunk!.byteLength;
        },
      },
    );
    const conn = await connectOverStreams({ readable: pair.readable, writable }, config());
    await conn.write(new Uint8Array(TOTAL).fill(0x61));
    let answer = '';
    for await (const chunk of conn) answer += new TextDecoder().decode(chunk);
    expect(answer).toBe(`got ${TOTAL}`);
    expect(maxQueued).toBeGreaterThan(HWM); // the writer did fill it
    // One engine flush is at most its 64 KiB outbound mark plus a record; ignoring
    // writer.ready would queue all 8 MiB.
    expect(maxQueued).toBeLessThanOrEqual(HWM + 96 * 1024);
    await conn.close();
  }, 120_000);
});

// The pump's inbox against a real TCP server on loopback: chunks held in order, the read wait,
// and backpressure (the socket paused past HIGH_WATER, reading again below LOW_WATER), for sockets
// delivering 'data' events and for sockets reading into the inbox's shared buffer (readOption).
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATER, Inbox, LOW_WATER } from '../src/inbox.js';

let server: Server | undefined;
afterEach(() => server?.close());

type Mode = 'data' | 'onread';

/** A connected client socket, read by a new inbox ('data' events, or net's `onread` into the shared buffer), and the server's side of it. */
async function pair(mode: Mode = 'data'): Promise<{ client: Socket; peer: Socket; inbox: Inbox }> {
  const peers: Socket[] = [];
  server = createServer((s) => peers.push(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  const inbox = new Inbox();
  const client = mode === 'data' ? connect({ port, host: '127.0.0.1' }) : connect({ port, host: '127.0.0.1', onread: inbox.readOption() });
  inbox.attach(client);
  await once(client, 'connect');
  while (peers.length === 0) await new Promise((r) => setImmediate(r));
  return { client, peer: peers[0]!, inbox };
}

/** Takes everything held, `step` bytes at a time at most, as the pump feeds an engine. */
function drain(inbox: Inbox, step: number): number[] {
  const out: number[] = [];
  for (let v = inbox.peek(step); v !== undefined; v = inbox.peek(step)) {
    out.push(...v);
    inbox.consume(v.length);
  }
  return out;
}

describe.each(['data', 'onread'] as const)('Inbox (%s)', (mode) => {
  it('hands out the bytes in order, in views of at most the size asked, and reports the end', async () => {
    const { client, peer, inbox } = await pair(mode);
    peer.end(Buffer.from([1, 2, 3, 4, 5, 6, 7]));
    const got: number[] = [];
    while (!inbox.ended || inbox.bytes > 0) {
      await inbox.wait({ timeoutMs: 5000 });
      const v = inbox.peek(3);
      if (v !== undefined) expect(v.length).toBeLessThanOrEqual(3);
      got.push(...drain(inbox, 3));
    }
    expect(got).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(inbox.peek(10)).toBeUndefined();
    await expect(inbox.wait({})).resolves.toBeUndefined(); // the end is ready at once
    client.destroy();
  });

  it('a wait times out, is aborted, and rejects on close', async () => {
    const { client, peer, inbox } = await pair(mode);
    await expect(inbox.wait({ timeoutMs: 10 })).rejects.toMatchObject({ reason: 'timeout' });
    const ac = new AbortController();
    const aborted = inbox.wait({ signal: ac.signal });
    ac.abort();
    await expect(aborted).rejects.toMatchObject({ reason: 'aborted' });
    const closed = inbox.wait({});
    client.destroy();
    await expect(closed).rejects.toMatchObject({ reason: 'closed' });
    await expect(inbox.wait({})).rejects.toMatchObject({ reason: 'closed' });
    peer.destroy();
  });

  it('pauses the socket past HIGH_WATER bytes held and resumes it below LOW_WATER', async () => {
    const { client, peer, inbox } = await pair(mode);
    const total = 4 * HIGH_WATER;
    peer.write(Buffer.alloc(total, 0x61));
    // Nobody consumes: the inbox stops growing soon after the high-water mark (one read more at most).
    while (!client.isPaused()) await inbox.wait({ timeoutMs: 5000 }).then(() => new Promise((r) => setImmediate(r)));
    expect(inbox.bytes).toBeGreaterThanOrEqual(HIGH_WATER);
    expect(inbox.bytes).toBeLessThan(HIGH_WATER + 256 * 1024);
    const held = inbox.bytes;
    await new Promise((r) => setTimeout(r, 50)); // a paused socket delivers nothing more
    expect(inbox.bytes).toBe(held);
    // Taking it down below LOW_WATER lets the rest arrive.
    let taken = 0;
    while (inbox.bytes >= LOW_WATER) {
      const v = inbox.peek(16384)!;
      inbox.consume(v.length);
      taken += v.length;
    }
    expect(client.isPaused()).toBe(false);
    while (taken < total) {
      await inbox.wait({ timeoutMs: 5000 });
      taken += drain(inbox, 65536).length;
    }
    expect(taken).toBe(total);
    client.destroy();
    peer.destroy();
  });
});

describe('Inbox reading into the shared buffer (readOption)', () => {
  /** A server writing each connection's `bytes`, and `n` clients reading it through inboxes with `onread`. */
  async function clients(n: number, bytes: (i: number) => Buffer): Promise<{ inboxes: Inbox[]; sockets: Socket[] }> {
    let accepted = 0;
    server = createServer((s) => s.end(bytes(accepted++)));
    await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    const inboxes: Inbox[] = [];
    const sockets: Socket[] = [];
    for (let i = 0; i < n; i++) {
      const inbox = new Inbox();
      const socket = connect({ port, host: '127.0.0.1', onread: inbox.readOption() });
      inbox.attach(socket);
      await once(socket, 'connect');
      inboxes.push(inbox);
      sockets.push(socket);
    }
    return { inboxes, sockets };
  }

  it('each socket keeps its own bytes, though all read into one buffer', async () => {
    const size = 300_000; // several reads per socket, interleaved between the sockets
    const fill = (i: number) => Buffer.alloc(size, 0x30 + i);
    const { inboxes, sockets } = await clients(3, fill);
    await Promise.all(inboxes.map(async (inbox, i) => {
      const got: number[] = [];
      while (!inbox.ended || inbox.bytes > 0) {
        await inbox.wait({ timeoutMs: 10_000 });
        // Taken a turn of the event loop later: the other sockets have read into the buffer since.
        await new Promise((r) => setImmediate(r));
        for (let v = inbox.peek(65536); v !== undefined; v = inbox.peek(65536)) {
          for (const b of v) if (b !== 0x30 + i) throw new Error(`socket ${i} got byte ${b}`);
          got.push(v.length);
          inbox.consume(v.length);
        }
      }
      expect(got.reduce((a, b) => a + b, 0)).toBe(size);
    }));
    sockets.forEach((s) => s.destroy());
  }, 30_000);

  it('a callback wait takes bytes in the read callback itself; what it leaves is copied and kept in order', async () => {
    const size = 200_000;
    const pattern = (at: number) => (at * 7) & 0xff;
    const { inboxes, sockets } = await clients(1, () => Buffer.from(Uint8Array.from({ length: size }, (_, k) => pattern(k))));
    const inbox = inboxes[0]!;
    const got: number[] = [];
    let inCallback = 0;
    // Takes 1000 bytes per wake (less than a read), as a reader with a small buffer would.
    await new Promise<void>((resolve, reject) => {
      const onReady = () => {
        inCallback++;
        const v = inbox.peek(1000);
        if (v !== undefined) {
          got.push(...v);
          inbox.consume(v.length);
        }
        if (inbox.ended && inbox.bytes === 0) return resolve();
        inbox.whenReady(onReady, reject);
      };
      inbox.whenReady(onReady, reject);
    });
    expect(got.length).toBe(size);
    expect(got.every((b, k) => b === pattern(k))).toBe(true);
    expect(inCallback).toBeGreaterThan(size / 1000 - 1);
    sockets.forEach((s) => s.destroy());
  }, 30_000);
});

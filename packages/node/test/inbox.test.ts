// The pump's inbox against a real TCP server on loopback: chunks held in order, the read wait,
// and backpressure (the socket paused past HIGH_WATER, reading again below LOW_WATER).
import { once } from 'node:events';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HIGH_WATER, Inbox, LOW_WATER } from '../src/inbox.js';

let server: Server | undefined;
afterEach(() => server?.close());

/** A connected client socket and the server's side of it. */
async function pair(): Promise<{ client: Socket; peer: Socket }> {
  const peers: Socket[] = [];
  server = createServer((s) => peers.push(s));
  await new Promise<void>((r) => server!.listen(0, '127.0.0.1', r));
  const client = connect({ port: (server.address() as { port: number }).port, host: '127.0.0.1' });
  await once(client, 'connect');
  while (peers.length === 0) await new Promise((r) => setImmediate(r));
  return { client, peer: peers[0]! };
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

describe('Inbox', () => {
  it('hands out the bytes in order, in views of at most the size asked, and reports the end', async () => {
    const { client, peer } = await pair();
    const inbox = new Inbox(client);
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
    const { client, peer } = await pair();
    const inbox = new Inbox(client);
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
    const { client, peer } = await pair();
    const inbox = new Inbox(client);
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

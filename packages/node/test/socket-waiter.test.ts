// SocketWaiter: the pump's allocation-free readiness waits (no timeout, no signal), against a
// plain TCP server on loopback: it resolves on data and end, rejects on close and error, and
// leaves no listener behind.
import { connect, createServer, type Server, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketWaiter, WaitError } from '../src/wait.js';

let server: Server;
let port = 0;
const accepted: Socket[] = [];

beforeAll(async () => {
  server = createServer((s) => { accepted.push(s); s.on('error', () => {}); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as { port: number }).port;
});
afterAll(() => { for (const s of accepted) s.destroy(); server.close(); });

async function pair(): Promise<{ client: Socket; peer: Socket }> {
  const client = connect({ port, host: '127.0.0.1' });
  client.pause();
  const waiter = new SocketWaiter(client);
  await waiter.wait('connect');
  await new Promise((r) => setTimeout(r, 20));
  return { client, peer: accepted.at(-1)! };
}

const listeners = (s: Socket) => ['readable', 'end', 'error', 'close', 'drain', 'connect'].map((e) => s.listenerCount(e));

describe('SocketWaiter', () => {
  it('resolves when data arrives, then when the peer ends, and removes its listeners each time', async () => {
    const { client, peer } = await pair();
    const before = listeners(client);
    const waiter = new SocketWaiter(client);
    const readable = waiter.wait('read');
    expect(listeners(client)).not.toEqual(before);
    peer.write('x');
    await readable;
    expect(listeners(client)).toEqual(before);
    expect((client.read() as Buffer).toString()).toBe('x');
    const ended = waiter.wait('read');
    peer.end();
    await ended;
    client.read();
    expect(client.readableEnded).toBe(true);
    expect(listeners(client)).toEqual(before);
    await waiter.wait('read'); // ended: ready at once
    client.destroy();
  });

  it('rejects with closed when the socket is destroyed while waiting, and at once once it is', async () => {
    const { client } = await pair();
    const waiter = new SocketWaiter(client);
    const waiting = waiter.wait('read');
    client.destroy();
    await expect(waiting).rejects.toMatchObject({ reason: 'closed' });
    await expect(waiter.wait('read')).rejects.toBeInstanceOf(WaitError);
  });

  it('rejects with error, the socket error as cause', async () => {
    const { client } = await pair();
    const waiter = new SocketWaiter(client);
    const waiting = waiter.wait('read');
    const boom = new Error('boom');
    client.destroy(boom);
    const e = await waiting.catch((x: unknown) => x);
    expect(e).toMatchObject({ reason: 'error', cause: boom });
  });

  it('a second wait while one is pending takes the general path; both resolve', async () => {
    const { client, peer } = await pair();
    const waiter = new SocketWaiter(client);
    const a = waiter.wait('read');
    const b = waiter.wait('read');
    peer.write('y');
    await Promise.all([a, b]);
    client.destroy();
  });

  it('sleep and sleepThen: woken by wake(), refused while another wait runs or once the socket is closed', async () => {
    const { client } = await pair();
    const waiter = new SocketWaiter(client);
    const slept = waiter.sleep();
    await expect(waiter.sleep()).rejects.toMatchObject({ reason: 'error' });
    const refusedThen = await new Promise<WaitError>((resolve) => waiter.sleepThen(() => resolve(new WaitError('error', 'woken')), resolve));
    expect(refusedThen.message).toMatch(/already in progress/);
    waiter.wake();
    await slept;
    let woken = 0;
    waiter.sleepThen(() => woken++, () => {});
    waiter.wake(undefined, true); // now: the callback runs before wake returns
    expect(woken).toBe(1);
    client.destroy();
    await expect(waiter.sleep()).rejects.toMatchObject({ reason: 'closed' });
    const closedThen = await new Promise<WaitError>((resolve) => waiter.sleepThen(() => resolve(new WaitError('error', 'woken')), resolve));
    expect(closedThen.reason).toBe('closed');
  });
});

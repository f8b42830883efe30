// Deadlines hold under load: handshake work does not starve the event loop. Counted, not timed:
// an event-loop iteration counter (a self-rescheduling setImmediate) is read at every crypto call
// of 50 concurrent handshakes; no iteration may run crypto for two connections, and an interval
// timer must fire while the handshakes are in progress.
import { nobleProvider, type CryptoProvider } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type TlsSocket } from '../src/index.js';
import { ca, tlsServer, type Running } from './helpers/node_servers.js';

const N = 50;
let server: Running;
beforeAll(async () => { server = await tlsServer(() => {}); });
afterAll(() => server.close());

/** The default provider, noting (connection, loop iteration) at each call. */
function counted(id: number, iteration: () => number, log: Array<[number, number]>): CryptoProvider {
  const p = nobleProvider as unknown as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(p)) {
    out[k] = typeof v === 'function' ? (...args: unknown[]) => { log.push([iteration(), id]); return (v as (...a: unknown[]) => unknown).apply(p, args); } : v;
  }
  return out as unknown as CryptoProvider;
}

describe('fairness between concurrent handshakes', () => {
  it('no event-loop iteration runs handshake crypto for two connections; timers fire in between', async () => {
    let iteration = 0;
    let loop: NodeJS.Immediate | undefined;
    const tick = () => { iteration++; loop = setImmediate(tick); };
    tick();
    let timerTicks = 0;
    const interval = setInterval(() => timerTicks++, 1);
    const log: Array<[number, number]> = [];
    let sockets: TlsSocket[] = [];
    let ticksDuring = 0;
    try {
      const startTicks = timerTicks;
      sockets = await Promise.all(Array.from({ length: N }, (_, id) => connect({ host: 'localhost', port: server.port, ca, engine: { crypto: counted(id, () => iteration, log) } })));
      ticksDuring = timerTicks - startTicks;
    } finally {
      clearInterval(interval);
      clearImmediate(loop);
      sockets.forEach((s) => s.destroy());
    }
    const byIteration = new Map<number, Set<number>>();
    for (const [it, id] of log) byIteration.set(it, (byIteration.get(it) ?? new Set()).add(id));
    const shared = [...byIteration.values()].filter((ids) => ids.size > 1);
    expect(new Set(log.map(([, id]) => id)).size).toBe(N);
    expect(shared).toEqual([]);
    // Every connection's steps were spread over iterations, and the timers phase ran between them.
    expect(byIteration.size).toBeGreaterThanOrEqual(N * 3);
    expect(ticksDuring).toBeGreaterThanOrEqual(1);
  }, 60_000);
});

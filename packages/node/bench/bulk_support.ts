// Helpers of the bulk and handshake tables of bench.ts: the node:tls upload sink, and merging the
// results of interleaved rounds.
import { readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { createServer as createTlsServer } from 'node:tls';
import { pkiDir } from './server.js';
import type { Memory, Result } from './worker.js';

/** A node:tls server that reads `size` bytes per connection, then answers one byte and ends. */
export async function startSink(suite: string, size: number): Promise<{ port: number; stop: () => void }> {
  const dir = pkiDir + 'p256/';
  const server = createTlsServer({ key: readFileSync(dir + 'leaf.key'), cert: readFileSync(dir + 'chain.pem'), minVersion: 'TLSv1.3', ciphers: suite }, (s) => {
    let n = 0;
    s.on('error', () => {});
    s.on('data', (d: Buffer) => { if ((n += d.length) >= size) s.end('!'); });
  });
  server.on('tlsClientError', () => {});
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { port: (server.address() as AddressInfo).port, stop: () => server.close() };
}

/** One Result of several runs of a job: their times and bytes together, memory peaks the highest. */
export function mergeRuns(rs: Result[] | undefined): Result | undefined {
  if (rs === undefined || rs.length === 0) return undefined;
  const peak = (k: keyof Memory) => Math.max(...rs.map((r) => r.memory?.[k] ?? 0));
  const memory = rs[0]!.memory === undefined ? undefined : { baselineRss: rs[0]!.memory.baselineRss, peakRss: peak('peakRss'), peakHeapUsed: peak('peakHeapUsed'), peakArrayBuffers: peak('peakArrayBuffers'), maxRss: peak('maxRss') };
  return { ...rs[0]!, times: rs.flatMap((r) => r.times), bytes: rs.flatMap((r) => r.bytes), sealTimes: rs.flatMap((r) => r.sealTimes ?? []), cpu: rs.flatMap((r) => r.cpu ?? []), steadyTimes: rs.flatMap((r) => r.steadyTimes ?? []), steadyCpu: rs.flatMap((r) => r.steadyCpu ?? []), aeadMs: rs.flatMap((r) => r.aeadMs ?? []), aeadHereMs: rs.flatMap((r) => r.aeadHereMs ?? []), memory };
}

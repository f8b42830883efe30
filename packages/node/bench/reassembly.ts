// Handshake reassembly cost (issue 8, item 3): the client's CPU for one server flight carrying a
// ~240 KB Certificate, sent in records of various sizes, against core's scripted test server (no
// I/O: the server's bytes are made first, then only the client's processing is timed).
import { TlsClient, type TlsError } from '@puretls/core';
import { ScriptedServer, type Mutations } from '../../core/test/helpers/scripted_server.js';

const acceptAll = { verifyServerCertificate: () => {} };
/** The leaf, then filler entries the accept-all verifier ignores: a 240 KB Certificate message. */
const bigCertificate: Mutations['certificate'] = (c) => ({
  ...c,
  entries: [...c.entries, ...Array.from({ length: 12 }, () => ({ data: new Uint8Array(20_000).fill(0x30), extensions: [] }))],
});

/** One client run: ms of processing the flight, records received, and how it ended. */
function run(recordSize: number): { ms: number; records: number; outcome: string } {
  const server = new ScriptedServer({ certificate: bigCertificate, encryptedRecordSize: recordSize });
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
  client.handshake();
  const flight = server.respond(client.takeOutgoing());
  let records = 0;
  for (let at = 0; at + 5 <= flight.length; at += 5 + ((flight[at + 3]! << 8) | flight[at + 4]!)) records++;
  const start = performance.now();
  let outcome = 'completed';
  try {
    for (let at = 0; at < flight.length; ) {
      at += client.receive(flight.subarray(at));
      client.handshake();
    }
    if (!client.isHandshakeComplete) outcome = 'incomplete';
  } catch (e) {
    outcome = `refused: ${(e as TlsError).alertName}`;
  }
  return { ms: performance.now() - start, records, outcome };
}

/**
 * Rows for the bench table: median ms of `runs` runs per record size, and the ratio to full records.
 *
 * @example
 * table(['records', ...], reassemblyRows(9, fmt));
 */
export function reassemblyRows(runs: number, fmt: (n: number, d: number) => string): string[][] {
  const sizes = [16384, 4096, 1024, 256, 128, 1];
  const medians = sizes.map((size) => {
    for (let i = 0; i < 2; i++) run(size); // warm-up
    const results = Array.from({ length: runs }, () => run(size));
    const ms = results.map((r) => r.ms).sort((a, b) => a - b)[Math.floor(runs / 2)]!;
    return { size, ms, records: results[0]!.records, outcome: results[0]!.outcome };
  });
  const full = medians[0]!.ms;
  return medians.map((m) => [`${m.size} bytes`, String(m.records), m.outcome, fmt(m.ms, 1), `${fmt(m.ms / full, 2)}x`]);
}

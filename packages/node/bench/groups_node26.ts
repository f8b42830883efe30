// `pnpm bench --groups`, second table: full handshakes against Node 26 tls servers (OpenSSL 3.5),
// one that offers only X25519MLKEM768 (so the hybrid is negotiated) and one that offers only
// X25519 (the classical baseline on the same server), for puretls with its default key shares
// (X25519MLKEM768 and x25519) on both providers, beside Node 26's own tls client (whose defaults
// offer the hybrid too) and, on the X25519 server, Node 20's node:tls (which has no hybrid).
// Interleaved rounds, a fresh process per measurement, medians over the rounds.
import { pkiDir } from './server.js';
import { mergeRuns } from './bulk_support.js';
import { node26Handshakes } from './node26_client.js';
import { median, quantile } from './stats.js';
import type { Job, Result } from './worker.js';
import { node26Binary, startNode26Server, type Node26Server } from '../test/helpers/node26.js';

/** What the table needs from bench.ts. */
export interface GroupsContext {
  /** Runs a worker job; undefined (with a printed note) when it failed. */
  attempt(job: Job): Promise<Result | undefined>;
  table(head: string[], rows: string[][]): void;
  rounds: number;
  handshakes: number;
  warmup: number;
}

/** One client of the table: a worker job's fields, or Node 26's tls client. */
type Side = { label: string; job?: Partial<Job> };
const NODE26_CLIENT: Side = { label: 'Node 26 tls client' };
const PURETLS: readonly Side[] = (['node', 'noble'] as const).map((provider) => ({ label: `puretls ${provider}, default shares`, job: { client: 'puretls', provider } }));
const SERVERS: readonly { ecdhCurve: string; sides: readonly Side[] }[] = [
  { ecdhCurve: 'X25519MLKEM768', sides: [NODE26_CLIENT, ...PURETLS] },
  { ecdhCurve: 'X25519', sides: [{ label: `node:tls ${process.version}`, job: { client: 'node:tls' } }, NODE26_CLIENT, ...PURETLS] },
];

const fmt = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? 'failed' : x.toFixed(2));
const ratio = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);

async function measure(ctx: GroupsContext, node26: string, server: Node26Server, side: Side): Promise<Result | undefined> {
  const count = ctx.handshakes / ctx.rounds;
  if (side.job === undefined) {
    try {
      return await node26Handshakes(node26, { port: server.port, caFile: `${pkiDir}p256/root.pem`, count, warmup: ctx.warmup });
    } catch (e) {
      console.error(`  ! ${(e as Error).message}`);
      return undefined;
    }
  }
  return ctx.attempt({ mode: 'handshake', client: 'puretls', port: server.port, alg: 'p256', count, warmup: ctx.warmup, ...side.job });
}

/**
 * Prints the handshake medians and p90s against the Node 26 servers, each against Node 26's
 * client on the same server, and the group each negotiated.
 *
 * @example
 * await node26GroupsTable({ attempt, table, rounds: 5, handshakes: 50, warmup: 20 });
 */
export async function node26GroupsTable(ctx: GroupsContext): Promise<void> {
  const node26 = await node26Binary();
  const rows: string[][] = [];
  for (const { ecdhCurve, sides } of SERVERS) {
    const server = await startNode26Server(node26, ecdhCurve);
    try {
      const runs: Record<string, Result[]> = {};
      for (let round = 0; round < ctx.rounds; round++) {
        for (const side of sides) {
          const r = await measure(ctx, node26, server, side);
          if (r !== undefined) (runs[side.label] ??= []).push(r);
        }
      }
      const merged = (label: string) => mergeRuns(runs[label]);
      const base = merged(NODE26_CLIENT.label);
      for (const { label } of sides) {
        const r = merged(label);
        const med = r ? median(r.times) : undefined;
        rows.push([ecdhCurve, label, fmt(med), fmt(r ? quantile(r.times, 0.9) : undefined), ratio(med, base ? median(base.times) : undefined), r?.group ?? '-']);
      }
    } finally {
      await server.stop();
    }
  }
  console.log(`\nFull handshake against Node 26 tls servers (OpenSSL 3.5), ms (${ctx.handshakes} each, ${ctx.rounds} interleaved rounds, a fresh process each after ${ctx.warmup} untimed; ECDSA P-256 chain)`);
  ctx.table(['server offers', 'client', 'median', 'p90', 'vs Node 26 client', 'negotiated'], rows);
}

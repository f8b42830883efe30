// The record path alone, in process and without I/O: a connected TlsClient (against the core
// tests' scripted server) receiving and sending 16 KiB application data records, beside the same
// provider's AEAD open() and seal() on records of that size. `puretls/aead` is the share of the
// AEAD's own speed the record layer keeps (goal: >= 0.90 both ways).
//   tsx packages/node/bench/engine.ts [--provider noble|node] [--mib 32]
import { TlsClient, type CryptoProvider } from '@puretls/core';
import { ScriptedServer } from '../../core/test/helpers/scripted_server.js';

const RECORD = 16384;
const CHUNK = 64 * 1024;

/** A client connected to a scripted server that negotiated `suiteId`. */
function connectedPair(provider: CryptoProvider, suiteId: number): { client: TlsClient; server: ScriptedServer } {
  const server = new ScriptedServer({}, suiteId);
  const client = new TlsClient({ serverName: 'server', verifier: { verifyServerCertificate: () => {} }, crypto: provider });
  for (let i = 0; i < 10 && !client.isHandshakeComplete; i++) {
    client.handshake();
    const out = client.takeOutgoing();
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    for (let at = 0; at < answer.length; ) {
      at += client.receive(answer.subarray(at));
      client.handshake();
    }
  }
  client.handshake();
  server.respond(client.takeOutgoing());
  if (!client.isHandshakeComplete) throw new Error('scripted handshake did not complete');
  return { client, server };
}

const mbps = (bytes: number, ms: number) => bytes / 1e3 / ms;

/** MB/s of the engine receiving `records` sealed records, fed in CHUNK pieces as a socket would. */
function download(client: TlsClient, wire: Uint8Array, plaintext: number): number {
  const t0 = performance.now();
  let got = 0;
  for (let at = 0; at < wire.length; ) {
    const n = client.receive(wire.subarray(at, Math.min(wire.length, at + CHUNK)));
    at += n;
    for (;;) {
      const r = client.read(CHUNK);
      if (r.status !== 'ok') break;
      got += r.data.length;
    }
  }
  const ms = performance.now() - t0;
  if (got !== plaintext) throw new Error(`read ${got} of ${plaintext} bytes`);
  return mbps(plaintext, ms);
}

/** MB/s of the engine sealing `total` bytes of application data, taking the records as a socket would. */
function upload(client: TlsClient, total: number): number {
  const data = new Uint8Array(CHUNK).fill(0x61);
  let wire = 0;
  const t0 = performance.now();
  for (let sent = 0; sent < total; ) {
    const r = client.write(data.subarray(0, Math.min(CHUNK, total - sent)));
    if (r.status === 'ok') sent += r.written;
    wire += client.takeOutgoing().length;
  }
  wire += client.takeOutgoing().length;
  const ms = performance.now() - t0;
  if (wire < total) throw new Error('short upload');
  return mbps(total, ms);
}

/** MB/s of the provider's AEAD alone on `count` records of RECORD + 1 bytes. */
function aeadAlone(provider: CryptoProvider, suiteId: number, count: number): { open: number; seal: number } {
  const suite = provider.cipherSuites.find((s) => s.id === suiteId)!;
  const aead = suite.aead.create(new Uint8Array(suite.keyLength).fill(7));
  const nonce = new Uint8Array(12);
  const aad = Uint8Array.of(23, 3, 3, 0x40, 0x11);
  const inner = new Uint8Array(RECORD + 1);
  const record = aead.seal(nonce, inner, aad);
  let t0 = performance.now();
  for (let i = 0; i < count; i++) if (aead.open(nonce, record, aad) === null) throw new Error('open failed');
  const open = mbps(count * RECORD, performance.now() - t0);
  t0 = performance.now();
  for (let i = 0; i < count; i++) aead.seal(nonce, inner, aad);
  const seal = mbps(count * RECORD, performance.now() - t0);
  return { open, seal };
}

export interface EngineRow { suite: string; down: number; open: number; up: number; seal: number }

/** One row per suite: the engine's download and upload beside the AEAD's open and seal. */
export function engineRows(provider: CryptoProvider, mib: number): EngineRow[] {
  const count = (mib * 2 ** 20) / RECORD;
  const rows: EngineRow[] = [];
  for (const suite of provider.cipherSuites) {
    if (![0x1301, 0x1302, 0x1303].includes(suite.id)) continue;
    const best = { down: 0, open: 0, up: 0, seal: 0 };
    for (let run = 0; run < 3; run++) {
      const { client, server } = connectedPair(provider, suite.id);
      const payload = new Uint8Array(RECORD).fill(0x62);
      const records = Array.from({ length: count }, () => server.appData(payload));
      const wire = new Uint8Array(records.reduce((n, r) => n + r.length, 0));
      records.reduce((at, r) => (wire.set(r, at), at + r.length), 0);
      records.length = 0;
      const alone = aeadAlone(provider, suite.id, count);
      best.down = Math.max(best.down, download(client, wire, count * RECORD));
      best.up = Math.max(best.up, upload(client, count * RECORD));
      best.open = Math.max(best.open, alone.open);
      best.seal = Math.max(best.seal, alone.seal);
    }
    rows.push({ suite: suite.name, ...best });
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { nobleProvider } = await import('@puretls/core');
  const mibAt = process.argv.indexOf('--mib');
  const rows = engineRows(nobleProvider, mibAt > 0 ? Number(process.argv[mibAt + 1]) : 32);
  for (const r of rows) {
    console.log(`${r.suite.padEnd(30)} down ${r.down.toFixed(1)} / open ${r.open.toFixed(1)} = ${(r.down / r.open).toFixed(2)}x   up ${r.up.toFixed(1)} / seal ${r.seal.toFixed(1)} = ${(r.up / r.seal).toFixed(2)}x`);
  }
}

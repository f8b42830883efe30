// puretls and subtls in headless Chromium, measured in one run (issue 10): pages (bench/page.ts)
// connect through the relay to a local `openssl s_server -WWW` (ECDSA P-256 chain,
// TLS_AES_128_GCM_SHA256) and time verified handshakes and downloads. puretls runs with the
// WebCrypto provider (AES-GCM on the page's crypto.subtle, asynchronous record lane) and with
// noble, each with P-256 (the one group subtls has: the comparison) and X25519 (puretls's default
// key share); subtls 0.5.0 runs over the same relay with the same root. A last row downloads the
// same bytes through the same relay code from a plain TCP server, without TLS: the ceiling of the
// transport (Chromium's WebSocket, the relay) that every client shares.
//
// Each row has its own browser context (bench/session.ts). The rows take turns, ten handshakes or
// one download at a time, so that a change in the machine's load (2 cores, shared) falls on all of
// them alike rather than on whichever row ran then. The first handshakes of a fresh renderer run
// while V8 is still compiling the page (about ten, several times slower): `warmup` untimed ones
// come first, as in the Node bench, and the very first is printed on its own ("first ms").
// No assertions: numbers to read; failures are printed, with the page's errors.
//
//   tsx packages/web/bench/browser.ts [--mib 64] [--downloads 3] [--warmup 5] [--handshakes 50] [--profile DIR]
// --profile DIR: the CDP CPU profile of each row's page (bundled unminified) is written to
// DIR/<row>.cpuprofile and its top self-time functions printed; the figures then include the
// profiler's cost.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { createServer } from 'node:http';
import { createServer as createTcpServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { pkiDir, startServer } from '../../node/bench/server.js';
import { startRelay } from '../src/relay/index.js';
import { RowSession, type Row } from './session.js';

const { values } = parseArgs({ options: { mib: { type: 'string' }, handshakes: { type: 'string' }, warmup: { type: 'string' }, downloads: { type: 'string' }, profile: { type: 'string' } } });
const MIB = Number(values.mib ?? 64);
const HANDSHAKES = Number(values.handshakes ?? 50);
const WARMUP = Number(values.warmup ?? 5);
const DOWNLOADS = Number(values.downloads ?? 3);
const PROFILE = values.profile;
const HTML = '<!doctype html><meta charset="utf-8"><script type="module" src="/page.js"></script>';
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

/** Handshakes per turn. */
const ROUND = 10;
// (The raw row's provider and group mean nothing: it has no TLS.)
const ROWS: Row[] = [
  { label: 'puretls webcrypto', client: 'puretls', provider: 'webcrypto', group: 'p256' },
  { label: 'puretls noble', client: 'puretls', provider: 'noble', group: 'p256' },
  { label: 'subtls 0.5.0', client: 'subtls', provider: 'webcrypto', group: 'p256' },
  { label: 'puretls webcrypto', client: 'puretls', provider: 'webcrypto', group: 'x25519' },
  { label: 'puretls noble', client: 'puretls', provider: 'noble', group: 'x25519' },
  { label: 'no TLS (ceiling)', client: 'raw', provider: 'webcrypto', group: 'p256' },
];

const www = mkdtempSync(join(tmpdir(), 'puretls-browser-bench-'));
const big = new Uint8Array(MIB * 2 ** 20);
for (let i = 0; i < big.length; i += 65536) randomFillSync(big, i, Math.min(65536, big.length - i));
writeFileSync(join(www, 'big.bin'), big);
// subtls falls back to `import('crypto')` where there is no global crypto (never in a page).
const js = (await build({ entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: PROFILE === undefined, external: ['crypto'], write: false, logLevel: 'silent' })).outputFiles[0]!.text;
const http = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  // no-store: no row may start from a script cached by an earlier one.
  if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(HTML);
  else if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8', 'cache-control': 'no-store' }).end(js);
  else res.writeHead(404).end();
});
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const server = await startServer('p256', www, 'TLS_AES_128_GCM_SHA256');
const relay = await startRelay({ target: { host: '127.0.0.1', port: server.port }, allowedOrigins: [origin] });
// The raw row's target: on the request, the file's bytes, then the end of the connection.
const plain = createTcpServer((socket) => {
  socket.on('error', () => {});
  socket.once('data', () => socket.end(big));
});
await new Promise<void>((r) => plain.listen(0, '127.0.0.1', r));
const rawRelay = await startRelay({ target: { host: '127.0.0.1', port: (plain.address() as AddressInfo).port }, allowedOrigins: [origin] });
const ca = readFileSync(`${pkiDir}p256/root.pem`, 'utf8');
const browser = await chromium.launch({
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});

try {
  if (PROFILE !== undefined) mkdirSync(PROFILE, { recursive: true });
  const sessions: RowSession[] = [];
  for (const row of ROWS) {
    const q = new URLSearchParams({ client: row.client, provider: row.provider, group: row.group, relay: row.client === 'raw' ? rawRelay.url : relay.url, ca });
    sessions.push(await RowSession.open(browser, row, `${origin}/?${q}`, PROFILE !== undefined));
  }
  const tls = sessions.filter((s) => s.row.client !== 'raw');
  for (const s of tls) await s.handshakes(WARMUP, false);
  for (let done = 0; done < HANDSHAKES; done += ROUND) for (const s of tls) await s.handshakes(Math.min(ROUND, HANDSHAKES - done));
  for (let i = 0; i < DOWNLOADS; i++) for (const s of sessions) await s.download();
  for (const s of sessions) await s.close(PROFILE, js);
  const hs = (r: RowSession) => (r.ok && r.handshakeMs.length > 0 ? median(r.handshakeMs) : undefined);
  const mbps = (r: RowSession) => (r.ok && r.downloads.length > 0 ? median(r.downloads.map((d) => d.bytes / 1e3 / d.ms)) : undefined);
  const sub = sessions.find((s) => s.row.client === 'subtls')!;
  const fmt = (x: number | undefined, d: number, r: RowSession) => (x !== undefined ? x.toFixed(d) : r.ok ? '-' : 'failed');
  const vs = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`);
  console.log(`\npuretls and subtls in headless Chromium (${browser.version()}), through the relay to openssl s_server -WWW on 127.0.0.1`);
  console.log('TLS_AES_128_GCM_SHA256, ECDSA P-256 chain verified to the same root; each row in its own browser context.');
  console.log(`Rows take turns (${ROUND} handshakes or 1 download each). handshake: median of ${HANDSHAKES} after ${WARMUP} untimed, from just before new WebSocket to handshake complete (first ms: the page's first); download: ${MIB} MiB, median of ${DOWNLOADS}, request to last byte, MB/s = 10^6 bytes/s.`);
  console.log('Key exchange: subtls has only P-256, so the main puretls rows (the first two, and the ratio line) offer and use P-256 only; the X25519 rows are puretls\'s default key share, for reference.');
  console.log(`${'client'.padEnd(18)}  group      first ms  handshake ms  vs subtls  download MB/s  vs subtls`);
  console.log(`${'-'.repeat(18)}  ---------  --------  ------------  ---------  -------------  ---------`);
  for (const r of sessions) {
    const row = r.row;
    console.log(`${row.label.padEnd(18)}  ${(r.group ?? row.group).padEnd(9)}  ${fmt(r.firstHandshakeMs, 1, r).padStart(8)}  ${fmt(hs(r), 2, r).padStart(12)}  ${vs(hs(r), hs(sub)).padStart(9)}  ${fmt(mbps(r), 1, r).padStart(13)}  ${vs(mbps(r), mbps(sub)).padStart(9)}`);
  }
  for (const r of sessions) {
    const row = r.row;
    if (!r.ok) console.log(`! ${row.label} ${row.group} failed: ${r.error}`);
    else if (r.downloads.some((d) => d.bytes < MIB * 2 ** 20)) console.log(`! ${row.label} ${row.group}: short download (${r.downloads.map((d) => d.bytes).join(', ')} bytes)`);
  }
  const main = sessions[0]!;
  console.log(`puretls webcrypto (P-256) / subtls: handshake ${vs(hs(main), hs(sub))} (goal <= 1.00x), download ${vs(mbps(main), mbps(sub))} (goal >= 1.20x)`);
} finally {
  await browser.close();
  await relay.close();
  await rawRelay.close();
  await new Promise<void>((r) => plain.close(() => r()));
  server.stop();
  await new Promise<void>((r) => http.close(() => r()));
  rmSync(www, { recursive: true, force: true });
}

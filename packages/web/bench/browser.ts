// The engine in headless Chromium, measured (issue 10): the page (bench/page.ts) connects through
// the relay to a local `openssl s_server -WWW` (ECDSA P-256 chain, TLS_AES_128_GCM_SHA256) and
// times verified handshakes and a download, once with the WebCrypto provider (AES-GCM on the
// page's crypto.subtle, asynchronous record lane) and once with noble. No assertions: numbers to read.
//
//   tsx packages/web/bench/browser.ts [--mib 64] [--handshakes 20]
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { randomFillSync } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFileSync } from 'node:fs';
import { build } from 'esbuild';
import { chromium } from 'playwright-core';
import { pkiDir, startServer } from '../../node/bench/server.js';
import { startRelay } from '../src/relay/index.js';
import type { BrowserBenchResult } from './page.js';

const { values } = parseArgs({ options: { mib: { type: 'string' }, handshakes: { type: 'string' } } });
const MIB = Number(values.mib ?? 64);
const HANDSHAKES = Number(values.handshakes ?? 20);
const HTML = '<!doctype html><meta charset="utf-8"><pre id="result"></pre><script type="module" src="/page.js"></script>';
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); const m = s.length >> 1; return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2; };

const www = mkdtempSync(join(tmpdir(), 'puretls-browser-bench-'));
const big = new Uint8Array(MIB * 2 ** 20);
for (let i = 0; i < big.length; i += 65536) randomFillSync(big, i, Math.min(65536, big.length - i));
writeFileSync(join(www, 'big.bin'), big);
const js = (await build({ entryPoints: [fileURLToPath(new URL('./page.ts', import.meta.url))], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', minify: true, write: false, logLevel: 'silent' })).outputFiles[0]!.text;
const http = createServer((req, res) => {
  const path = new URL(req.url ?? '/', 'http://x').pathname;
  if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
  else if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
  else res.writeHead(404).end();
});
await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
const origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
const server = await startServer('p256', www, 'TLS_AES_128_GCM_SHA256');
const relay = await startRelay({ target: { host: '127.0.0.1', port: server.port }, allowedOrigins: [origin] });
const profile = mkdtempSync(join(tmpdir(), 'puretls-browser-bench-profile-'));
const browser = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
try {
  console.log(`puretls in headless Chromium (${browser.browser()?.version() ?? '?'}), through the relay to openssl s_server on 127.0.0.1`);
  console.log(`(TLS_AES_128_GCM_SHA256, ECDSA P-256 chain verified; handshake: median of ${HANDSHAKES}, WebSocket open to handshake complete; download: ${MIB} MiB, MB/s = 10^6 bytes/s)`);
  console.log('provider    handshake ms  download MB/s');
  console.log('----------  ------------  -------------');
  for (const provider of ['webcrypto', 'noble']) {
    const page = await browser.newPage();
    const q = new URLSearchParams({ provider, relay: relay.url, ca: readFileSync(`${pkiDir}p256/root.pem`, 'utf8'), handshakes: String(HANDSHAKES) });
    await page.goto(`${origin}/?${q}`);
    await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', undefined, { timeout: 600_000 });
    const r = JSON.parse((await page.textContent('#result'))!) as BrowserBenchResult;
    await page.close();
    if (!r.ok) { console.log(`${provider.padEnd(10)}  failed: ${r.error}`); continue; }
    const mbps = r.downloadBytes / 1e6 / (r.downloadMs / 1000);
    console.log(`${provider.padEnd(10)}  ${median(r.handshakeMs).toFixed(2).padStart(12)}  ${mbps.toFixed(1).padStart(13)}`);
  }
} finally {
  await browser.close();
  await relay.close();
  server.stop();
  await new Promise<void>((r) => http.close(() => r()));
  rmSync(www, { recursive: true, force: true });
  rmSync(profile, { recursive: true, force: true });
}

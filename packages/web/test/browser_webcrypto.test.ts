// The WebCrypto provider in headless Chromium: a page bundled from test/helpers/webcrypto_page.ts
// connects through a relay to openssl s_server with createWebCryptoProvider(crypto.subtle) (the
// page's own), verifies the chain, GETs the answer, and reports how often it called
// crypto.subtle. Chromium missing is a failure, not a skip.
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebCryptoPageResult } from './helpers/webcrypto_page.js';
import { goodRoot, relayedOpenSsl, type RelayedServer } from './helpers/servers.js';

const CHROMIUM = '/usr/bin/chromium';
const HTML = '<!doctype html><meta charset="utf-8"><pre id="result"></pre><script type="module" src="/page.js"></script>';

let http: Server;
let origin: string;
let server: RelayedServer;
let browser: BrowserContext;
let profile: string;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  const bundled = await build({
    entryPoints: [fileURLToPath(new URL('./helpers/webcrypto_page.ts', import.meta.url))],
    bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent',
  });
  const js = bundled.outputFiles[0]!.text;
  http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(HTML);
    else if (path === '/page.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  server = await relayedOpenSsl('good/rsa', ['-www'], [origin]);
  profile = mkdtempSync(join(tmpdir(), 'puretls-chromium-webcrypto-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.stop();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

describe('the WebCrypto provider in headless Chromium', () => {
  it("completes a verified handshake and a GET with AES-GCM on the page's crypto.subtle", async () => {
    const page = await browser.newPage();
    const log: string[] = [];
    page.on('console', (m) => log.push(`${m.type()}: ${m.text()}`));
    page.on('pageerror', (e) => log.push(`pageerror: ${e.message}`));
    try {
      const q = new URLSearchParams({ relay: server.relay.url, ca: goodRoot() });
      await page.goto(`${origin}/?${q}`);
      await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', undefined, { timeout: 60_000 });
      const r = JSON.parse((await page.textContent('#result'))!) as WebCryptoPageResult;
      expect(r.error, log.join('\n')).toBeUndefined();
      expect(r.ok).toBe(true);
      expect(r.cipherSuite).toBe('TLS_AES_128_GCM_SHA256');
      expect(r.answer?.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
      expect(r.calls.importKey).toBe(2); // the two application traffic keys, once each
      expect(r.calls.encrypt).toBeGreaterThanOrEqual(1); // the GET
      expect(r.calls.decrypt).toBeGreaterThanOrEqual(2); // the answer and close_notify (and tickets)
    } finally {
      await page.close();
    }
  }, 90_000);
});

// puretls in headless Chromium: the example page, bundled by esbuild and served from 127.0.0.1,
// connects through a relay to openssl s_server, verifies the chain to the fixture root, sends a
// GET and writes its result into the page; a second server with an untrusted chain is refused; and
// with Encrypted Client Hello, through a relay to the BoringSSL ECH server, the real name stays
// inside the encrypted hello and BoringSSL answers it.
// Chromium missing is a failure, not a skip (CI installs Debian's chromium).
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildExample } from '../example/build.mjs';
import type { PageResult } from '../example/main.js';
import { buildBoringssl, startBoringssl, stopBoringssl, type BoringsslServer } from '../../node/test/helpers/boringssl.js';
import { fixtures, PUBLIC, REAL } from '../../node/test/helpers/ech_server.js';
import { startRelay, type Relay } from '../src/relay/index.js';
import { goodRoot, relayedOpenSsl, type RelayedServer } from './helpers/servers.js';

const CHROMIUM = '/usr/bin/chromium';
const exampleDir = new URL('../example/', import.meta.url);

let http: Server;
let origin: string;
let good: RelayedServer;
let untrusted: RelayedServer;
let echServer: BoringsslServer;
let echRelay: Relay;
let removeEchBuild: () => void;
let browser: BrowserContext;
let profile: string;
const pageLog: string[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install it with apt-get install -y chromium`);
  const js = (await buildExample())!;
  const html = readFileSync(new URL('index.html', exampleDir), 'utf8');
  http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(html);
    else if (path === '/main.js') res.writeHead(200, { 'content-type': 'text/javascript; charset=utf-8' }).end(js);
    else res.writeHead(404).end();
  });
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
  [good, untrusted] = await Promise.all([
    relayedOpenSsl('good/rsa', ['-www'], [origin]),
    relayedOpenSsl('bad/untrusted-root', ['-www'], [origin]),
  ]);
  const boringssl = await buildBoringssl('boringssl_ech_server');
  removeEchBuild = boringssl.remove;
  echServer = await startBoringssl(boringssl.binary, [`${fixtures}ech/both.pem`, `${fixtures}good/rsa/leaf.key`, PUBLIC]);
  echRelay = await startRelay({ target: { host: '127.0.0.1', port: echServer.port }, allowedOrigins: [origin] });
  profile = mkdtempSync(join(tmpdir(), 'puretls-chromium-'));
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
});

afterAll(async () => {
  await browser?.close();
  await Promise.all([good, untrusted].map((s) => s?.stop()));
  await echRelay?.close();
  if (echServer !== undefined) await stopBoringssl([echServer]);
  removeEchBuild?.();
  await new Promise<void>((r) => (http ? http.close(() => r()) : r()));
  if (profile !== undefined) rmSync(profile, { recursive: true, force: true });
});

/** Opens the example page with `params` and autorun, and reads back its result JSON. */
async function runPage(relayUrl: string, extra: { server?: string; ech?: string } = {}): Promise<PageResult> {
  const page = await browser.newPage();
  page.on('console', (m) => pageLog.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`pageerror: ${e.message}`));
  try {
    const q = new URLSearchParams({ relay: relayUrl, server: extra.server ?? 'localhost', ca: goodRoot(), path: '/', ech: extra.ech ?? '', autorun: '1' });
    await page.goto(`${origin}/?${q}`);
    await page.waitForFunction(() => (document.getElementById('result')?.textContent ?? '') !== '', undefined, { timeout: 60_000 });
    return JSON.parse((await page.textContent('#result'))!) as PageResult;
  } catch (e) {
    throw new Error(`${(e as Error).message}\npage log:\n${pageLog.join('\n')}`);
  } finally {
    await page.close();
  }
}

describe('puretls in headless Chromium', () => {
  it('completes a verified TLS 1.3 handshake through the relay and GETs the answer', async () => {
    const r = await runPage(good.relay.url);
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, verified: true, protocol: 'TLSv1.3' });
    expect(r.cipherSuite).toMatch(/^TLS_/);
    expect(r.answer?.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    expect(r.ech).toBe('grease');
  });

  it('with Encrypted Client Hello: BoringSSL decrypts the inner hello and answers the real name', async () => {
    const config = echServer.preamble.find((l) => l.startsWith('config '))!.slice('config '.length);
    const from = echServer.lines.length;
    const r = await runPage(echRelay.url, { server: REAL, ech: config });
    expect(r.error).toBeUndefined();
    expect(r).toMatchObject({ ok: true, verified: true, ech: 'accepted' });
    expect(r.answer).toMatch(/^HTTP\/1\.0 200 OK\r\n[\s\S]*hello from boringssl ech private\.puretls\.test\n$/);
    expect(await echServer.nextLine(/^(conn|failed) /, from)).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
  });

  it('refuses a chain under an untrusted root with a certificate error', async () => {
    const r = await runPage(untrusted.relay.url);
    expect(r.ok).toBe(false);
    expect(r.verified).toBe(false);
    expect(r.error).toMatchObject({ name: 'X509Error', category: 'certificate' });
  });
});

// Encrypted Client Hello (RFC 9849) against an independent ECH server: BoringSSL (Debian's
// android-libboringssl, the TLS library of Chrome's ECH) behind helpers/boringssl_ech_server.c,
// built here with the system's gcc. The server makes its ECH keys and ECHConfigs itself with
// BoringSSL's HPKE and encoder, and says after each handshake whether it accepted ECH and which
// name it answered. Each case is checked from both ends, through the Node driver over TCP with
// the fixture certificates verified: accepted, rejected with retry configs and the retry that
// then succeeds, a HelloRetryRequest with ECH, resumption and 0-RTT inside the ClientHelloInner,
// 0-RTT under a config the server no longer holds, and GREASE ECH ignored.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { EchRejectedError, MemorySessionStore } from '@puretls/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, TlsSocket, type ConnectOptions } from '../src/index.js';
import { buildBoringssl, startBoringssl, stopBoringssl, type BoringsslServer } from './helpers/boringssl.js';
import { echRootFile, fixtures, PUBLIC, REAL } from './helpers/ech_server.js';
import { httpGet, T } from './helpers/openssl_client.js';

const ca = readFileSync(echRootFile);
const servers = new Map<string, BoringsslServer>();
let removeBuild: (() => void) | undefined;
/** Why the servers did not start: each test fails with it (vitest would mark them skipped otherwise). */
let setupError: Error | undefined;

beforeAll(async () => {
  try {
    const { binary, remove } = await buildBoringssl('boringssl_ech_server');
    removeBuild = remove;
    const args = [`${fixtures}ech/both.pem`, `${fixtures}good/rsa/leaf.key`, PUBLIC];
    servers.set('plain', await startBoringssl(binary, args));
    servers.set('hrr', await startBoringssl(binary, [...args, 'p256-only']));
    servers.set('early', await startBoringssl(binary, [...args, 'early-data']));
  } catch (e) {
    setupError = e as Error;
  }
}, 120_000);

afterAll(async () => {
  await stopBoringssl(servers.values());
  removeBuild?.();
});

function serverFor(name: string): BoringsslServer & { config: string; stale: string } {
  if (setupError !== undefined) throw setupError;
  const s = servers.get(name)!;
  const value = (label: string) => s.preamble.find((l) => l.startsWith(`${label} `))!.slice(label.length + 1);
  return Object.assign(s, { config: value('config'), stale: value('stale') });
}

const options = (s: BoringsslServer, extra: Partial<ConnectOptions> = {}): ConnectOptions => ({ host: '127.0.0.1', port: s.port, servername: REAL, ca, ...extra });

/** Connects, fetches the page, and returns it with the server's line for this connection. */
async function exchange(s: BoringsslServer, extra: Partial<ConnectOptions>): Promise<{ socket: TlsSocket; page: string; line: string }> {
  const from = s.lines.length;
  const socket = await connect(options(s, extra));
  const page = await httpGet(socket);
  return { socket, page, line: await s.nextLine(/^conn /, from) };
}

describe('ECH with a BoringSSL server (RFC 9849)', () => {
  it('accepted: BoringSSL decrypts the inner hello, answers the real name, and we verify it', { timeout: T }, async () => {
    const s = serverFor('plain');
    for (const crypto of ['node', 'noble'] as const) {
      const { socket, page, line } = await exchange(s, { ech: s.config, crypto });
      expect(socket.ech, crypto).toBe('accepted');
      expect(socket.authorized).toBe(true);
      expect(line).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
      expect(page).toMatch(new RegExp(`hello from boringssl ech ${REAL.replace(/\./g, '\\.')}\\n$`));
    }
  });

  it('rejected (a config it no longer holds): verified for the public name, then its retry configs; echRetry then succeeds', { timeout: T }, async () => {
    const s = serverFor('plain');
    const from = s.lines.length;
    const err = await connect(options(s, { ech: s.stale })).then((x) => { x.destroy(); throw new Error('connected'); }, (e: unknown) => e);
    expect(err).toBeInstanceOf(EchRejectedError);
    expect((err as EchRejectedError).publicName).toBe(PUBLIC);
    expect(Buffer.from((err as EchRejectedError).retryConfigs!).toString('base64')).toBe(s.config);
    // BoringSSL answered the outer hello, for the public name, and got our ech_required alert.
    expect(await s.nextLine(/^(conn|failed) /, from)).toBe(`failed ech=0 sni=${PUBLIC} reason=TLSV1_ALERT_ECH_REQUIRED`);
    const retried = await exchange(s, { ech: s.stale, echRetry: true });
    expect(retried.socket.ech).toBe('accepted');
    expect(retried.line).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
  });

  it('under each TLS 1.3 suite (the confirmations hash with SHA-256 or SHA-384)', { timeout: T }, async () => {
    const s = serverFor('plain');
    for (const suite of ['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256']) {
      const { socket, line } = await exchange(s, { ech: s.config, ciphers: suite });
      expect(socket.getCipher()?.standardName ?? socket.getCipher()?.name, suite).toBe(suite);
      expect(socket.ech).toBe('accepted');
      expect(line).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
    }
  });

  it('a HelloRetryRequest with ECH: the second ClientHelloOuter reuses the HPKE context (§6.1.5)', { timeout: T }, async () => {
    const s = serverFor('hrr');
    const { socket, line } = await exchange(s, { ech: s.config });
    expect(socket.ech).toBe('accepted');
    expect(socket.info?.helloRetryRequest).toBe(true);
    expect(line).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
    // And rejected after the HelloRetryRequest: the second outer hello repeats the first's ECH extension.
    const from = s.lines.length;
    const err = await connect(options(s, { ech: s.stale })).then((x) => { x.destroy(); throw new Error('connected'); }, (e: unknown) => e);
    expect(err).toBeInstanceOf(EchRejectedError);
    expect(await s.nextLine(/^(conn|failed) /, from)).toBe(`failed ech=0 sni=${PUBLIC} reason=TLSV1_ALERT_ECH_REQUIRED`);
  });

  it('resumption inside the ClientHelloInner: the second connection resumes, still under ECH', { timeout: T }, async () => {
    const s = serverFor('plain');
    const sessionStore = new MemorySessionStore();
    const first = await exchange(s, { ech: s.config, sessionStore });
    expect(first.socket.isSessionReused()).toBe(false);
    const second = await exchange(s, { ech: s.config, sessionStore });
    expect(second.socket.ech).toBe('accepted');
    expect(second.socket.isSessionReused()).toBe(true);
    expect(second.line).toBe(`conn ech=1 sni=${REAL} resumed=1 early=0`);
  });

  it('resumption inside ECH after a HelloRetryRequest: the second inner hello\'s binder covers the inner transcript', { timeout: T }, async () => {
    const s = serverFor('hrr');
    const sessionStore = new MemorySessionStore();
    await exchange(s, { ech: s.config, sessionStore });
    const second = await exchange(s, { ech: s.config, sessionStore });
    expect(second.socket.info?.helloRetryRequest).toBe(true);
    expect(second.socket.isSessionReused()).toBe(true);
    expect(second.socket.ech).toBe('accepted');
    expect(second.line).toBe(`conn ech=1 sni=${REAL} resumed=1 early=0`);
  });

  it('0-RTT inside ECH: BoringSSL takes the early data, sent under the inner hello\'s keys', { timeout: T }, async () => {
    const s = serverFor('early');
    const sessionStore = new MemorySessionStore();
    await exchange(s, { ech: s.config, sessionStore });
    const from = s.lines.length;
    const socket = new TlsSocket({ ...options(s, { ech: s.config, sessionStore }), earlyData: true });
    socket.write('GET / HTTP/1.0\r\n\r\n');
    await once(socket, 'secureConnect');
    const chunks: Buffer[] = [];
    socket.on('data', (d: Buffer) => chunks.push(d));
    await once(socket, 'end');
    expect(socket.ech).toBe('accepted');
    expect(socket.earlyData).toBe('accepted');
    expect(await s.nextLine(/^conn /, from)).toBe(`conn ech=1 sni=${REAL} resumed=1 early=1`);
    expect(Buffer.concat(chunks).toString()).toMatch(/hello from boringssl ech/);
    socket.destroy();
  });

  it('0-RTT under a config the server no longer holds: it skips the early data, and we end with ech_required', { timeout: T }, async () => {
    const s = serverFor('early');
    const sessionStore = new MemorySessionStore();
    await exchange(s, { ech: s.config, sessionStore });
    const from = s.lines.length;
    const socket = new TlsSocket({ ...options(s, { ech: s.stale, sessionStore }), earlyData: true });
    socket.write('GET /must-not-arrive HTTP/1.0\r\n\r\n');
    const [err] = (await once(socket, 'error')) as [Error];
    expect(err).toBeInstanceOf(EchRejectedError);
    // BoringSSL answered the outer hello, whose GREASE PSK names no ticket it knows: so no resumption and no 0-RTT.
    expect(await s.nextLine(/^(conn|failed) /, from)).toBe(`failed ech=0 sni=${PUBLIC} reason=TLSV1_ALERT_ECH_REQUIRED`);
  });

  it('GREASE ECH (no config): BoringSSL ignores it and the handshake goes on in the clear', { timeout: T }, async () => {
    const s = serverFor('plain');
    const { socket, line } = await exchange(s, { servername: PUBLIC });
    expect(socket.ech).toBe('grease');
    expect(line).toBe(`conn ech=0 sni=${PUBLIC} resumed=0 early=0`);
  });
});

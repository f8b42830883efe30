// Encrypted Client Hello (RFC 9849) through the Node driver over TCP on 127.0.0.1, against the
// ECH client-facing server written from the RFC (core/test/helpers/ech_front.ts) whose backend
// presents real fixture certificates (fixtures/pki/ech) checked by the default verifier: accepted
// for the private name, rejected and checked for the public name, the automatic retry with the
// server's retry configs, and a rejection by a server without a certificate for the public name.
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { EchRejectedError } from '@puretls/core';
import { connect, type ConnectOptions } from '../src/index.js';
import { configList, echRootFile, echServer, makeEchKey, PUBLIC, REAL, sniOf } from './helpers/ech_server.js';
import type { Running } from './helpers/node_servers.js';

const ca = readFileSync(echRootFile);

let server: Running | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const options = (port: number, extra: Partial<ConnectOptions>): ConnectOptions => ({ host: '127.0.0.1', port, servername: REAL, ca, ALPNProtocols: ['h2'], ...extra });

describe('ECH over TCP with certificates checked (RFC 9849)', () => {
  it('accepted: the real name is verified and hidden on the wire; data flows', async () => {
    const k = await makeEchKey({ configId: 3, publicName: PUBLIC, maximumNameLength: 32 });
    const s = await echServer({ keys: () => [k], chain: 'ech/private-only.pem' });
    server = s.running;
    const socket = await connect(options(server.port, { ech: configList(k).toString('base64') }));
    expect(socket.ech).toBe('accepted');
    expect(sniOf(s.fronts[0]!.seen.outers[0]!)).toBe(PUBLIC);
    expect(sniOf(s.fronts[0]!.seen.inners[0]!)).toBe(REAL);
    socket.write('ping');
    await new Promise<void>((r) => setImmediate(r));
    socket.destroy();
  });

  it('rejected: the public name is verified, then ERR_PURETLS_ECH_REJECTED with the retry configs', async () => {
    const stale = await makeEchKey({ configId: 1, publicName: PUBLIC, seed: 4 });
    const current = await makeEchKey({ configId: 2, publicName: PUBLIC, seed: 5 });
    const s = await echServer({ keys: () => [current], chain: 'ech/public-only.pem' });
    server = s.running;
    const err = await connect(options(server.port, { ech: configList(stale) })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EchRejectedError);
    expect((err as EchRejectedError & { code: string }).code).toBe('ERR_PURETLS_ECH_REJECTED');
    expect(Buffer.from((err as EchRejectedError).retryConfigs!).equals(configList(current))).toBe(true);
  });

  it('echRetry: connects once more with the retry configs, and that connection is accepted', async () => {
    const stale = await makeEchKey({ configId: 1, publicName: PUBLIC, seed: 4 });
    const current = await makeEchKey({ configId: 2, publicName: PUBLIC, seed: 5 });
    const s = await echServer({ keys: () => [current], chain: 'ech/both.pem' });
    server = s.running;
    const socket = await connect(options(server.port, { ech: configList(stale), echRetry: true }));
    expect(socket.ech).toBe('accepted');
    expect(s.fronts.map((f) => f.seen.accepted)).toEqual([false, true]);
    socket.destroy();
  });

  it('rejected by a server without a certificate for the public name: a certificate error, no retry', async () => {
    const stale = await makeEchKey({ configId: 1, publicName: PUBLIC, seed: 4 });
    const current = await makeEchKey({ configId: 2, publicName: PUBLIC, seed: 5 });
    const s = await echServer({ keys: () => [current], chain: 'ech/private-only.pem' });
    server = s.running;
    const err = await connect(options(server.port, { ech: configList(stale), echRetry: true })).catch((e: unknown) => e);
    expect((err as { code?: string }).code).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    expect(s.fronts).toHaveLength(1);
  });
});

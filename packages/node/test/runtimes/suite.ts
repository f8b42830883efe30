// The cases every runtime passes, against real `openssl s_server -tls1_3 -www` peers on 127.0.0.1:
// a verified TLS 1.3 handshake and the server's answer with the good RSA and P-256 chains (GREASE
// ECH sent and ignored), the refusal of bad chains with the case's alert, which the server reports
// having received; and Encrypted Client Hello accepted by the BoringSSL ECH server
// (helpers/boringssl_ech_server.c), which answers the real name it decrypted.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildBoringssl, startBoringssl, stopBoringssl, type BoringsslServer } from '../helpers/boringssl.js';
import { fixtures, PUBLIC, REAL } from '../helpers/ech_server.js';
import { startOpenSsl, stopAllOpenSsl, type OpenSslServer } from '../helpers/openssl.js';
import { badCase, badCaseAlert, goodRoot, prepare, run, runClient, type Runtime } from './harness.js';

/** How a runtime runs its client: the argv after the binary (`extra` last), and the environment. */
export type Invocation = (a: { client: string; port: number; root: string; serverName: string; extra: readonly string[] }) => { args: string[]; env?: NodeJS.ProcessEnv };

const T = 180_000; // a runtime's cold start and the packing on first use; nothing here asserts a duration
const good = ['rsa', 'p256'] as const;
const bad = ['untrusted-root', 'bad-signature'] as const;

/**
 * Declares the runtime's tests: each client run must report the runtime it ran in (`Bun.version` /
 * `Deno.version.deno`, compared with `<binary> --version`).
 *
 * @example
 * runtimeSuite('bun', ({ client, port, root, serverName }) => ({ args: ['run', client, String(port), root, serverName] }));
 */
export function runtimeSuite(runtime: Runtime, invoke: Invocation): void {
  let binary = '';
  let dir = '';
  let client = '';
  let version = '';
  let project = '';
  const servers = new Map<string, OpenSslServer>();
  const roots = new Map<string, string>();
  const cleanups: (() => void)[] = [];
  let echServer: BoringsslServer | undefined;
  // A runtime that cannot be obtained fails every test (rather than leaving them skipped).
  let setupError: unknown;

  beforeAll(async () => {
    try {
      await setup();
    } catch (e) {
      setupError = e;
    }
  }, 10 * 60_000);

  const setup = async () => {
    ({ binary, dir, client, project } = await prepare(runtime));
    version = (await run(binary, ['--version'], { cwd: dir })).stdout;
    for (const alg of good) servers.set(alg, await startOpenSsl(['-www'], alg));
    for (const name of bad) {
      const c = badCase(name);
      cleanups.push(c.remove);
      roots.set(name, c.root);
      servers.set(name, await startOpenSsl(['-www'], c.cert));
    }
    const boringssl = await buildBoringssl('boringssl_ech_server');
    cleanups.push(boringssl.remove);
    echServer = await startBoringssl(boringssl.binary, [`${fixtures}ech/both.pem`, `${fixtures}good/rsa/leaf.key`, PUBLIC]);
  };

  afterAll(async () => {
    await stopAllOpenSsl();
    if (echServer !== undefined) await stopBoringssl([echServer]);
    for (const c of cleanups) c();
    if (dir !== '') rmSync(dir, { recursive: true, force: true });
  });

  const runAgainst = async (name: string, root: string) => {
    if (setupError !== undefined) throw setupError;
    const server = servers.get(name)!;
    const { args, env } = invoke({ client, port: server.port, root, serverName: 'localhost', extra: [] });
    const got = await runClient(binary, args, dir, env);
    const context = `${runtime} against ${name}:\n${got.stdout}\n${got.stderr}\nserver:\n${server.output()}`;
    expect(got.result.runtime, context).toBe(runtime);
    expect(got.result.runtimeVersion, context).toMatch(/^\d+\.\d+\.\d+/);
    expect(version, context).toContain(got.result.runtimeVersion);
    expect(got.result.engine, context).toBe(`file://${project}/node_modules/@puretls/core/dist/index.js`);
    return { run: got, server, context };
  };

  describe(`${runtime}: the packed engine over ${runtime}'s own sockets`, () => {
    for (const alg of good) {
      it(`completes a verified TLS 1.3 handshake with s_server (${alg} chain) and reads its answer to close_notify`, async () => {
        const { run, context } = await runAgainst(alg, goodRoot(alg));
        expect(run.result.error, context).toBeUndefined();
        expect(run.result, context).toMatchObject({ ok: true, protocol: 'TLSv1.3', verified: true });
        expect(run.result.cipherSuite, context).toMatch(/^TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)$/);
        expect(run.result.answerStartsWith, context).toMatch(/^HTTP\/1\.0 200 ok\r\n/);
        expect(run.result.ech, context).toBe('grease');
        expect(run.status, context).toBe(0);
      }, T);
    }

    it('hides the server name with Encrypted Client Hello: BoringSSL accepts it and answers the real name', async () => {
      if (setupError !== undefined) throw setupError;
      const server = echServer!;
      const config = server.preamble.find((l) => l.startsWith('config '))!.slice('config '.length);
      const from = server.lines.length;
      const { args, env } = invoke({ client, port: server.port, root: goodRoot('rsa'), serverName: REAL, extra: [config] });
      const got = await runClient(binary, args, dir, env);
      const context = `${runtime} against BoringSSL ECH:\n${got.stdout}\n${got.stderr}\nserver:\n${server.lines.join('\n')}`;
      expect(got.result.runtime, context).toBe(runtime);
      expect(got.result.error, context).toBeUndefined();
      expect(got.result, context).toMatchObject({ ok: true, verified: true, ech: 'accepted' });
      expect(got.result.answerStartsWith, context).toMatch(/^HTTP\/1\.0 200 OK\r\n/);
      expect(await server.nextLine(/^(conn|failed) /, from), context).toBe(`conn ech=1 sni=${REAL} resumed=0 early=0`);
    }, T);

    for (const name of bad) {
      it(`refuses the ${name} chain with ${badCaseAlert(name)}, and s_server receives that alert`, async () => {
        const alert = badCaseAlert(name);
        const { run, server, context } = await runAgainst(name, roots.get(name)!);
        expect(run.result, context).toMatchObject({ ok: false, verified: false });
        expect(run.result.error, context).toMatchObject({ category: 'certificate', alert });
        await server.waitForOutput(`alert ${alert.replace(/_/g, ' ')}`, { ms: 60_000 });
      }, T);
    }
  });
}

// A verifier's result is asynchronous exactly when it is a thenable, from any realm (item 17):
// `instanceof Promise` misses promises from another realm and plain thenables, and would treat
// their rejection as success.
import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { CertificateError, TlsClient, type CertificateVerifier, type TlsError } from '../../src/index.js';
import { ScriptedServer } from '../helpers/scripted_server.js';

interface Run {
  readonly client: TlsClient;
  readonly server: ScriptedServer;
  readonly error: TlsError | undefined;
}

/** Drives a handshake to completion or failure, awaiting the verifier whenever asked to. */
async function run(verifier: CertificateVerifier): Promise<Run> {
  const server = new ScriptedServer();
  const client = new TlsClient({ serverName: 'server', verifier });
  let error: TlsError | undefined;
  for (let i = 0; i < 10; i++) {
    let status;
    try {
      status = client.handshake();
    } catch (e) {
      error = e as TlsError;
    }
    const out = client.takeOutgoing();
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    if (error !== undefined) break;
    if (status === 'want-async') await client.pendingWork();
    else if (status === 'ok' && answer.length === 0) break;
    if (answer.length > 0) client.receive(answer);
  }
  return { client, server, error };
}

/** The handshake failed with bad_certificate carrying the verifier's message, sent to the server. */
function expectRefused(r: Run): void {
  expect(r.error, 'handshake should fail').toBeInstanceOf(CertificateError);
  expect(r.error!.alertName).toBe('bad_certificate');
  expect(r.error!.message).toContain('no');
  expect(r.server.receivedAlerts).toContainEqual([2, 42]);
  expect(r.client.info).toBeUndefined();
}

const returning = (value: unknown): CertificateVerifier => ({ verifyServerCertificate: () => value as void });

describe('asynchronous verifier results are recognised as thenables (any realm)', () => {
  it('a rejecting promise from another realm fails the handshake with bad_certificate', async () => {
    expectRefused(await run({ verifyServerCertificate: () => runInNewContext('Promise.reject(new Error("no"))') as Promise<void> }));
  });

  it('a plain rejecting thenable fails the handshake with bad_certificate', async () => {
    expectRefused(await run(returning({ then(_ok: unknown, reject: (e: unknown) => void) { reject(new Error('no')); } })));
  });

  it('a rejecting thenable keeps the verifier\'s own TlsError', async () => {
    const own = new CertificateError('unknown-issuer', 'unknown_ca', 'not trusted');
    const r = await run(returning({ then(_ok: unknown, reject: (e: unknown) => void) { reject(own); } }));
    expect(r.error).toBe(own);
    expect(r.server.receivedAlerts).toContainEqual([2, 48]);
  });

  it('a resolving promise from another realm lets the handshake complete', async () => {
    const r = await run({ verifyServerCertificate: () => runInNewContext('Promise.resolve()') as Promise<void> });
    expect(r.error).toBeUndefined();
    expect(r.client.handshake()).toBe('ok');
  });

  it('a plain resolving thenable lets the handshake complete', async () => {
    const r = await run(returning({ then(ok: () => void) { ok(); } }));
    expect(r.error).toBeUndefined();
    expect(r.client.handshake()).toBe('ok');
  });

  it('a thenable makes the handshake wait (want-async) until it settles', async () => {
    let settle!: () => void;
    const server = new ScriptedServer();
    const client = new TlsClient({ serverName: 'server', verifier: returning({ then(ok: () => void) { settle = ok; } }) });
    client.handshake();
    client.receive(server.respond(client.takeOutgoing()));
    expect(client.handshake()).toBe('want-async');
    const work = client.pendingWork()!;
    await Promise.resolve(); // Promise.resolve(thenable) calls then() on a later microtask
    settle();
    await work;
    expect(client.handshake()).toBe('want-write');
  });

  it('a `then` getter that throws fails the handshake with bad_certificate', async () => {
    expectRefused(await run(returning({ get then() { throw new Error('no'); } })));
  });

  it('a non-thenable object or a `then` that is not a function is a synchronous success', async () => {
    for (const value of [{}, { then: 1 }, 0, 'ok', null]) {
      const r = await run(returning(value));
      expect(r.error).toBeUndefined();
      expect(r.client.handshake()).toBe('ok');
    }
  });
});

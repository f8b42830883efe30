// A custom verifier's result is asynchronous exactly when it is a thenable, whatever realm made it;
// its rejection fails the handshake with the verifier's error (end to end through connect()).
import { runInNewContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, isThenable, type TlsSocket } from '../src/index.js';
import { tlsServer, type Running } from './helpers/node_servers.js';

type Failure = Error & { code?: string; alertName?: string; cause?: unknown };
const fails = (p: Promise<TlsSocket>): Promise<Failure> => p.then((s) => { s.destroy(); throw new Error('connected'); }, (e: unknown) => e as Failure);

let server: Running;
beforeAll(async () => { server = await tlsServer(() => {}); });
afterAll(() => server.close());

describe('a custom verifier returning a thenable', () => {
  it('a rejected promise from another realm fails the handshake with the verifier\'s error', async () => {
    const verifier = { verifyServerCertificate: () => runInNewContext('Promise.reject(new Error("x"))') as Promise<void> };
    const err = await fails(connect({ host: 'localhost', port: server.port, verifier }));
    expect(err).toMatchObject({ code: 'ERR_PURETLS_CERTIFICATE', alertName: 'bad_certificate' });
    expect(err.message).toContain('x');
    expect((err.cause as Error).message).toBe('x');
  });

  it('a plain object whose then calls reject fails the handshake with the verifier\'s error', async () => {
    const reason = new Error('refused by then');
    const verifier = { verifyServerCertificate: () => ({ then: (_ok: unknown, no: (e: unknown) => void) => no(reason) }) as unknown as Promise<void> };
    const seen: string[] = [];
    const err = await fails(connect({ host: 'localhost', port: server.port, verifier, onPumpEvent: (e) => seen.push(e.kind) }));
    expect(err).toMatchObject({ code: 'ERR_PURETLS_CERTIFICATE', alertName: 'bad_certificate' });
    expect(err.cause).toBe(reason);
    expect(seen).toContain('want-async');
  });

  it('a resolved promise from another realm is awaited and authorizes', async () => {
    const verifier = { verifyServerCertificate: () => runInNewContext('Promise.resolve()') as Promise<void> };
    const seen: string[] = [];
    const s = await connect({ host: 'localhost', port: server.port, verifier, onPumpEvent: (e) => seen.push(e.kind) });
    expect(seen).toContain('want-async');
    expect(s.authorized).toBe(true);
    s.destroy();
  });

  it('isThenable: any object or function with a callable then, nothing else', () => {
    expect(isThenable(runInNewContext('Promise.resolve()'))).toBe(true);
    expect(isThenable({ then: () => {} })).toBe(true);
    expect(isThenable(Object.assign(() => {}, { then: () => {} }))).toBe(true);
    expect([undefined, null, 1, 'then', {}, { then: 1 }].some(isThenable)).toBe(false);
  });
});

// Issue 12's rule: no private key material in any error, log line, key log, trace or inspect()
// output of the objects involved. Each fixture key's secret numbers are searched for, as hex,
// base64 and decimal, in everything a client-certificate connection and its failures produce.
import { inspect } from 'node:util';
import { parsePrivateKey, type PrivateKey, type TraceEvent } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { TlsSocket } from '../src/index.js';
import { clientPki } from './helpers/client_pki.js';
import { closeAfterEachTest, httpGet, open, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

const hex = (b: Uint8Array | bigint) => (typeof b === 'bigint' ? b.toString(16) : Buffer.from(b).toString('hex'));
const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64').replace(/=+$/, '');
const b64u = (b: Uint8Array) => Buffer.from(b).toString('base64url');

/** Pieces of the key's secret components long enough to be unmistakable (16 hex digits, 12 base64, 20 decimal). */
function secretPieces(key: PrivateKey): string[] {
  const m = key.material;
  const bytes = m.kind === 'ec' ? [m.d] : m.kind === 'ed25519' ? [m.seed] : [];
  const numbers = m.kind === 'rsa' ? [m.d, m.p, m.q, m.dp, m.dq, m.qi] : [];
  return [
    ...bytes.flatMap((b) => [hex(b).slice(0, 16), hex(b).slice(-16), b64(b).slice(0, 12), b64u(b).slice(0, 12), Array.from(b.subarray(0, 8)).join(',')]),
    ...numbers.flatMap((n) => [hex(n).slice(0, 16), hex(n).slice(-16), n.toString().slice(0, 20), b64(Buffer.from(hex(n).padStart(hex(n).length + (hex(n).length % 2), '0'), 'hex')).slice(0, 12)]),
  ];
}

function expectClean(text: string, pieces: readonly string[], what: string): void {
  for (const p of pieces) expect(text.toLowerCase().includes(p.toLowerCase()), `${what} holds a piece of the key`).toBe(false);
}

describe.each(['p256', 'rsa', 'ed25519'] as const)('%s client key', (alg) => {
  it('a connection: key log, trace, inspect() of the socket, engine, info and key hold none of it', async () => {
    const pki = clientPki(alg);
    const key = parsePrivateKey(pki.key);
    const pieces = secretPieces(key);
    expect(pieces.length).toBeGreaterThan(3);
    // Control: the key file itself holds the first piece, so the search would find a leak.
    expect(Buffer.from(pki.key.replace(/-----[^-]+-----|\s/g, ''), 'base64').toString('hex')).toContain(pieces[0]!.toLowerCase());
    const srv = await server(['-www', '-Verify', '1', '-verify_return_error', '-CAfile', `${pki.dir}root.pem`]);
    const keyLog: string[] = [];
    const trace: TraceEvent[] = [];
    const s = await open(srv.port, 'p256', { key: pki.key, cert: pki.chain, engine: { keyLog: (l) => keyLog.push(l) }, trace: (e) => trace.push(e) });
    expect(await httpGet(s)).toContain(`puretls client ${alg}`);
    expectClean(keyLog.join('\n'), pieces, 'the key log');
    expectClean(JSON.stringify(trace), pieces, 'the trace');
    expectClean(inspect(s, { depth: 8, showHidden: true }), pieces, 'inspect(socket)');
    expectClean(inspect(s.engine, { depth: 8, showHidden: true }), pieces, 'inspect(engine)');
    expectClean(JSON.stringify(s.info, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)), pieces, 'info');
    expectClean(inspect(key, { depth: 8, showHidden: true }) + JSON.stringify(key) + String(key), pieces, 'the key object');
    expectClean(srv.output(), pieces, "the server's output (control: the certificate is there, the key is not)");
  }, T);

  it('failures: wrong passphrase, key mismatch, a signer that throws: no piece in message, stack or inspect()', async () => {
    const pki = clientPki(alg);
    const pieces = secretPieces(parsePrivateKey(pki.key));
    const errors: unknown[] = [];
    const attempt = (o: object) => { try { new TlsSocket({ host: '127.0.0.1', port: 9, ...o }).destroy(); } catch (e) { errors.push(e); } };
    attempt({ key: pki.encKey, passphrase: 'wrong', cert: pki.chain });
    attempt({ key: pki.key, cert: clientPki(alg === 'p256' ? 'p384' : 'p256').chain });
    attempt({ key: pki.key.replace(/[A-Za-z](?=[A-Za-z0-9+/]{20}\n)/, (c) => (c === 'A' ? 'B' : 'A')), cert: pki.chain });
    expect(errors.length).toBe(3);
    // A signer failing in the handshake: the connection's error.
    const srv = await server(['-www', '-Verify', '1', '-verify_return_error', '-CAfile', `${pki.dir}root.pem`]);
    const boom = await open(srv.port, 'p256', { clientCertificate: () => ({ chain: [Buffer.from('00', 'hex')], key: parsePrivateKey(pki.key), signer: { schemes: [0x0403, 0x0804, 0x0807], sign: () => { throw new Error('token removed'); } } }) }).then(() => undefined, (e: unknown) => e);
    expect(boom).toBeInstanceOf(Error);
    errors.push(boom);
    for (const e of errors) expectClean(`${String(e)}\n${(e as Error).stack}\n${inspect(e, { depth: 8, showHidden: true })}`, pieces, `error ${String(e)}`);
  }, T);
});

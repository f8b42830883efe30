// Node's `crl` option: the fixture CRLs of fixtures/pki/crl (generate-crl.sh, for the good p256
// PKI) against `openssl s_server` on loopback. Covered and not revoked connects; a revoked leaf or
// intermediate is CERT_REVOKED (certificate_revoked); CRLs that leave a certificate uncovered fail
// closed (UNABLE_TO_GET_CRL).
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { closeAfterEachTest, connectFails, httpGet, open, server, T } from './helpers/openssl_client.js';
import { goodFile } from './helpers/openssl.js';

closeAfterEachTest();
const crlDir = fileURLToPath(new URL('../../../fixtures/pki/crl/', import.meta.url));
const crl = (name: string) => readFileSync(`${crlDir}${name}.crl.pem`, 'utf8');

describe('openssl s_server with the crl option (RFC 5280 §6.3)', () => {
  it('the root and intermediate CRLs, nothing revoked: connects (PEM text and Buffers alike)', async () => {
    const srv = await server(['-www']);
    const s = await open(srv.port, 'p256', { crl: [crl('root'), Buffer.from(crl('intermediate'))] });
    expect(s.authorized).toBe(true);
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
  }, T);

  it('the leaf revoked by the intermediate: CERT_REVOKED with alert certificate_revoked', async () => {
    const srv = await server(['-www']);
    const e = await connectFails({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: goodFile('p256', 'root.pem'), crl: crl('root') + crl('intermediate-revoked') });
    expect(e.code).toBe('CERT_REVOKED');
    expect((e as { alert?: number }).alert).toBe(44);
  }, T);

  it('the intermediate revoked by the root: CERT_REVOKED', async () => {
    const srv = await server(['-www']);
    const e = await connectFails({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: goodFile('p256', 'root.pem'), crl: [crl('root-revoked'), crl('intermediate')] });
    expect(e.code).toBe('CERT_REVOKED');
  }, T);

  it('only the root CRL: the leaf is not covered, so the chain fails closed (UNABLE_TO_GET_CRL)', async () => {
    const srv = await server(['-www']);
    const e = await connectFails({ host: '127.0.0.1', port: srv.port, servername: 'localhost', ca: goodFile('p256', 'root.pem'), crl: crl('root') });
    expect(e.code).toBe('UNABLE_TO_GET_CRL');
    expect(e.message).toMatch(/CRL/);
  }, T);

  it('a crl string without a CRL in it is a TypeError', async () => {
    const srv = await server(['-www']);
    await expect(open(srv.port, 'p256', { crl: 'not a crl' })).rejects.toThrow(TypeError);
  }, T);
});

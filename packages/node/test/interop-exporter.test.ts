// Exporters (RFC 9846 §7.5) against openssl s_server -keymatexport: the bytes s_server prints for
// a label and length equal our exportKeyingMaterial() on the same connection (s_server exports
// with no context, which TLS 1.3 treats as an empty one), with each suite's hash, and through the
// CLI's --export. gnutls-serv --keymatexport is in the gnutls matrix (helpers/gnutls_cases.ts).
import { describe, expect, it } from 'vitest';
import { TlsSocket } from '../src/index.js';
import { rsaRoot, runCli } from './helpers/cli_run.js';
import { closeAfterEachTest, open, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

describe('openssl s_server -keymatexport', () => {
  it.each([
    ['TLS_AES_128_GCM_SHA256', 'EXPORTER-Channel-Binding', 32],
    ['TLS_AES_256_GCM_SHA384', 'EXPERIMENTAL-puretls', 64],
    ['TLS_CHACHA20_POLY1305_SHA256', 'EXPERIMENTAL-puretls', 20],
  ] as const)('%s, label %s, %d bytes: equal to ours', async (suite, label, length) => {
    const srv = await server(['-ciphersuites', suite, '-keymatexport', label, '-keymatexportlen', String(length)]);
    const s = await open(srv.port, 'p256');
    s.on('data', () => {});
    s.write('x\n');
    await srv.waitForOutput('Keying material: ');
    await srv.waitForOutput('\n', { from: srv.output().indexOf('Keying material: ') }); // the whole hex line
    const printed = /Keying material: ([0-9A-Fa-f]+)/.exec(srv.output())![1]!.toLowerCase();
    expect(printed).toHaveLength(2 * length);
    expect(s.exportKeyingMaterial(length, label).toString('hex')).toBe(printed);
    expect(s.exportKeyingMaterial(length, label, new Uint8Array(0)).toString('hex')).toBe(printed);
    expect(s.exportKeyingMaterial(length, `${label}-other`).toString('hex')).not.toBe(printed);
  }, T);

  it('the CLI: puretls connect --export LABEL:LEN prints what s_server prints', async () => {
    const srv = await server(['-keymatexport', 'EXPERIMENTAL:with:colons', '-keymatexportlen', '24'], 'rsa');
    const r = await runCli(['connect', `localhost:${srv.port}`, '--ca', rsaRoot, '--export', 'EXPERIMENTAL:with:colons:24'], { input: 'x\n' });
    expect(r.status).toBe(0);
    await srv.waitForOutput('Keying material: ');
    await srv.waitForOutput('\n', { from: srv.output().indexOf('Keying material: ') });
    const printed = /Keying material: ([0-9A-Fa-f]+)/.exec(srv.output())![1]!.toUpperCase();
    expect(r.stderr).toContain(`exporter "EXPERIMENTAL:with:colons" 24: ${printed}`);
  }, T);

  it('before the handshake: ERR_TLS_INVALID_STATE, as Node', async () => {
    const srv = await server([]);
    const s = new TlsSocket({ host: '127.0.0.1', port: srv.port, servername: 'localhost', dangerouslySkipCertificateVerification: true });
    expect(() => s.exportKeyingMaterial(16, 'L')).toThrow(expect.objectContaining({ code: 'ERR_TLS_INVALID_STATE' }));
    s.destroy();
  }, T);
});

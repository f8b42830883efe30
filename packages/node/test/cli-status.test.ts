// `puretls connect --status` (s_client -status) against real `openssl s_server -status_file`
// processes with the fixtures/generate-ocsp.sh responses: the OCSP verdict on stderr (good with its
// dates, none stapled, revoked, refused with the reason), and exit 2 when the staple was refused.
import { afterEach, describe, expect, it } from 'vitest';
import { lines, runCli } from './helpers/cli_run.js';
import { pki, startOpenSsl, stopAllOpenSsl, type OpenSslServer } from './helpers/openssl.js';

const ocsp = `${pki}ocsp/`;
const root = `${pki}good/p256/root.pem`;
let srv: OpenSslServer | undefined;
afterEach(async () => {
  await srv?.stop();
  srv = undefined;
  await stopAllOpenSsl();
});

/** `connect --status` to an s_server stapling `staple` (a fixture name, or none). */
async function status(staple: string | undefined, ...args: string[]) {
  srv = await startOpenSsl(staple === undefined ? [] : ['-status_file', `${ocsp}${staple}.der`], 'p256');
  return runCli(['connect', `localhost:${srv.port}`, '--ca', root, ...args], { input: '' });
}

describe('puretls connect --status', () => {
  it('good: its dates, exit 0', async () => {
    const r = await status('good', '--status');
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toContainEqual(expect.stringMatching(/^OCSP response: good \(this update 20\d\d-\d\d-\d\dT[\d:]+Z, next update 205\d-\d\d-\d\dT[\d:]+Z; \d+ bytes\)$/));
  });

  it('-status (the s_client spelling), nothing stapled: none stapled, exit 0', async () => {
    const r = await status(undefined, '-status');
    expect(r.status).toBe(0);
    expect(lines(r.stderr)).toContain('OCSP response: none stapled');
  });

  it('revoked: the verdict, then the certificate failure line, exit 2', async () => {
    const r = await status('revoked', '--status');
    expect(r.status).toBe(2);
    const out = lines(r.stderr);
    expect(out[0]).toMatch(/^OCSP response: revoked \(CN=localhost was revoked at 2026-01-01T00:00:00.000Z/);
    expect(out[1]).toMatch(/^puretls: certificate verification failed: .*\[CERT_REVOKED, alert certificate_revoked\]$/);
  });

  it('expired and wrongly signed: refused with the reason, exit 2', async () => {
    const expired = await status('expired', '--status');
    expect(expired.status).toBe(2);
    expect(lines(expired.stderr)[0]).toMatch(/^OCSP response: refused, ocsp-expired \(OCSP response expired: nextUpdate/);
    await srv!.stop();
    const stranger = await status('wrong-signer', '--status');
    expect(stranger.status).toBe(2);
    expect(lines(stranger.stderr)[0]).toMatch(/^OCSP response: refused, ocsp-unauthorized-responder \(/);
    expect(stranger.stderr).toContain('alert bad_certificate_status_response');
  });

  it('without --status: no OCSP line, the failure line alone', async () => {
    const r = await status('revoked');
    expect(r.status).toBe(2);
    expect(r.stderr).not.toContain('OCSP response:');
  });
});

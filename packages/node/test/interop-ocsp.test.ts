// Stapled OCSP against real `openssl s_server -status_file` processes (the gnutls-serv cases are in
// helpers/gnutls_cases.ts): the driver offers status_request by default, emits Node's
// 'OCSPResponse' (the response, or null) before 'secureConnect', and the verifier refuses a
// revoked, expired or wrongly signed response and a must-staple leaf without one, each with its
// reason; SCTs (s_server -serverinfo) reach the verifier. The responses are
// fixtures/generate-ocsp.sh's: valid to about 2051, so real time is fine.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultProfile, ExtensionType, resolveConfig, type VerifyInput } from '@puretls/core';
import { engineConfig } from '../src/connect_options.js';
import { X509Error } from '@puretls/x509';
import { describe, expect, it } from 'vitest';
import { TlsSocket, type ConnectOptions } from '../src/index.js';
import { goodFile, opensslTempDir, pki } from './helpers/openssl.js';
import { closeAfterEachTest, closers, connectFails, open, server, T } from './helpers/openssl_client.js';
import { closed, collecting } from './helpers/sessions.js';

closeAfterEachTest();

const ocsp = `${pki}ocsp/`;
const response = (name: string): Buffer => readFileSync(`${ocsp}${name}.der`);
const mustStaple = { cert: `${ocsp}must-staple.pem`, key: `${ocsp}must-staple.key`, chain: `${pki}good/p256/intermediate.pem` };
const base = (port: number): ConnectOptions => ({ host: '127.0.0.1', port, servername: 'localhost', ca: goodFile('p256', 'root.pem'), timeout: 15_000 });

/** A connection's events in order ('OCSPResponse <bytes|null>', 'secureConnect', 'error <reason>'), once it is connected or failed. */
function events(opts: ConnectOptions): Promise<{ seen: string[]; staple: Buffer | null | undefined; socket: TlsSocket }> {
  const socket = new TlsSocket(opts);
  closers.push(() => socket.destroy());
  const seen: string[] = [];
  let staple: Buffer | null | undefined;
  socket.on('OCSPResponse', (r: Buffer | null) => { staple = r; seen.push(`OCSPResponse ${r === null ? 'null' : 'bytes'}`); });
  return new Promise((resolve) => {
    socket.once('secureConnect', () => { seen.push('secureConnect'); resolve({ seen, staple, socket }); });
    socket.once('error', (e: Error) => { seen.push(`error ${e instanceof X509Error ? e.reason : e.message}`); resolve({ seen, staple, socket }); });
  });
}

/** The refusal of a connection to `port`: an X509Error with its reason, alert and Node-style code. */
async function refusal(port: number, extra: Partial<ConnectOptions> = {}): Promise<X509Error & { code?: string }> {
  const e = await connectFails({ ...base(port), ...extra });
  if (!(e instanceof X509Error)) throw new Error(`not an X509Error: ${e.code}: ${e.message}`, { cause: e });
  return e;
}

describe('the driver defaults', () => {
  const profile = { ...defaultProfile, extensionOrder: defaultProfile.extensionOrder.filter((t) => t !== ExtensionType.status_request && t !== ExtensionType.signed_certificate_timestamp) };
  it('status_request and signed_certificate_timestamp are asked for by default, not with false', () => {
    expect(engineConfig({}, 'localhost', undefined)).toMatchObject({ requestOcsp: true, requestSct: true });
    expect(engineConfig({ requestOCSP: false, requestSCT: false }, 'localhost', undefined)).toMatchObject({ requestOcsp: false, requestSct: false });
  });

  it('a custom engine.profile without them: off by default; asking explicitly is a configuration error', () => {
    expect(engineConfig({ engine: { profile } }, 'localhost', undefined)).toMatchObject({ requestOcsp: false, requestSct: false });
    expect(() => resolveConfig({ ...engineConfig({ engine: { profile }, requestOCSP: true }, 'localhost', undefined), dangerouslySkipCertificateVerification: true })).toThrow(/requestOcsp: the profile's extensionOrder has no status_request/);
  });
});

describe('openssl s_server -status_file', () => {
  it("good: accepted; 'OCSPResponse' carries the stapled bytes, before 'secureConnect'", async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}good.der`]);
    const { seen, staple, socket } = await events(base(srv.port));
    expect(seen).toEqual(['OCSPResponse bytes', 'secureConnect']);
    expect(staple!.equals(response('good'))).toBe(true);
    expect(Buffer.from(socket.info!.ocspResponse!).equals(response('good'))).toBe(true);
    expect(socket.authorized).toBe(true);
  }, T);

  it('a delegated responder with id-kp-OCSPSigning: accepted', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}delegated.der`]);
    const s = await open(srv.port);
    expect(Buffer.from(s.info!.ocspResponse!).equals(response('delegated'))).toBe(true);
  }, T);

  it("nothing stapled: 'OCSPResponse' with null (as Node), then connected", async () => {
    const srv = await server(['-www']);
    const { seen, socket } = await events(base(srv.port));
    expect(seen).toEqual(['OCSPResponse null', 'secureConnect']);
    expect(socket.info!.ocspResponse).toBeUndefined();
  }, T);

  it("requestOCSP: false: no status_request, so nothing stapled and no 'OCSPResponse'", async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}revoked.der`]);
    const { seen, socket } = await events({ ...base(srv.port), requestOCSP: false });
    expect(seen).toEqual(['secureConnect']);
    expect(socket.info!.ocspResponse).toBeUndefined();
  }, T);

  it('revoked: refused with certificate_revoked (CERT_REVOKED)', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}revoked.der`]);
    const e = await refusal(srv.port);
    expect([e.reason, e.alertName, e.code]).toEqual(['ocsp-revoked', 'certificate_revoked', 'CERT_REVOKED']);
    expect(e.message).toMatch(/CN=localhost was revoked at 2026-01-01T00:00:00.000Z/);
    await srv.waitForOutput('certificate revoked');
  }, T);

  it('expired (nextUpdate in the past): refused with bad_certificate_status_response', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}expired.der`]);
    const e = await refusal(srv.port);
    expect([e.reason, e.alertName]).toEqual(['ocsp-expired', 'bad_certificate_status_response']);
    expect(e.message).toMatch(/OCSP response expired: nextUpdate \S+ is before/);
  }, T);

  it('signed by a stranger: refused (unauthorized responder)', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}wrong-signer.der`]);
    const e = await refusal(srv.port);
    expect(e.reason).toBe('ocsp-unauthorized-responder');
    expect(e.message).toContain('puretls test stranger responder is not issued by');
  }, T);

  it('about another certificate: refused (CertID mismatch)', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}must-staple-good.der`]);
    expect((await refusal(srv.port)).reason).toBe('ocsp-cert-id-mismatch');
  }, T);

  it("ocsp: 'dangerously-ignore' connects despite a revoked staple", async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}revoked.der`]);
    const s = await open(srv.port, 'p256', { ocsp: 'dangerously-ignore' });
    expect(s.authorized).toBe(true);
  }, T);
});

/** A SignedCertificateTimestampList (RFC 6962 §3.3) of one SCT-shaped entry: we keep SCTs raw, unverified. */
const sctList = (() => {
  const sct = Buffer.concat([Buffer.from([0]), Buffer.alloc(32, 7), Buffer.alloc(8), Buffer.alloc(2), Buffer.from([4, 3, 0, 2, 0x30, 0])]);
  const list = Buffer.concat([Buffer.from([sct.length >> 8, sct.length & 0xff]), sct]);
  return Buffer.concat([Buffer.from([list.length >> 8, list.length & 0xff]), list]);
})();

/**
 * s_server -serverinfo (SERVERINFOV2): extension 18 with `sctList`, in the TLS 1.3 Certificate
 * (context SSL_EXT_TLS1_3_CERTIFICATE | SSL_EXT_CLIENT_HELLO); openssl sends it only to a client
 * that offered signed_certificate_timestamp.
 */
function serverInfoFile(): string {
  const t = opensslTempDir('puretls-sct-');
  closers.push(t.remove);
  const entry = Buffer.concat([Buffer.from([0, 0, 0x10, 0x80, 0, 18, sctList.length >> 8, sctList.length & 0xff]), sctList]);
  const file = join(t.dir, 'sct.pem');
  writeFileSync(file, `-----BEGIN SERVERINFOV2 FOR CT-----\n${entry.toString('base64').replace(/.{64}/g, '$&\n')}\n-----END SERVERINFOV2 FOR CT-----\n`);
  return file;
}

describe('signed_certificate_timestamp (openssl s_server -serverinfo)', () => {
  it("requested by default: the leaf's SCT list reaches the verifier and info, byte for byte", async () => {
    const srv = await server(['-www', '-serverinfo', serverInfoFile()]);
    const inputs: VerifyInput[] = [];
    const s = await open(srv.port, 'p256', { verifier: { verifyServerCertificate: (i) => { inputs.push(i); } } });
    expect(Buffer.from(inputs[0]!.signedCertificateTimestamps!).equals(sctList)).toBe(true);
    expect(Buffer.from(s.info!.signedCertificateTimestamps!).equals(sctList)).toBe(true);
  }, T);

  it('requestSCT: false: not offered, so not sent', async () => {
    const srv = await server(['-www', '-serverinfo', serverInfoFile()]);
    const s = await open(srv.port, 'p256', { requestSCT: false });
    expect(s.info!.signedCertificateTimestamps).toBeUndefined();
  }, T);
});

describe('must-staple (RFC 7633)', () => {
  it('a must-staple leaf without a staple: refused with a clear reason', async () => {
    const srv = await server(['-www'], mustStaple);
    const e = await refusal(srv.port);
    expect([e.reason, e.alertName]).toEqual(['ocsp-staple-required', 'bad_certificate_status_response']);
    expect(e.message).toContain('is must-staple (TLS Feature status_request, RFC 7633) but no valid OCSP response was stapled');
  }, T);

  it('a must-staple leaf with its good staple: accepted', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}must-staple-good.der`], mustStaple);
    const s = await open(srv.port);
    expect(s.authorized).toBe(true);
    expect(Buffer.from(s.info!.ocspResponse!).equals(response('must-staple-good'))).toBe(true);
  }, T);

  it('a must-staple leaf: a resumed connection (no Certificate, nothing stapled) is accepted', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}must-staple-good.der`], mustStaple);
    const first = collecting(base(srv.port));
    const [session] = await first.sessions(1);
    await closed(first.socket); // s_server -www serves one connection at a time
    const s = await open(srv.port, 'p256', { session });
    expect(s.isSessionReused()).toBe(true);
    expect(s.authorized).toBe(true);
    expect(s.info!.ocspResponse).toBeUndefined();
  }, T);

  it('a must-staple leaf when we do not ask (requestOCSP: false): refused, nothing can be stapled', async () => {
    const srv = await server(['-www', '-status_file', `${ocsp}must-staple-good.der`], mustStaple);
    expect((await refusal(srv.port, { requestOCSP: false })).reason).toBe('ocsp-staple-required');
  }, T);
});

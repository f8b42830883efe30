// Client certificates against the scripted server (RFC 9846 §4.4.2, §4.5, §4.7.2): the request as
// the application sees it, our Certificate and CertificateVerify (checked with node:crypto), the
// empty answer, hostile requests, and post-handshake authentication.
import { createPrivateKey, sign as nodeSign, verify as nodeVerify, X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ExtensionType, HandshakeType, Limits, SignatureScheme, TlsClient, type CertificateRequestInfo, type ClientCertificate, type Signer, type TlsError, type TraceEvent } from '../../src/index.js';
import { decodeCertificate } from '../../src/msgs/certificate.js';
import { decodeCertificateVerify } from '../../src/msgs/certificate_verify.js';
import { encodeCertificateAuthorities, encodeOidFilters } from '../../src/msgs/cert_request_bodies.js';
import { encodeCertificateRequest } from '../../src/msgs/certificate_request.js';
import { encodeSignatureSchemeList } from '../../src/msgs/ext_bodies.js';
import { frameHandshake } from '../../src/msgs/handshake.js';
import type { Extension } from '../../src/msgs/extension.js';
import { certificateVerifyContent } from '../../src/tls13/certificate_verify_content.js';
import { acceptAll, feedAndRead, handshake } from '../helpers/scripted_client.js';
import { concat } from '../helpers/scripted_server.js';

const pki = fileURLToPath(new URL('../../../../fixtures/pki/good/p256/', import.meta.url));
const leafPem = readFileSync(pki + 'leaf.pem', 'utf8');
const leafDer = new Uint8Array(new X509Certificate(leafPem).raw);
const leafKey = createPrivateKey(readFileSync(pki + 'leaf.key'));
const leafPublic = new X509Certificate(leafPem).publicKey;

/** An ECDSA P-256 signer over node:crypto, recording what it signs. */
function p256Signer(log: Uint8Array[] = []): Signer {
  return {
    schemes: [SignatureScheme.ecdsa_secp256r1_sha256],
    sign: (scheme, content) => {
      expect(scheme).toBe(SignatureScheme.ecdsa_secp256r1_sha256);
      log.push(content.slice());
      return new Uint8Array(nodeSign('sha256', content, { key: leafKey, dsaEncoding: 'der' }));
    },
  };
}
/** The alert of the TlsError `f` throws. */
function alertOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return (e as TlsError).alertName;
  }
  return undefined;
}
const cert = (signer = p256Signer()): ClientCertificate => ({ chain: [leafDer], signer });

const schemes = (...s: number[]): Extension => ({ type: ExtensionType.signature_algorithms, data: encodeSignatureSchemeList(s) });
function request(extensions: Extension[], context = new Uint8Array(0)): Uint8Array {
  return frameHandshake(HandshakeType.certificate_request, encodeCertificateRequest({ context, extensions }));
}
/** A flight with a CertificateRequest between EncryptedExtensions and Certificate. */
const withRequest = (cr: Uint8Array) => ({ flight: (m: Uint8Array[]) => [m[0]!, cr, ...m.slice(1)] });

describe('client certificate in the handshake', () => {
  it('sends Certificate and a CertificateVerify that verifies over the transcript (node:crypto)', () => {
    const seen: CertificateRequestInfo[] = [];
    const dn = Uint8Array.of(0x30, 0x03, 0x31, 0x01, 0x00);
    const cr = request([schemes(0x0804, 0x0403), { type: ExtensionType.certificate_authorities, data: encodeCertificateAuthorities([dn]) }, { type: ExtensionType.oid_filters, data: encodeOidFilters([{ oid: Uint8Array.of(0x55, 0x1d, 0x25), values: Uint8Array.of(1, 2) }]) }, { type: 0x7777, data: Uint8Array.of(1) }]);
    const o = handshake(withRequest(cr), { clientCertificate: (r) => { seen.push(r); return cert(); } });
    expect(o.error).toBeUndefined();
    expect(o.client.info!.certificateRequested).toBe(true);
    expect(o.client.info!.clientCertificates).toEqual([leafDer]);
    expect(seen).toHaveLength(1);
    expect(seen[0]!.signatureSchemes).toEqual([0x0804, 0x0403]);
    expect(seen[0]!.certificateAuthorities).toEqual([dn]);
    expect(seen[0]!.oidFilters).toEqual([{ oid: Uint8Array.of(0x55, 0x1d, 0x25), values: Uint8Array.of(1, 2) }]);
    const [certMsg, cvMsg] = o.server.clientAuthMessages;
    expect(decodeCertificate(certMsg!.raw.subarray(4)).entries.map((e) => e.data)).toEqual([leafDer]);
    const cv = decodeCertificateVerify(cvMsg!.raw.subarray(4));
    expect(cv.scheme).toBe(SignatureScheme.ecdsa_secp256r1_sha256);
    expect(nodeVerify('sha256', certificateVerifyContent(cvMsg!.transcriptHash, 'client'), { key: leafPublic, dsaEncoding: 'der' }, cv.signature)).toBe(true);
    // The server's own CertificateVerify context does not verify: the client's label is different (§4.4.3).
    expect(nodeVerify('sha256', certificateVerifyContent(cvMsg!.transcriptHash), { key: leafPublic, dsaEncoding: 'der' }, cv.signature)).toBe(false);
  });

  it('trace: the request is summarized (schemes, CA count), our Certificate and CertificateVerify are traced going out', () => {
    const events: TraceEvent[] = [];
    const dn = Uint8Array.of(0x30, 0x00);
    const cr = request([schemes(0x0403), { type: ExtensionType.certificate_authorities, data: encodeCertificateAuthorities([dn, dn]) }]);
    const o = handshake(withRequest(cr), { clientCertificate: cert(), trace: (e) => events.push(e) });
    expect(o.error).toBeUndefined();
    const hs = events.filter((e): e is Extract<TraceEvent, { kind: 'handshake' }> => e.kind === 'handshake');
    expect(hs.find((e) => e.type === HandshakeType.certificate_request)?.fields).toEqual({ context_length: '0', signature_algorithms: 'ecdsa_secp256r1_sha256', certificate_authorities: '2' });
    const out = hs.filter((e) => e.direction === 'out').map((e) => e.type);
    expect(out).toEqual([HandshakeType.client_hello, HandshakeType.certificate, HandshakeType.certificate_verify, HandshakeType.finished]);
  });

  it('a request with no scheme our key can use gets an empty Certificate and no CertificateVerify', () => {
    let signed = 0;
    const o = handshake(withRequest(request([schemes(0x0401, 0x0201, 0x0804)])), { clientCertificate: { chain: [leafDer], signer: { schemes: [0x0403], sign: () => { signed++; return Uint8Array.of(1); } } } });
    expect(o.error).toBeUndefined();
    expect(signed).toBe(0);
    expect(o.server.clientAuthMessages).toHaveLength(1);
    expect(decodeCertificate(o.server.clientAuthMessages[0]!.raw.subarray(4)).entries).toHaveLength(0);
    expect(o.client.info!.clientCertificates).toEqual([]);
  });

  it('never signs with PKCS#1 v1.5 or SHA-1, even when both sides list them', () => {
    const o = handshake(withRequest(request([schemes(0x0401, 0x0201, 0x0203)])), { clientCertificate: { chain: [leafDer], signer: { schemes: [0x0401, 0x0201, 0x0203], sign: () => Uint8Array.of(1) } } });
    expect(o.error).toBeUndefined();
    expect(o.server.clientAuthMessages).toHaveLength(1); // the empty Certificate only
  });

  it.each([
    ['no signature_algorithms', request([]), 'missing_extension'],
    ['a non-empty context in the handshake', request([schemes(0x0403)], Uint8Array.of(1)), 'illegal_parameter'],
    ['a key_share extension', request([schemes(0x0403), { type: ExtensionType.key_share, data: new Uint8Array(0) }]), 'illegal_parameter'],
    ['a truncated body', frameHandshake(HandshakeType.certificate_request, Uint8Array.of(0, 0, 4, 0, 13)), 'decode_error'],
    ['an empty signature_algorithms list', request([{ type: ExtensionType.signature_algorithms, data: Uint8Array.of(0, 0) }]), 'decode_error'],
  ])('refuses a CertificateRequest with %s (%s)', (_what, cr, alert) => {
    const o = handshake(withRequest(cr), { clientCertificate: cert() });
    expect(o.error?.alertName).toBe(alert);
  });

  it('bounds certificate_authorities: more than Limits.maxCertificateAuthorities names is decode_error', () => {
    const names = Array.from({ length: Limits.maxCertificateAuthorities + 1 }, () => Uint8Array.of(0x30, 0x00));
    const o = handshake(withRequest(request([schemes(0x0403), { type: ExtensionType.certificate_authorities, data: encodeCertificateAuthorities(names) }])), { clientCertificate: cert() });
    expect(o.error?.alertName).toBe('decode_error');
    expect(o.error?.message).toContain(String(Limits.maxCertificateAuthorities));
    const ok = handshake(withRequest(request([schemes(0x0403), { type: ExtensionType.certificate_authorities, data: encodeCertificateAuthorities(names.slice(1)) }])), { clientCertificate: cert() });
    expect(ok.error).toBeUndefined();
  });

  it('a callback that throws fails the connection with internal_error; the alert goes out', () => {
    const o = handshake(withRequest(request([schemes(0x0403)])), { clientCertificate: () => { throw new Error('token locked'); } });
    expect(o.error?.alertName).toBe('internal_error');
    expect((o.error as Error & { cause?: Error }).cause?.message).toBe('token locked');
  });

  it('an asynchronous signer that rejects fails with internal_error', async () => {
    const client = new TlsClient({ serverName: 'server', verifier: acceptAll, clientCertificate: { chain: [leafDer], signer: { schemes: [0x0403], sign: () => Promise.reject(new Error('remote down')) } } });
    const { ScriptedServer } = await import('../helpers/scripted_server.js');
    const server = new ScriptedServer(withRequest(request([schemes(0x0403)])));
    client.handshake();
    client.receive(server.respond(client.takeOutgoing()));
    expect(client.handshake()).toBe('want-async');
    await client.pendingWork();
    expect(alertOf(() => client.handshake())).toBe('internal_error');
  });
});

describe('post-handshake authentication (RFC 9846 §4.7.2)', () => {
  it('post_handshake_auth is sent only when enabled', () => {
    const has = (o: ReturnType<typeof handshake>) => o.server.clientHelloExtensions.includes(ExtensionType.post_handshake_auth);
    expect(has(handshake({}, {}))).toBe(false);
    expect(has(handshake({}, { postHandshakeAuth: true }))).toBe(true);
  });

  it('without it, a CertificateRequest after the handshake is unexpected_message', () => {
    const o = handshake({}, { clientCertificate: cert() });
    const r = () => feedAndRead(o.client, o.server.certificateRequest(Uint8Array.of(1), [schemes(0x0403)]));
    expect(alertOf(r)).toBe('unexpected_message');
  });

  it('answers each request once, in order, under the application keys; the server checks Finished and the signature', () => {
    const log: Uint8Array[] = [];
    const o = handshake({}, { postHandshakeAuth: true, clientCertificate: cert(p256Signer(log)) });
    expect(o.error).toBeUndefined();
    const requests = concat([o.server.certificateRequest(Uint8Array.of(1), [schemes(0x0403)]), o.server.certificateRequest(Uint8Array.of(2), [schemes(0x0403)])]);
    expect(feedAndRead(o.client, requests)).toEqual({ status: 'want-write' });
    o.server.respond(o.client.takeOutgoing());
    expect(o.server.postHandshakeAnswers).toEqual([{ finishedOk: true }, { finishedOk: true }]);
    const phaMessages = o.server.clientAuthMessages.filter((m) => m.postHandshake);
    expect(phaMessages.map((m) => m.raw[0])).toEqual([HandshakeType.certificate, HandshakeType.certificate_verify, HandshakeType.certificate, HandshakeType.certificate_verify]);
    expect(decodeCertificate(phaMessages[2]!.raw.subarray(4)).context).toEqual(Uint8Array.of(2));
    const cv = decodeCertificateVerify(phaMessages[1]!.raw.subarray(4));
    expect(nodeVerify('sha256', certificateVerifyContent(phaMessages[1]!.transcriptHash, 'client'), { key: leafPublic, dsaEncoding: 'der' }, cv.signature)).toBe(true);
    // Application data still flows both ways afterwards.
    expect(feedAndRead(o.client, o.server.appData('after'))).toEqual({ status: 'ok', data: new TextEncoder().encode('after') });
  });

  it('a repeated context is illegal_parameter; more than the limit is unexpected_message', () => {
    const o = handshake({}, { postHandshakeAuth: true, clientCertificate: cert() });
    feedAndRead(o.client, o.server.certificateRequest(Uint8Array.of(7), [schemes(0x0403)]));
    o.server.respond(o.client.takeOutgoing());
    expect(alertOf(() => feedAndRead(o.client, o.server.certificateRequest(Uint8Array.of(7), [schemes(0x0403)])))).toBe('illegal_parameter');

    const p = handshake({}, { postHandshakeAuth: true, clientCertificate: cert() });
    for (let i = 0; i < Limits.maxPostHandshakeCertificateRequests; i++) {
      feedAndRead(p.client, p.server.certificateRequest(Uint8Array.of(i), [schemes(0x0403)]));
      p.server.respond(p.client.takeOutgoing());
    }
    expect(p.server.postHandshakeAnswers).toHaveLength(Limits.maxPostHandshakeCertificateRequests);
    expect(p.server.postHandshakeAnswers.every((a) => a.finishedOk)).toBe(true);
    expect(alertOf(() => feedAndRead(p.client, p.server.certificateRequest(Uint8Array.of(200), [schemes(0x0403)])))).toBe('unexpected_message');
  });

  it('an asynchronous answer: read() says want-async, pendingWork() settles, the answer goes out in order', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    const seen: boolean[] = [];
    const o = handshake({}, { postHandshakeAuth: true, clientCertificate: async (req) => { seen.push(req.postHandshake); await gate; return cert(); } });
    const rec = concat([o.server.certificateRequest(Uint8Array.of(1), [schemes(0x0403)]), o.server.certificateRequest(Uint8Array.of(2), [schemes(0x0403)])]);
    o.client.receive(rec);
    expect(o.client.read()).toEqual({ status: 'want-async' });
    const work = o.client.pendingWork();
    expect(work).toBeDefined();
    release();
    await work;
    for (let i = 0; i < 4 && o.server.postHandshakeAnswers.length < 2; i++) {
      const r = o.client.read();
      o.server.respond(o.client.takeOutgoing());
      if (r.status === 'want-async') await o.client.pendingWork();
    }
    expect(seen).toEqual([true, true]);
    expect(o.server.postHandshakeAnswers).toEqual([{ finishedOk: true }, { finishedOk: true }]);
    const contexts = o.server.clientAuthMessages.filter((m) => m.postHandshake && m.raw[0] === HandshakeType.certificate).map((m) => decodeCertificate(m.raw.subarray(4)).context[0]);
    expect(contexts).toEqual([1, 2]);
  });
});

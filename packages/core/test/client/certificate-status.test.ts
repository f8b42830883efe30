// status_request and signed_certificate_timestamp (RFC 9846 §4.5.1.1, RFC 6066 §8, RFC 6962
// §3.3.1) against the scripted server: offered only when configured, the leaf entry's answers
// handed to the verifier and reported in ConnectionInfo, unsolicited ones refused.
import { describe, expect, it } from 'vitest';
import { defaultProfile, ExtensionType, TlsError, type TraceEvent, type VerifyInput } from '../../src/index.js';
import type { Certificate } from '../../src/msgs/certificate.js';
import { encodeCertificateStatus, encodeSctList } from '../helpers/status_codecs.js';
import { decodeClientHello } from '../helpers/server_codecs.js';
import { handshake, type Outcome } from '../helpers/scripted_client.js';

const ocspDer = Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x00);
const scts = encodeSctList([Uint8Array.of(1, 2, 3), Uint8Array.of(4, 5)]);
const status = { type: ExtensionType.status_request, data: encodeCertificateStatus(ocspDer) };
const sct = { type: ExtensionType.signed_certificate_timestamp, data: scts };

/** The server's Certificate with `exts` on entry `at` (the scripted chain is one leaf: an intermediate is added for at > 0). */
const withEntryExtensions = (exts: { type: number; data: Uint8Array }[], at = 0) => (c: Certificate): Certificate => {
  const entries = at === 0 ? c.entries : [...c.entries, { data: c.entries[0]!.data, extensions: [] }];
  return { ...c, entries: entries.map((e, i) => (i === at ? { ...e, extensions: exts } : e)) };
};

/** The ClientHello's extensions from the client's first flight (one record holding one handshake message). */
function clientHelloExtensions(o: Outcome): Map<number, Uint8Array> {
  const body = o.sent[0]!.subarray(5 + 4);
  return new Map(decodeClientHello(body).extensions.map((e) => [e.type, e.data]));
}

function recording(): { inputs: VerifyInput[]; verifier: { verifyServerCertificate: (i: VerifyInput) => void } } {
  const inputs: VerifyInput[] = [];
  return { inputs, verifier: { verifyServerCertificate: (i) => { inputs.push(i); } } };
}

function expectAlert(o: Outcome, alert: string): void {
  expect(o.error).toBeInstanceOf(TlsError);
  expect(o.error!.alertName).toBe(alert);
  expect(o.server.receivedAlerts.map((a) => a[1])).toContain(o.error!.alert);
}

describe('offering status_request and signed_certificate_timestamp', () => {
  it('neither by default', () => {
    const exts = clientHelloExtensions(handshake());
    expect(exts.has(ExtensionType.status_request)).toBe(false);
    expect(exts.has(ExtensionType.signed_certificate_timestamp)).toBe(false);
  });

  it('requestOcsp: an ocsp CertificateStatusRequest with empty lists; requestSct: an empty extension', () => {
    const exts = clientHelloExtensions(handshake({}, { requestOcsp: true, requestSct: true }));
    expect([...exts.get(ExtensionType.status_request)!]).toEqual([1, 0, 0, 0, 0]);
    expect([...exts.get(ExtensionType.signed_certificate_timestamp)!]).toEqual([]);
  });

  it('refuses a non-boolean option as API misuse', () => {
    expect(() => handshake({}, { requestOcsp: 'yes' as never })).toThrow(/requestOcsp must be a boolean/);
  });

  it('refuses to ask with a profile that leaves the extension out (it would not be sent)', () => {
    const order = defaultProfile.extensionOrder.filter((t) => t !== ExtensionType.status_request && t !== ExtensionType.signed_certificate_timestamp);
    const profile = { ...defaultProfile, extensionOrder: order };
    expect(() => handshake({}, { requestOcsp: true, profile })).toThrow(/requestOcsp: the profile's extensionOrder has no status_request/);
    expect(() => handshake({}, { requestSct: true, profile })).toThrow(/requestSct: the profile's extensionOrder has no signed_certificate_timestamp/);
    expect(handshake({}, { profile }).error).toBeUndefined();
  });
});

describe("the leaf's CertificateEntry extensions", () => {
  it('hands the stapled response and SCTs to the verifier and reports them', () => {
    const r = recording();
    const o = handshake({ certificate: withEntryExtensions([status, sct]) }, { requestOcsp: true, requestSct: true, verifier: r.verifier });
    expect(o.error).toBeUndefined();
    expect([...r.inputs[0]!.ocspResponse!]).toEqual([...ocspDer]);
    expect([...r.inputs[0]!.signedCertificateTimestamps!]).toEqual([...scts]);
    expect([...o.client.info!.ocspResponse!]).toEqual([...ocspDer]);
    expect([...o.client.info!.signedCertificateTimestamps!]).toEqual([...scts]);
  });

  it('the trace names what the leaf entry carried', () => {
    const events: TraceEvent[] = [];
    handshake({ certificate: withEntryExtensions([status, sct]) }, { requestOcsp: true, requestSct: true, trace: (e) => events.push(e) });
    const cert = events.find((e) => e.kind === 'handshake' && e.direction === 'in' && e.type === 11);
    expect(cert).toMatchObject({ fields: { certificates: '1', leaf_extensions: 'status_request,signed_certificate_timestamp' } });
  });

  it('offered but not stapled: undefined for the verifier and in info', () => {
    const r = recording();
    const o = handshake({}, { requestOcsp: true, requestSct: true, verifier: r.verifier });
    expect(o.error).toBeUndefined();
    expect(r.inputs[0]!.ocspResponse).toBeUndefined();
    expect(o.client.info!.ocspResponse).toBeUndefined();
    expect(o.client.info!.signedCertificateTimestamps).toBeUndefined();
  });

  it('a stapled response we did not ask for: unsupported_extension', () => {
    expectAlert(handshake({ certificate: withEntryExtensions([status]) }), 'unsupported_extension');
    expectAlert(handshake({ certificate: withEntryExtensions([sct]) }, { requestOcsp: true }), 'unsupported_extension');
  });

  it('a malformed CertificateStatus: decode_error; a status_type other than ocsp: illegal_parameter', () => {
    expectAlert(handshake({ certificate: withEntryExtensions([{ type: ExtensionType.status_request, data: Uint8Array.of(1, 0, 0) }]) }, { requestOcsp: true }), 'decode_error');
    expectAlert(handshake({ certificate: withEntryExtensions([{ type: ExtensionType.status_request, data: Uint8Array.of(2, 0, 0, 1, 0) }]) }, { requestOcsp: true }), 'illegal_parameter');
    expectAlert(handshake({ certificate: withEntryExtensions([{ type: ExtensionType.signed_certificate_timestamp, data: Uint8Array.of(0, 0) }]) }, { requestSct: true }), 'decode_error');
  });

  it("a response stapled to another entry is checked for form but not given to the verifier (only the leaf's is)", () => {
    const r = recording();
    const o = handshake({ certificate: withEntryExtensions([status], 1) }, { requestOcsp: true, verifier: r.verifier });
    expect(o.error).toBeUndefined();
    expect(r.inputs[0]!.ocspResponse).toBeUndefined();
    expect(r.inputs[0]!.chain.length).toBe(2);
    expectAlert(handshake({ certificate: withEntryExtensions([{ type: ExtensionType.status_request, data: Uint8Array.of(1) }], 1) }, { requestOcsp: true }), 'decode_error');
  });

  it('the RFC 8446 §4.3 table still applies: a CertificateEntry extension not allowed there is illegal_parameter', () => {
    // server_name is offered but may not appear in a Certificate.
    expectAlert(handshake({ certificate: withEntryExtensions([{ type: ExtensionType.server_name, data: new Uint8Array(0) }]) }), 'illegal_parameter');
  });
});

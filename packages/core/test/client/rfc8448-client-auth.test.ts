// RFC 8448 §6 (Client Authentication) replayed: the server asks for a certificate; our Certificate
// (the trace's client certificate), CertificateVerify and Finished must equal the trace's record
// byte for byte. The client's RSA private key is not published, so the trace's RSA-PSS signature
// comes in through the signer interface, which also checks it is asked to sign the trace's content.
import { describe, expect, it } from 'vitest';
import { CertificateError, SignatureScheme, TlsClient, type CertificateRequestInfo, type ClientConfig, type Signer } from '../../src/index.js';
import { nssConfig } from '../helpers/nss_client.js';
import { hex, loadTrace, pemDer, toHex } from '../helpers/vectors.js';

const t = loadTrace('client-authentication.json');
const clientCert = pemDer('client_certificate.pem');
/** §6's server authenticates with its own certificate, not §3's. */
const authServerCert = pemDer('server_certificate_client_auth.pem');

/** The NSS client of §6, whose verifier accepts exactly §6's server certificate. */
function config(): ClientConfig {
  return {
    ...nssConfig(t, { ffdhe: true, ticket: false, compat: false }),
    verifier: {
      verifyServerCertificate: ({ chain, serverName }) => {
        if (chain.length !== 1 || toHex(chain[0]!) !== toHex(authServerCert) || serverName !== 'server') {
          throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the RFC 8448 §6 server certificate');
        }
      },
    },
  };
}

/** The trace's signature, handed out for exactly the trace's content (RFC 9846 §4.4.3). */
function traceSigner(calls: { scheme: number; content: string }[]): Signer {
  return {
    schemes: [SignatureScheme.rsa_pss_rsae_sha256],
    sign: (scheme, content) => {
      calls.push({ scheme, content: toHex(content) });
      return hex(t.Client_MessageSignature!);
    },
  };
}

describe('RFC 8448 §6 Client Authentication', () => {
  it('replays byte for byte: Certificate, CertificateVerify and Finished in one record, then close_notify', () => {
    const calls: { scheme: number; content: string }[] = [];
    const requests: CertificateRequestInfo[] = [];
    const base = config();
    const client = new TlsClient({
      ...base,
      clientCertificate: (request) => {
        requests.push(request);
        return { chain: [clientCert], signer: traceSigner(calls) };
      },
    });
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientHello_1);

    client.receive(hex(t.Record_ServerHello!));
    client.receive(hex(t.Record_ServerHandshakeMessages!));
    expect(client.handshake()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientFinished);
    expect(client.handshake()).toBe('ok');

    // The request as the trace's CertificateRequest carries it: empty context, signature_algorithms only.
    expect(requests).toHaveLength(1);
    const request = requests[0]!;
    expect(request.postHandshake).toBe(false);
    expect(request.context).toHaveLength(0);
    expect(request.signatureSchemes).toContain(SignatureScheme.rsa_pss_rsae_sha256);
    expect(request.certificateAuthorities).toEqual([]);
    expect(calls).toEqual([{ scheme: SignatureScheme.rsa_pss_rsae_sha256, content: t.Client_MessageToSign }]);

    const info = client.info!;
    expect(info.certificateRequested).toBe(true);
    expect(info.clientCertificates.map(toHex)).toEqual([toHex(clientCert)]);
    expect(info.peerCertificates.map(toHex)).toEqual([toHex(authServerCert)]);

    expect(client.shutdown()).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_Client_CloseNotify);
    client.receive(hex(t.Record_Server_CloseNotify!));
    expect(client.read()).toEqual({ status: 'eof' });
  });

  it('an asynchronous choice and signer give the same bytes, through want-async', async () => {
    const calls: { scheme: number; content: string }[] = [];
    const signer = traceSigner(calls);
    const client = new TlsClient({
      ...config(),
      clientCertificate: async () => ({ chain: [clientCert], signer: { schemes: signer.schemes, sign: async (s, m) => signer.sign(s, m) } }),
    });
    client.handshake();
    client.takeOutgoing();
    client.receive(hex(t.Record_ServerHello!));
    client.receive(hex(t.Record_ServerHandshakeMessages!));
    let waits = 0;
    let status = client.handshake();
    while (status === 'want-async') {
      waits++;
      await client.pendingWork();
      status = client.handshake();
    }
    expect(waits).toBe(2); // the choice, then the signature
    expect(status).toBe('want-write');
    expect(toHex(client.takeOutgoing())).toBe(t.Record_ClientFinished);
    expect(client.handshake()).toBe('ok');
  });

  it('without a certificate: an empty Certificate and Finished, no CertificateVerify', () => {
    const client = new TlsClient(config());
    client.handshake();
    client.takeOutgoing();
    client.receive(hex(t.Record_ServerHello!));
    client.receive(hex(t.Record_ServerHandshakeMessages!));
    expect(client.handshake()).toBe('want-write');
    const out = client.takeOutgoing();
    expect(out.length).toBeLessThan(100); // one record: Certificate (8 bytes) + Finished (36) + type + tag
    expect(client.info!.certificateRequested).toBe(true);
    expect(client.info!.clientCertificates).toEqual([]);
  });

  it('a signer whose schemes the server did not list sends no certificate', () => {
    const client = new TlsClient({
      ...config(),
      clientCertificate: { chain: [clientCert], signer: { schemes: [0x0401, 0x0201, 0xfe00], sign: () => { throw new CertificateError('unknown-issuer', 'bad_certificate', 'must not be called'); } } },
    });
    client.handshake();
    client.takeOutgoing();
    client.receive(hex(t.Record_ServerHello!));
    client.receive(hex(t.Record_ServerHandshakeMessages!));
    expect(client.handshake()).toBe('want-write');
    expect(client.info!.clientCertificates).toEqual([]);
  });
});

// Smoke test against a real server: `openssl s_server -tls1_3 -www` on loopback, the engine driven
// over a plain node:net socket: handshake, a request, the answer read until close_notify. For each
// cipher suite, and with -groups P-384 to force a HelloRetryRequest. (The real driver is
// @puretls/node; this only proves the engine talks to OpenSSL.)
import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { CertificateError, TlsClient, type ClientConfig } from '../../src/index.js';
import { fixtures, startOpenSsl, type RunningServer } from '../helpers/openssl_server.js';
import { connectTcp, tcpDriver } from '../helpers/tcp_driver.js';

function pemDer(path: string): Uint8Array {
  const b64 = readFileSync(path, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  return Uint8Array.from(Buffer.from(b64, 'base64'));
}

/** Drives one connection: returns what the server sent until close_notify, and the handshake info. */
async function get(port: number, cfg: Partial<ClientConfig>): Promise<{ body: string; client: TlsClient; tickets: number }> {
  const leaf = pemDer(fixtures + 'good/p256/leaf.pem');
  let tickets = 0;
  const client = new TlsClient({
    serverName: 'localhost',
    verifier: {
      verifyServerCertificate: ({ chain }) => {
        if (Buffer.compare(Buffer.from(chain[0]!), Buffer.from(leaf)) !== 0) throw new CertificateError('unknown-issuer', 'bad_certificate', 'not the fixture leaf');
      },
    },
    onSessionTicket: () => { tickets++; },
    ...cfg,
  });
  const sock = await connectTcp(port);
  const { drive } = tcpDriver(sock, client);
  await drive(() => client.handshake());
  await drive(() => client.write(new TextEncoder().encode('GET / HTTP/1.0\r\n\r\n')));
  let body = '';
  for (;;) {
    const r = await drive(() => client.read());
    if (r.status === 'eof') break;
    if (r.status === 'ok') body += new TextDecoder().decode(r.data);
  }
  await drive(() => client.shutdown());
  sock.end();
  return { body, client, tickets };
}

let server: RunningServer | undefined;
afterEach(() => server?.stop());

describe('openssl s_server -tls1_3', () => {
  it.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])('%s', async (suite) => {
    server = await startOpenSsl(['-tls1_3', '-www', '-ciphersuites', suite]);
    const { body, client, tickets } = await get(server.port, {});
    expect(body).toContain('HTTP/1.0 200 ok');
    expect(body).toContain(`Cipher is ${suite}`);
    expect(client.info).toMatchObject({ version: 'TLSv1.3', cipherSuiteName: suite, groupName: 'x25519', helloRetryRequest: false, signatureSchemeName: 'ecdsa_secp256r1_sha256' });
    expect(client.info!.peerCertificates).toHaveLength(2);
    expect(tickets).toBeGreaterThan(0);
  });

  it('-groups P-384 forces a HelloRetryRequest', async () => {
    server = await startOpenSsl(['-tls1_3', '-www', '-groups', 'P-384']);
    const { body, client } = await get(server.port, {});
    expect(body).toContain('HTTP/1.0 200 ok');
    expect(client.info).toMatchObject({ helloRetryRequest: true, groupName: 'secp384r1' });
  });
});

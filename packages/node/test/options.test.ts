// connect() options as Node names them: `ciphers` (TLS 1.3 suite names, colon-separated) is
// honoured or refused with a clear error, never silently ignored.
import { TrustStore } from '@puretls/x509';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { connect, nodeCiphers, TlsSocket } from '../src/index.js';
import { ca, tlsServer, type Running } from './helpers/node_servers.js';

let server: Running;
beforeAll(async () => { server = await tlsServer((s) => s.end()); });
afterAll(() => server.close());

describe('the ciphers option (Node\'s)', () => {
  it('ciphers with one TLS 1.3 suite: that suite is negotiated', async () => {
    for (const name of ['TLS_CHACHA20_POLY1305_SHA256', 'TLS_AES_128_GCM_SHA256']) {
      const s = await connect({ host: 'localhost', port: server.port, ca, ciphers: name });
      expect(s.getCipher()?.name).toBe(name);
      s.destroy();
    }
  });

  it('ciphers with a colon-separated list: only those suites are offered', async () => {
    // node:tls picks AES-256-GCM whenever the client offers it; here it is not offered.
    const s = await connect({ host: 'localhost', port: server.port, ca, ciphers: 'TLS_AES_128_GCM_SHA256:TLS_CHACHA20_POLY1305_SHA256' });
    expect(['TLS_AES_128_GCM_SHA256', 'TLS_CHACHA20_POLY1305_SHA256']).toContain(s.getCipher()?.name);
    s.destroy();
    expect(nodeCiphers('TLS_AES_256_GCM_SHA384:TLS_CHACHA20_POLY1305_SHA256')).toEqual([0x1302, 0x1303]);
  });

  it('ciphers naming anything but a TLS 1.3 suite is refused with a clear error before any I/O', () => {
    for (const ciphers of ['ECDHE-RSA-AES128-GCM-SHA256', 'TLS_AES_128_GCM_SHA256:ECDHE-ECDSA-AES256-GCM-SHA384', 'HIGH:!aNULL', 'aes128', '']) {
      expect(() => new TlsSocket({ host: 'localhost', port: server.port, ca, ciphers })).toThrow(TypeError);
    }
    expect(() => new TlsSocket({ host: 'localhost', port: server.port, ca, ciphers: 'ECDHE-RSA-AES128-GCM-SHA256' })).toThrow(/"ECDHE-RSA-AES128-GCM-SHA256" is not a TLS 1.3 cipher suite/);
  });

  it('ciphers together with cipherSuites is refused (which would win is unclear)', () => {
    expect(() => new TlsSocket({ host: 'localhost', port: server.port, ca, ciphers: 'TLS_AES_128_GCM_SHA256', cipherSuites: ['chacha20'] })).toThrow(/not both/);
  });
});

describe('the ca option', () => {
  it('the same ca text is parsed into a trust store once, however many connections use it', async () => {
    const parse = vi.spyOn(TrustStore, 'fromPem');
    try {
      const text = `${ca}\n`; // a value no other test used
      const sockets = Array.from({ length: 3 }, () => new TlsSocket({ host: 'localhost', port: server.port, ca: text }));
      expect(parse).toHaveBeenCalledTimes(1);
      const s = await connect({ host: 'localhost', port: server.port, ca: [text] });
      expect(s.authorized).toBe(true);
      expect(parse).toHaveBeenCalledTimes(1);
      [...sockets, s].forEach((x) => x.destroy());
    } finally {
      parse.mockRestore();
    }
  });
});

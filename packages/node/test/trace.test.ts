// The `trace` option through TlsSocket against a real `openssl s_server`, and the CLI's
// s_client-msg-like formatting of each event (packages/node/src/cli/trace.ts).
import type { TraceEvent } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { formatTraceEvent } from '../src/cli/trace.js';
import { closeAfterEachTest, httpGet, open, server, T } from './helpers/openssl_client.js';

closeAfterEachTest();

describe('formatTraceEvent', () => {
  it('records, plain and protected, with the inner type', () => {
    expect(formatTraceEvent({ kind: 'record', direction: 'out', contentType: 22, length: 0x130, protected: false })).toBe('>>> record Handshake [length 0130]');
    expect(formatTraceEvent({ kind: 'record', direction: 'out', contentType: 23, length: 0x35, protected: true, innerContentType: 22 })).toBe('>>> record ApplicationData [length 0035] (inner handshake)');
    expect(formatTraceEvent({ kind: 'record', direction: 'in', contentType: 23, length: 19, protected: true, innerContentType: 21 })).toBe('<<< record ApplicationData [length 0013] (inner alert)');
    expect(formatTraceEvent({ kind: 'record', direction: 'in', contentType: 23, length: 20, protected: true })).toBe('<<< record ApplicationData [length 0014] (not decrypted)');
    expect(formatTraceEvent({ kind: 'record', direction: 'in', contentType: 99, length: 1, protected: false })).toBe('<<< record type 99 [length 0001]');
  });

  it('handshake messages with their fields', () => {
    expect(formatTraceEvent({ kind: 'handshake', direction: 'in', type: 2, length: 0x58, fields: { cipher_suite: 'TLS_AES_128_GCM_SHA256', group: 'x25519' } }))
      .toBe('<<< TLS 1.3 Handshake [length 0058], ServerHello  cipher_suite=TLS_AES_128_GCM_SHA256 group=x25519');
    expect(formatTraceEvent({ kind: 'handshake', direction: 'out', type: 20, length: 36, fields: {} })).toBe('>>> TLS 1.3 Handshake [length 0024], Finished');
    expect(formatTraceEvent({ kind: 'handshake', direction: 'in', type: 25, length: 0x6a0, fields: { algorithm: 'brotli', uncompressed_length: '3502', compressed_length: '1688' } }))
      .toBe('<<< TLS 1.3 Handshake [length 06a0], CompressedCertificate  algorithm=brotli uncompressed_length=3502 compressed_length=1688');
    expect(formatTraceEvent({ kind: 'handshake', direction: 'in', type: 77, length: 4, fields: {} })).toBe('<<< TLS 1.3 Handshake [length 0004], handshake type 77');
  });

  it('values the server chose are escaped, never printed raw', () => {
    const line = formatTraceEvent({ kind: 'handshake', direction: 'in', type: 8, length: 20, fields: { alpn: 'h2\u001b[31m', malformed: 'EncryptedExtensions: 3 trailing bytes' } });
    expect(line).toBe('<<< TLS 1.3 Handshake [length 0014], EncryptedExtensions  alpn=h2\\u001b[31m malformed="EncryptedExtensions: 3 trailing bytes"');
    expect(line).not.toMatch(/[\x00-\x1f]/);
  });

  it('alerts and the CCS', () => {
    expect(formatTraceEvent({ kind: 'alert', direction: 'in', level: 2, description: 70 })).toBe('<<< TLS 1.3 Alert [length 0002], fatal protocol_version');
    expect(formatTraceEvent({ kind: 'alert', direction: 'out', level: 1, description: 0 })).toBe('>>> TLS 1.3 Alert [length 0002], warning close_notify');
    expect(formatTraceEvent({ kind: 'change_cipher_spec', direction: 'out' })).toBe('>>> TLS 1.3 ChangeCipherSpec [length 0001]');
  });
});

describe('trace through TlsSocket (openssl s_server -www)', () => {
  it('the connection as s_client -msg would show it, in wire order', async () => {
    const srv = await server(['-www', '-alpn', 'http/1.1']);
    const events: TraceEvent[] = [];
    const s = await open(srv.port, 'p256', { trace: (e) => events.push(e), ALPNProtocols: ['http/1.1'] });
    expect(await httpGet(s)).toMatch(/^HTTP\/1\.0 200 ok/);
    await new Promise<void>((r) => { s.once('close', () => r()); s.end(); });
    const lines = events.map(formatTraceEvent);
    const messages = lines.filter((l) => l.includes(' TLS 1.3 '));
    const names = messages.map((l) => l.replace(/ \[length [0-9a-f]{4}\]/, '').replace(/  .*$/, ''));
    expect(names).toEqual([
      '>>> TLS 1.3 Handshake, ClientHello',
      '<<< TLS 1.3 Handshake, ServerHello',
      '<<< TLS 1.3 ChangeCipherSpec',
      '<<< TLS 1.3 Handshake, EncryptedExtensions',
      '<<< TLS 1.3 Handshake, Certificate',
      '<<< TLS 1.3 Handshake, CertificateVerify',
      '<<< TLS 1.3 Handshake, Finished',
      '>>> TLS 1.3 ChangeCipherSpec',
      '>>> TLS 1.3 Handshake, Finished',
      '<<< TLS 1.3 Handshake, NewSessionTicket',
      '<<< TLS 1.3 Handshake, NewSessionTicket',
      '<<< TLS 1.3 Alert, warning close_notify',
      '>>> TLS 1.3 Alert, warning close_notify',
    ]);
    expect(lines[0]).toMatch(/^>>> record Handshake \[length [0-9a-f]{4}\]$/);
    expect(lines[1]).toMatch(/^>>> TLS 1\.3 Handshake \[length [0-9a-f]{4}\], ClientHello  cipher_suites=GREASE,TLS_AES_128_GCM_SHA256,TLS_AES_256_GCM_SHA384,TLS_CHACHA20_POLY1305_SHA256 versions=GREASE,TLS13 groups=GREASE,X25519MLKEM768,x25519,secp256r1,secp384r1 key_share=GREASE,X25519MLKEM768,x25519 sni=localhost alpn=GREASE,http\/1\.1 compress_certificate=brotli,zlib$/);
    expect(lines).toContain('<<< TLS 1.3 Handshake [length 007a], ServerHello  cipher_suite=TLS_AES_128_GCM_SHA256 version=TLS13 group=x25519');
    expect(lines).toContainEqual(expect.stringMatching(/^<<< TLS 1\.3 Handshake \[length [0-9a-f]{4}\], EncryptedExtensions  extensions=[a-z_,]*application_layer_protocol_negotiation[a-z_,]* alpn=http\/1\.1$/));
    expect(lines).toContainEqual(expect.stringMatching(/^<<< TLS 1\.3 Handshake \[length [0-9a-f]{4}\], Certificate  certificates=2 sizes=\d+,\d+$/));
    expect(lines).toContainEqual(expect.stringMatching(/^<<< TLS 1\.3 Handshake \[length [0-9a-f]{4}\], CertificateVerify  scheme=ecdsa_secp256r1_sha256$/));
    expect(lines).toContainEqual(expect.stringMatching(/^<<< TLS 1\.3 Handshake \[length [0-9a-f]{4}\], NewSessionTicket  lifetime=7200$/));
    expect(lines).toContain('>>> record ApplicationData [length 0035] (inner handshake)'); // our Finished: 36 + 1 + 16 bytes
    expect(lines).toContain('>>> record ApplicationData [length 0023] (inner application_data)'); // the GET: 18 + 1 + 16 bytes
    expect(lines).toContain('<<< record ChangeCipherSpec [length 0001]');
    expect(lines.filter((l) => l.startsWith('<<< record ApplicationData') && l.endsWith('(inner application_data)')).length).toBeGreaterThan(0);
  }, T);
});

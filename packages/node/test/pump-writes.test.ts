// The pump's bulk write path with the node:crypto provider, whose records are sealed in pieces
// (Aead.sealParts) and written unjoined, corked, one engine write per 64 KiB: the socket sees
// whole records in order (each a header, then exactly its announced length), and the server
// receives exactly the bytes written, in order, for every suite.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { createServer, type TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TlsClient } from '@puretls/core';
import { Pump } from '../src/index.js';
import { nodeCryptoProvider } from '../src/crypto/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/p256/', import.meta.url));
const SIZE = 300_001; // not a multiple of a record, nor of the 64 KiB budget
let port = 0;
let tls: ReturnType<typeof createServer>;

beforeAll(async () => {
  // Answers the SHA-256 of the first SIZE bytes it receives.
  tls = createServer({ key: readFileSync(pki + 'leaf.key'), cert: readFileSync(pki + 'chain.pem'), minVersion: 'TLSv1.3' }, (s: TLSSocket) => {
    const hash = createHash('sha256');
    let n = 0;
    s.on('data', (d: Buffer) => {
      hash.update(d);
      if ((n += d.length) === SIZE) s.end(hash.digest('hex'));
    });
  });
  await new Promise<void>((r) => tls.listen(0, '127.0.0.1', r));
  port = (tls.address() as { port: number }).port;
});
afterAll(() => tls.close());

/** The records in `stream`: each header's length; throws if the stream does not split into whole records. */
function recordLengths(stream: Buffer): number[] {
  const lengths: number[] = [];
  for (let at = 0; at < stream.length; ) {
    expect(stream[at]).toBe(23); // protected: outer type application_data (RFC 9846 §5.2)
    const length = stream.readUInt16BE(at + 3);
    lengths.push(length);
    at += 5 + length;
    expect(at).toBeLessThanOrEqual(stream.length);
  }
  return lengths;
}

describe.each(['TLS_AES_128_GCM_SHA256', 'TLS_AES_256_GCM_SHA384', 'TLS_CHACHA20_POLY1305_SHA256'])('Pump writes with node:crypto, %s', (suite) => {
  it('sends whole records in order, and the server gets exactly the bytes written', async () => {
    const socket: Socket = connect({ port, host: '127.0.0.1' });
    await new Promise<void>((r) => socket.once('connect', r));
    const id = nodeCryptoProvider.cipherSuites.find((s) => s.name === suite)!.id;
    const client = new TlsClient({ serverName: 'localhost', verifier: { verifyServerCertificate: () => {} }, crypto: nodeCryptoProvider, cipherSuites: [id] });
    const pump = new Pump(socket, client, { timeoutMs: 10_000 });
    await pump.run('handshake', () => client.handshake());
    expect(client.info?.cipherSuiteName).toBe(suite);
    // Every piece the pump hands to the socket from now on.
    const pieces: Buffer[] = [];
    const write = socket.write.bind(socket) as (chunk: Uint8Array) => boolean;
    socket.write = ((chunk: Uint8Array) => (pieces.push(Buffer.from(chunk)), write(chunk))) as typeof socket.write;
    const data = Buffer.from(Array.from({ length: SIZE }, (_, i) => (i * 131 + (i >>> 8)) & 0xff));
    await pump.writeAll(data);
    const lengths = recordLengths(Buffer.concat(pieces));
    expect(pieces.length).toBe(3 * lengths.length); // header, node:crypto's ciphertext, type byte and tag
    // Full records (16384 bytes + type + tag) but the last, in the order written.
    expect(lengths.slice(0, -1).every((l) => l === 16384 + 17)).toBe(true);
    expect(lengths.reduce((a, l) => a + l - 17, 0)).toBe(SIZE);
    let answer = '';
    for (;;) {
      const r = await pump.run('read', () => client.read());
      if (r.status === 'eof') break;
      if (r.status === 'ok') answer += Buffer.from(r.data).toString();
    }
    expect(answer).toBe(createHash('sha256').update(data).digest('hex'));
    socket.destroy();
  });
});

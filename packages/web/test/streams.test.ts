// connectOverStreams in Node 20 over a real TCP connection made into WHATWG streams
// (`stream.Duplex.toWeb(socket)`, what Deno.connect() gives natively), against openssl s_server:
// a verified GET, a refused chain, truncation, abort, and a failing readable. Backpressure is in
// streams_backpressure.test.ts.
import { readFileSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { CertificateError, UnexpectedEofError } from '@puretls/core';
import { TrustStore, WebPkiVerifier } from '@puretls/x509';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { opensslTempDir, splitChain, startOpenSsl, stopAllOpenSsl, type OpenSslServer } from '../../node/test/helpers/openssl.js';
import { connectOverStreams, WebTransportError, type WebTlsConnection } from '../src/index.js';
import { goodRoot, pki } from './helpers/servers.js';
import { socketClosed, socketStreams } from './helpers/streams.js';

const verifier = () => new WebPkiVerifier({ roots: TrustStore.fromPem(goodRoot()) });
const config = () => ({ serverName: 'localhost', verifier: verifier() });
const decoder = new TextDecoder();

let www: OpenSslServer;
let untrusted: OpenSslServer;
const tmp = opensslTempDir('puretls-web-streams-');

beforeAll(async () => {
  const bad = `${pki}bad/untrusted-root/`;
  const badFiles = splitChain(readFileSync(`${bad}chain.pem`, 'utf8'), `${bad}leaf.key`, tmp.dir, 'untrusted-root');
  [www, untrusted] = await Promise.all([startOpenSsl(['-www'], 'rsa'), startOpenSsl(['-www'], badFiles)]);
});
afterAll(async () => {
  await stopAllOpenSsl();
  tmp.remove();
});

async function readAll(conn: WebTlsConnection): Promise<string> {
  let text = '';
  for await (const chunk of conn) text += decoder.decode(chunk, { stream: true });
  return text;
}

describe('connectOverStreams over Duplex.toWeb(socket)', () => {
  it('completes a verified TLS 1.3 handshake and an HTTP GET, and close() closes both streams', async () => {
    const { socket, pair } = await socketStreams(www.port);
    const conn = await connectOverStreams(pair, config());
    expect(conn.info.version).toBe('TLSv1.3');
    expect(conn.info.peerCertificates.length).toBeGreaterThan(1);
    await conn.write('GET / HTTP/1.0\r\n\r\n');
    const answer = await readAll(conn); // s_server -www sends close_notify after its answer
    expect(answer.startsWith('HTTP/1.0 200 ok\r\n')).toBe(true);
    await conn.close();
    await conn.closed;
    await socketClosed(socket);
  });

  it('refuses a chain under an untrusted root with a CertificateError and closes the streams', async () => {
    const { socket, pair } = await socketStreams(untrusted.port);
    const err = await connectOverStreams(pair, config()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CertificateError);
    expect((err as CertificateError).category).toBe('certificate');
    expect((err as CertificateError).alertName).toBe('unknown_ca');
    await untrusted.waitForOutput('alert unknown ca'); // the alert went out before the close
    await socketClosed(socket);
  });

  it('reports the end of the readable before close_notify as truncation (UnexpectedEofError)', async () => {
    const plain = await startOpenSsl([], 'rsa');
    const { pair } = await socketStreams(plain.port);
    const conn = await connectOverStreams(pair, config());
    await conn.write('hello\n');
    await plain.waitForOutput('hello');
    // Killing s_server closes its TCP socket without close_notify: the readable ends.
    await plain.stop();
    await expect(conn.read()).rejects.toBeInstanceOf(UnexpectedEofError);
    await conn.closed;
    const err = await conn.write('more').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebTransportError);
    expect((err as WebTransportError).problem).toBe('closed');
    await conn.close(); // never throws
  });

  it('rejects with aborted when the signal fires during the handshake, and tears the streams down', async () => {
    // A TCP peer that takes the ClientHello and never answers.
    let peer: Socket | undefined;
    const controller = new AbortController();
    const server = createServer((s) => {
      peer = s;
      s.on('error', () => {});
      s.once('data', () => controller.abort(new Error('user gave up')));
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const { socket, pair } = await socketStreams((server.address() as AddressInfo).port);
      const err = await connectOverStreams(pair, config(), { signal: controller.signal }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(WebTransportError);
      expect((err as WebTransportError).problem).toBe('aborted');
      expect(((err as WebTransportError).cause as Error).message).toBe('user gave up');
      await socketClosed(socket);
    } finally {
      peer?.destroy();
      await new Promise((r) => server.close(r));
    }
  });

  it('rejects with aborted at once for a signal already aborted', async () => {
    const { socket, pair } = await socketStreams(www.port);
    const err = await connectOverStreams(pair, config(), { signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect((err as WebTransportError).problem).toBe('aborted');
    await socketClosed(socket);
  });
});

describe('connectOverStreams over in-memory streams', () => {
  it('surfaces a readable that errors as WebTransportError stream-error, with the cause', async () => {
    const boom = new Error('boom');
    const written: Uint8Array[] = [];
    const readable = new ReadableStream<Uint8Array>({ pull: (c) => c.error(boom) });
    const writable = new WritableStream<Uint8Array>({ write: (chunk) => void written.push(chunk) });
    const err = await connectOverStreams({ readable, writable }, config()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WebTransportError);
    expect((err as WebTransportError).problem).toBe('stream-error');
    expect((err as WebTransportError).category).toBe('transport');
    expect((err as WebTransportError).cause).toBe(boom);
    expect(written.length).toBeGreaterThan(0); // the ClientHello went out first
  });

  it('refuses a chunk that is not bytes', async () => {
    const readable = new ReadableStream<Uint8Array>({ pull: (c) => c.enqueue('not bytes' as unknown as Uint8Array) });
    const err = await connectOverStreams({ readable, writable: new WritableStream() }, config()).catch((e: unknown) => e);
    expect((err as WebTransportError).problem).toBe('stream-error');
  });

  it('refuses streams that are already locked, before anything is sent', async () => {
    const readable = new ReadableStream<Uint8Array>();
    readable.getReader();
    const err = await connectOverStreams({ readable, writable: new WritableStream() }, config()).catch((e: unknown) => e);
    expect((err as WebTransportError).problem).toBe('stream-error');
  });

  it('keeps one read at most in flight while the engine waits for the server (no read-ahead)', async () => {
    let pulls = 0;
    let pulled!: () => void;
    const firstPull = new Promise<void>((r) => (pulled = r));
    const readable = new ReadableStream<Uint8Array>({ pull: () => void (pulls++, pulled()) }, { highWaterMark: 0 });
    const controller = new AbortController();
    const pending = connectOverStreams({ readable, writable: new WritableStream() }, config(), { signal: controller.signal }).catch((e: unknown) => e);
    await firstPull;
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r)); // let the engine do whatever else it would
    expect(pulls).toBe(1); // the pump waits for the ServerHello: one read, nothing more
    controller.abort();
    expect(((await pending) as WebTransportError).problem).toBe('aborted');
  });
});

// One subtls measurement (forked by subtls.ts, result sent back over IPC): `handshake` times
// `count` full handshakes (TCP connect start to startTls resolved, chain verified to the fixture
// root) after `warmup`; `bulk` times GET /big.bin from s_server -WWW, request to last byte.
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { SocketReadQueue, startTls, TrustedCert } from 'subtls';
import { pkiDir } from './server.js';
import type { Job, Result } from './worker.js';

const job = JSON.parse(process.argv[2]!) as Job;
const roots = await TrustedCert.databaseFromPEM(readFileSync(pkiDir + 'p256/root.pem', 'utf8'));

async function open() {
  const t0 = performance.now();
  const socket = connect(job.port, '127.0.0.1');
  await once(socket, 'connect');
  socket.setNoDelay(true);
  const queue = new SocketReadQueue(socket);
  const tls = await startTls('localhost', roots, queue.read.bind(queue), (d) => { socket.write(d); });
  return { socket, tls, ms: performance.now() - t0 };
}

/** subtls sends no close_notify: the TCP connection is simply closed. */
async function close(socket: Socket): Promise<void> {
  const closed = once(socket, 'close');
  socket.destroy();
  await closed;
}

async function handshakes(): Promise<Result> {
  const times: number[] = [];
  for (let i = 0; i < job.warmup + job.count; i++) {
    const c = await open();
    if (i >= job.warmup) times.push(c.ms);
    await close(c.socket);
  }
  return { times, bytes: [], suite: 'TLS_AES_128_GCM_SHA256', group: 'secp256r1' };
}

async function bulk(): Promise<Result> {
  const times: number[] = [];
  const bytes: number[] = [];
  // As for puretls and node:tls: `warmup` downloads first, untimed (the JIT's first pass).
  for (let i = 0; i < job.warmup + job.count; i++) {
    const c = await open();
    const t0 = performance.now();
    await c.tls.write(new TextEncoder().encode('GET /big.bin HTTP/1.0\r\n\r\n'));
    let n = 0;
    try {
      for (let d = await c.tls.read(); d !== undefined; d = await c.tls.read()) n += d.length;
    } catch {
      // subtls throws at the server's close_notify or the end of the stream, after the data
    }
    if (i >= job.warmup) {
      times.push(performance.now() - t0);
      bytes.push(n);
    }
    await close(c.socket);
  }
  return { times, bytes, suite: 'TLS_AES_128_GCM_SHA256' };
}

process.send!(job.mode === 'handshake' ? await handshakes() : await bulk());
process.exit(0);

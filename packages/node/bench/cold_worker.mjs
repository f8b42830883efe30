// The cold job of load.ts, as plain JavaScript on plain node (no tsx, no loader hook): copied into
// the scratch project where the packed packages are installed (test/shipping/packed.ts), so its
// imports resolve as an npm user's do, and the figure is what such a user waits. Job as JSON in
// argv[2]; prints one JSON line: the client's import (ms), its first verified handshake (ms), and
// the time from process start to the handshake's end (performance.now(), whose origin is the
// process's start).
import { readFileSync } from 'node:fs';
import { nodeTlsConnector } from './node_tls_client.mjs';

const job = JSON.parse(process.argv[2]);
const ca = readFileSync(`${job.pkiDir}p256/root.pem`, 'utf8');
const opts = { host: '127.0.0.1', port: job.port, servername: 'localhost', ca };

/** The job's client as one `connect` function, loaded now (puretls: with the job's provider; node is connect()'s own default). */
async function loadClient() {
  if (job.client === 'node:tls') return nodeTlsConnector(opts);
  const { connect } = await import('@puretls/node');
  let crypto;
  if (job.provider === 'noble') crypto = (await import('@puretls/core')).nobleProvider;
  if (job.provider === 'webcrypto') crypto = (await import('@puretls/core')).createWebCryptoProvider(globalThis.crypto.subtle);
  return () => connect({ ...opts, ...(crypto === undefined ? {} : { engine: { crypto } }) });
}

const started = performance.now();
const connect = await loadClient();
const imported = performance.now();
const socket = await connect();
const done = performance.now();
socket.destroy();
console.log(JSON.stringify({ importMs: imported - started, handshakeMs: done - imported, sinceStartMs: done }));

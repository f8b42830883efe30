import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { nobleProvider } from '@puretls/core';
import { connect } from '../src/index.js';
import { pkiDir, startServer } from './server.js';
const suiteName = process.argv[2] ?? 'TLS_AES_128_GCM_SHA256';
const server = await startServer('p256', '/tmp/www', suiteName);
const ca = readFileSync(pkiDir + 'p256/root.pem', 'utf8');
const suite = nobleProvider.cipherSuites.find((s) => s.name === suiteName)!;
function raw() {
  const aead = suite.aead.create(new Uint8Array(suite.keyLength).fill(7));
  const nonce = new Uint8Array(12); const aad = Uint8Array.of(23, 3, 3, 0x40, 0x11);
  const record = aead.seal(nonce, new Uint8Array(16385), aad);
  const t0 = performance.now();
  for (let i = 0; i < 2048; i++) { const c = record.slice(); aead.openInPlace!(nonce, aad, c); }
  return (2048 * 16384 / 1e3 / (performance.now() - t0)).toFixed(1);
}
for (let i = 0; i < 3; i++) {
  const s = await connect({ host: '127.0.0.1', port: server.port, servername: 'localhost', ca, engine: { crypto: nobleProvider } });
  let n = 0; s.on('data', (d: Buffer) => { n += d.length; });
  const ended = once(s, 'end'); const t0 = performance.now(); const c0 = process.cpuUsage();
  s.write('GET /big.bin HTTP/1.0\r\n\r\n'); await ended;
  const ms = performance.now() - t0; const cpu = process.cpuUsage(c0);
  console.log(`download ${(n / 1e3 / ms).toFixed(1)} MB/s  cpu ${((cpu.user + cpu.system) / 1e3 / ms).toFixed(2)} (sys ${(cpu.system/1e3).toFixed(0)} ms)   raw after ${raw()} MB/s`);
  s.destroy();
}
server.stop();

import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import * as tls from 'node:tls';
import { connect } from '../src/index.js';
import { nodeCryptoProvider } from '../src/crypto/index.js';
import { pkiDir, startServer } from './server.js';
const suiteName = process.argv[2] ?? 'TLS_AES_128_GCM_SHA256';
const server = await startServer('p256', '/tmp/www', suiteName);
const ca = readFileSync(pkiDir + 'p256/root.pem', 'utf8');
for (const client of ['node:tls', 'puretls', 'node:tls', 'puretls', 'node:tls', 'puretls']) {
  const opts = { host: '127.0.0.1', port: server.port, servername: 'localhost', ca };
  let s;
  if (client === 'puretls') s = await connect({ ...opts, engine: { crypto: nodeCryptoProvider } });
  else { s = tls.connect(opts); await once(s, 'secureConnect'); }
  let n = 0; s.on('data', (d: Buffer) => { n += d.length; });
  const ended = once(s, 'end'); const t0 = performance.now(); const c0 = process.cpuUsage();
  s.write('GET /big.bin HTTP/1.0\r\n\r\n'); await ended;
  const ms = performance.now() - t0; const cpu = process.cpuUsage(c0);
  console.log(`${client.padEnd(9)} ${(n / 1e3 / ms).toFixed(1)} MB/s  cpu ${((cpu.user + cpu.system) / 1e3 / ms).toFixed(2)} (user ${(cpu.user/1e3).toFixed(0)} sys ${(cpu.system/1e3).toFixed(0)} ms of ${ms.toFixed(0)})`);
  s.destroy();
  await new Promise((r) => setTimeout(r, 100));
}
server.stop();

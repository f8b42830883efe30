// The ECH client-facing server of core's tests (core/test/helpers/ech_front.ts, written from RFC
// 9849 apart from the engine) over TCP on 127.0.0.1: one front per connection, its backend
// presenting a fixture chain (fixtures/pki/ech, the good/rsa leaf key), answering close_notify
// with its own so a client reading to the end finishes.
import { readFileSync } from 'node:fs';
import { X509Certificate } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { EchFront, type EchFrontOptions, type EchKey } from '../../../core/test/helpers/ech_front.js';
import { tcpServer, type Running } from './node_servers.js';

export { configList, makeEchKey, sniOf } from '../../../core/test/helpers/ech_front.js';

export const fixtures = fileURLToPath(new URL('../../../../fixtures/pki/', import.meta.url));
/** The root that issued fixtures/pki/ech (good/rsa). */
export const echRootFile = `${fixtures}good/rsa/root.pem`;
export const REAL = 'private.puretls.test';
export const PUBLIC = 'public.puretls.test';

/** The DER certificates of a PEM chain file under fixtures/pki. */
export function chainOf(file: string): Uint8Array[] {
  const pem = readFileSync(fixtures + file, 'latin1');
  return [...pem.matchAll(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g)].map((m) => new Uint8Array(new X509Certificate(m[0]).raw));
}

/**
 * Starts the server; `keys` gives each connection's ECH keys, `chain` the fixture chain file the
 * backend presents (e.g. 'ech/both.pem'). `fronts` lists the connections' fronts in order.
 */
export async function echServer(o: Omit<EchFrontOptions, 'keys'> & { keys: () => EchKey[]; chain: string }): Promise<{ running: Running; fronts: EchFront[] }> {
  const fronts: EchFront[] = [];
  const entries = chainOf(o.chain).map((data) => ({ data, extensions: [] }));
  const running = await tcpServer((socket) => {
    const front = new EchFront({ ...o, keys: o.keys(), backend: { ...o.backend, certificate: (c) => ({ ...c, entries }) } });
    fronts.push(front);
    let queue = Promise.resolve();
    socket.on('data', (d: Buffer) => {
      // One reply at a time, in order: decrypting a ClientHelloOuter is asynchronous (hpke-js).
      queue = queue.then(async () => {
        const out = await front.respond(d);
        if (out.length > 0 && !socket.destroyed) socket.write(out);
        if (front.backend.receivedAlerts.some((a) => a[1] === 0) && !socket.destroyed) socket.end(front.backend.closeNotify());
      }).catch(() => { socket.destroy(); });
    });
  });
  return { running, fronts };
}

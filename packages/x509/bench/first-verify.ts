// Measures the cost of a trust store holding the Mozilla roots (node's tls.rootCertificates):
// loading it, and the first verification of a fixture chain through it (fresh process, cold).
// Run: npx tsx packages/x509/bench/first-verify.ts
import { readFileSync } from 'node:fs';
import { rootCertificates } from 'node:tls';
import { fileURLToPath } from 'node:url';
import { TrustStore, verifyChain } from '../src/index.js';

const pki = fileURLToPath(new URL('../../../fixtures/pki/good/p256/', import.meta.url));
const der = (f: string) => Uint8Array.from(Buffer.from(readFileSync(pki + f, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64'));

const t0 = performance.now();
const store = TrustStore.fromPem(...rootCertificates, readFileSync(pki + 'root.pem', 'utf8'));
const t1 = performance.now();
verifyChain(der('leaf.pem'), { roots: store, intermediates: [der('intermediate.pem')], now: Date.UTC(2030, 0, 1), serverName: 'localhost' });
const t2 = performance.now();
verifyChain(der('leaf.pem'), { roots: store, intermediates: [der('intermediate.pem')], now: Date.UTC(2030, 0, 1), serverName: 'localhost' });
const t3 = performance.now();
console.log(`${store.size} anchors loaded in ${(t1 - t0).toFixed(1)} ms; first verification ${(t2 - t1).toFixed(1)} ms; second ${(t3 - t2).toFixed(1)} ms`);

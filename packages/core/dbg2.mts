import { p256 } from '@noble/curves/nist.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { WarmEcdsa } from './src/crypto/noble/ecdsa_warm.ts';
const sk = p256.utils.randomSecretKey();
const pk = p256.getPublicKey(sk, false);
const w = new WarmEcdsa();
const out: string[] = [];
for (let i = 0; i < 200; i++) {
  const d = sha256(new Uint8Array([i, 1]));
  const sig = p256.sign(d, sk, { prehash: false, format: 'der' });
  const t0 = performance.now();
  const ok = w.verify('P-256', sig, d, pk);
  out.push((performance.now() - t0).toFixed(2) + (ok ? '' : '!'));
}
console.log(out.filter((_, i) => i < 40 || i % 10 === 0).join(' '));

// Loads the RFC 8448 traces converted into test-vectors/rfc8448/*.json.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { DerReader } from '../../src/crypto/der.js';

const root = fileURLToPath(new URL('../../../../test-vectors/rfc8448/', import.meta.url));

export type Trace = Record<string, string> & { CurrentTimestamp: number };

export function loadTrace(file: string): Trace {
  return JSON.parse(readFileSync(root + file, 'utf8')) as Trace;
}

export function hex(s: string): Uint8Array {
  return Uint8Array.from(Buffer.from(s.replace(/\s+/g, ''), 'hex'));
}

export function toHex(b: Uint8Array): string {
  return Buffer.from(b).toString('hex');
}

/**
 * The DER inside a PEM file of the RFC 8448 set. The server certificate's PEM carries two stray
 * zero bytes after the DER (which is why node:crypto refuses it), so cut at the outer SEQUENCE.
 */
export function pemDer(name: string): Uint8Array {
  const b64 = readFileSync(root + 'pem/' + name, 'utf8').replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const der = Uint8Array.from(Buffer.from(b64, 'base64'));
  return der.subarray(0, new DerReader(der).read().raw.length);
}

/** A random source that hands out the trace's Client_RNG_Pool in order, and fails past its end. */
export function poolRandom(poolHex: string): (n: number) => Uint8Array {
  const pool = hex(poolHex);
  let at = 0;
  return (n) => {
    if (at + n > pool.length) throw new Error(`RNG pool exhausted: wanted ${n} at ${at} of ${pool.length}`);
    const out = pool.slice(at, at + n);
    at += n;
    return out;
  };
}

/** Splits concatenated TLS records. */
export function splitRecords(bytes: Uint8Array): Uint8Array[] {
  const out: Uint8Array[] = [];
  let i = 0;
  while (i < bytes.length) {
    const len = (bytes[i + 3]! << 8) | bytes[i + 4]!;
    out.push(bytes.subarray(i, i + 5 + len));
    i += 5 + len;
  }
  return out;
}

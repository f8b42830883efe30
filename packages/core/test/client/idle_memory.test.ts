// What an idle connection retains after its handshake: every byte array reachable from the
// TlsClient through its own properties (a reflective walk with a visited set; objects shared by
// all connections, the crypto provider, its AES round tables and the verifier, are not counted).
// No timing and no GC heuristics: the count is exact for the state that lives in properties (the
// noble AEADs keep theirs in fields for this reason). Handshake-only state must be gone: no transcript, no record
// buffer, no handshake secrets, no configuration (the verifier is not reachable any more). Every
// array costs some 200 bytes of heap besides its bytes (the typed array, its ArrayBuffer), so
// their number is bounded too. The driver's view, closures and Node objects included, is
// packages/node/test/idle-memory.test.ts.
import { describe, expect, it } from 'vitest';
import { TlsClient } from '../../src/index.js';
import { nobleProvider } from '../../src/crypto/noble/index.js';
import { Deframer } from '../../src/record/deframer.js';
import { Transcript } from '../../src/tls13/transcript.js';
import { AesTables } from '../../src/crypto/aes/ctr.js';
import { acceptAll, handshake } from '../helpers/scripted_client.js';

/** A connected client whose server chose `suiteId`, after a NewSessionTicket and some data were read. */
function idleClient(suiteId: number): TlsClient {
  const { client, server, error } = handshake({}, {}, suiteId);
  expect(error).toBeUndefined();
  expect(client.isHandshakeComplete).toBe(true);
  client.receive(server.newSessionTicket());
  client.receive(server.appData(new Uint8Array(20000).subarray(0, 16000)));
  const r = client.read();
  expect(r.status === 'ok' && r.data.length).toBe(16000);
  expect(client.read().status).toBe('want-read');
  return client;
}

interface Retained {
  bytes: number;
  arrays: { path: string; bytes: number }[];
  objects: Set<object>;
}

/** Distinct ArrayBuffers reachable from `root` through own data properties, Map and Set entries. */
function retained(root: object, shared: object[]): Retained {
  const seen = new Set<object>(shared);
  const buffers = new Set<ArrayBufferLike>();
  const arrays: { path: string; bytes: number }[] = [];
  const objects = new Set<object>();
  const count = (b: ArrayBufferLike, path: string) => {
    if (buffers.has(b)) return;
    buffers.add(b);
    arrays.push({ path, bytes: b.byteLength });
  };
  const walk = (v: unknown, path: string): void => {
    if (v === null || typeof v !== 'object' || seen.has(v)) return;
    seen.add(v);
    if (v instanceof AesTables) return; // the provider's AES round tables, shared by all its keys
    if (ArrayBuffer.isView(v)) return count(v.buffer, path);
    if (v instanceof ArrayBuffer) return count(v, path);
    objects.add(v);
    if (v instanceof Map) for (const [k, x] of v) (walk(k, `${path}.key`), walk(x, `${path}.value`));
    if (v instanceof Set) for (const x of v) walk(x, `${path}[]`);
    for (const k of Reflect.ownKeys(v)) {
      const d = Object.getOwnPropertyDescriptor(v, k)!;
      if ('value' in d) walk(d.value, `${path}.${String(k)}`);
    }
  };
  walk(root, 'client');
  arrays.sort((a, b) => b.bytes - a.bytes);
  return { bytes: arrays.reduce((n, a) => n + a.bytes, 0), arrays, objects };
}

describe('memory of an idle connection', () => {
  // The bounds with the noble provider. AES-GCM keeps a 4-bit GHASH table per key (8 KiB each
  // way); ChaCha20-Poly1305 keeps only its key. The server certificate (about 1.2 KB here) is the
  // application's, in `info.peerCertificates`.
  // The arrays: the certificates' buffer, the traffic secrets (one array), each key's nonce and
  // AEAD state (ChaCha20-Poly1305: its key; AES-GCM: key, schedule, GHASH table and four blocks)
  // and the deframer's empty buffer. The IVs are small integers, not arrays (record/protection.ts).
  const bounds: [number, string, number, number][] = [
    [0x1301, 'TLS_AES_128_GCM_SHA256', 19 * 1024, 19],
    [0x1302, 'TLS_AES_256_GCM_SHA384', 19 * 1024, 19],
    [0x1303, 'TLS_CHACHA20_POLY1305_SHA256', 2 * 1024, 7],
  ];
  for (const [suiteId, name, bound, arrays] of bounds) {
    it(`${name}: at most ${bound} bytes in ${arrays} arrays, and no handshake-only state`, () => {
      const client = idleClient(suiteId);
      const r = retained(client, [nobleProvider]);
      console.log(`${name}: ${r.bytes} bytes retained in ${r.arrays.length} arrays (${r.arrays.slice(0, 4).map((a) => `${a.path} ${a.bytes}`).join(', ')})`);
      expect(r.bytes).toBeLessThanOrEqual(bound);
      expect(r.arrays.length).toBeLessThanOrEqual(arrays);
      // The configuration went with the handshake: the verifier is not reachable.
      expect(r.objects.has(acceptAll)).toBe(false);
      const kinds = [...r.objects];
      expect(kinds.some((o) => o instanceof Transcript)).toBe(false);
      // The record buffer is dropped once its records are read.
      const deframers = kinds.filter((o): o is Deframer => o instanceof Deframer);
      expect(deframers).toHaveLength(1);
      expect(deframers[0]!.allocated).toBe(0);
      // Nothing of 16 KB or more: no record, no preallocated buffer.
      expect(r.arrays.every((a) => a.bytes < 16384)).toBe(true);
    });
  }
});

// Record padding (RFC 9846 §5.4): the policy's arithmetic, its bound, and the engine's records on
// the wire against the scripted server (which strips the padding as any server must).
import { describe, expect, it } from 'vitest';
import { ApiMisuseError, ContentType, TlsClient } from '../../src/index.js';
import { paddingFor } from '../../src/record/padding.js';
import { acceptAll, handshake, te } from '../helpers/scripted_client.js';

describe('paddingFor', () => {
  it.each([
    [{ blockSize: 512 }, 100, 16284, 411],
    [{ blockSize: 512 }, 511, 16000, 0],
    [{ blockSize: 512 }, 16384, 0, 0],
    [{ blockSize: 1 }, 77, 1000, 0],
    [{ blockSize: 16384 }, 16000, 384, 383], // 16000 + 1 + 383 = 16384
    [{ blockSize: 16384 }, 16000, 100, 100], // capped by the room left in the record
  ] as const)('%o, content %d, room %d: %d', (p, length, room, expected) => {
    expect(paddingFor(p, ContentType.application_data, length, room)).toBe(expected);
  });

  it('a function: its answer, clamped to the room; nonsense answers are no padding', () => {
    expect(paddingFor(() => 40, 23, 10, 100)).toBe(40);
    expect(paddingFor(() => 4000, 23, 10, 100)).toBe(100);
    expect(paddingFor(() => -3, 23, 10, 100)).toBe(0);
    expect(paddingFor(() => 1.5, 23, 10, 100)).toBe(0);
    expect(paddingFor(undefined, 23, 10, 100)).toBe(0);
  });

  it('a bad block size is a configuration error', () => {
    for (const blockSize of [0, -1, 16385, 2.5]) expect(() => new TlsClient({ serverName: 'x', verifier: acceptAll, recordPadding: { blockSize } })).toThrow(ApiMisuseError);
  });
});

describe('the engine pads what it protects', () => {
  it('blockSize 256: every protected record of ours has an inner length that is a multiple of 256; the data arrives intact', () => {
    const o = handshake({}, { recordPadding: { blockSize: 256 } });
    expect(o.error).toBeUndefined();
    for (const n of [1, 255, 300, 20000]) {
      expect(o.client.write(new Uint8Array(n).fill(7))).toEqual({ status: 'ok', written: n });
      o.server.respond(o.client.takeOutgoing());
    }
    const inner = o.server.receivedRecords.filter((r) => r.type === ContentType.application_data).map((r) => r.length - 16);
    expect(inner.length).toBeGreaterThanOrEqual(6); // Finished, then 1 + 1 + 1 + 2 data records
    for (const len of inner) expect(len % 256 === 0 || len === 16385).toBe(true);
    expect(o.server.received.reduce((n, d) => n + d.length, 0)).toBe(1 + 255 + 300 + 20000);
  });

  it('a function policy: 32 bytes on application data only', () => {
    const o = handshake({}, { recordPadding: (type) => (type === ContentType.application_data ? 32 : 0) });
    o.client.write(te.encode('hello'));
    o.server.respond(o.client.takeOutgoing());
    const last = o.server.receivedRecords.at(-1)!;
    expect(last.length).toBe(5 + 1 + 32 + 16);
    expect(o.server.received.map((d) => new TextDecoder().decode(d))).toEqual(['hello']);
  });
});

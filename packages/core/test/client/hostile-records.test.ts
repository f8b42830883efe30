// The server as an attacker after the handshake: whatever records it sends (protected with the
// right keys or not, any inner content type, any content), the client ends in data, end of
// stream, or a TlsError with its alert queued: never an InternalError (a RangeError or TypeError
// from peer input), never a hang.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { InternalError, TlsClient, TlsError } from '../../src/index.js';
import { ScriptedServer } from '../helpers/scripted_server.js';

const acceptAll = { verifyServerCertificate: () => {} };

function connected(): { client: TlsClient; server: ScriptedServer } {
  const server = new ScriptedServer();
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll });
  client.handshake();
  client.receive(server.respond(client.takeOutgoing()));
  expect(client.handshake()).toBe('want-write');
  server.respond(client.takeOutgoing());
  return { client, server };
}

type Rec = { sealed: boolean; type: number; body: Uint8Array };
const record: fc.Arbitrary<Rec> = fc.record({
  sealed: fc.boolean(),
  type: fc.oneof(fc.constantFrom(0, 20, 21, 22, 23), fc.integer({ min: 0, max: 255 })),
  body: fc.oneof(
    fc.uint8Array({ maxLength: 40 }),
    // Handshake-looking content: a type, a length, a few bytes (KeyUpdate, NST, junk).
    fc.tuple(fc.constantFrom(4, 24, 1, 20), fc.integer({ min: 0, max: 300 }), fc.uint8Array({ maxLength: 20 }))
      .map(([t, n, b]) => Uint8Array.from([t, 0, n >> 8, n & 0xff, ...b])),
  ),
});

describe('hostile records after the handshake', () => {
  it('any sequence of records ends in data, eof or a TlsError that is not an InternalError', () => {
    fc.assert(fc.property(fc.array(record, { minLength: 1, maxLength: 8 }), (recs) => {
      const { client, server } = connected();
      try {
        for (const r of recs) {
          const bytes = r.sealed ? server.seal(r.type, r.body) : Uint8Array.from([r.type, 3, 3, r.body.length >> 8, r.body.length & 0xff, ...r.body]);
          for (let at = 0; at < bytes.length; ) {
            const taken = client.receive(bytes.subarray(at));
            at += taken;
            const res = client.read();
            client.takeOutgoing();
            if (res.status === 'eof') return;
            if (taken === 0 && res.status === 'want-read') throw new Error('stall: no input taken and more wanted');
          }
        }
      } catch (e) {
        expect(e).toBeInstanceOf(TlsError);
        expect(e).not.toBeInstanceOf(InternalError);
      }
    }), { numRuns: 150 });
  }, 120_000);
});

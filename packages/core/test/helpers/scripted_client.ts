// Running the engine against the scripted server: a whole handshake with the raw bytes the client
// sent, a connected pair, feeding records and reading. Shared by the record-layer client tests.
import { expect } from 'vitest';
import { TlsClient, TlsError, type ClientConfig } from '../../src/index.js';
import { concat, ScriptedServer, type Mutations } from './scripted_server.js';

export const acceptAll = { verifyServerCertificate: () => {} };
export const te = new TextEncoder();
export const CCS = Uint8Array.of(20, 3, 3, 0, 1, 1);

export interface Outcome {
  client: TlsClient;
  server: ScriptedServer;
  error: TlsError | undefined;
  /** Everything the client sent, raw. */
  sent: Uint8Array[];
}

/** Runs a handshake between the client and the scripted server (choosing `suiteId`) until it completes or fails. */
export function handshake(m: Mutations = {}, cfg: Partial<ClientConfig> = {}, suiteId?: number): Outcome {
  const server = new ScriptedServer(m, suiteId);
  const client = new TlsClient({ serverName: 'server', verifier: acceptAll, ...cfg });
  const sent: Uint8Array[] = [];
  let error: TlsError | undefined;
  for (let i = 0; i < 10; i++) {
    let status;
    try {
      status = client.handshake();
    } catch (e) {
      error = e as TlsError;
    }
    const out = client.takeOutgoing();
    sent.push(out);
    const answer = out.length > 0 ? server.respond(out) : new Uint8Array(0);
    if (error !== undefined || (status === 'ok' && answer.length === 0)) break;
    for (let at = 0; at < answer.length; ) {
      at += client.receive(answer.subarray(at));
      if (at < answer.length) {
        try {
          client.handshake();
        } catch (e) {
          error = e as TlsError;
          break;
        }
      }
    }
  }
  return { client, server, error, sent };
}

/** Outer content types of the records in `bytes`. */
export function recordTypes(bytes: Uint8Array): number[] {
  const types: number[] = [];
  for (let at = 0; at + 5 <= bytes.length; at += 5 + ((bytes[at + 3]! << 8) | bytes[at + 4]!)) types.push(bytes[at]!);
  return types;
}

export function connected(): Outcome {
  const o = handshake();
  expect(o.error).toBeUndefined();
  expect(o.client.isHandshakeComplete).toBe(true);
  return o;
}

/** Feeds all of `bytes` and reads until data, eof or an error. */
export function feedAndRead(client: TlsClient, bytes: Uint8Array) {
  for (let at = 0; at < bytes.length; ) {
    at += client.receive(bytes.subarray(at));
    const r = client.read();
    if (r.status !== 'want-read' && r.status !== 'want-write') return r;
  }
  return client.read();
}

export const repeat = (n: number, f: () => Uint8Array) => concat(Array.from({ length: n }, f));

// Drives a TlsClient against an ECH client-facing server (helpers/ech_front.ts), whose answers
// may be asynchronous (hpke-js), recording the bytes the client sent and the names it verified.
import { TlsClient, type ClientConfig, type TlsError, type VerifyInput } from '../../src/index.js';
import { handshakeSettled } from './settled.js';

export const REAL = 'private.puretls.test';
export const PUBLIC = 'public.puretls.test';

/** A verifier that accepts and records the name it was asked for. */
export function recordingVerifier() {
  const names: string[] = [];
  return { names, verifier: { verifyServerCertificate: (i: VerifyInput) => { names.push(i.serverIdentity?.kind === 'dns' ? i.serverIdentity.name : `?${i.serverName}`); } } };
}

/**
 * Runs the handshake until it ends; `early` is written as 0-RTT data right after the first
 * ClientHello, in the same flight.
 */
export async function run(front: { respond(b: Uint8Array): Promise<Uint8Array> | Uint8Array }, cfg: Partial<ClientConfig>, early?: Uint8Array) {
  const rec = recordingVerifier();
  const client = new TlsClient({ serverName: REAL, verifier: rec.verifier, alpnProtocols: ['h2'], ...cfg });
  const wire: Uint8Array[] = [];
  let error: TlsError | undefined;
  for (let i = 0; i < 12 && error === undefined; i++) {
    let status: string | undefined;
    try {
      status = await handshakeSettled(client);
    } catch (e) {
      error = e as TlsError;
    }
    let out = client.takeOutgoing();
    if (i === 0 && early !== undefined) {
      client.write(early);
      out = Uint8Array.from([...out, ...client.takeOutgoing()]);
    }
    wire.push(out);
    const answer = out.length > 0 ? await front.respond(out) : new Uint8Array(0);
    if (error !== undefined || (status === 'ok' && answer.length === 0)) break;
    for (let at = 0; at < answer.length && error === undefined; ) {
      at += client.receive(answer.subarray(at));
      try {
        await handshakeSettled(client);
      } catch (e) {
        error = e as TlsError;
      }
    }
  }
  // What the client sent on failing (its alert) still reaches the server, which may not be able
  // to read it (after a wrong confirmation the two sides hold different keys).
  const last = client.takeOutgoing();
  wire.push(last);
  if (last.length > 0) await Promise.resolve(front.respond(last)).catch(() => undefined);
  return { client, error, wire, names: rec.names };
}


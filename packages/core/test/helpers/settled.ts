// Driving a TlsClient through want-async in tests: call again after its pending work, and, for a
// test that holds a provider's asynchronous answer in a gate, release it and finish the step.
import type { Status, TlsClient, TlsError } from '../../src/index.js';
import type { ScriptedServer } from './scripted_server.js';

/** Calls `op` again, after awaiting the client's pending work, for as long as it says want-async. */
export async function settled<T extends { status: string }>(client: TlsClient, op: () => T): Promise<T> {
  for (;;) {
    const r = op();
    if (r.status !== 'want-async') return r;
    await client.pendingWork();
  }
}

/** `handshake()`, its want-async (a provider's asynchronous key exchange or verification) awaited. */
export async function handshakeSettled(client: TlsClient): Promise<Status> {
  return (await settled(client, () => ({ status: client.handshake() }))).status;
}

/**
 * Releases the asynchronous work a client waits for (`release`), calls `handshake()` once more and
 * hands what the client sent (its Finished, or its alert) to the server; the error, if it failed.
 */
export async function releaseAndStep(r: { client: TlsClient; server: ScriptedServer }, release: () => void): Promise<TlsError | undefined> {
  const waiting = r.client.pendingWork();
  release();
  await waiting;
  let error: TlsError | undefined;
  try {
    r.client.handshake();
  } catch (e) {
    error = e as TlsError;
  }
  r.server.respond(r.client.takeOutgoing());
  return error;
}

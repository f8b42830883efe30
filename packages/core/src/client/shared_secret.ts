/**
 * The (EC)DHE shared secret of the ServerHello's key share (RFC 9846 §4.3.8, §7.1), computed
 * synchronously or, when the provider's exchange has `completeAsync` (WebCrypto's deriveBits),
 * asynchronously: the connection then reports want-async and processes no record (the server's
 * encrypted flight) until the secret is in and the handshake keys are installed.
 */
import type { ActiveKeyExchange } from '../crypto/provider.js';
import { InternalError } from '../errors.js';
import type { HandshakeMessage } from '../msgs/handshake.js';
import type { HandshakeState, StateContext } from './state.js';

/**
 * `next(secret)` now, or the state that calls it once the asynchronous exchange has completed.
 * `destroy` wipes what the handshake holds meanwhile (the key pairs, the PSK's early secret).
 *
 * @example
 * return withSharedSecret(ctx, pair, serverShare, (shared) => establishHandshakeKeys(...), () => this.destroy());
 */
export function withSharedSecret(ctx: StateContext, pair: ActiveKeyExchange, peerShare: Uint8Array, next: (shared: Uint8Array) => HandshakeState, destroy: () => void): HandshakeState {
  if (pair.completeAsync === undefined) return next(pair.complete(peerShare));
  const waiting = new AwaitSharedSecret(next, destroy);
  // A rejection (a share the provider refuses: illegal_parameter) fails the connection with it.
  ctx.io.awaitVerification(pair.completeAsync(peerShare).then((shared) => { waiting.shared = shared; }));
  return waiting;
}

/** Waits for the asynchronous shared secret: no message can arrive meanwhile (none is processed). */
class AwaitSharedSecret implements HandshakeState {
  readonly expecting = 'the key exchange to complete';
  /** Set when the exchange completes; taken by resume(). */
  shared: Uint8Array | undefined;

  constructor(
    private readonly next: (shared: Uint8Array) => HandshakeState,
    private readonly destroyKeys: () => void,
  ) {}

  handle(_msg: HandshakeMessage): HandshakeState {
    throw new InternalError('a handshake message was processed before the key exchange completed');
  }

  resume(): HandshakeState {
    const shared = this.shared;
    if (shared === undefined) throw new InternalError('the key exchange settled without a shared secret');
    this.shared = undefined;
    return this.next(shared);
  }

  destroy(): void {
    this.shared?.fill(0);
    this.destroyKeys();
  }
}

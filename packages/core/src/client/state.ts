/**
 * The pieces the handshake states share (after rustls's `client/` state types): each state is an
 * object that consumes one handshake message and returns the next state; what a state needs from
 * the connection (sending, key changes, async verification) goes through {@link HandshakeIo}.
 */
import type { ConnectionInfo } from '../api.js';
import { PeerMisbehavedError } from '../errors.js';
import type { HandshakeMessage } from '../msgs/handshake.js';
import { HandshakeType, codepointName } from '../msgs/enums.js';
import type { Epoch } from '../record/epoch.js';
import type { SupportedCipherSuite } from '../crypto/provider.js';
import type { ResolvedConfig } from './config.js';
import type { Connected } from './post_handshake.js';
import type { EarlyData } from './early_data.js';

/** What the states ask of the connection. */
export interface HandshakeIo {
  /** Queues a framed handshake message under the current write protection. */
  sendHandshake(message: Uint8Array): void;
  /** Queues the dummy ChangeCipherSpec of middlebox compatibility mode, at most once. */
  sendChangeCipherSpec(): void;
  /** Switches the read side to `secret` of `epoch`; fails if handshake bytes remain from the old keys. */
  installReadKeys(epoch: Epoch, suite: SupportedCipherSuite, secret: Uint8Array): void;
  /** Switches the write side to `secret` of `epoch`. */
  installWriteKeys(epoch: Epoch, suite: SupportedCipherSuite, secret: Uint8Array): void;
  /** Drops the 0-RTT write keys: the next ClientHello goes out in plaintext (after a HelloRetryRequest). */
  abandonEarlyKeys(): void;
  /** The connection's 0-RTT data: offered, accepted or refused by the states. */
  readonly earlyData: EarlyData;
  /**
   * Holds message processing until asynchronous work settles: the certificate verifier's, or
   * our certificate's choice or signature. A rejection fails the connection with its TlsError.
   */
  awaitVerification(pending: Promise<void>): void;
  /** Sets the read-side plaintext limit from the server's record_size_limit acknowledgement. */
  setPeerRecordSizeLimit(limit: number): void;
  /** Marks the handshake done; `traffic` is the connected state that owns the traffic keys. */
  complete(info: ConnectionInfo, traffic: Connected): void;
}

/** One step of the client state machine (RFC 9846 Appendix A.1). */
export interface HandshakeState {
  /** For error messages and debugging: the message this state waits for. */
  readonly expecting: string;
  handle(msg: HandshakeMessage): HandshakeState;
  /**
   * Only for a state that waits for asynchronous work of ours rather than for a message (our
   * certificate's choice or signature): the connection calls it, before it processes any message,
   * once no work is pending; it returns the next state, or itself after registering new work.
   */
  resume?(): HandshakeState;
  /** Wipes the secrets this state holds (the connection failed or closed). */
  destroy(): void;
}

/** What every state can reach. */
export interface StateContext {
  readonly cfg: ResolvedConfig;
  readonly io: HandshakeIo;
}

/**
 * Fails with unexpected_message unless `msg` has the wanted type (RFC 9846 §4: messages MUST be
 * sent in the order specified).
 *
 * @example
 * expectType(msg, HandshakeType.finished, 'Finished');
 */
export function expectType(msg: HandshakeMessage, type: number, expecting: string): void {
  if (msg.type !== type) {
    throw new PeerMisbehavedError('unexpected_message', `expected ${expecting}, got ${codepointName(HandshakeType, msg.type)}`);
  }
}

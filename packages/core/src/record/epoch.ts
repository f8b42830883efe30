/**
 * The key epochs of a connection, per direction (RFC 9846 §2, §7.1, §7.3): records go out and come
 * in unprotected, then under the early traffic keys (0-RTT, client to server only), the handshake
 * traffic keys and the application traffic keys. Epochs only move forward; a KeyUpdate (§4.7.3)
 * is a new generation of keys within the application epoch.
 */
import { InternalError } from '../errors.js';

/** Which keys protect a direction's records. */
export type Epoch = 'plaintext' | 'early' | 'handshake' | 'application';

const ORDER: Readonly<Record<Epoch, number>> = { plaintext: 0, early: 1, handshake: 2, application: 3 };

/**
 * Refuses a key change that would go back, or repeat an epoch other than the application one
 * (only the application epoch is re-keyed, by KeyUpdate). A programming error, never the peer's.
 *
 * @example
 * checkEpochChange('handshake', 'application'); // fine
 * checkEpochChange('application', 'handshake'); // InternalError
 */
export function checkEpochChange(from: Epoch, to: Epoch): void {
  if (to === 'plaintext' || ORDER[to] < ORDER[from] || (to === from && to !== 'application')) {
    throw new InternalError(`record layer: key change from the ${from} epoch to the ${to} epoch`);
  }
}

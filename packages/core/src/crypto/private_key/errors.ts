/**
 * The error of private key parsing. A key that does not parse is a configuration mistake, so it
 * is an ApiMisuseError (nothing is sent to any peer). Messages name structures, OIDs and sizes,
 * never key bytes or the passphrase.
 */
import { ApiMisuseError } from '../../errors.js';

/**
 * Why a private key was refused: `malformed` (not DER / PEM of a key), `unsupported` (an
 * algorithm, curve, encryption or size we do not handle), `passphrase` (wrong passphrase or a
 * corrupt encrypted key), `inconsistent` (the components do not belong together), `encrypted`
 * (encrypted, and no passphrase given).
 *
 * @example
 * const why: PrivateKeyErrorReason = err.reason; // 'passphrase': ask for it again
 */
export type PrivateKeyErrorReason = 'malformed' | 'unsupported' | 'passphrase' | 'inconsistent' | 'encrypted';

/**
 * A private key (or certificate PEM) was refused; `reason` is a stable code.
 *
 * @example
 * try { parsePrivateKey(pem); } catch (e) {
 *   if (e instanceof PrivateKeyError && e.reason === 'encrypted') askForPassphrase();
 * }
 */
export class PrivateKeyError extends ApiMisuseError {
  override name = 'PrivateKeyError';
  constructor(
    /** Why the key was refused. */
    readonly reason: PrivateKeyErrorReason,
    message: string,
  ) {
    super(message);
  }
}

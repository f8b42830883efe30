/**
 * Which extensions a server message may carry (RFC 9846 §4.3).
 */
import { PeerMisbehavedError } from '../errors.js';
import { ExtensionType, codepointName } from '../msgs/enums.js';
import { type Extension, extensionAllowedIn } from '../msgs/extension.js';
import { isGrease } from './grease.js';

/**
 * RFC 9846 §4.3: a response extension must answer one we sent (else unsupported_extension; the
 * cookie in a HelloRetryRequest is the one exception), and must be allowed in its message (else
 * illegal_parameter).
 *
 * @example
 * checkResponseExtensions(ee.extensions, sentTypes, 'EE', 'EncryptedExtensions');
 */
export function checkResponseExtensions(
  exts: readonly Extension[],
  sent: ReadonlySet<number>,
  ctxName: 'SH' | 'HRR' | 'EE' | 'CT',
  what: string,
): void {
  for (const e of exts) {
    // RFC 8701 §3.1: a GREASE extension in an answer is refused, though we sent its type.
    if (isGrease(e.type)) throw new PeerMisbehavedError('unsupported_extension', `${what} has GREASE extension ${codepointName(ExtensionType, e.type)}`);
    const unsolicitedOk = ctxName === 'HRR' && e.type === ExtensionType.cookie;
    if (!sent.has(e.type) && !unsolicitedOk) {
      throw new PeerMisbehavedError('unsupported_extension', `${what} has extension ${codepointName(ExtensionType, e.type)} we did not send`);
    }
    if (!extensionAllowedIn(e.type, ctxName)) {
      throw new PeerMisbehavedError('illegal_parameter', `${what} may not carry extension ${codepointName(ExtensionType, e.type)}`);
    }
  }
}

/**
 * Whether the server accepted our Encrypted Client Hello (RFC 9849 §6.1.4): a HelloRetryRequest
 * says so in its encrypted_client_hello extension, a ServerHello in the last 8 bytes of its
 * random; both are confirmations over the inner transcript that only a server holding the ECH
 * key could compute. The answer picks the transcript, the random and the offer the rest of the
 * handshake is checked against.
 */
import { equalBytes } from '../codec/ct.js';
import type { SupportedCipherSuite } from '../crypto/provider.js';
import { PeerMisbehavedError } from '../errors.js';
import { decodeEchHelloRetryRequest } from '../msgs/ech_extension.js';
import { ExtensionType } from '../msgs/enums.js';
import { findExtension } from '../msgs/extension.js';
import type { ServerHello } from '../msgs/server_hello.js';
import { echConfirmation, zeroHrrConfirmation, zeroServerHelloConfirmation } from '../tls13/ech_confirmation.js';
import type { Transcript } from '../tls13/transcript.js';
import type { ResolvedConfig } from './config.js';
import type { EchOffer, EchRealOffer } from './ech_offer.js';
import type { EchStatus } from './negotiated.js';

/**
 * At a HelloRetryRequest (§6.1.4): with a real offer, whether the server confirmed ECH (then the
 * inner transcript has restarted and holds the HelloRetryRequest); undefined without a real offer.
 * The extension, if present, must be 8 bytes whatever we sent (decode_error, §6.1.4, §6.2).
 *
 * @example
 * const accepted = echAtHelloRetryRequest(cfg, offer.ech, hrr, msg.raw, suite);
 */
export function echAtHelloRetryRequest(cfg: ResolvedConfig, ech: EchOffer | undefined, hrr: ServerHello, raw: Uint8Array, suite: SupportedCipherSuite): boolean | undefined {
  const ext = findExtension(hrr.extensions, ExtensionType.encrypted_client_hello);
  const confirmation = ext === undefined ? undefined : decodeEchHelloRetryRequest(ext.data);
  if (ech?.kind !== 'real') return undefined;
  if (confirmation === undefined) return false;
  const t = ech.innerTranscript;
  t.selectHash(cfg.crypto, suite.hash);
  t.restartAfterHelloRetryRequest();
  const zeroed = zeroHrrConfirmation(raw)!;
  const accepted = equalBytes(confirmation, confirmationOver(cfg, ech, suite, t, zeroed, 'hello-retry-request'));
  if (accepted) t.add(raw);
  return accepted;
}

/** The transcript, client random and extension types the handshake continues with, and what became of ECH. */
export interface EchDecision {
  readonly ech: EchStatus;
  readonly transcript: Transcript;
  readonly clientRandom: Uint8Array;
  readonly sentExtensions: ReadonlySet<number>;
}

/**
 * At the ServerHello (§6.1.4): accepted when its random ends in accept_confirmation. After a
 * HelloRetryRequest that confirmed ECH, a ServerHello that does not is illegal_parameter
 * (§6.1.5); after one that did not, ECH stays rejected. Wipes the HPKE context either way.
 *
 * @example
 * const d = echAtServerHello(cfg, offer, sh, msg.raw, suite, { transcript, clientRandom: offer.random, sentExtensions: offer.extensionTypes });
 */
export function echAtServerHello(
  cfg: ResolvedConfig,
  ech: EchOffer | undefined,
  sh: ServerHello,
  raw: Uint8Array,
  suite: SupportedCipherSuite,
  outer: Omit<EchDecision, 'ech'>,
  retry: 'accepted' | 'rejected' | undefined,
): EchDecision {
  if (ech === undefined) return { ...outer, ech: { status: 'not-offered' } };
  if (ech.kind === 'grease') return { ...outer, ech: { status: 'grease' } };
  ech.context.destroy();
  const rejected: EchDecision = { ...outer, ech: { status: 'rejected', publicName: ech.chosen.publicName } };
  if (retry === 'rejected') return rejected;
  const t = ech.innerTranscript;
  t.selectHash(cfg.crypto, suite.hash);
  const accepted = equalBytes(sh.random.subarray(24), confirmationOver(cfg, ech, suite, t, zeroServerHelloConfirmation(raw), 'server-hello'));
  if (!accepted) {
    if (retry === 'accepted') throw new PeerMisbehavedError('illegal_parameter', 'the ServerHello does not confirm the ECH its HelloRetryRequest accepted (RFC 9849 §6.1.5)');
    return rejected;
  }
  return { ech: { status: 'accepted' }, transcript: t, clientRandom: ech.innerRandom, sentExtensions: ech.innerExtensionTypes };
}

/** The confirmation over the inner transcript so far plus `zeroed` (the server's message with its confirmation zeroed). */
function confirmationOver(cfg: ResolvedConfig, ech: EchRealOffer, suite: SupportedCipherSuite, t: Transcript, zeroed: Uint8Array, of: 'server-hello' | 'hello-retry-request'): Uint8Array {
  const h = t.snapshot();
  h.update(zeroed);
  return echConfirmation(cfg.crypto, suite.hash, ech.innerRandom, h.digest(), of);
}

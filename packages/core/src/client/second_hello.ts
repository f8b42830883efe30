/**
 * The second ClientHello (RFC 9846 §4.1.4), in answer to a HelloRetryRequest: the first one
 * with the new key share and cookie, its binder written anew over the restarted transcript
 * (§4.3.11.2), and with Encrypted Client Hello what the HelloRetryRequest decided (RFC 9849
 * §6.1.5, §6.2).
 */
import type { EarlySecret } from '../tls13/key_schedule.js';
import type { Transcript } from '../tls13/transcript.js';
import { buildClientHello, type BuiltClientHello, type HelloParams } from './client_hello.js';
import type { ResolvedConfig } from './config.js';
import { greasePskBody } from './ech_grease_psk.js';
import { buildEchHellos, outerConfig, type EchOffer } from './ech_offer.js';
import { bindClientHello, type PskOffer } from './resumption.js';

/** The second ClientHello, the PSK it offers with its early secret, and the ECH offer as it now stands. */
export interface SecondHello {
  readonly hello: BuiltClientHello;
  readonly early: EarlySecret | undefined;
  readonly psk: PskOffer | undefined;
  readonly ech: EchOffer | undefined;
}

/**
 * Builds the second ClientHello from `p`, offering `psk` if given. With ECH accepted by the
 * HelloRetryRequest, a second ClientHelloInner (offering the ticket, bound over the inner
 * transcript, which it joins) and a second ClientHelloOuter (same HPKE context, empty enc, the
 * GREASE PSK with a new binder); rejected, the outer hello again with its first ECH extension and
 * no real PSK, since the server now answers the outer one; GREASE ECH, the same extension again.
 * `transcript` ends with the HelloRetryRequest.
 *
 * @example
 * const { hello, early, psk, ech } = buildSecondHello(cfg, transcript, offer.ech, params, echAccepted, psk);
 */
export function buildSecondHello(cfg: ResolvedConfig, transcript: Transcript, ech: EchOffer | undefined, p: HelloParams, echAccepted: boolean | undefined, psk: PskOffer | undefined): SecondHello {
  if (ech?.kind !== 'real') {
    const hello = buildClientHello(cfg, ech === undefined ? p : { ...p, ech: ech.extension });
    // The binder covers message_hash(ClientHello1), the HRR and the truncated second ClientHello.
    return { hello, psk, ech, early: psk === undefined ? undefined : bindClientHello(cfg, hello.message, psk, transcript.snapshot()) };
  }
  const greasePsk = psk === undefined ? undefined : ech.greasePsk;
  if (echAccepted !== true) {
    const outerParams = { ...p, psk: greasePsk === undefined ? undefined : greasePskBody(cfg, greasePsk), ech: ech.outerExtension };
    return { hello: buildClientHello(outerConfig(cfg, ech.chosen), outerParams), psk: undefined, early: undefined, ech };
  }
  const innerPsk = psk === undefined || greasePsk === undefined ? undefined : { offer: psk, grease: greasePsk, prefix: ech.innerTranscript.snapshot() };
  const { inner, outer, early } = buildEchHellos(cfg, p, ech.innerRandom, ech.chosen, ech.context, new Uint8Array(0), innerPsk);
  ech.innerTranscript.add(inner.message);
  return { hello: outer, early, psk: innerPsk?.offer, ech: { ...ech, innerExtensionTypes: inner.extensionTypes } };
}

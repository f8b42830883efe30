/**
 * Offering a ticket as a PSK (RFC 9846 §2.2, §4.3.9–§4.3.11): which ticket fits this connection,
 * the pre_shared_key extension with its obfuscated ticket age, and the binder that proves we hold
 * the PSK, computed over the ClientHello truncated before the binders (§4.3.11.2).
 */
import type { SessionTicket } from '../api.js';
import type { HashContext, SupportedCipherSuite } from '../crypto/provider.js';
import { InternalError } from '../errors.js';
import { encodePreSharedKeyClient } from '../msgs/ext_bodies.js';
import { EarlySecret, finishedVerifyData } from '../tls13/key_schedule.js';
import type { ResolvedConfig } from './config.js';

/** §4.7.1: servers MUST NOT use a ticket_lifetime over seven days, and clients do not keep one longer. */
export const MAX_TICKET_LIFETIME_SECONDS = 604800;

/** A ticket being offered in this connection's ClientHello, and what it allows. */
export interface PskOffer {
  readonly ticket: SessionTicket;
  /** The ticket's suite, as the provider supplies it: its hash is the binder's and the resumed handshake's. */
  readonly suite: SupportedCipherSuite;
  /** Whether this ClientHello offers 0-RTT with it (only the first ClientHello ever does, §4.3.10). */
  readonly earlyData: boolean;
}

/**
 * The offer of `ticket` (the configuration's `session`, or the store's for the session key), if
 * it fits this connection; undefined for a full handshake.
 *
 * @example
 * const offer = pskOffer(cfg, cfg.session); // undefined: full handshake
 */
export function pskOffer(cfg: ResolvedConfig, ticket: SessionTicket | undefined): PskOffer | undefined {
  if (ticket === undefined) return undefined;
  const now = cfg.now();
  const suite = resumableSuite(cfg, ticket, now);
  if (suite === undefined) return undefined;
  return { ticket, suite, earlyData: earlyDataAllowed(cfg, ticket, suite) };
}

/**
 * The ticket's suite if the ticket may be offered now: not expired (§4.3.11.1), issued under the
 * same server name, verified if we verify, and a suite with its hash among the ones we offer (§4.3.11).
 *
 * @example
 * resumableSuite(cfg, ticket, cfg.now()); // undefined: expired or for another name
 */
export function resumableSuite(cfg: ResolvedConfig, ticket: SessionTicket, now: number): SupportedCipherSuite | undefined {
  if (!ticketUnexpired(ticket, now)) return undefined;
  if (ticket.serverName !== cfg.serverName) return undefined;
  // A resumption authenticates the server only as well as the original handshake did.
  if (cfg.verifier !== undefined && !ticket.verified) return undefined;
  const suite = cfg.crypto.cipherSuites.find((s) => s.id === ticket.cipherSuite);
  if (suite === undefined || !cfg.cipherSuites.some((s) => s.hash === suite.hash)) return undefined;
  if (ticket.psk.length !== suite.hashLength || ticket.ticket.length === 0 || ticket.ticket.length > 0xffff) return undefined;
  return suite;
}

/**
 * Whether `ticket` may still be used at `now` (ms): its age is under its lifetime, seven days at
 * most (§4.3.11.1, §4.7.1), and not negative (a clock gone back).
 *
 * @example
 * ticketUnexpired(ticket, ticket.receivedAt + 1000); // true for any lifetime over a second
 */
export function ticketUnexpired(ticket: SessionTicket, now: number): boolean {
  const age = now - ticket.receivedAt;
  return age >= 0 && age < Math.min(ticket.lifetimeSeconds, MAX_TICKET_LIFETIME_SECONDS) * 1000;
}

/**
 * 0-RTT needs the application's consent, a ticket that allows early data, its very suite among
 * ours, and the ALPN protocol of the ticket's connection among the ones we offer (§4.3.10).
 */
function earlyDataAllowed(cfg: ResolvedConfig, ticket: SessionTicket, suite: SupportedCipherSuite): boolean {
  if (!cfg.earlyData || ticket.maxEarlyData === undefined || ticket.maxEarlyData === 0) return false;
  if (!cfg.cipherSuites.some((s) => s.id === suite.id)) return false;
  const offered = cfg.alpnProtocols.map((p) => new TextDecoder().decode(p));
  return ticket.alpnProtocol === undefined ? offered.length === 0 : offered.includes(ticket.alpnProtocol);
}

/**
 * obfuscated_ticket_age: the ticket's age in milliseconds plus ticket_age_add, modulo 2^32 (§4.3.11.1).
 *
 * @example
 * obfuscatedTicketAge(ticket, ticket.receivedAt + 6); // (6 + ticket.ageAdd) >>> 0
 */
export function obfuscatedTicketAge(ticket: SessionTicket, now: number): number {
  return (Math.max(0, Math.floor(now - ticket.receivedAt)) + ticket.ageAdd) >>> 0;
}

/**
 * The pre_shared_key extension body with one identity and a binder of zeros, to be replaced by
 * {@link bindClientHello} once the whole ClientHello is known.
 *
 * @example
 * const body = pskExtensionBody(offer, cfg.now());
 */
export function pskExtensionBody(offer: PskOffer, now: number): Uint8Array {
  const identity = { identity: offer.ticket.ticket, obfuscatedTicketAge: obfuscatedTicketAge(offer.ticket, now) };
  return encodePreSharedKeyClient([identity], [new Uint8Array(offer.suite.hashLength)]);
}

/**
 * Writes the binder into `clientHello` (a whole handshake message whose last extension is our
 * pre_shared_key with one zero binder): HMAC with the binder key's finished key over the
 * transcript hash of the ClientHello truncated before the binders list (§4.3.11.2), `prefix`
 * being the transcript before it (message_hash(ClientHello1) and the HRR after a
 * HelloRetryRequest). Returns the early secret for the 0-RTT keys; the caller destroys it.
 *
 * @example
 * const early = bindClientHello(cfg, hello.message, offer, undefined);
 */
export function bindClientHello(cfg: ResolvedConfig, clientHello: Uint8Array, offer: PskOffer, prefix: HashContext | undefined): EarlySecret {
  const { suite } = offer;
  const bindersLength = 2 + 1 + suite.hashLength;
  if (clientHello.length < 4 + bindersLength) throw new InternalError('ClientHello too short for its binders');
  const truncated = clientHello.subarray(0, clientHello.length - bindersLength);
  const h = prefix === undefined ? cfg.crypto.createHash(suite.hash) : prefix.clone();
  h.update(truncated);
  const early = EarlySecret.start(cfg.crypto, suite.hash, offer.ticket.psk);
  const binderKey = early.binderKey(true);
  const binder = finishedVerifyData(cfg.crypto, suite.hash, binderKey, h.digest());
  binderKey.fill(0);
  clientHello.set(binder, clientHello.length - suite.hashLength);
  return early;
}

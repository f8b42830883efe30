/**
 * The GREASE pre_shared_key of a ClientHelloOuter (RFC 9849 §6.1.2): when the ClientHelloInner
 * offers a ticket, the outer hello carries a pre_shared_key of the same shape (an identity as
 * long, a random obfuscated_ticket_age, a binder as long) that names no PSK, so that a backend's
 * pre_shared_key in its ServerHello looks solicited on the wire and the client-facing server is
 * never offered one (§6.1: the outer hello must not advertise a PSK to it).
 */
import { encodePreSharedKeyClient } from '../msgs/ext_bodies.js';
import type { ResolvedConfig } from './config.js';
import type { PskOffer } from './resumption.js';

/** The fixed part of a GREASE PSK, kept for the second ClientHelloOuter after a HelloRetryRequest. */
export interface GreasePsk {
  readonly identity: Uint8Array;
  readonly obfuscatedTicketAge: number;
  readonly binderLength: number;
}

/**
 * A GREASE PSK shaped like `offer`: a random identity of the ticket's length, a random 32-bit
 * age, and the binder length of the ticket's hash.
 *
 * @example
 * const grease = greasePskFor(cfg, offer); // identity.length === offer.ticket.ticket.length
 */
export function greasePskFor(cfg: ResolvedConfig, offer: PskOffer): GreasePsk {
  const age = cfg.random(4);
  return {
    identity: cfg.random(offer.ticket.ticket.length),
    obfuscatedTicketAge: ((age[0]! << 24) | (age[1]! << 16) | (age[2]! << 8) | age[3]!) >>> 0,
    binderLength: offer.suite.hashLength,
  };
}

/**
 * The pre_shared_key extension body of `grease`, with a fresh random binder: a second
 * ClientHello keeps its identity and age and changes its binder, as a real one would (§4.1.4).
 *
 * @example
 * const body = greasePskBody(cfg, grease); // same length as the inner hello's pre_shared_key
 */
export function greasePskBody(cfg: ResolvedConfig, grease: GreasePsk): Uint8Array {
  return encodePreSharedKeyClient([{ identity: grease.identity, obfuscatedTicketAge: grease.obfuscatedTicketAge }], [cfg.random(grease.binderLength)]);
}

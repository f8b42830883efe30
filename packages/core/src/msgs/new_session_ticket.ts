/**
 * NewSessionTicket (RFC 9846 §4.7.1).
 */
import { Reader } from '../codec/reader.js';
import { decodeExtensions, type Extension } from './extension.js';

/** A decoded NewSessionTicket body. */
export interface NewSessionTicket {
  readonly lifetime: number;
  readonly ageAdd: number;
  readonly nonce: Uint8Array;
  readonly ticket: Uint8Array;
  readonly extensions: readonly Extension[];
}

/** @example decodeNewSessionTicket(msg.body).ticket */
export function decodeNewSessionTicket(body: Uint8Array): NewSessionTicket {
  const r = new Reader(body, 'NewSessionTicket');
  const lifetime = r.u32('ticket_lifetime');
  const ageAdd = r.u32('ticket_age_add');
  const nonce = r.vec8(0, 255, 'ticket_nonce');
  const ticket = r.vec16(1, 0xffff, 'ticket');
  const extensions = decodeExtensions(r, 'NewSessionTicket');
  r.expectEnd();
  return { lifetime, ageAdd, nonce, ticket, extensions };
}

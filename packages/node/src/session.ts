/**
 * Sessions in the Node driver (RFC 9846 §2.2): the `session` option as Node takes it (the Buffer
 * of a `'session'` event) or as the engine's `SessionTicket`, the `sessionStore` the driver takes
 * tickets from and puts them into under `servername:port`, and the check that gives a resumed
 * connection its `authorized`.
 */
import type { EventEmitter } from 'node:events';
import { decodeSessionTicket, encodeSessionTicket, InvalidMessageError, isThenable, parseServerName, type CertificateVerifier, type SessionStore, type SessionTicket, type TlsClient } from '@puretls/core';
import type { ConnectOptions } from './connect_options.js';
import { EarlyDataRefusedError } from './errors.js';
import type { Pump } from './pump.js';

const ignore = (): void => {};

/**
 * What the `session` option takes: a `'session'` event's Buffer (any Uint8Array), or a ticket object.
 *
 * @example
 * const session: SessionInput = readFileSync('session.bin');
 */
export type SessionInput = Uint8Array | SessionTicket;

/**
 * The ticket the `session` option gives. A Buffer that does not decode is ignored (undefined: a
 * full handshake), as Node ignores a session it cannot parse; `decodeSessionTicket` tells why
 * (an `InvalidMessageError`). An object is checked by encoding and decoding it; anything else,
 * or an object that is not a ticket, is a TypeError (`ERR_INVALID_ARG_TYPE`, as in Node).
 *
 * @example
 * sessionTicketFrom(Buffer.from('garbage')); // undefined: full handshake
 * sessionTicketFrom(savedBuffer);            // the ticket, offered as a PSK
 */
export function sessionTicketFrom(session: unknown): SessionTicket | undefined {
  if (session === undefined || session === null) return undefined;
  if (session instanceof Uint8Array) {
    try {
      return decodeSessionTicket(session);
    } catch (e) {
      if (e instanceof InvalidMessageError) return undefined;
      throw e;
    }
  }
  if (typeof session === 'object') {
    try {
      // A round trip leaves a ticket with every field well-formed, in arrays of its own.
      return decodeSessionTicket(encodeSessionTicket(session as SessionTicket));
    } catch (e) {
      throw invalidSession(`session: not a SessionTicket (${(e as Error).message})`);
    }
  }
  throw invalidSession(`session: a Buffer from the 'session' event or a SessionTicket, not ${typeof session}`);
}

function invalidSession(message: string): TypeError {
  return Object.assign(new TypeError(message), { code: 'ERR_INVALID_ARG_TYPE' });
}

/**
 * The store key of a connection: `sessionKey`, else `servername:port` (one server name on two
 * ports may be two servers with their own ticket keys).
 *
 * @example
 * sessionKeyFor(undefined, 'example.com', 443); // 'example.com:443'
 */
export function sessionKeyFor(sessionKey: string | undefined, servername: string, port: number): string {
  return sessionKey ?? `${servername}:${port}`;
}

/**
 * The ticket a connection offers: `session` if given (and decodable), else one the store hands
 * out for `key` (once: RFC 9846 §C.4, a ticket used twice links the two connections). An
 * asynchronous store's answer comes as a promise (the connection waits for it before its
 * ClientHello); its rejection means no ticket, a full handshake, as the engine treats it.
 *
 * @example
 * const ticket = offeredTicket(opts.session, store, 'example.com:443', Date.now());
 * if (ticket instanceof Promise) config.session = await ticket;
 */
export function offeredTicket(session: unknown, store: SessionStore | null | undefined, key: string, now: number): SessionTicket | undefined | Promise<SessionTicket | undefined> {
  const given = sessionTicketFrom(session);
  if (given !== undefined || store == null) return given;
  const taken = store.take(key, now);
  if (!isThenable(taken)) return taken;
  // A native promise (whatever thenable the store returned), settled with the answer or undefined.
  return Promise.resolve(taken as PromiseLike<SessionTicket | undefined>).then(undefined, () => undefined);
}

/**
 * Whether writes before the handshake completes may go out as 0-RTT (RFC 9846 §2.3): asked for
 * (`earlyData`) and allowed by the ticket offered.
 *
 * @example
 * allowsEarlyWrites(true, ticket); // true when ticket.maxEarlyData > 0
 */
export function allowsEarlyWrites(earlyData: boolean | undefined, ticket: SessionTicket | undefined): boolean {
  return earlyData === true && (ticket?.maxEarlyData ?? 0) > 0;
}

/**
 * A ticket as the Buffer Node's `'session'` event carries (and `session` takes back): its
 * encoding, which holds the PSK. Store it as a secret.
 *
 * @example
 * socket.emit('session', sessionBuffer(ticket));
 */
export function sessionBuffer(ticket: SessionTicket): Buffer {
  const bytes = encodeSessionTicket(ticket);
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
}

/**
 * Checks, for a resumed connection, the chain its ticket descends from with this connection's
 * verifier: a resumed handshake has no Certificate (RFC 9846 §2.2), so nothing else would set
 * `authorized`, and a ticket from a connection that skipped or tolerated a bad chain must not
 * pass a stricter one. A failure throws (or rejects) as the verifier does.
 *
 * @example
 * await verifyResumedChain(verifier, socket.info!.peerCertificates, 'example.com', Date.now());
 */
export function verifyResumedChain(verifier: CertificateVerifier, chain: readonly Uint8Array[], servername: string, now: number): void | PromiseLike<void> {
  const identity = parseServerName(servername);
  return verifier.verifyServerCertificate({ chain, serverName: identity.kind === 'dns' ? identity.name : identity.text, serverIdentity: identity, now, resumed: true });
}

/**
 * The engine's ticket callback for a connection that keeps tickets (`sessionTickets`; by default
 * one with a `'session'` listener, a `session` or a `sessionStore` as it starts), else the
 * engine option's own: each ticket is put in the store, handed to `keep` (the newest, for
 * `getSession()`), and emitted as `'session'` once the engine's call has returned (a listener
 * must not run inside the engine).
 *
 * @example
 * new TlsClient({ ...config, onSessionTicket: ticketCallback(opts, 'example.com', socket, (t) => { last = t; }) });
 */
export function ticketCallback(opts: ConnectOptions, servername: string, socket: EventEmitter, keep: (t: SessionTicket) => void): ((t: SessionTicket) => void) | undefined {
  const store = opts.sessionStore ?? undefined;
  const own = opts.engine?.onSessionTicket;
  if (!(opts.sessionTickets ?? (socket.listenerCount('session') > 0 || store !== undefined || opts.session !== undefined))) return own;
  const key = sessionKeyFor(opts.sessionKey, servername, opts.port ?? 443);
  return (ticket) => {
    const stored = store?.put(key, ticket);
    // An asynchronous store's failure loses the ticket, not the connection.
    if (isThenable(stored)) stored.then(undefined, ignore);
    keep(ticket);
    queueMicrotask(() => { if (socket.listenerCount('session') > 0) socket.emit('session', sessionBuffer(ticket)); });
    own?.(ticket);
  };
}

/**
 * What {@link settleSession} needs of the connection's start.
 *
 * @example
 * const ctx: SessionContext = { verifier, ticket, servername: 'example.com', now: Date.now };
 */
export interface SessionContext {
  /** The connection's verifier (undefined when verification is skipped). */
  readonly verifier: CertificateVerifier | undefined;
  /** The ticket offered, if any. */
  readonly ticket: SessionTicket | undefined;
  readonly servername: string;
  readonly now: () => number;
}

/**
 * Once the handshake is done, before 'secureConnect': a resumed connection's chain is checked
 * ({@link verifyResumedChain}), and 0-RTT data the server refused is resent as 1-RTT data, ahead
 * of every later write, if the connection agreed on the ticket's ALPN protocol; otherwise it is
 * an {@link EarlyDataRefusedError} (RFC 9846 §4.3.10: never resent automatically under another).
 *
 * @example
 * await settleSession(engine, pump, { verifier, ticket, servername: 'example.com', now: Date.now });
 */
export async function settleSession(engine: TlsClient, pump: Pump, ctx: SessionContext): Promise<void> {
  const info = engine.info!;
  if (info.resumed && ctx.verifier !== undefined) await verifyResumedChain(ctx.verifier, info.peerCertificates, ctx.servername, ctx.now());
  const refused = info.earlyData === 'rejected' ? engine.takeRejectedEarlyData() : undefined;
  if (refused === undefined || refused.length === 0) return;
  const ticketAlpn = ctx.ticket?.alpnProtocol;
  if (info.alpnProtocol !== ticketAlpn) throw new EarlyDataRefusedError(refused, ticketAlpn, info.alpnProtocol);
  await pump.writeAll(refused, {});
}

/**
 * The in-memory session store: tickets by key (server name, or host and port), bounded in all and
 * per key, each handed out once by default (RFC 9846 §C.4: reusing a ticket links connections).
 */
import type { SessionStore, SessionTicket } from '../api.js';
import { ApiMisuseError } from '../errors.js';
import { Limits } from '../limits.js';
import { ticketUnexpired } from './resumption.js';

/** Options of a {@link MemorySessionStore}. */
export interface MemorySessionStoreOptions {
  /** Tickets kept in all; the oldest stored go first. Default `Limits.sessionStoreEntries`. */
  maxEntries?: number;
  /** Tickets kept per key; the oldest go first. Default `Limits.sessionStoreTicketsPerKey`. */
  maxPerKey?: number;
  /** Hand a ticket out again instead of forgetting it (links the connections that use it). Default false. */
  reuse?: boolean;
}

/**
 * A bounded in-memory {@link SessionStore}.
 *
 * @example
 * const store = new MemorySessionStore({ maxEntries: 100 });
 * const a = new TlsClient({ serverName: 'example.com', verifier, sessionStore: store }); // full handshake, tickets stored
 * const b = new TlsClient({ serverName: 'example.com', verifier, sessionStore: store }); // resumes
 */
export class MemorySessionStore implements SessionStore {
  /** Tickets per key, oldest first; Map order is the order keys were last stored to. */
  private readonly byKey = new Map<string, SessionTicket[]>();
  private count = 0;
  private readonly maxEntries: number;
  private readonly maxPerKey: number;
  private readonly reuse: boolean;

  constructor(opts: MemorySessionStoreOptions = {}) {
    this.maxEntries = opts.maxEntries ?? Limits.sessionStoreEntries;
    this.maxPerKey = opts.maxPerKey ?? Limits.sessionStoreTicketsPerKey;
    this.reuse = opts.reuse ?? false;
    if (!(Number.isInteger(this.maxEntries) && this.maxEntries >= 1 && Number.isInteger(this.maxPerKey) && this.maxPerKey >= 1)) {
      throw new ApiMisuseError('MemorySessionStore: maxEntries and maxPerKey must be positive integers');
    }
  }

  /** Tickets held. */
  get size(): number {
    return this.count;
  }

  put(key: string, ticket: SessionTicket): void {
    const list = this.byKey.get(key) ?? [];
    this.byKey.delete(key); // re-inserted last: most recently stored
    list.push(ticket);
    this.count++;
    while (list.length > this.maxPerKey) this.forget(list);
    this.byKey.set(key, list);
    while (this.count > this.maxEntries) {
      const [oldestKey, oldest] = this.byKey.entries().next().value as [string, SessionTicket[]];
      this.forget(oldest);
      if (oldest.length === 0) this.byKey.delete(oldestKey);
    }
  }

  take(key: string, now: number): SessionTicket | undefined {
    const list = this.byKey.get(key);
    if (list === undefined) return undefined;
    let found: SessionTicket | undefined;
    // The newest valid ticket; the expired ones met on the way are dropped.
    for (let i = list.length - 1; i >= 0 && found === undefined; i--) {
      const t = list[i]!;
      const valid = ticketUnexpired(t, now);
      if (valid) found = t;
      if (!valid || !this.reuse) {
        list.splice(i, 1);
        this.count--;
      }
    }
    if (list.length === 0) this.byKey.delete(key);
    return found;
  }

  /** Drops the oldest ticket of `list`. */
  private forget(list: SessionTicket[]): void {
    list.shift();
    this.count--;
  }
}

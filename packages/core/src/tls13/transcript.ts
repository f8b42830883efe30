/**
 * The transcript hash (RFC 9846 §4.1). The hash is only known once the server picks a suite, so
 * messages are buffered until `selectHash()`; after a HelloRetryRequest, ClientHello1 is replaced
 * by the synthetic message_hash message.
 */
import type { CryptoProvider, HashAlgorithm, HashContext } from '../crypto/provider.js';
import { InternalError } from '../errors.js';
import { HandshakeType } from '../msgs/enums.js';

/**
 * The synthetic `message_hash` handshake message: type 254, u24 length, Hash(ClientHello1).
 *
 * @example
 * const synthetic = messageHash(p.hash('sha256', ch1));
 */
export function messageHash(hashOfClientHello1: Uint8Array): Uint8Array {
  const out = new Uint8Array(4 + hashOfClientHello1.length);
  out[0] = HandshakeType.message_hash;
  out[3] = hashOfClientHello1.length;
  out.set(hashOfClientHello1, 4);
  return out;
}

/**
 * A running transcript hash over whole handshake messages (headers included).
 *
 * @example
 * const t = new Transcript();
 * t.add(clientHello);
 * t.selectHash(nobleProvider, 'sha256');
 * t.add(serverHello);
 * const th = t.hash();
 */
export class Transcript {
  private buffered: Uint8Array[] = [];
  private ctx: HashContext | undefined;
  private provider: CryptoProvider | undefined;
  private alg: HashAlgorithm | undefined;

  /** Adds one handshake message. */
  add(message: Uint8Array): void {
    if (this.ctx !== undefined) this.ctx.update(message);
    else this.buffered.push(message.slice());
  }

  /** Fixes the hash (once the suite is known) and feeds the buffered messages. Idempotent for the same hash. */
  selectHash(p: CryptoProvider, alg: HashAlgorithm): void {
    if (this.ctx !== undefined) {
      if (this.alg !== alg) throw new InternalError(`transcript hash already ${this.alg}`);
      return;
    }
    this.provider = p;
    this.alg = alg;
    this.ctx = p.createHash(alg);
    for (const m of this.buffered) this.ctx.update(m);
    this.buffered = [];
  }

  /** The hash of everything added so far. */
  hash(): Uint8Array {
    if (this.ctx === undefined) throw new InternalError('transcript hash before the hash was selected');
    return this.ctx.digest();
  }

  /** A copy of the running hash (for a binder over the transcript plus a truncated ClientHello, §4.3.11.2). */
  snapshot(): HashContext {
    if (this.ctx === undefined) throw new InternalError('transcript snapshot before the hash was selected');
    return this.ctx.clone();
  }

  /**
   * RFC 9846 §4.1: after a HelloRetryRequest the transcript restarts with message_hash(ClientHello1).
   * Call right after `selectHash()`, when only ClientHello1 has been added.
   */
  restartAfterHelloRetryRequest(): void {
    const p = this.provider;
    if (p === undefined || this.alg === undefined) throw new InternalError('HRR restart before the hash was selected');
    const ch1Hash = this.hash();
    this.ctx = p.createHash(this.alg);
    this.ctx.update(messageHash(ch1Hash));
  }
}

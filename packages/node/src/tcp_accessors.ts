/**
 * The `net.Socket` methods and accessors `TlsSocket` passes through to its TCP socket, as
 * `tls.TLSSocket` has them: timeouts, Nagle, keep-alive, ref/unref and the addresses.
 */
import type { Socket } from 'node:net';
import { Duplex } from 'node:stream';

/**
 * A Duplex whose socket methods act on the TCP socket underneath (`TlsSocket`'s base).
 *
 * @example
 * tlsSocket.setNoDelay(true).setKeepAlive(true, 30_000);
 */
export abstract class TcpAccessors extends Duplex {
  /** The TCP socket underneath. */
  abstract readonly socket: Socket;

  /** Whether the TCP socket's 'timeout' events are re-emitted here (from the first setTimeout on: a connection without a timeout keeps no listener for them). */
  private timeoutsForwarded = false;

  /** As `net.Socket#setTimeout`: an idle timeout on the TCP socket, whose 'timeout' this emits; `callback` is added as a `'timeout'` listener. */
  setTimeout(ms: number, callback?: () => void): this {
    if (!this.timeoutsForwarded) {
      this.timeoutsForwarded = true;
      this.socket.on('timeout', () => this.emit('timeout'));
    }
    this.socket.setTimeout(ms);
    if (callback !== undefined) this.once('timeout', callback);
    return this;
  }

  /** As `net.Socket#setNoDelay` (Nagle off when true), on the TCP socket underneath. */
  setNoDelay(noDelay?: boolean): this {
    this.socket.setNoDelay(noDelay);
    return this;
  }

  /** As `net.Socket#setKeepAlive`, on the TCP socket underneath. */
  setKeepAlive(enable?: boolean, initialDelay?: number): this {
    this.socket.setKeepAlive(enable, initialDelay);
    return this;
  }

  /** As `net.Socket#ref`: the TCP socket keeps the event loop alive again. */
  ref(): this {
    this.socket.ref();
    return this;
  }

  /** As `net.Socket#unref`: the TCP socket alone does not keep the event loop alive. */
  unref(): this {
    this.socket.unref();
    return this;
  }

  /** The local address of the TCP socket (`net.Socket#address`). */
  address(): ReturnType<Socket['address']> {
    return this.socket.address();
  }

  /** The server's IP address, once connected. */
  get remoteAddress(): string | undefined {
    return this.socket.remoteAddress;
  }

  /** The server's TCP port, once connected. */
  get remotePort(): number | undefined {
    return this.socket.remotePort;
  }

  /** `'IPv4'` or `'IPv6'`, once connected. */
  get remoteFamily(): string | undefined {
    return this.socket.remoteFamily;
  }

  /** Our local IP address, once connected. */
  get localAddress(): string | undefined {
    return this.socket.localAddress;
  }

  /** Our local TCP port, once connected. */
  get localPort(): number | undefined {
    return this.socket.localPort;
  }
}

/**
 * The getters of `tls.TLSSocket` that describe the connection (protocol, suite, key exchange, the
 * server's certificate, the session), in Node's shapes, over the engine's `ConnectionInfo`.
 */
import type { ConnectionInfo, SessionTicket } from '@puretls/core';
import { peerCertificate, type PeerCertificate } from './peer_certificate.js';
import { sessionBuffer } from './session.js';
import { TcpAccessors } from './tcp_accessors.js';

/** Node's names of the key exchange groups, where they differ from the IANA ones. */
const NODE_GROUP_NAMES: Readonly<Record<string, string>> = { x25519: 'X25519', secp256r1: 'prime256v1', secp384r1: 'secp384r1', secp521r1: 'secp521r1' };

/**
 * A Duplex that reports its TLS connection as `tls.TLSSocket` does (`TlsSocket`'s base).
 *
 * @example
 * tlsSocket.getCipher()?.name; // 'TLS_AES_128_GCM_SHA256'
 */
export abstract class TlsAccessors extends TcpAccessors {
  /** Negotiated parameters, once the handshake is done. */
  abstract get info(): ConnectionInfo | undefined;
  /** The newest ticket received, when the connection keeps tickets (see `sessionTickets`). */
  protected lastTicket: SessionTicket | undefined;
  /** Our certificate: the configured one, then the one last chosen for a request (`getCertificate()`). */
  protected localCertificate: { readonly chain: readonly Uint8Array[] } | undefined;

  /** `'TLSv1.3'` once connected, else null. */
  getProtocol(): string | null {
    return this.info === undefined ? null : 'TLSv1.3';
  }

  /** The suite, as Node reports it. */
  getCipher(): { name: string; standardName: string; version: string } | undefined {
    const info = this.info;
    return info === undefined ? undefined : { name: info.cipherSuiteName, standardName: info.cipherSuiteName, version: 'TLSv1.3' };
  }

  /** The key exchange group, as Node's `getEphemeralKeyInfo()` reports it. */
  getEphemeralKeyInfo(): { type: string; name: string } | Record<string, never> {
    const info = this.info;
    // No ephemeral key in a psk_ke resumption: Node reports {} then too.
    if (info === undefined || info.groupName === undefined) return {};
    return { type: 'ECDH', name: NODE_GROUP_NAMES[info.groupName] ?? info.groupName };
  }

  /** The server's certificate in Node's shape; `detailed` links the chain via `issuerCertificate`. */
  getPeerCertificate(detailed = false): PeerCertificate | Record<string, never> {
    return peerCertificate(this.info?.peerCertificates ?? [], detailed);
  }

  /**
   * As Node's: our own certificate in `getPeerCertificate()`'s shape: the configured one, or the
   * one last chosen for a server's request; `{}` when there is none.
   */
  getCertificate(): PeerCertificate | Record<string, never> {
    return peerCertificate(this.localCertificate?.chain ?? [], false);
  }

  /**
   * As Node's: the session to resume with (`connect({ session })`), here the newest ticket
   * received as the Buffer a `'session'` event carries; undefined before the first ticket, or
   * when the connection keeps no tickets (`sessionTickets`). In TLS 1.3 tickets come after the
   * handshake: Node recommends the `'session'` event, and so do we.
   */
  getSession(): Buffer | undefined {
    return this.lastTicket === undefined ? undefined : sessionBuffer(this.lastTicket);
  }

  /** As Node's: the opaque ticket bytes of the newest ticket (RFC 9846 §4.7.1), a copy; undefined if none. */
  getTLSTicket(): Buffer | undefined {
    return this.lastTicket === undefined ? undefined : Buffer.from(this.lastTicket.ticket);
  }

  /** As Node's: whether the server accepted our ticket, so the handshake had no Certificate (RFC 9846 §2.2). */
  isSessionReused(): boolean {
    return this.info?.resumed ?? false;
  }

  /** Ours: what became of 0-RTT data (RFC 9846 §4.3.10), once the handshake is done; undefined before. */
  get earlyData(): ConnectionInfo['earlyData'] | undefined {
    return this.info?.earlyData;
  }

  /** Ours: what became of Encrypted Client Hello (RFC 9849): accepted, grease, or not-offered; undefined before the handshake. */
  get ech(): ConnectionInfo['ech'] | undefined {
    return this.info?.ech;
  }
}

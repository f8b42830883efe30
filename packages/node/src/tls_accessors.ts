/**
 * The getters of `tls.TLSSocket` that describe the connection (protocol, suite, key exchange, the
 * server's certificate, the session), in Node's shapes, over the engine's `ConnectionInfo`.
 */
import type { ConnectionInfo, SessionTicket } from '@puretls/core';
import { peerCertificate, type PeerCertificate } from './peer_certificate.js';
import { sessionBuffer } from './session.js';
import { TcpAccessors } from './tcp_accessors.js';

/**
 * Node's names and key sizes (bits, as OpenSSL's EVP_PKEY_bits reports them) of the ECDH groups,
 * as `tls.TLSSocket#getEphemeralKeyInfo()` gives them: `{ type: 'ECDH', name: 'X25519', size: 253 }`.
 */
const NODE_ECDH_GROUPS: Readonly<Record<string, { readonly name: string; readonly size: number }>> = {
  x25519: { name: 'X25519', size: 253 },
  secp256r1: { name: 'prime256v1', size: 256 },
  secp384r1: { name: 'secp384r1', size: 384 },
  secp521r1: { name: 'secp521r1', size: 521 },
};

/** Node's answer for any other group (Node 26, OpenSSL 3.5: the hybrids): the IANA name, no size. */
type TlsGroupKeyInfo = { type: 'TLSGroup'; name: string };

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

  /**
   * The key exchange group, as Node's `getEphemeralKeyInfo()` reports it: `{ type: 'ECDH', name,
   * size }` for an ECDH group, and, as Node 26 (OpenSSL 3.5) does for a hybrid such as
   * X25519MLKEM768, `{ type: 'TLSGroup', name }` with the IANA name.
   */
  getEphemeralKeyInfo(): { type: 'ECDH'; name: string; size: number } | TlsGroupKeyInfo | Record<string, never> {
    const info = this.info;
    // No ephemeral key in a psk_ke resumption: Node reports {} then too.
    if (info === undefined || info.groupName === undefined) return {};
    const ecdh = NODE_ECDH_GROUPS[info.groupName];
    return ecdh === undefined ? { type: 'TLSGroup', name: info.groupName } : { type: 'ECDH', ...ecdh };
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

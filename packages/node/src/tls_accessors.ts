/**
 * The getters of `tls.TLSSocket` that describe the connection (protocol, suite, key exchange, the
 * server's certificate), in Node's shapes, over the engine's `ConnectionInfo`.
 */
import type { ConnectionInfo } from '@puretls/core';
import { peerCertificate, type PeerCertificate } from './peer_certificate.js';
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
}

/**
 * What the handshake has established so far, one type per step (RFC 9846 §4.2 to §4.5): each state
 * is given exactly the result of the steps before it, with nothing optional left to read back.
 */
import type { CertificateDecompressor, CertificateRequestInfo } from '../api.js';
import type { SupportedCipherSuite, SupportedGroup, SupportedSignatureScheme } from '../crypto/provider.js';
import type { HandshakeSecret } from '../tls13/key_schedule.js';
import type { PskOffer } from './resumption.js';

/** The handshake stage of the key schedule and both handshake traffic secrets (§7.1). */
export interface HandshakeSecrets {
  readonly schedule: HandshakeSecret;
  readonly client: Uint8Array;
  readonly server: Uint8Array;
}

/**
 * Wipes the handshake secrets (after the client Finished, or when the handshake fails).
 *
 * @example
 * destroyHandshakeSecrets(n.secrets);
 */
export function destroyHandshakeSecrets(s: HandshakeSecrets): void {
  s.schedule.destroy();
  s.client.fill(0);
  s.server.fill(0);
}

/**
 * What became of Encrypted Client Hello at the ServerHello (RFC 9849 §6.1.4): accepted (the
 * inner handshake goes on), rejected (the outer one goes on, authenticated for `publicName`, and
 * ends in ech_required), GREASE, or not offered.
 */
export type EchStatus =
  | { readonly status: 'not-offered' | 'grease' | 'accepted' }
  | { readonly status: 'rejected'; readonly publicName: string };

/** After ServerHello (§4.2.3, §7.1): the suite, the group, and the handshake keys in use. */
export interface KeyExchangeResult {
  readonly suite: SupportedCipherSuite;
  /** undefined for a psk_ke resumption (no (EC)DHE). */
  readonly group: SupportedGroup | undefined;
  readonly helloRetryRequest: boolean;
  readonly clientRandom: Uint8Array;
  /** Extension types of our (last) ClientHello: what the server may answer. */
  readonly sentExtensions: ReadonlySet<number>;
  readonly secrets: HandshakeSecrets;
  /** The ticket the server accepted as PSK (§4.3.11): a resumed handshake, no Certificate. */
  readonly resumption: PskOffer | undefined;
  readonly ech: EchStatus;
}

/** After EncryptedExtensions (§4.4.1). */
export interface EncryptedExtensionsResult extends KeyExchangeResult {
  readonly alpn: string | undefined;
  readonly peerRecordSizeLimit: number | undefined;
  /** The server's retry_configs (an ECHConfigList, RFC 9849 §5) when it rejected our ECH and sent them. */
  readonly echRetryConfigs: Uint8Array | undefined;
}

/** After the optional CertificateRequest (§4.4.2): the request, or undefined when none came. */
export interface ServerParameters extends EncryptedExtensionsResult {
  readonly certificateRequest: CertificateRequestInfo | undefined;
}

/** After the server's Certificate (§4.5.1): the chain as sent, leaf first, and what the leaf's entry stapled (§4.5.1.1). */
export interface CertificateReceived extends ServerParameters {
  readonly chain: readonly Uint8Array[];
  /** The algorithm it came compressed with (RFC 8879), undefined for a plain Certificate. */
  readonly certificateCompression: Pick<CertificateDecompressor, 'algorithm' | 'name'> | undefined;
  readonly ocspResponse: Uint8Array | undefined;
  readonly signedCertificateTimestamps: Uint8Array | undefined;
}

/**
 * After the server's CertificateVerify (§4.5.2): the scheme it signed with. A resumed handshake
 * gets here from EncryptedExtensions, with the chain and scheme of the ticket's full handshake.
 */
export interface ServerAuthenticated extends CertificateReceived {
  readonly signatureScheme: Pick<SupportedSignatureScheme, 'id' | 'name'>;
}

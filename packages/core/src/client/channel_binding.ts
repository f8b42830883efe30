/**
 * RFC 9266 channel bindings for TLS 1.3: `tls-exporter`, 32 bytes exported with the label
 * "EXPORTER-Channel-Binding" and no context, for SCRAM, GSS-API and other SASL mechanisms that
 * bind an authentication to the TLS channel it runs over.
 */
import type { TlsClient } from './connection.js';

/** The exporter label of RFC 9266 §2. */
export const TLS_EXPORTER_CHANNEL_BINDING_LABEL = 'EXPORTER-Channel-Binding';

/**
 * The `tls-exporter` channel binding (RFC 9266 §2) of a connected client.
 *
 * @example
 * const cb = tlsExporterChannelBinding(client); // 32 bytes, as the server computes them
 */
export function tlsExporterChannelBinding(client: Pick<TlsClient, 'exportKeyingMaterial'>): Uint8Array {
  return client.exportKeyingMaterial(TLS_EXPORTER_CHANNEL_BINDING_LABEL, undefined, 32);
}

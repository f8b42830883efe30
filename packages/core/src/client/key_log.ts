/**
 * NSS key log lines (the SSLKEYLOGFILE format Wireshark reads) for TLS 1.3 secrets.
 */
import { toHex } from '../codec/hex.js';
import type { StateContext } from './state.js';

/** The TLS 1.3 labels of the NSS key log format. */
export type KeyLogLabel =
  | 'CLIENT_EARLY_TRAFFIC_SECRET'
  | 'EARLY_EXPORTER_SECRET'
  | 'CLIENT_HANDSHAKE_TRAFFIC_SECRET'
  | 'SERVER_HANDSHAKE_TRAFFIC_SECRET'
  | 'CLIENT_TRAFFIC_SECRET_0'
  | 'SERVER_TRAFFIC_SECRET_0'
  | 'EXPORTER_SECRET';

/**
 * Hands one secret to the configured key log, if any.
 *
 * @example
 * logSecret(ctx, 'CLIENT_TRAFFIC_SECRET_0', clientRandom, secret);
 * // keyLog receives 'CLIENT_TRAFFIC_SECRET_0 <64 hex> <secret hex>'
 */
export function logSecret(ctx: StateContext, label: KeyLogLabel, clientRandom: Uint8Array, secret: Uint8Array): void {
  ctx.cfg.keyLog?.(`${label} ${toHex(clientRandom)} ${toHex(secret)}`);
}

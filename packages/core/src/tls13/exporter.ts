/**
 * Keying material exporters (RFC 9846 §7.5, RFC 5705's interface):
 * TLS-Exporter(label, context_value, key_length) =
 *   HKDF-Expand-Label(Derive-Secret(Secret, label, ""), "exporter", Hash(context_value), key_length),
 * with Secret the exporter_master_secret (or, for 0-RTT, the early_exporter_master_secret).
 */
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider.js';
import { ApiMisuseError } from '../errors.js';
import { deriveSecret, hkdfExpandLabel } from './key_schedule.js';

const te = new TextEncoder();

/**
 * Checks an exporter request: the label fits HkdfLabel's `opaque label<7..255>` after "tls13 "
 * (so 1..249 bytes), the length HkdfLabel's uint16 and HKDF-Expand's 255 blocks.
 *
 * @example
 * checkExporterRequest('EXPORTER-Channel-Binding', 32, 32);
 */
export function checkExporterRequest(label: string, length: number, hashLength: number): void {
  if (typeof label !== 'string') throw new ApiMisuseError('exporter label must be a string');
  const bytes = te.encode(label).length;
  if (bytes < 1 || bytes > 249) throw new ApiMisuseError(`exporter label must be 1..249 bytes, got ${bytes}`);
  if (!Number.isInteger(length) || length < 0 || length > Math.min(0xffff, 255 * hashLength)) {
    throw new ApiMisuseError(`exporter length must be an integer 0..${Math.min(0xffff, 255 * hashLength)}`);
  }
}

/**
 * TLS-Exporter over `secret`. No context and an empty context are the same in TLS 1.3 (§7.5).
 *
 * @example
 * const cb = exportKeyingMaterial(p, 'sha256', exporterMasterSecret, 'EXPORTER-Channel-Binding', new Uint8Array(0), 32);
 */
export function exportKeyingMaterial(p: CryptoProvider, hash: HashAlgorithm, secret: Uint8Array, label: string, context: Uint8Array, length: number): Uint8Array {
  checkExporterRequest(label, length, p.hashLength(hash));
  const empty = p.hash(hash, new Uint8Array(0));
  const derived = deriveSecret(p, hash, secret, label, empty);
  const out = hkdfExpandLabel(p, hash, derived, 'exporter', p.hash(hash, context), length);
  derived.fill(0);
  return out;
}

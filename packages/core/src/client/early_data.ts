/**
 * 0-RTT data on the client side (RFC 9846 §2.3, §4.3.10): what the application writes before the
 * handshake completes goes out under the client early traffic keys, up to the ticket's
 * max_early_data_size (bounded by `Limits.maxEarlyData`), until the server's Finished if the
 * server accepted it. A copy is kept until the server's answer: if it refuses the data, the
 * application takes the bytes back to resend them as 1-RTT data (§4.3.10: an implementation
 * should not resend early data on its own).
 */
import type { ConnectionInfo } from '../api.js';
import { encode } from '../codec/writer.js';
import type { CryptoProvider, HashAlgorithm } from '../crypto/provider.js';
import { ApiMisuseError } from '../errors.js';
import { exportKeyingMaterial } from '../tls13/exporter.js';
import { Limits } from '../limits.js';
import type { RecordWriter } from '../record/writer.js';

/** Where 0-RTT stands: not offered; offered and writable; accepted (writable until the server Finished); over. */
type Phase = 'not-offered' | 'offered' | 'accepted' | 'rejected' | 'ended';

/**
 * The early data of one connection.
 *
 * @example
 * const early = new EarlyData();
 * early.offer(ticket.maxEarlyData);
 * const n = early.write(writer, bytes); // taken as 0-RTT
 */
export class EarlyData {
  private phase: Phase = 'not-offered';
  private budget = 0;
  /** What was sent, until the server answers (none made before the first early write: an idle connection holds no arrays here). */
  private sent: Uint8Array[] | undefined;
  /** Bytes the server refused, until the application takes them. */
  private refused: Uint8Array[] | undefined;
  /** early_exporter_master_secret (RFC 9846 §7.5), with what derives from it. */
  private exporter: { readonly crypto: CryptoProvider; readonly hash: HashAlgorithm; readonly secret: Uint8Array } | undefined;

  /** 0-RTT is offered with a ticket allowing `maxEarlyData` bytes; `exporter` is its early exporter secret. */
  offer(maxEarlyData: number, exporter?: { readonly crypto: CryptoProvider; readonly hash: HashAlgorithm; readonly secret: Uint8Array }): void {
    this.phase = 'offered';
    this.budget = Math.min(maxEarlyData, Limits.maxEarlyData);
    this.exporter = exporter;
  }

  /**
   * TLS-Exporter over the early_exporter_master_secret (RFC 9846 §7.5): usable from the first
   * ClientHello on, while 0-RTT is offered or was accepted; the server agrees on it only then.
   */
  exportKeyingMaterial(label: string, context: Uint8Array, length: number): Uint8Array {
    const e = this.exporter;
    if (e === undefined) throw new ApiMisuseError(this.phase === 'rejected' ? 'early exporter: the server refused 0-RTT' : 'early exporter: no 0-RTT data was offered');
    return exportKeyingMaterial(e.crypto, e.hash, e.secret, label, context, length);
  }

  /** Whether a write now goes out as early data. */
  get writable(): boolean {
    return (this.phase === 'offered' || this.phase === 'accepted') && this.budget > 0;
  }

  /** Whether 0-RTT was offered and the server has not answered yet. */
  get awaitingAnswer(): boolean {
    return this.phase === 'offered';
  }

  /** Whether the server accepted it and EndOfEarlyData is still to be sent. */
  get accepted(): boolean {
    return this.phase === 'accepted';
  }

  /**
   * Seals what fits of `data` under the early keys installed in `writer`; returns how many bytes
   * were taken (only Application Data payload counts against max_early_data_size, §4.7.1).
   */
  write(writer: RecordWriter, data: Uint8Array): number {
    const n = writer.applicationData(data.subarray(0, Math.min(data.length, this.budget)), () => {});
    this.budget -= n;
    if (n > 0) (this.sent ??= []).push(data.slice(0, n));
    return n;
  }

  /** The server's EncryptedExtensions carried early_data (§4.3.10). */
  accept(): void {
    this.phase = 'accepted';
  }

  /** EndOfEarlyData was sent: no more early data (§4.6). */
  end(): void {
    this.phase = 'ended';
    this.sent = undefined;
  }

  /** The server refused the data (no early_data in EncryptedExtensions, a HelloRetryRequest, or no PSK). */
  reject(): void {
    if (this.phase !== 'offered') return;
    this.phase = 'rejected';
    this.refused = this.sent;
    this.sent = undefined;
    this.exporter?.secret.fill(0);
    this.exporter = undefined;
  }

  /** What {@link ConnectionInfo.earlyData} reports. */
  get outcome(): ConnectionInfo['earlyData'] {
    return this.phase === 'not-offered' ? 'not-offered' : this.phase === 'rejected' ? 'rejected' : 'accepted';
  }

  /** The refused bytes, in order, once; empty when nothing was refused. */
  takeRefused(): Uint8Array {
    const parts = this.refused ?? [];
    this.refused = undefined;
    return encode((w) => { for (const p of parts) w.bytes(p); });
  }
}

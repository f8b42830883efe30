/**
 * One record's asynchronous AEAD operation (`Aead.sealAsync` / `openAsync`, RFC 9846 §5.2): the
 * job the record layer keeps while the promise runs. Its `settled` promise never rejects; the
 * outcome is read from the job, so a late settlement after the connection moved on changes
 * nothing but the job itself.
 */
import type { Aead } from '../crypto/provider.js';
import { InternalError } from '../errors.js';

const TAG_LENGTH = 16;

/** Calls `start`, turning a synchronous throw into a rejection. */
function attempt<T>(start: () => Promise<T>): Promise<T> {
  try {
    return Promise.resolve(start());
  } catch (e) {
    return Promise.reject(e);
  }
}

/**
 * A record being sealed: `record` holds its header and inner plaintext until the job is done,
 * then the whole TLSCiphertext. `finishSync()` seals it with the synchronous `seal` instead (the
 * same bytes: AEAD encryption is deterministic), for an alert that must follow it now.
 *
 * @example
 * const job = new PendingSeal(aead, nonce, record, innerLength);
 * await job.settled; if (job.failure === undefined) send(job.record);
 */
export class PendingSeal {
  /** Resolves (never rejects) once the operation settled. */
  readonly settled: Promise<void>;
  private finished = false;
  /** Why the asynchronous seal failed, if it did. */
  failure: unknown;

  constructor(
    private readonly aead: Aead,
    private readonly nonce: Uint8Array,
    /** The whole record: header, then content, type and padding, sealed in place when done. */
    readonly record: Uint8Array,
    private readonly innerLength: number,
  ) {
    const aad = record.subarray(0, 5);
    const inner = record.subarray(5, 5 + innerLength);
    this.settled = attempt(() => aead.sealAsync!(nonce, aad, inner)).then(
      (sealed) => this.write(sealed),
      (e: unknown) => {
        if (!this.finished) this.failure = e ?? new InternalError('the AEAD failed');
      },
    );
  }

  /** True once `record` holds the sealed bytes. */
  get done(): boolean {
    return this.finished;
  }

  /** Seals now with the synchronous `seal`, unless already done (a late async result is then ignored). */
  finishSync(): void {
    if (this.finished) return;
    this.failure = undefined;
    this.write(this.aead.seal(this.nonce, this.record.subarray(5, 5 + this.innerLength), this.record.subarray(0, 5)));
  }

  private write(sealed: Uint8Array): void {
    if (this.finished) return;
    if (sealed.length !== this.innerLength + TAG_LENGTH) {
      this.failure = new InternalError(`the AEAD sealed ${this.innerLength} bytes into ${sealed.length}`);
      return;
    }
    this.record.set(sealed, 5);
    this.finished = true;
    this.nonce.fill(0);
  }
}

/**
 * A received record being opened: `inner` is the TLSInnerPlaintext once done, or `null` when it
 * did not authenticate.
 *
 * @example
 * const job = new PendingOpen(aead, nonce, header, fragment);
 * await job.settled; if (job.done) route(job.inner);
 */
export class PendingOpen {
  /** Resolves (never rejects) once the operation settled. */
  readonly settled: Promise<void>;
  private result: Uint8Array | null | undefined;
  /** Why the asynchronous open failed (not a bad tag, which is `inner === null`), if it did. */
  failure: unknown;

  constructor(aead: Aead, nonce: Uint8Array, header: Uint8Array, fragment: Uint8Array) {
    this.settled = attempt(() => aead.openAsync!(nonce, header, fragment)).then(
      (inner) => {
        this.result = inner;
        nonce.fill(0);
      },
      (e: unknown) => {
        this.failure = e ?? new InternalError('the AEAD failed');
      },
    );
  }

  /** True once the operation settled, either way. */
  get done(): boolean {
    return this.result !== undefined || this.failure !== undefined;
  }

  /** The opened TLSInnerPlaintext, `null` for a bad tag (valid once done without failure). */
  get inner(): Uint8Array | null {
    return this.result ?? null;
  }
}

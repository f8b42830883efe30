/**
 * The reader's asynchronous lane: received records cut from the deframer and opened through
 * `Aead.openAsync`, several at once (at most `Limits.maxRecordsInFlight`), handed back strictly
 * in sequence order whatever order the opens settle in. A record the lane cannot start (a bad
 * header, an unprotected record, one too short to open) becomes an error in its place, thrown
 * only when every record before it has been handled (RFC 9846 §6.1 wants those delivered first).
 */
import { Limits } from '../limits.js';
import { ContentType } from '../msgs/enums.js';
import type { PendingOpen } from './async_aead.js';
import type { Deframer, RawRecord } from './deframer.js';
import type { RecordDecrypter } from './protection.js';

/**
 * One record in the lane: its copy, and its open once started; or the error in its place.
 *
 * @example
 * const slot: LaneSlot = { rec: recordCopy, open: decrypter.openAsync(recordCopy) };
 */
export type LaneSlot = { readonly rec: RawRecord; open: PendingOpen | undefined } | { readonly error: unknown };

/** A record copied out of the deframer's buffer (the views are valid only until its next push). */
function copy(rec: RawRecord): RawRecord {
  return { type: rec.type, version: rec.version, header: rec.header.slice(), fragment: rec.fragment.slice() };
}

/**
 * Records being opened, in sequence order.
 *
 * @example
 * lane.fill(deframer, decrypter);
 * const head = lane.head(); // open still running: report want-async and await lane.pending
 */
export class ReadLane {
  private slots: LaneSlot[] = [];

  /** Records held (started, waiting, or an error). */
  get size(): number {
    return this.slots.length;
  }

  /** Room for more records. */
  get free(): number {
    return Math.max(0, Limits.maxRecordsInFlight - this.slots.length);
  }

  /** The first record, which is the next to be handled. */
  head(): LaneSlot | undefined {
    return this.slots[0];
  }

  /** Drops the first record (once handled). */
  shift(): void {
    this.slots.shift();
  }

  /** What progress waits for: the first record's open, while it runs. */
  get pending(): Promise<void> | undefined {
    const head = this.slots[0];
    return head !== undefined && 'rec' in head && head.open !== undefined && !head.open.done ? head.open.settled : undefined;
  }

  /** Cuts whole records and starts their opens while there is room; returns how many it cut. */
  fill(deframer: Deframer, decrypter: RecordDecrypter): number {
    let cut = 0;
    while (this.free > 0 && !this.blocked()) {
      let rec: RawRecord | null;
      try {
        rec = deframer.nextView();
      } catch (e) {
        this.slots.push({ error: e });
        break;
      }
      if (rec === null) break;
      cut++;
      const slot = { rec: copy(rec), open: undefined };
      this.slots.push(slot);
      if (rec.type === ContentType.application_data) this.start(slot, decrypter);
    }
    return cut;
  }

  /**
   * The keys changed (a KeyUpdate was handled, §4.7.3): what was opened ahead under the old keys
   * is opened again under the new ones, with their sequence numbers from zero. A synchronous
   * decrypter leaves them to be opened one by one as they come up.
   */
  restart(decrypter: RecordDecrypter): void {
    for (const slot of this.slots) if ('rec' in slot) slot.open = undefined;
    if (!decrypter.asynchronous) return;
    for (let i = 0; i < this.slots.length; i++) {
      const slot = this.slots[i]!;
      if (!('rec' in slot) || slot.rec.type !== ContentType.application_data) continue;
      if (!this.start(slot, decrypter)) {
        this.slots.length = i + 1; // the error is in its place; nothing after it will be reached
        return;
      }
    }
  }

  /** Forgets every record (the results of opens still running are ignored). */
  clear(): void {
    this.slots = [];
  }

  /** Starts one open; a record that cannot be opened becomes its error (false). */
  start(slot: { readonly rec: RawRecord; open: PendingOpen | undefined }, decrypter: RecordDecrypter): boolean {
    try {
      slot.open = decrypter.openAsync(slot.rec);
      return true;
    } catch (e) {
      this.slots[this.slots.indexOf(slot)] = { error: e };
      return false;
    }
  }

  /** True once an error or an unprotected record is queued: nothing after it can be handled. */
  private blocked(): boolean {
    const last = this.slots[this.slots.length - 1];
    return last !== undefined && (!('rec' in last) || last.rec.type !== ContentType.application_data);
  }
}

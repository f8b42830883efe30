/**
 * Where `get` writes: stdout or the -o file, opened at the first byte (so --fail writes no file),
 * honouring backpressure: a write that the stream cannot take waits for 'drain', so a download of
 * any size holds at most one stream buffer.
 */
import { once } from 'node:events';
import { createWriteStream, openSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { CliFailure, EXIT, UsageError } from './failures.js';

/**
 * The output of `get`.
 *
 * @example
 * const out = new Output('page.html'); await out.write(buf); await out.close();
 */
export class Output {
  private stream: Writable | undefined;
  private failure: Error | undefined;
  /** Bytes written. */
  written = 0;

  /** `file` undefined: stdout. */
  constructor(private readonly file: string | undefined) {}

  private open(): Writable {
    if (this.stream !== undefined) return this.stream;
    let stream: Writable;
    if (this.file === undefined) {
      stream = process.stdout;
    } else {
      let fd: number;
      try {
        fd = openSync(this.file, 'w');
      } catch (e) {
        throw new UsageError(`-o ${this.file}: ${(e as Error).message.replace(/^[A-Z]+: /, '')}`);
      }
      stream = createWriteStream('', { fd });
    }
    stream.on('error', (e: Error) => { this.failure ??= e; });
    this.stream = stream;
    return stream;
  }

  private check(): void {
    if (this.failure !== undefined) throw new CliFailure(EXIT.usage, `${this.file === undefined ? 'stdout' : `-o ${this.file}`}: write failed: ${this.failure.message}`);
  }

  /** Writes `data`; resolves when the stream can take more. */
  async write(data: Uint8Array): Promise<void> {
    const stream = this.open();
    this.check();
    this.written += data.length;
    if (!stream.write(data)) {
      await new Promise<void>((resolve) => {
        const done = () => { for (const ev of ['drain', 'close', 'error']) stream.off(ev, done); resolve(); };
        for (const ev of ['drain', 'close', 'error']) stream.on(ev, done);
      });
      this.check();
    }
  }

  /** Creates the file if nothing was written, and flushes and closes it (stdout stays open). */
  async close(): Promise<void> {
    const stream = this.open();
    if (stream !== process.stdout) {
      stream.end();
      await once(stream, 'close').catch(() => {});
    }
    this.check();
  }

  /** Closes a file without creating it when nothing was opened (after a failure). */
  abandon(): void {
    if (this.stream !== undefined && this.stream !== process.stdout) this.stream.end();
  }
}

// One row of the Chromium benchmark (bench/browser.ts): its own browser context (so its own
// renderer process: no row inherits another's JIT or caches), the page loaded for its client, and
// what it has measured. The driver calls it a round at a time. The first failure ends the row; it
// is kept, with what the page logged as errors, for the driver to print.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, BrowserContext, CDPSession, Page } from 'playwright-core';
import { printTopSelfTime, type CpuProfile } from './cpu_profile.js';
import type { PageJob } from './page.js';

/** A row of the table: a client and its settings. */
export type Row = { label: string } & Pick<PageJob, 'client' | 'provider' | 'group'>;

/**
 * A row's page and results.
 *
 * @example
 * const s = await RowSession.open(browser, row, url, undefined);
 * await s.handshakes(10); await s.download(); await s.close();
 */
export class RowSession {
  readonly handshakeMs: number[] = [];
  readonly downloads: { bytes: number; ms: number }[] = [];
  firstHandshakeMs: number | undefined;
  group: string | undefined;
  error: string | undefined;
  private readonly problems: string[] = [];

  private constructor(
    readonly row: Row,
    private readonly context: BrowserContext,
    private readonly page: Page,
    private readonly cdp: CDPSession | undefined,
  ) {
    page.on('pageerror', (e) => this.problems.push(`pageerror: ${e.message}`));
    page.on('console', (m) => { if (m.type() === 'error' || m.type() === 'warning') this.problems.push(`console.${m.type()}: ${m.text()}`); });
  }

  /** A new context and page at `url`; with `profile`, the page runs under the CDP CPU profiler. */
  static async open(browser: Browser, row: Row, url: string, profile: boolean): Promise<RowSession> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const cdp = profile ? await context.newCDPSession(page) : undefined;
    if (cdp) { await cdp.send('Profiler.enable'); await cdp.send('Profiler.start'); }
    const s = new RowSession(row, context, page, cdp);
    await s.attempt(async () => {
      await page.goto(url);
      s.group = await page.evaluate(() => globalThis.bench!.then((b) => b.group()));
    });
    return s;
  }

  get ok(): boolean {
    return this.error === undefined;
  }

  /** `n` handshakes; with `record` false they are the warm-up (only the very first is kept). */
  async handshakes(n: number, record = true): Promise<void> {
    await this.attempt(async () => {
      const times = await this.page.evaluate((k) => globalThis.bench!.then((b) => b.handshakes(k)), n);
      this.firstHandshakeMs ??= times[0];
      if (record) this.handshakeMs.push(...times);
      this.group = await this.page.evaluate(() => globalThis.bench!.then((b) => b.group()));
    });
  }

  /** One download. */
  async download(): Promise<void> {
    await this.attempt(async () => {
      this.downloads.push(await this.page.evaluate(() => globalThis.bench!.then((b) => b.download())));
    });
  }

  /** Ends the profile (written to `dir`, its top functions printed) and closes the context. */
  async close(dir: string | undefined, bundle: string): Promise<void> {
    if (this.cdp && dir !== undefined) {
      const { profile } = (await this.cdp.send('Profiler.stop')) as unknown as { profile: CpuProfile };
      const name = `${this.row.client}-${this.row.provider}-${this.row.group}`;
      writeFileSync(join(dir, `${name}.cpuprofile`), JSON.stringify(profile));
      printTopSelfTime(`${this.row.label} ${this.row.group}`, profile, bundle, 'page.js');
    }
    await this.context.close();
  }

  /** Runs `step` unless the row has failed; a failure is recorded (with the page's errors), not thrown. */
  private async attempt(step: () => Promise<void>): Promise<void> {
    if (!this.ok) return;
    try {
      await withTimeout(step(), 600_000);
    } catch (e) {
      this.error = `${e instanceof Error ? e.message : String(e)}${this.problems.map((p) => `\n    ${p}`).join('')}`;
    }
  }
}

/** `p`, or a rejection after `ms` (a page that never finishes is a failure, not a hang). */
function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no result after ${ms / 1000} s`)), ms); });
  return Promise.race([p, expired]).finally(() => clearTimeout(timer));
}

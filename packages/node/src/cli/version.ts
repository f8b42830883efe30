/**
 * The package's version, read from its package.json: `../../package.json` is the package root both
 * from src/cli (tsx) and from dist/cli (compiled), so one URL serves both.
 */
import { readFileSync } from 'node:fs';

let cached: string | undefined;

/**
 * `@puretls/node`'s version, e.g. `0.1.0` (`unknown` if package.json cannot be read).
 *
 * @example
 * process.stdout.write(`puretls ${version()}\n`);
 */
export function version(): string {
  if (cached === undefined) {
    try {
      cached = String((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version?: unknown }).version ?? 'unknown');
    } catch {
      cached = 'unknown';
    }
  }
  return cached;
}

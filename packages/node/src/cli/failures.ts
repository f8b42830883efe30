/**
 * The CLI's exit statuses and the failures that carry one. Light on purpose: main.ts imports this
 * before it knows whether the engine is needed (--help and --version must not load it).
 */

/**
 * Every exit status of `puretls`, as USAGE documents them.
 *
 * @example
 * process.exitCode = EXIT.httpError;
 */
export const EXIT = {
  ok: 0,
  /** A usage mistake, or a local file that cannot be read or written. */
  usage: 1,
  certificate: 2,
  tls: 3,
  network: 4,
  /** --fail and an HTTP status of 400 or more. */
  httpError: 5,
  /** A Content-Length or chunked body (or the head) cut short: RFC 9112 §8 calls it incomplete. */
  truncated: 6,
  /** A close-delimited body ended by a TCP close without close_notify: maybe truncated (RFC 9112 §9.8). */
  unclosed: 7,
  /** The server's response is not HTTP/1.x as RFC 9112 defines it, or exceeds our bounds. */
  badResponse: 8,
  /** --location: more than --max-redirs redirects, or a redirect to a URL that is not https:. */
  redirect: 9,
} as const;

/** One of the statuses of EXIT. @example const s: ExitStatus = EXIT.ok; */
export type ExitStatus = (typeof EXIT)[keyof typeof EXIT];

/**
 * A failure whose exit status is known where it is thrown; `message` is the one line (without the
 * `puretls: ` prefix).
 *
 * @example
 * throw new CliFailure(EXIT.httpError, 'HTTP 404 Not Found (--fail)');
 */
export class CliFailure extends Error {
  override name = 'CliFailure';
  constructor(readonly status: ExitStatus, message: string) {
    super(message);
  }
}

/**
 * A usage mistake (exit 1): `puretls: <message>` and a pointer to --help, never the whole usage.
 *
 * @example
 * throw new UsageError('get: missing URL');
 */
export class UsageError extends CliFailure {
  override name = 'UsageError';
  constructor(message: string) {
    super(EXIT.usage, message);
  }
}

/**
 * The two ways an ECH lookup in DNS fails: nothing usable was found (the name has no HTTPS
 * record with `ech`), or the DNS itself failed (every server timed out, SERVFAIL, a malformed
 * answer). Either way the connection is not made: asking for ECH never falls back to plaintext SNI.
 */

/**
 * No ECHConfigList for the name: NXDOMAIN, no HTTPS record, none with `ech` (RFC 9848), an
 * AliasMode chain too long or looping, or every record malformed (`skipped` says why each was).
 *
 * @example
 * try { await resolveEchConfigs('example.com', 443); } catch (e) { if (e instanceof EchNotFoundError) console.log(e.queried, e.resolver); }
 */
export class EchNotFoundError extends Error {
  override name = 'EchNotFoundError';
  /** Always `'ERR_PURETLS_ECH_NOT_FOUND'`. */
  readonly code = 'ERR_PURETLS_ECH_NOT_FOUND';
  constructor(
    /** The DNS name queried last (e.g. `_8443._https.example.com`). */
    readonly queried: string,
    /** Which resolver answered (e.g. `udp 127.0.0.1:53`, or the DoH URL). */
    readonly resolver: string,
    /** Why: what the answer held. */
    readonly reason: string,
    /** The records skipped as malformed or unusable, one reason each. */
    readonly skipped: readonly string[] = [],
  ) {
    super(`no ECH config for ${queried} (HTTPS record, via ${resolver}): ${reason}${skipped.length > 0 ? ` (skipped: ${skipped.join('; ')})` : ''}; not connecting without ECH`);
  }
}

/**
 * The DNS lookup itself failed on every server: timeouts, SERVFAIL or another error rcode, a
 * malformed or oversized response, a DoH status other than 200.
 *
 * @example
 * socket.on('error', (e) => { if (e instanceof EchDnsError) console.log(e.failures); });
 */
export class EchDnsError extends Error {
  override name = 'EchDnsError';
  /** Always `'ERR_PURETLS_ECH_DNS'`. */
  readonly code = 'ERR_PURETLS_ECH_DNS';
  constructor(
    /** The DNS name queried. */
    readonly queried: string,
    /** What went wrong with each server tried, in order (`udp 10.0.0.1:53: timeout after 5000 ms`). */
    readonly failures: readonly string[],
  ) {
    super(`DNS lookup of the HTTPS record of ${queried} failed: ${failures.join('; ')}; not connecting without ECH`);
  }
}

/** One server's failure, inside a transport (collected into an EchDnsError by the caller). */
export class DnsServerFailure extends Error {
  override name = 'DnsServerFailure';
}

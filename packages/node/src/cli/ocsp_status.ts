/**
 * --status (openssl s_client's -status): what became of the OCSP response the server stapled to
 * its certificate (RFC 6960, RFC 9846 §4.5.1.1), one line on stderr: good, none stapled, or why
 * the verifier refused it (revoked, expired, wrongly signed, a must-staple leaf without one).
 */
import { parseOcspResponse, X509Error } from '@puretls/x509';
import type { TlsSocket } from '../tls_socket.js';

const iso = (t: number): string => new Date(t).toISOString().replace('.000Z', 'Z');

/**
 * The line for a completed handshake: the verifier accepted what was stapled (or nothing was).
 *
 * @example
 * process.stderr.write(`${ocspStatusLine(socket, false)}\n`); // OCSP response: good (this update ..., next update ...)
 */
export function ocspStatusLine(s: TlsSocket, dangerous: boolean): string {
  const der = s.info?.ocspResponse;
  if (der === undefined) return 'OCSP response: none stapled';
  if (dangerous) return `OCSP response: stapled (${der.length} bytes), not verified (--dangerously-accept-any-certificate)`;
  try {
    const single = parseOcspResponse(der).basic?.responses[0];
    if (single === undefined) return `OCSP response: good (${der.length} bytes)`;
    const next = single.nextUpdate === undefined ? 'no next update' : `next update ${iso(single.nextUpdate)}`;
    return `OCSP response: ${single.status} (this update ${iso(single.thisUpdate)}, ${next}; ${der.length} bytes)`;
  } catch {
    return `OCSP response: good (${der.length} bytes)`; // the verifier read it; only the details are missing
  }
}

/**
 * The line for a handshake that failed on the stapled response, or undefined when the failure
 * had nothing to do with OCSP (the error line says what it was).
 *
 * @example
 * const line = ocspFailureLine(err); if (line !== undefined) process.stderr.write(`${line}\n`);
 */
export function ocspFailureLine(e: unknown): string | undefined {
  if (!(e instanceof X509Error) || !e.reason.startsWith('ocsp-')) return undefined;
  if (e.reason === 'ocsp-revoked') return `OCSP response: revoked (${e.message})`;
  return `OCSP response: refused, ${e.reason} (${e.message})`;
}

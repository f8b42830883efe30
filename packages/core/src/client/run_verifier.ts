/**
 * Calling the application's certificate verifier (RFC 9846 §4.5.1.3: the client validates the
 * server's chain) and turning its outcome, synchronous or not, into the handshake's.
 */
import type { VerifyInput } from '../api.js';
import { CertificateError, TlsError } from '../errors.js';
import type { LeafStatus } from './certificate_entries.js';
import type { StateContext } from './state.js';

/**
 * Runs the configured verifier on the chain, for the server name (or, when the server rejected
 * our ECH, for the config's public name). A throw fails the handshake now; a thenable result
 * makes the connection report want-async until it settles, and its rejection fails the handshake
 * with the verifier's error; any other result is a synchronous success.
 *
 * @example
 * runVerifier(ctx, chain, { ocspResponse, signedCertificateTimestamps }); // in ExpectCertificate, after the Certificate is in the transcript
 */
export function runVerifier(ctx: StateContext, chain: readonly Uint8Array[], status: LeafStatus, echPublicName?: string): void {
  const verifier = ctx.cfg.verifier;
  if (verifier === undefined) return; // dangerouslySkipCertificateVerification
  // RFC 9849 §6.1.7: with ECH rejected the server must hold a certificate for the public name, a DNS identity.
  const name = echPublicName === undefined
    ? { serverName: ctx.cfg.serverName, serverIdentity: ctx.cfg.serverIdentity }
    : { serverName: echPublicName.toLowerCase(), serverIdentity: { kind: 'dns', name: echPublicName.toLowerCase() } as const };
  const input: VerifyInput = { chain, ...name, now: ctx.cfg.now(), ocspResponse: status.ocspResponse, signedCertificateTimestamps: status.signedCertificateTimestamps };
  let result: unknown;
  let thenable: boolean;
  try {
    result = verifier.verifyServerCertificate(input);
    thenable = isThenable(result); // reading `then` may run a throwing getter
  } catch (e) {
    throw asCertificateError(e, chain[0]);
  }
  if (thenable) {
    // Promise.resolve adopts any thenable (Promises/A+ §2.3.3), whichever realm it comes from.
    const settled = Promise.resolve(result as PromiseLike<void>).then(() => undefined);
    ctx.io.awaitVerification(settled.catch((e: unknown) => { throw asCertificateError(e, chain[0]); }));
  }
}

/**
 * True for an object or function with a callable `then` (Promises/A+ §1.2): the asynchronous
 * results, whatever realm they come from. `instanceof Promise` would miss promises made in
 * another realm (a vm context, an iframe) and plain thenables, and treat their rejection as
 * success.
 *
 * @example
 * isThenable(vm.runInNewContext('Promise.resolve()')); // true, though not instanceof Promise
 */
export function isThenable(value: unknown): value is PromiseLike<unknown> {
  if ((typeof value !== 'object' || value === null) && typeof value !== 'function') return false;
  return typeof (value as { then?: unknown }).then === 'function';
}

/** A verifier's failure as a typed error: TlsErrors pass, anything else becomes bad_certificate. */
function asCertificateError(e: unknown, leaf: Uint8Array | undefined): TlsError {
  if (e instanceof TlsError) return e;
  return new CertificateError('verifier-failed', 'bad_certificate', `certificate verifier failed: ${e instanceof Error ? e.message : String(e)}`, leaf, { cause: e });
}

/**
 * Runs x509-limbo test cases (C2SP/x509-limbo) through {@link verifyChain}. Runtime-neutral: the
 * caller reads the JSON and passes the clock for cases without a validation time.
 */
import { X509Error } from '../src/errors.js';
import { verifyChain } from '../src/path/verify_chain.js';
import { TrustStore } from '../src/trust/trust_store.js';

/** The fields of a limbo test case we use. */
export interface LimboCase {
  readonly id: string;
  readonly features?: readonly string[];
  readonly validation_kind: string;
  readonly trusted_certs: readonly string[];
  readonly untrusted_intermediates: readonly string[];
  readonly peer_certificate: string;
  readonly validation_time: string | null;
  readonly expected_result: 'SUCCESS' | 'FAILURE';
  readonly expected_peer_name: { kind: string; value: string } | null;
  readonly max_chain_depth: number | null;
  readonly crls?: readonly string[];
  readonly extended_key_usage?: readonly string[];
}

/** One result in the LimboResult shape. */
export interface LimboCaseResult {
  readonly id: string;
  readonly actual_result: 'SUCCESS' | 'FAILURE' | 'SKIPPED';
  readonly context: string;
  /** Not part of LimboResult: what the case expected, for the summary. */
  readonly expected: 'SUCCESS' | 'FAILURE';
}

/** Cases skipped on purpose, each with its reason. @example LIMBO_SKIPS['rfc5280::ca-as-leaf']; */
export const LIMBO_SKIPS: Readonly<Record<string, string>> = {
  'rfc5280::ca-as-leaf': 'conflicts with the Web PKI profile (x509-limbo README): a CA certificate is never a TLS server certificate',
  'rfc5280::eku::ee-without-eku': 'conflicts with the Web PKI profile (x509-limbo README)',
};

function skipReason(tc: LimboCase): string | undefined {
  if (LIMBO_SKIPS[tc.id] !== undefined) return LIMBO_SKIPS[tc.id];
  if (tc.expected_peer_name !== null && tc.expected_peer_name.kind !== 'DNS' && tc.expected_peer_name.kind !== 'IP') return `peer name kind ${tc.expected_peer_name.kind} is not a TLS server identity`;
  return undefined;
}

function pemToDer(pem: string): Uint8Array {
  const b64 = pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, '');
  const bin = atob(b64);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

/**
 * Runs one SERVER case.
 *
 * @example
 * const r = runLimboCase(testcase, clockMs);
 */
export function runLimboCase(tc: LimboCase, now: number): LimboCaseResult {
  const skip = skipReason(tc);
  if (skip !== undefined) return { id: tc.id, actual_result: 'SKIPPED', context: skip, expected: tc.expected_result };
  try {
    verifyChain(pemToDer(tc.peer_certificate), {
      // x509-limbo holds the roots to the CA certificate profile as well (webpki::aki::root-*, rfc5280::ski::root-missing-ski).
      roots: TrustStore.fromDer(tc.trusted_certs.map(pemToDer), { strictAnchors: true }),
      intermediates: tc.untrusted_intermediates.map(pemToDer),
      now: tc.validation_time === null ? now : Date.parse(tc.validation_time),
      serverName: tc.expected_peer_name?.value,
      maxIntermediates: tc.max_chain_depth ?? undefined,
      // The case's CRLs, when it has any: then every certificate must be covered by one (crl/check_revocation.ts).
      crls: tc.crls === undefined || tc.crls.length === 0 ? undefined : tc.crls.map(pemToDer),
    });
    return { id: tc.id, actual_result: 'SUCCESS', context: 'chain verified', expected: tc.expected_result };
  } catch (e) {
    const why = e instanceof X509Error ? `${e.reason}: ${e.message}` : `unexpected ${e instanceof Error ? e.name + ': ' + e.message : String(e)}`;
    return { id: tc.id, actual_result: 'FAILURE', context: why, expected: tc.expected_result };
  }
}

/** Counts for a run. */
export interface LimboSummary {
  readonly run: number;
  readonly passed: number;
  readonly wrongAcceptances: readonly string[];
  readonly wrongRejections: readonly string[];
  readonly skipped: number;
  /** passed / run, over the cases not skipped. */
  readonly passRate: number;
}

/**
 * Runs every SERVER case of a limbo file and summarises.
 *
 * @example
 * const { results, summary } = runLimbo(JSON.parse(text), clockMs);
 */
export function runLimbo(limbo: { testcases: readonly LimboCase[] }, now: number): { results: LimboCaseResult[]; summary: LimboSummary } {
  const results = limbo.testcases.filter((t) => t.validation_kind === 'SERVER').map((t) => runLimboCase(t, now));
  const ran = results.filter((r) => r.actual_result !== 'SKIPPED');
  const wrongAcceptances = ran.filter((r) => r.actual_result === 'SUCCESS' && r.expected === 'FAILURE').map((r) => r.id);
  const wrongRejections = ran.filter((r) => r.actual_result === 'FAILURE' && r.expected === 'SUCCESS').map((r) => r.id);
  const passed = ran.length - wrongAcceptances.length - wrongRejections.length;
  return {
    results,
    summary: { run: ran.length, passed, wrongAcceptances, wrongRejections, skipped: results.length - ran.length, passRate: ran.length === 0 ? 0 : passed / ran.length },
  };
}

/**
 * The LimboResult JSON document for a run.
 *
 * @example
 * JSON.stringify(limboResult(results));
 */
export function limboResult(results: readonly LimboCaseResult[]): object {
  return { version: 1, harness: 'puretls', results: results.map(({ id, actual_result, context }) => ({ id, actual_result, context })) };
}

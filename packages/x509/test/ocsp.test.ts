// Stapled OCSP responses (RFC 6960) for the good p256 leaf: the fixtures of fixtures/generate-ocsp.sh
// (made by `openssl ocsp`), checked at clocks derived from each response's own times, never today's.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { nobleProvider } from '@puretls/core';
import { describe, expect, it } from 'vitest';
import { checkStaple, mustStaple, parseCertificate, parseOcspResponse, tlsFeatures, TrustStore, verifyChain, verifyOcspResponse, WebPkiVerifier, X509Error, X509Limits, type OcspCheck } from '../src/index.js';
import { fixtureText, parsedGood, pemToDer } from './helpers/pki.js';

const PROPERTY_TIMEOUT_MS = 60_000;
const ocspDir = fileURLToPath(new URL('../../../fixtures/pki/ocsp/', import.meta.url));
const response = (name: string): Uint8Array => Uint8Array.from(readFileSync(`${ocspDir}${name}.der`));
const DAY = 86_400_000;

const leaf = parsedGood('p256', 'leaf');
const issuer = parsedGood('p256', 'intermediate');
const mustStapleLeaf = parseCertificate(pemToDer(fixtureText('ocsp/must-staple.pem')));
/** The good response's thisUpdate: every clock below is relative to it. */
const issued = (parseOcspResponse(response('good')).basic!.responses[0]!.thisUpdate);
const check = (over: Partial<OcspCheck> = {}): OcspCheck => ({ leaf, issuer, now: issued + DAY, provider: nobleProvider, policy: {}, ...over });

/** The X509Error a call throws (failing the test on anything else). */
function refusal(f: () => unknown): X509Error {
  try {
    f();
  } catch (e) {
    if (e instanceof X509Error) return e;
    throw new Error(`not an X509Error: ${String(e)}`, { cause: e });
  }
  throw new Error('accepted');
}

describe('verifyOcspResponse on the openssl fixtures', () => {
  it('accepts a good response signed by the issuer (SHA-1 CertID)', () => {
    const v = verifyOcspResponse(response('good'), check());
    expect(v).toMatchObject({ status: 'good', signer: 'issuer', thisUpdate: issued });
    expect(v.nextUpdate! - v.thisUpdate).toBe(9000 * DAY);
  });

  it('accepts a good response with a SHA-256 CertID', () => {
    expect(verifyOcspResponse(response('good-sha256'), check()).status).toBe('good');
    expect(parseOcspResponse(response('good-sha256')).basic!.responses[0]!.certId.hash).toBe('sha256');
  });

  it('accepts a delegated responder issued by the issuer with id-kp-OCSPSigning', () => {
    expect(verifyOcspResponse(response('delegated'), check())).toMatchObject({ status: 'good', signer: 'delegated' });
  });

  it('refuses a revoked leaf with certificate_revoked', () => {
    const e = refusal(() => verifyOcspResponse(response('revoked'), check()));
    expect([e.reason, e.alertName]).toEqual(['ocsp-revoked', 'certificate_revoked']);
    expect(e.message).toContain('revoked at 2026-01-01T00:00:00.000Z');
  });

  it('refuses a response past its nextUpdate', () => {
    const e = refusal(() => verifyOcspResponse(response('expired'), check()));
    expect([e.reason, e.alertName]).toEqual(['ocsp-expired', 'bad_certificate_status_response']);
    // Within the skew allowance it is still current.
    const next = parseOcspResponse(response('expired')).basic!.responses[0]!.nextUpdate!;
    expect(verifyOcspResponse(response('expired'), check({ now: next + X509Limits.ocspClockSkewMs })).status).toBe('good');
    expect(refusal(() => verifyOcspResponse(response('expired'), check({ now: next + X509Limits.ocspClockSkewMs + 1 }))).reason).toBe('ocsp-expired');
  });

  it('refuses a response whose thisUpdate is in the future beyond the skew', () => {
    expect(verifyOcspResponse(response('good'), check({ now: issued - X509Limits.ocspClockSkewMs })).status).toBe('good');
    expect(refusal(() => verifyOcspResponse(response('good'), check({ now: issued - X509Limits.ocspClockSkewMs - 1 }))).reason).toBe('ocsp-not-yet-valid');
  });

  it('without nextUpdate, accepts it up to the maximum age', () => {
    const thisUpdate = parseOcspResponse(response('no-next-update')).basic!.responses[0]!.thisUpdate;
    expect(verifyOcspResponse(response('no-next-update'), check({ now: thisUpdate + X509Limits.ocspMaxAgeMs })).nextUpdate).toBeUndefined();
    expect(refusal(() => verifyOcspResponse(response('no-next-update'), check({ now: thisUpdate + X509Limits.ocspMaxAgeMs + 1 }))).reason).toBe('ocsp-expired');
  });

  it('refuses a response signed by a stranger', () => {
    const e = refusal(() => verifyOcspResponse(response('wrong-signer'), check()));
    expect([e.reason, e.alertName]).toEqual(['ocsp-unauthorized-responder', 'bad_certificate_status_response']);
    expect(e.message).toContain('is not issued by');
  });

  it('refuses a delegated responder without id-kp-OCSPSigning', () => {
    const e = refusal(() => verifyOcspResponse(response('delegated-no-eku'), check()));
    expect(e.reason).toBe('ocsp-unauthorized-responder');
    expect(e.message).toContain('lacks the id-kp-OCSPSigning extended key usage');
  });

  it('refuses a delegated responder outside its validity', () => {
    const responder = parseCertificate(pemToDer(fixtureText('ocsp/responder-delegated.pem')));
    expect(refusal(() => verifyOcspResponse(response('delegated'), check({ now: responder.notBefore - 1 }))).message).toContain('is not valid at this time');
  });

  it('refuses a signature that does not verify', () => {
    const der = response('good');
    const sig = parseOcspResponse(der).basic!.signature;
    const at = sig.byteOffset - der.byteOffset + sig.length - 1;
    const bad = der.slice();
    bad[at]! ^= 0x01;
    expect(refusal(() => verifyOcspResponse(bad, check())).reason).toBe('ocsp-bad-signature');
  });

  it('refuses a signature algorithm the policy does not know, as a bad OCSP signature', () => {
    const der = response('good');
    const alg = parseOcspResponse(der).basic!.signatureAlgorithm; // ecdsa-with-SHA256, 1.2.840.10045.4.3.2, no parameters
    const bad = der.slice();
    bad[alg.byteOffset - der.byteOffset + alg.length - 1] = 0x09; // 1.2.840.10045.4.3.9: no such algorithm
    const e = refusal(() => verifyOcspResponse(bad, check()));
    expect([e.reason, e.alertName]).toEqual(['ocsp-bad-signature', 'bad_certificate_status_response']);
    expect(e.message).toContain('signature algorithm 1.2.840.10045.4.3.9 is not supported');
  });

  it('refuses a response about another certificate (CertID mismatch)', () => {
    expect(refusal(() => verifyOcspResponse(response('must-staple-good'), check())).reason).toBe('ocsp-cert-id-mismatch');
    // The same response is good for its own certificate.
    expect(verifyOcspResponse(response('must-staple-good'), check({ leaf: mustStapleLeaf })).status).toBe('good');
    // And the leaf's response is not about the must-staple certificate (serial differs).
    expect(refusal(() => verifyOcspResponse(response('good'), check({ leaf: mustStapleLeaf }))).reason).toBe('ocsp-cert-id-mismatch');
  });

  it('returns an unknown status for the caller to judge', () => {
    expect(verifyOcspResponse(response('unknown'), check()).status).toBe('unknown');
  });

  it('refuses an unsuccessful response status', () => {
    const e = refusal(() => verifyOcspResponse(Uint8Array.of(0x30, 0x03, 0x0a, 0x01, 0x03), check()));
    expect(e.reason).toBe('ocsp-unsuccessful');
    expect(e.message).toContain('tryLater');
  });

  it('refuses a response larger than X509Limits.maxOcspResponseBytes before parsing it', () => {
    expect(refusal(() => verifyOcspResponse(new Uint8Array(X509Limits.maxOcspResponseBytes + 1), check())).reason).toBe('ocsp-malformed');
  });
});

/** A runtime error (a missing check) anywhere in the cause chain. */
function runtimeCause(e: unknown): Error | undefined {
  for (let c: unknown = e; c instanceof Error; c = c.cause) if (c instanceof TypeError || c instanceof RangeError) return c;
  return undefined;
}

/** 'good' or the reason, failing on an untyped error or a relabelled runtime error. */
function outcome(der: Uint8Array): string {
  try {
    return verifyOcspResponse(der, check()).status;
  } catch (e) {
    if (!(e instanceof X509Error)) throw new Error(`not an X509Error: ${String(e)}`, { cause: e });
    const masked = runtimeCause(e);
    if (masked !== undefined) throw new Error(`relabelled ${masked.name}: ${masked.message}`, { cause: e });
    return e.reason;
  }
}

describe('malformed OCSP responses end in typed errors', () => {
  it('refuses every strict prefix of a good response as malformed', () => {
    const der = response('delegated');
    for (let n = 0; n < der.length; n++) expect(outcome(der.subarray(0, n))).toBe('ocsp-malformed');
  });

  it('refuses trailing bytes', () => {
    expect(outcome(Uint8Array.from([...response('good'), 0]))).toBe('ocsp-malformed');
  });

  it('fast-check: byte mutations and truncations never throw an untyped error', () => {
    const base = response('delegated');
    const mutation = fc.record({ at: fc.nat({ max: base.length - 1 }), value: fc.integer({ min: 0, max: 255 }), cut: fc.nat({ max: base.length }) });
    fc.assert(fc.property(mutation, (m) => {
      const der = base.slice(0, Math.max(m.cut, m.at + 1));
      der[m.at] = m.value;
      expect(typeof outcome(der)).toBe('string');
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);

  it('fast-check: random bytes never throw an untyped error', () => {
    const derish = fc.uint8Array({ maxLength: 200 }).map((b) => Uint8Array.from([0x30, b.length < 128 ? b.length : 0x81, ...(b.length < 128 ? [] : [b.length]), ...b]));
    fc.assert(fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), derish), (der) => {
      expect(typeof outcome(der)).toBe('string');
    }), { numRuns: 300 });
  }, PROPERTY_TIMEOUT_MS);
});

describe('must-staple and the verifier policy', () => {
  const roots = TrustStore.fromPem(fixtureText('good/p256/root.pem'));
  const intermediate = pemToDer(fixtureText('good/p256/intermediate.pem'));
  const leafDer = pemToDer(fixtureText('good/p256/leaf.pem'));
  const mustStapleDer = mustStapleLeaf.der;
  const now = issued + DAY;
  const verify = (chain: Uint8Array[], ocspResponse: Uint8Array | undefined, opts: ConstructorParameters<typeof WebPkiVerifier>[0] = { roots }) =>
    new WebPkiVerifier(opts).verifyServerCertificate({ chain, serverName: 'localhost', now, ocspResponse });

  it('reads the TLS Feature extension', () => {
    expect(tlsFeatures(mustStapleLeaf)).toEqual([5]);
    expect(mustStaple(mustStapleLeaf)).toBe(true);
    expect(tlsFeatures(leaf)).toBeUndefined();
    expect(mustStaple(leaf)).toBe(false);
  });

  it('accepts a leaf without a staple, and one with a good staple', () => {
    expect(() => verify([leafDer, intermediate], undefined)).not.toThrow();
    expect(() => verify([leafDer, intermediate], response('good'))).not.toThrow();
  });

  it('refuses a revoked, expired or wrongly signed staple', () => {
    expect(refusal(() => verify([leafDer, intermediate], response('revoked'))).alertName).toBe('certificate_revoked');
    expect(refusal(() => verify([leafDer, intermediate], response('wrong-signer'))).reason).toBe('ocsp-unauthorized-responder');
    expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [leafDer, intermediate], serverName: 'localhost', now: Date.UTC(2030, 0, 1), ocspResponse: response('expired') })).toThrow(/OCSP response expired/);
  });

  it('refuses a must-staple leaf without a staple, accepts it with its good staple', () => {
    const e = refusal(() => verify([mustStapleDer, intermediate], undefined));
    expect([e.reason, e.alertName]).toEqual(['ocsp-staple-required', 'bad_certificate_status_response']);
    expect(e.message).toContain('must-staple');
    expect(() => verify([mustStapleDer, intermediate], response('must-staple-good'))).not.toThrow();
  });

  it('a resumed chain (no Certificate, so nothing stapled) is not held to must-staple', () => {
    expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [mustStapleDer, intermediate], serverName: 'localhost', now, resumed: true })).not.toThrow();
    expect(() => new WebPkiVerifier({ roots, ocsp: 'require' }).verifyServerCertificate({ chain: [leafDer, intermediate], serverName: 'localhost', now, resumed: true })).not.toThrow();
    // The chain itself is still verified.
    expect(() => new WebPkiVerifier({ roots }).verifyServerCertificate({ chain: [mustStapleDer], serverName: 'localhost', now, resumed: true })).toThrow(X509Error);
  });

  it("'require' refuses any leaf without a valid good staple", () => {
    expect(refusal(() => verify([leafDer, intermediate], undefined, { roots, ocsp: 'require' })).reason).toBe('ocsp-staple-required');
    expect(() => verify([leafDer, intermediate], response('good'), { roots, ocsp: 'require' })).not.toThrow();
  });

  it("'dangerously-ignore' disregards staples and must-staple", () => {
    expect(() => verify([leafDer, intermediate], response('revoked'), { roots, ocsp: 'dangerously-ignore' })).not.toThrow();
    expect(() => verify([mustStapleDer, intermediate], undefined, { roots, ocsp: 'dangerously-ignore' })).not.toThrow();
  });

  it('an unknown status is refused by default, or ignored as if not stapled', () => {
    expect(refusal(() => verify([leafDer, intermediate], response('unknown'))).reason).toBe('ocsp-unknown-status');
    expect(() => verify([leafDer, intermediate], response('unknown'), { roots, ocspUnknown: 'ignore' })).not.toThrow();
    const path = verifyChain(leafDer, { roots, intermediates: [intermediate], now, serverName: 'localhost' });
    expect(checkStaple(path, response('unknown'), now, { mode: 'check-if-stapled', unknown: 'ignore', provider: nobleProvider, policy: {} })).toBeUndefined();
    expect(refusal(() => checkStaple(path, response('unknown'), now, { mode: 'require', unknown: 'ignore', provider: nobleProvider, policy: {} })).reason).toBe('ocsp-staple-required');
  });

  it('an invalid staple fails the chain even when the chain itself is fine (never treated as absent)', () => {
    expect(refusal(() => verify([leafDer, intermediate], Uint8Array.of(1, 2, 3))).reason).toBe('ocsp-malformed');
  });
});

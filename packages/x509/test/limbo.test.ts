// Every SERVER case of x509-limbo through the verifier. The figures are computed here, a
// LimboResult JSON is written, and the test fails on any wrong acceptance.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LIMBO_SKIPS, limboResult, runLimbo, type LimboCase } from '../limbo/harness.js';

const file = fileURLToPath(new URL('../../../test-vectors/x509-limbo/limbo.json', import.meta.url));
const limbo = JSON.parse(readFileSync(file, 'utf8')) as { testcases: LimboCase[] };
const { results, summary } = runLimbo(limbo, Date.now());

describe('x509-limbo SERVER cases', () => {
  it('runs them all and writes a LimboResult', () => {
    expect(results.length).toBe(198);
    const dir = fileURLToPath(new URL('../../../node_modules/.cache/puretls/', import.meta.url));
    mkdirSync(dir, { recursive: true });
    writeFileSync(dir + 'limbo-result.json', JSON.stringify(limboResult(results), null, 2));
    console.log(`x509-limbo: ${summary.run} run, ${summary.passed} passed (${(summary.passRate * 100).toFixed(1)}%), ` +
      `${summary.wrongAcceptances.length} wrong acceptances, ${summary.wrongRejections.length} wrong rejections, ${summary.skipped} skipped; ` +
      `wrong rejections: ${summary.wrongRejections.join(', ')}`);
  });

  it('accepts no chain it should refuse', () => {
    expect(summary.wrongAcceptances).toEqual([]);
  });

  it('skips only named features (CRLs, the Public Suffix List) and the two Web PKI conflicts', () => {
    const reasons = new Set(results.filter((r) => r.actual_result === 'SKIPPED').map((r) => r.context));
    for (const r of reasons) expect(r).toMatch(/CRLs are not implemented|Public Suffix List|conflicts with the Web PKI profile/);
    expect(Object.keys(LIMBO_SKIPS)).toEqual(['rfc5280::ca-as-leaf', 'rfc5280::eku::ee-without-eku']);
  });

  it('passes at least 97% of the cases it runs', () => {
    // Measured: 182 of 185 (98.4%).
    expect(summary.passRate).toBeGreaterThanOrEqual(0.97);
  });

  it('wrongly rejects only the three known cases, each a choice of the Web PKI profile', () => {
    expect([...summary.wrongRejections].sort()).toEqual([
      // Its trusted "Root A" is issued by another CA yet has no authorityKeyIdentifier, the very
      // shape rfc5280::aki::cross-signed-root-missing-aki requires us to refuse.
      'cve::cve-2024-0567',
      // The leaf is a CA certificate (pathlen:0); webpki::ca-as-leaf requires refusing that.
      'pathlen::validation-ignores-pathlen-in-leaf',
      // Conflicts with rfc5280::nc::permitted-dns-match-noncritical (expects FAILURE); we follow RFC 5280.
      'webpki::nc::permitted-dns-match-noncritical',
    ]);
  });
});

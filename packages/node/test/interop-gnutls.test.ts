// Interop of the puretls client with GnuTLS's gnutls-serv (Debian gnutls-bin): the three TLS 1.3
// suites with an HTTP GET, HelloRetryRequest, RSA / RSA-PSS / ECDSA / Ed25519 server chains, ALPN,
// NewSessionTickets after the handshake, and failures that must end cleanly.
//
// gnutls-serv binds every interface, so the servers and the client run in a fresh network
// namespace (`unshare -n`, loopback only): helpers/gnutls_matrix.ts runs every case there and
// prints one JSON report, which each `it` below checks for its case. No unshare, no gnutls-serv:
// the suite fails, it does not skip. The matrix runs once per crypto provider (node:crypto, the
// default, and noble), both at once, each in its own namespace.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, type GnutlsReport, type GnutlsResult } from './helpers/gnutls_cases.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const matrix = fileURLToPath(new URL('./helpers/gnutls_matrix.ts', import.meta.url));
const RUN_MS = 60_000;

const PROVIDERS = ['node', 'noble'] as const;
type Provider = (typeof PROVIDERS)[number];
const reports = new Map<Provider, GnutlsReport>();
/** Why a matrix did not run: its tests fail with it (vitest would mark them skipped otherwise). */
const setupErrors = new Map<Provider, Error>();

function runMatrix(crypto: Provider): Promise<GnutlsReport> {
  return new Promise((resolve, reject) => {
    execFile('unshare', ['-n', tsx, matrix, `--crypto=${crypto}`], { cwd: root, timeout: RUN_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
      if (err !== null) {
        reject(new Error(`'unshare -n tsx gnutls_matrix.ts' failed (needs root, util-linux unshare, iproute2 and gnutls-bin): ${err.message}\nstderr: ${stderr}\nstdout: ${stdout}`));
        return;
      }
      const line = stdout.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as GnutlsReport);
      } catch {
        reject(new Error(`gnutls_matrix.ts printed no JSON report\nstdout: ${stdout}\nstderr: ${stderr}`));
      }
    });
  });
}

function result(crypto: Provider, name: string): GnutlsResult {
  const report = reports.get(crypto);
  if (report === undefined) throw setupErrors.get(crypto) ?? new Error('no report from gnutls_matrix.ts');
  const r = report.results.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no result for case ${JSON.stringify(name)}`);
  return r;
}

beforeAll(async () => {
  await Promise.all(PROVIDERS.map(async (crypto) => {
    try {
      reports.set(crypto, await runMatrix(crypto));
    } catch (e) {
      setupErrors.set(crypto, e as Error);
    }
  }));
}, RUN_MS + 5_000);

describe.each(PROVIDERS)('interop with gnutls-serv (in a network namespace), crypto %s', (crypto) => {
  it('reports every case, from a real gnutls-serv', () => {
    const error = setupErrors.get(crypto);
    if (error !== undefined) throw error;
    const report = reports.get(crypto);
    expect(report?.gnutlsVersion).toMatch(/^gnutls-serv \d+\.\d+/);
    expect(report?.crypto).toBe(crypto);
    expect(report?.results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = result(crypto, c.name);
      if (c.failure !== undefined) {
        expect(r.error ?? '(no error: the exchange succeeded)').toMatch(c.failure);
        expect(r.ok).toBe(true);
        return;
      }
      expect(r.error).toBeUndefined();
      const e = c.expect;
      if (e.suite !== undefined) expect(r.suite).toBe(e.suite);
      if (e.group !== undefined) expect(r.group).toBe(e.group);
      if (e.hrr !== undefined) expect(r.hrr).toBe(e.hrr);
      if (typeof e.signatureScheme === 'string') expect(r.signatureScheme).toBe(e.signatureScheme);
      else if (e.signatureScheme !== undefined) expect(r.signatureScheme).toMatch(e.signatureScheme);
      if (e.alpn !== undefined) expect(r.alpn).toBe(e.alpn);
      if (e.certificateCompression !== undefined) {
        // RFC 8879: the CompressedCertificate arrived (trace) and was what we verified (info).
        expect(r.certificateCompression).toBe(e.certificateCompression);
        expect(r.compressedCertificates).toBe(e.certificateCompression === null ? 0 : 1);
      }
      if (e.offeredCompression !== undefined) expect(r.offeredCompression).toBe(e.offeredCompression);
      if (e.minTickets !== undefined) expect(r.tickets).toBeGreaterThanOrEqual(e.minTickets);
      if (e.maxTickets !== undefined) expect(r.tickets).toBeLessThanOrEqual(e.maxTickets);
      if (e.ocspResponse !== undefined) expect(r.ocsp).toBe(readFileSync(fileURLToPath(new URL(`../../../fixtures/pki/ocsp/${e.ocspResponse}`, import.meta.url))).toString('hex'));
      if (c.mode === 'http') expect(r.response).toMatch(/^HTTP\/1\.[01] 200 /);
      if (c.mode === 'echo') expect(r.response).toBe('echoed');
      expect(r.ok).toBe(true);
    });
  }
});

// Interop of the puretls client with GnuTLS's gnutls-serv (Debian gnutls-bin): the three TLS 1.3
// suites with an HTTP GET, HelloRetryRequest, RSA / RSA-PSS / ECDSA / Ed25519 server chains, ALPN,
// NewSessionTickets after the handshake, and failures that must end cleanly.
//
// gnutls-serv binds every interface, so the servers and the client run in a fresh network
// namespace (`unshare -n`, loopback only): helpers/gnutls_matrix.ts runs every case there and
// prints one JSON report, which each `it` below checks for its case. No unshare, no gnutls-serv:
// the suite fails, it does not skip.
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CASES, type GnutlsReport, type GnutlsResult } from './helpers/gnutls_cases.js';

const root = fileURLToPath(new URL('../../../', import.meta.url));
const tsx = `${root}node_modules/.bin/tsx`;
const matrix = fileURLToPath(new URL('./helpers/gnutls_matrix.ts', import.meta.url));
const RUN_MS = 60_000;

let report: GnutlsReport | undefined;
/** Why the matrix did not run: every test fails with it (vitest would mark them skipped otherwise). */
let setupError: Error | undefined;

function runMatrix(): Promise<GnutlsReport> {
  return new Promise((resolve, reject) => {
    execFile('unshare', ['-n', tsx, matrix], { cwd: root, timeout: RUN_MS, maxBuffer: 16 * 1024 * 1024 }, (err, stdout, stderr) => {
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

function result(name: string): GnutlsResult {
  if (report === undefined) throw setupError ?? new Error('no report from gnutls_matrix.ts');
  const r = report.results.find((x) => x.name === name);
  if (r === undefined) throw new Error(`no result for case ${JSON.stringify(name)}`);
  return r;
}

describe('interop with gnutls-serv (in a network namespace)', () => {
  beforeAll(async () => {
    try {
      report = await runMatrix();
    } catch (e) {
      setupError = e as Error;
    }
  }, RUN_MS + 5_000);

  it('reports every case, from a real gnutls-serv', () => {
    if (setupError !== undefined) throw setupError;
    expect(report?.gnutlsVersion).toMatch(/^gnutls-serv \d+\.\d+/);
    expect(report?.results.map((r) => r.name)).toEqual(CASES.map((c) => c.name));
  });

  for (const c of CASES) {
    it(c.name, () => {
      const r = result(c.name);
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
      if (e.minTickets !== undefined) expect(r.tickets).toBeGreaterThanOrEqual(e.minTickets);
      if (e.maxTickets !== undefined) expect(r.tickets).toBeLessThanOrEqual(e.maxTickets);
      if (c.mode === 'http') expect(r.response).toMatch(/^HTTP\/1\.[01] 200 /);
      if (c.mode === 'echo') expect(r.response).toBe('echoed');
      expect(r.ok).toBe(true);
    });
  }
});
